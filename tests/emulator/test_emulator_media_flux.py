"""Flux routes of the emulator (API.md §12): BFL submit/get_result with every status, the image
route (§12.2, §3.2, §13.3-§13.5) and the chat format (§12.1)."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

SUBMIT = "/flux/v1/flux-kontext-pro"
RESULT = "/flux/v1/get_result"
BODY = {
    "prompt": "ein fantastisches bild",
    "input_image": "base64",
    "input_image_2": "base64",
    "seed": 42,
    "aspect_ratio": "21:9",
    "output_format": "jpeg",
    "webhook_url": "<string>",
    "webhook_secret": "<string>",
    "prompt_upsampling": False,
    "safety_tolerance": 2,
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def submit(http: httpx.Client, body: dict[str, Any] = BODY, path: str = SUBMIT) -> str:
    response = http.post(path, json=body)
    assert response.status_code == 200, response.text
    task_id: str = response.json()["id"]
    return task_id


def result(http: httpx.Client, task_id: str) -> dict[str, Any]:
    response = http.get(RESULT, params={"id": task_id})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_submit_then_pending_then_ready_like_the_real_body(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    answer = http.post(SUBMIT, json=BODY).json()
    task_id = answer["id"]
    assert answer == {
        "id": task_id,
        "polling_url": f"https://emulator.invalid/flux/v1/get_result?id={task_id}",
    }
    assert result(http, task_id) == {
        "id": task_id,
        "status": "Pending",
        "result": None,
        "progress": 0.0,
    }
    gptproto_emulator.advance_clock(2.5)
    assert result(http, task_id)["progress"] == 0.5
    gptproto_emulator.advance_clock(3)
    ready = result(http, task_id)
    assert list(ready) == ["id", "result", "status"]
    assert ready["status"] == "Ready"
    assert set(ready["result"]) == {"duration", "endTime", "prompt", "sample", "seed", "startTime"}
    assert ready["result"]["seed"] == 42
    assert ready["result"]["prompt"] == "ein fantastisches bild"
    assert (
        ready["result"]["sample"]
        == f"{http.base_url}/__emulator__/files/flux/{task_id}/sample.jpeg"
    )
    assert ready["result"]["endTime"] - ready["result"]["startTime"] == ready["result"]["duration"]
    assert gptproto_emulator.counters()["submissions"] == {"POST /flux/v1/flux-kontext-pro": 1}


def test_png_output_and_generated_seed(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    task_id = submit(http, {"prompt": "cat", "output_format": "png"}, "/flux/v1/flux-kontext-max")
    gptproto_emulator.advance_clock(6)
    ready = result(http, task_id)["result"]
    assert ready["sample"].endswith("/sample.png")
    assert isinstance(ready["seed"], int)


@pytest.mark.parametrize(
    ("fate", "reason", "status", "message"),
    [
        ("fail", "GPU on fire", "Error", "GPU on fire"),
        ("moderated", None, "Content Moderated", "The generated image was flagged by moderation"),
    ],
)
def test_scripted_error_and_content_moderated(
    http: httpx.Client,
    gptproto_emulator: EmulatorServer,
    fate: str,
    reason: str | None,
    status: str,
    message: str,
) -> None:
    gptproto_emulator.script_next_job("flux", fate, reason)
    task_id = submit(http)
    assert result(http, task_id)["status"] == "Pending"
    gptproto_emulator.advance_clock(6)
    assert result(http, task_id) == {
        "id": task_id,
        "status": status,
        "result": None,
        "details": {"message": message},
    }


def test_banned_prompt_is_request_moderated_at_once(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.script_next_job("flux", "fail")
    task_id = submit(http, {**BODY, "prompt": "nsfw picture"})
    assert result(http, task_id)["status"] == "Request Moderated"
    gptproto_emulator.advance_clock(60)
    assert result(http, task_id)["status"] == "Request Moderated"
    assert result(http, submit(http))["status"] == "Pending"  # the scripted fate is still there
    gptproto_emulator.advance_clock(6)
    assert http.get("/__emulator__/jobs").json()["scripted"]["flux"] == []


def test_queued_stays_pending_longer(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.script_next_job("flux", "queued")
    task_id = submit(http)
    gptproto_emulator.advance_clock(8)
    assert result(http, task_id)["status"] == "Pending"
    gptproto_emulator.advance_clock(3)
    assert result(http, task_id)["status"] == "Ready"


def test_unknown_and_missing_ids(http: httpx.Client) -> None:
    assert result(http, "fe8aa692") == {
        "id": "fe8aa692",
        "status": "Task not found",
        "result": None,
    }
    missing = http.get(RESULT)
    assert missing.status_code == 400
    assert "'id'" in missing.json()["error"]["message"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (SUBMIT, {}, "'prompt'"),
        (SUBMIT, {**BODY, "aspect_ratio": "30:9"}, "'aspect_ratio'"),
        (SUBMIT, {**BODY, "aspect_ratio": "wide"}, "'aspect_ratio'"),
        (SUBMIT, {**BODY, "output_format": "gif"}, "'output_format'"),
        (SUBMIT, {**BODY, "safety_tolerance": 9}, "'safety_tolerance'"),
        (SUBMIT, {**BODY, "seed": "42"}, "'seed'"),
        ("/flux/v1/dall-e-3", BODY, "'dall-e-3'"),
    ],
)
def test_submit_validation(
    http: httpx.Client, gptproto_emulator: EmulatorServer, path: str, body: Any, field: str
) -> None:
    response = http.post(path, json=body)
    assert response.status_code == 400
    assert field in response.json()["error"]["message"]
    assert gptproto_emulator.counters()["submissions"] == {}


def test_faults_on_flux(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.add_fault(SUBMIT, status=500)
    assert http.post(SUBMIT, json=BODY).status_code == 500
    assert http.get("/__emulator__/jobs").json()["jobs"] == []
    gptproto_emulator.add_fault(SUBMIT, drop_after_handling=True)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(SUBMIT, json=BODY)
    task_id = http.get("/__emulator__/jobs").json()["jobs"][0]["id"]
    gptproto_emulator.add_fault(RESULT, method="GET", status=503)
    gptproto_emulator.add_fault(RESULT, method="GET", drop_connection=True)
    assert http.get(RESULT, params={"id": task_id}).status_code == 503
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(RESULT, params={"id": task_id})
    assert result(http, task_id)["status"] == "Pending"
    assert gptproto_emulator.counters()["submissions"] == {"POST /flux/v1/flux-kontext-pro": 1}


# the image route (§12.2 and friends)
IMAGE_ROUTE = "/v1/images/generations"


def test_image_route_urls(http: httpx.Client) -> None:
    body = {
        "prompt": "cat with a red hat https://xxx.png",
        "model": "flux-kontext-pro",
        "size": "16:9",
        "n": 2,
    }
    answer = http.post(IMAGE_ROUTE, json=body).json()
    assert set(answer) == {"created", "data"}
    assert isinstance(answer["created"], int)
    urls = [item["url"] for item in answer["data"]]
    assert len(set(urls)) == 2
    assert all(u.startswith(f"{http.base_url}/__emulator__/files/images/") for u in urls)


def test_image_route_b64_json_is_a_png_of_the_asked_shape(http: httpx.Client) -> None:
    body = {
        "model": "doubao-seedream-3-0-t2i-250415",
        "prompt": "a cat",
        "response_format": "b64_json",
        "size": "1024x576",
    }
    item = http.post(IMAGE_ROUTE, json=body).json()["data"][0]
    assert "b64_json" in set(item)  # Doubao adds Ark's "size" (§13.3)
    png = base64.b64decode(item["b64_json"])
    assert png.startswith(b"\x89PNG")
    assert struct.unpack(">II", png[16:24]) == (16, 9)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prompt": "x"}, "'model'"),
        ({"model": "gpt-image-1"}, "'prompt'"),
        ({"model": "gpt-image-1", "prompt": "x", "n": 0}, "'n'"),
        ({"model": "gpt-image-1", "prompt": "x", "response_format": "png"}, "'response_format'"),
        ({"model": "seededit", "prompt": "x", "image": 3}, "'image'"),
    ],
)
def test_image_route_validation(http: httpx.Client, body: Any, field: str) -> None:
    response = http.post(IMAGE_ROUTE, json=body)
    assert response.status_code == 400
    assert field in response.json()["error"]["message"]


def test_image_route_banned_prompt_gets_the_503_content_policy_body(http: httpx.Client) -> None:
    response = http.post(IMAGE_ROUTE, json={"model": "gpt-image-1", "prompt": "nude statue"})
    assert response.status_code == 503
    assert response.json() == {
        "error": {
            "message": "Input may not meet the guidelines. Please adjust and try again.",
            "type": "503",
        }
    }


def test_flux_chat_format_answers_a_markdown_image(http: httpx.Client) -> None:
    body = {
        "stream": False,
        "model": "flux-kontext-pro",
        "messages": [{"role": "user", "content": "Draw me a blue cat"}],
    }
    content = http.post("/v1/chat/completions", json=body).json()["choices"][0]["message"][
        "content"
    ]
    assert f"![image]({http.base_url}/__emulator__/files/cdn/" in content
    assert content.rstrip().endswith(".png)")
