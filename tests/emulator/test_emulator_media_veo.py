"""Veo routes of the emulator (API.md §5.2-§5.3): fields, statuses, the submit answer shapes,
scripted fates and the content rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

CREATE = "/v1/veo/videos"
FRAMES = [
    "https://heyoo.oss-ap-southeast-1.aliyuncs.com/20251017_170918_yyy1.jpeg",
    "https://heyoo.oss-ap-southeast-1.aliyuncs.com/20251017_170932_yyy2.jpeg",
]
FIRST_AND_LAST = {  # Postman "Gemini / veo3.1 / Gptproto Format / First&last frame"
    "prompt": "A beautiful woman is dancing in a European and American style",
    "model": "veo3.1-pro",
    "upsample": True,
    "reference": False,
    "aspect_ratio": "16:9",
    "images": FRAMES,
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": gptproto_emulator.api_key}  # bare key, as the veo3 items
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def create(http: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(CREATE, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def task(http: httpx.Client, task_id: str) -> dict[str, Any]:
    response = http.get(f"/v1/veo/tasks/{task_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_first_and_last_frame_video_goes_processing_then_success(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    answer = create(http, FIRST_AND_LAST)
    assert answer["code"] == "success" and isinstance(answer["data"], str)
    task_id = answer["data"]
    first = task(http, task_id)
    assert (first["taskId"], first["status"], first["videoUrl"]) == (task_id, "PROCESSING", "")
    gptproto_emulator.advance_clock(31)
    done = task(http, task_id)
    assert done["status"] == "SUCCESS" and done["videoUrl"].endswith(".mp4")
    assert done["finishTime"] == done["startTime"] + 30000
    assert gptproto_emulator.counters()["submissions"] == {"POST /v1/veo/videos": 1}


@pytest.mark.parametrize(
    ("shape", "read"),
    [
        ("data", lambda a: a["data"]),
        ("data_id", lambda a: a["data"]["id"]),
        ("id", lambda a: a["id"]),
        ("task_id", lambda a: a["task_id"]),
    ],
)
def test_each_submit_answer_shape_names_a_task_that_exists(
    http: httpx.Client, gptproto_emulator: EmulatorServer, shape: str, read: Any
) -> None:
    assert http.post("/__emulator__/jobs/options", json={"veo_submit": shape}).status_code == 200
    task_id = read(create(http, {"prompt": "a cow dances", "model": "veo3"}))
    assert task(http, task_id)["status"] == "PROCESSING"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"model": "veo3"}, "'prompt'"),
        ({"prompt": "p"}, "'model'"),
        ({"prompt": "p", "model": "veo9"}, "'model'"),
        ({"prompt": "p", "model": "veo3", "aspect_ratio": "1:1"}, "'aspect_ratio'"),
        ({"prompt": "p", "model": "veo3", "images": FRAMES * 2}, "'images'"),
        ({"prompt": "p", "model": "veo3", "images": ["a cat"]}, "'images'"),
        ({"prompt": "p", "model": "veo3", "upsample": "yes"}, "'upsample'"),
        ({"prompt": "p", "model": "veo3-fast", "images": FRAMES[:1]}, "-frames"),
    ],
)
def test_bodies_that_break_the_contract_are_refused_naming_the_field(
    http: httpx.Client, body: dict[str, Any], field: str
) -> None:
    response = http.post(CREATE, json=body)
    assert response.status_code == 400 and field in response.json()["error"]["message"]


def test_scripted_failures_and_banned_prompts(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.script_next_job("veo", "fail", "No GPU today")
    gptproto_emulator.script_next_job("veo", "moderated")
    failed = create(http, {"prompt": "a cow", "model": "veo3"})["data"]
    moderated = create(http, {"prompt": "a horse", "model": "veo3"})["data"]
    gptproto_emulator.advance_clock(31)
    assert task(http, failed) | {"startTime": 0, "finishTime": 0} == {
        "taskId": failed,
        "status": "FAILED",
        "videoUrl": "",
        "startTime": 0,
        "finishTime": 0,
        "message": "No GPU today",
    }
    assert "guidelines" in task(http, moderated)["message"]
    banned = http.post(CREATE, json={"prompt": "a nsfw cow", "model": "veo3"})
    assert banned.status_code == 503 and "guidelines" in banned.json()["error"]["message"]
    assert http.get("/v1/veo/tasks/veo:nope").status_code == 404


def chat_text(http: httpx.Client, body: dict[str, Any]) -> str:
    """Concatenated `delta.content` of a streamed chat reply."""
    text = ""
    with http.stream("POST", "/v1/chat/completions", json=body) as response:
        assert response.status_code == 200
        for line in response.iter_lines():
            if line.startswith("data: {"):
                for choice in json.loads(line[6:])["choices"]:
                    text += choice["delta"].get("content", "")
    return text


CHAT = {  # Postman "Gemini / veo3.1 / OpenAI Format / First&last frame"
    "model": "veo3.1-pro",
    "stream": True,
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "A woman is dancing. upsample aspect_ratio 16:9"},
                {"type": "image_url", "image_url": {"url": FRAMES[0]}},
                {"type": "image_url", "image_url": {"url": FRAMES[1]}},
            ],
        }
    ],
}


def test_the_chat_format_streams_progress_then_the_links(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.set_clock_speed(1000)
    text = chat_text(http, CHAT)
    assert "任务ID: `veo3.1-pro:" in text and "🎬 开始生成视频......" in text
    assert text.count(".mp4)") == 2 and text.rstrip().endswith(".mp4)")
    gptproto_emulator.script_next_job("veo", "fail", "No GPU today")
    failed = chat_text(http, CHAT)
    assert ".mp4" not in failed and failed.rstrip().endswith("No GPU today")
    banned = {**CHAT, "messages": [{"role": "user", "content": "a nsfw cow"}]}
    assert http.post("/v1/chat/completions", json=banned).status_code == 503
    whole = http.post("/v1/chat/completions", json={**CHAT, "stream": False}).json()
    assert whole["choices"][0]["message"]["content"].endswith(".mp4)")


@pytest.mark.parametrize("as_async", [False, True])
async def test_a_chat_format_job_is_not_resent_after_a_5xx_but_is_after_a_429(
    gptproto_emulator: EmulatorServer, as_async: bool
) -> None:
    from gptproto_core import AsyncGPTProtoClient, GPTProtoClient
    from gptproto_core.errors import ServerError
    from gptproto_core.tasks import AsyncTaskRunner, TaskRunner
    from gptproto_core.vendors import veo
    from gptproto_core.vendors._inputs import validated

    gptproto_emulator.set_clock_speed(1000)
    job = veo.generate_chat(validated(veo.VideoRequest, prompt="a cow"))
    options = {"api_key": gptproto_emulator.api_key, "base_url": gptproto_emulator.url}

    async def run() -> None:
        if as_async:
            async with AsyncGPTProtoClient(**options) as aclient:
                await AsyncTaskRunner(aclient).run(job)
        else:
            with GPTProtoClient(**options) as client:
                TaskRunner(client).run(job)

    gptproto_emulator.add_fault(status=502)  # one: a retry would meet no fault and succeed
    with pytest.raises(ServerError):
        await run()
    assert gptproto_emulator.counters()["requests"]["POST /v1/chat/completions"] == 1
    gptproto_emulator.add_fault(status=429, headers={"Retry-After": "0"})
    await run()
    assert gptproto_emulator.counters()["requests"]["POST /v1/chat/completions"] == 3
