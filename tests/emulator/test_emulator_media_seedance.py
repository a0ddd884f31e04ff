"""Seedance routes of the emulator (API.md §13.6-§13.7): Ark bodies (fields and --flags), the
task's statuses and result, the docs site's wrapped shape, scripted fates and errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

ROUTE = "/api/v3/contents/generations/tasks"
IMAGE = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"
I2V = {  # Postman "Doubao / seedance-1-0-pro-250528 / Gptproto Format / Image to Video"
    "camerafixed": False,
    "content": [
        {"type": "image_url", "image_url": IMAGE},
        {"type": "text", "text": "The camera pans from left to right"},
    ],
    "framepersecond": 24,
    "model": "seedance-1-0-pro-250528",
    "ratio": "16:9",
    "resolution": "1080p",
    "seed": -1,
    "watermark": False,
}
T2V = {
    "model": "seedance-1-0-lite-t2v-250428",
    "content": [
        {
            "type": "text",
            "text": "daisies --ratio 16:9  --resolution 720p  --duration 5 --camerafixed false",
        }
    ],
    "duration": 10,
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def create(http: httpx.Client, body: dict[str, Any]) -> str:
    response = http.post(ROUTE, json=body)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"id"}
    task_id: str = response.json()["id"]
    return task_id


def query(http: httpx.Client, task_id: str) -> dict[str, Any]:
    response = http.get(f"{ROUTE}/{task_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_image_to_video_walks_queued_running_succeeded(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    task_id = create(http, I2V)
    assert task_id.startswith("cgt-")
    seen = [query(http, task_id)]
    for step in (3, 20):
        gptproto_emulator.advance_clock(step)
        seen.append(query(http, task_id))
    assert [s["status"] for s in seen] == ["queued", "running", "succeeded"]
    done = seen[-1]
    assert done["content"] == {
        "video_url": f"{http.base_url}/__emulator__/files/seedance/{task_id}.mp4"
    }
    assert (done["resolution"], done["ratio"], done["duration"], done["error"]) == (
        "1080p",
        "16:9",
        5,
        None,
    )


def test_text_flags_and_body_fields_both_count_the_body_last(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    task_id = create(http, T2V)
    assert query(http, task_id)["duration"] == 10
    object_form = {
        "model": "seedance-1-0-pro-250528",
        "content": [
            {"type": "text", "text": "she waves"},
            {"type": "image_url", "image_url": {"url": IMAGE}, "role": "first_frame"},
            {"type": "image_url", "image_url": {"url": IMAGE}, "role": "last_frame"},
        ],
    }
    assert query(http, create(http, object_form))["status"] == "queued"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": T2V["content"]}, "'model'"),
        ({"model": "seedance-1-0-pro-250528"}, "'content'"),
        ({**I2V, "ratio": "5:4"}, "'ratio'"),
        ({**I2V, "resolution": "4k"}, "'resolution'"),
        ({**I2V, "duration": 30}, "'duration'"),
        ({**I2V, "camerafixed": "no"}, "'camerafixed'"),
        ({**I2V, "fps": 24}, "fps"),
        ({**I2V, "model": "seedance-1-0-lite-t2v-250428"}, "'content'"),
        ({**T2V, "model": "seedance-1-0-lite-i2v-250428"}, "'content'"),
        ({**T2V, "content": [{"type": "image_url", "image_url": "a cat"}]}, "image_url"),
    ],
)
def test_bodies_that_break_the_contract_are_refused_naming_the_field(
    http: httpx.Client, body: dict[str, Any], field: str
) -> None:
    response = http.post(ROUTE, json=body)
    assert response.status_code == 400 and field in response.json()["error"]["message"]


def test_failures_moderation_and_unknown_ids(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.script_next_job("seedance", "fail", "GPU melted")
    gptproto_emulator.script_next_job("seedance", "moderated")
    failed, moderated = create(http, I2V), create(http, I2V)
    gptproto_emulator.advance_clock(30)
    assert query(http, failed)["error"] == {"code": "InternalServiceError", "message": "GPU melted"}
    assert query(http, moderated)["error"]["code"] == "OutputVideoSensitiveContentDetected"
    banned = http.post(ROUTE, json={**T2V, "content": [{"type": "text", "text": "nsfw"}]})
    assert banned.status_code == 400
    assert banned.json()["error"]["code"] == "InputTextSensitiveContentDetected"
    assert http.get(f"{ROUTE}/task_123").json()["error"]["message"] == "Invalid task_id format"
    assert http.get(f"{ROUTE}/cgt-0-0").status_code == 404


def test_the_wrapped_shape_of_the_docs_site(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.set_response_shape("seedance_task", "wrapped")
    submitted = http.post(ROUTE, json=I2V).json()
    assert submitted["code"] == 0 and submitted["data"]["status"] == "pending"
    task_id = submitted["data"]["task_id"]
    assert query(http, task_id)["data"]["status"] == "pending"
    gptproto_emulator.advance_clock(30)
    data = query(http, task_id)["data"]
    assert data["status"] == "completed" and data["video_url"].endswith(f"{task_id}.mp4")
    bad = http.post("/__emulator__/jobs/options", json={"seedance_task": "xml"})
    assert bad.status_code == 400
