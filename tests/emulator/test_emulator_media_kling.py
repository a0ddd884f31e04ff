"""Kling routes of the emulator (API.md §9): envelopes, statuses, results, code ≠ 0 errors,
failed tasks, scripted fates and faults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

IMAGES = "/kling/v1/images/generations"
T2V = "/kling/v1/videos/text2video"
I2V = "/kling/v1/videos/image2video"
T2V_BODY = {
    "model": "kling-video-std-10-v1-6",
    "prompt": "飞机飞过头顶",
    "negative_prompt": "",
    "cfg_scale": 0.930127850077239,
    "mode": "std",
    "aspect_ratio": "16:9",
    "duration": "10",
    "callback_url": "",
}
I2V_BODY = {
    "prompt": "flow",
    "negative_prompt": "",
    "image": "https://img.jpg",
    "image_tail": "",
    "aspect_ratio": "1:1",
    "mode": "std",
    "duration": "5",
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def post(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def query(http: httpx.Client, path: str, task_id: str) -> dict[str, Any]:
    response = http.get(f"{path}/{task_id}")
    assert response.status_code == 200, response.text
    assert response.json()["code"] == 0
    data: dict[str, Any] = response.json()["data"]
    return data


def test_image_generation_walks_every_status(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    answer = post(http, IMAGES, {"prompt": "A happy scene on the beach.", "n": 2})
    assert (answer["code"], answer["message"]) == (0, "SUCCEED")
    assert isinstance(answer["request_id"], str)
    data = answer["data"]
    assert set(data) == {"task_id", "task_status", "created_at", "updated_at"}
    assert data["task_status"] == "submitted"
    assert data["created_at"] == data["updated_at"]
    task_id = data["task_id"]
    seen = []
    for step in (0, 3, 4):
        gptproto_emulator.advance_clock(step)
        seen.append(query(http, IMAGES, task_id))
    assert [d["task_status"] for d in seen] == ["submitted", "processing", "succeed"]
    assert "task_result" not in seen[1]
    assert seen[1]["updated_at"] == seen[1]["created_at"] + 2000
    assert seen[2]["updated_at"] == seen[2]["created_at"] + 6000
    assert seen[2]["task_status_msg"] == ""
    assert seen[2]["task_result"] == {
        "images": [
            {"index": 0, "url": f"{http.base_url}/__emulator__/files/kling/{task_id}-0.png"},
            {"index": 1, "url": f"{http.base_url}/__emulator__/files/kling/{task_id}-1.png"},
        ]
    }
    assert gptproto_emulator.counters()["submissions"] == {"POST /kling/v1/images/generations": 1}


@pytest.mark.parametrize(
    ("path", "body", "duration"),
    [
        (T2V, T2V_BODY, "10"),
        (I2V, I2V_BODY, "5"),
        (T2V, {"model": "kling-video-std-10-v1-6", "model_name": "kling-v1-6", "prompt": "p"}, "5"),
    ],
)
def test_videos_succeed_with_a_video(
    http: httpx.Client,
    gptproto_emulator: EmulatorServer,
    path: str,
    body: dict[str, Any],
    duration: str,
) -> None:
    task_id = post(http, path, body)["data"]["task_id"]
    gptproto_emulator.advance_clock(9)
    assert query(http, path, task_id)["task_status"] == "processing"
    gptproto_emulator.advance_clock(2)
    data = query(http, path, task_id)
    assert data["task_status"] == "succeed"
    assert data["task_result"] == {
        "videos": [
            {
                "id": task_id,
                "url": f"{http.base_url}/__emulator__/files/kling/{task_id}.mp4",
                "duration": duration,
            }
        ]
    }


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (T2V, {**T2V_BODY, "duration": 10}, "'duration'"),
        (T2V, {**T2V_BODY, "duration": "7"}, "'duration'"),
        (T2V, {**T2V_BODY, "prompt": ""}, "'prompt'"),
        (T2V, {k: v for k, v in T2V_BODY.items() if k != "prompt"}, "'prompt'"),
        (T2V, {**T2V_BODY, "mode": "turbo"}, "'mode'"),
        (T2V, {**T2V_BODY, "aspect_ratio": "4:3"}, "'aspect_ratio'"),
        (T2V, {**T2V_BODY, "cfg_scale": 2}, "'cfg_scale'"),
        (T2V, {**T2V_BODY, "model": 16}, "'model'"),
        # §9.2's example has `model`; nothing is filled in for a body without it
        (T2V, {k: v for k, v in T2V_BODY.items() if k != "model"}, "'model'"),
        (T2V, {"model_name": "kling-v1-6", "prompt": "planes"}, "'model'"),
        (I2V, {**I2V_BODY, "image": ""}, "'image'"),
        (I2V, {**I2V_BODY, "image_tail": "not an image!"}, "'image_tail'"),
        (IMAGES, {"prompt": "x", "n": 10}, "'n'"),
        (IMAGES, {"prompt": "x", "aspect_ratio": "5:4"}, "'aspect_ratio'"),
        (IMAGES, {"prompt": "x", "image_reference": "body"}, "'image_reference'"),
        (IMAGES, {}, "'prompt'"),
    ],
)
def test_invalid_bodies_answer_code_1201(
    http: httpx.Client, gptproto_emulator: EmulatorServer, path: str, body: Any, field: str
) -> None:
    answer = post(http, path, body)
    assert answer["code"] == 1201
    assert field in answer["message"]
    assert set(answer) == {"code", "message", "request_id"}
    assert gptproto_emulator.counters()["submissions"] == {}


def test_not_json_answers_code_1201(http: httpx.Client) -> None:
    response = http.post(T2V, content=b"prompt=x")
    assert (response.status_code, response.json()["code"]) == (200, 1201)


def test_banned_prompt_answers_code_1301(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    answer = post(http, T2V, {**T2V_BODY, "prompt": "nude beach"})
    assert answer["code"] == 1301
    assert answer["message"] == "Trigger the content security policy of the platform"
    assert http.get("/__emulator__/jobs").json()["jobs"] == []


def test_unknown_task_or_wrong_path_answers_code_1203(http: httpx.Client) -> None:
    task_id = post(http, T2V, T2V_BODY)["data"]["task_id"]
    for path in (f"{T2V}/nope", f"{I2V}/{task_id}", f"/kling/v1/images/text2video/{task_id}"):
        response = http.get(path)
        assert response.status_code == 200
        assert response.json()["code"] == 1203
        assert "data" not in response.json()


@pytest.mark.parametrize(
    ("fate", "reason", "message"),
    [
        ("fail", "Video generation failed", "Video generation failed"),
        ("fail", None, "Scripted failure (emulator)"),
        ("moderated", None, "Failure to pass the risk control system"),
    ],
)
def test_scripted_failures(
    http: httpx.Client,
    gptproto_emulator: EmulatorServer,
    fate: str,
    reason: str | None,
    message: str,
) -> None:
    gptproto_emulator.script_next_job("kling", fate, reason)
    task_id = post(http, I2V, I2V_BODY)["data"]["task_id"]
    gptproto_emulator.advance_clock(11)
    data = query(http, I2V, task_id)
    assert (data["task_status"], data["task_status_msg"]) == ("failed", message)
    assert "task_result" not in data


def test_scripted_queue_keeps_it_submitted_longer(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    http.post("/__emulator__/jobs/next", json={"vendor": "kling", "fate": "queued"})
    task_id = post(http, IMAGES, {"prompt": "x"})["data"]["task_id"]
    gptproto_emulator.advance_clock(7)
    assert query(http, IMAGES, task_id)["task_status"] == "submitted"
    gptproto_emulator.advance_clock(6)
    assert query(http, IMAGES, task_id)["task_status"] == "succeed"


def test_faults_on_kling(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.add_fault(T2V, status=429, headers={"Retry-After": "1"})
    assert http.post(T2V, json=T2V_BODY).status_code == 429
    assert gptproto_emulator.counters()["submissions"] == {}
    gptproto_emulator.add_fault(T2V, drop_after_handling=True)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(T2V, json=T2V_BODY)
    assert gptproto_emulator.counters()["submissions"] == {"POST /kling/v1/videos/text2video": 1}
    task_id = http.get("/__emulator__/jobs").json()["jobs"][0]["id"]
    gptproto_emulator.add_fault(f"{T2V}/*", method="GET", status=503)
    assert http.get(f"{T2V}/{task_id}").status_code == 503
    assert query(http, T2V, task_id)["task_status"] == "submitted"
