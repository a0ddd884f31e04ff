"""Veo tools end to end (API.md §5.2, §5.3), replayed from cassettes recorded on the emulator:
each submit answer shape, first and last frames, resuming, and each failure."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from langchain_gptproto.tools import VeoGenerateVideo, VeoGetTask
from tests.cassette._media import Progress, call, make
from tests.conftest import DATA, Target

pytestmark = pytest.mark.vcr

FRAMES = [
    "https://heyoo.oss-ap-southeast-1.aliyuncs.com/20251017_170918_yyy1.jpeg",
    "https://heyoo.oss-ap-southeast-1.aliyuncs.com/20251017_170932_yyy2.jpeg",
]


def sent(vcr: Any) -> list[Any]:
    return [json.loads(r.body) for r in vcr.requests if r.path == "/v1/veo/videos"]


def shape(target: Target, name: str) -> None:
    """Pick the emulator's submit answer shape while recording (the cassette holds it)."""
    if target.emulator is not None:
        target.emulator.set_response_shape("veo_submit", name)


def test_first_and_last_frame_video_with_progress(gptproto_target, vcr):
    progress = Progress()
    message = call(
        VeoGenerateVideo,
        gptproto_target,
        {
            "prompt": "A beautiful woman is dancing in a European and American style",
            "model": "veo3.1-pro",
            "upsample": True,
            "reference": False,
            "first_frame": FRAMES[0],
            "last_frame": FRAMES[1],
        },
        callbacks=[progress],
    )
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].kind == "video"
    assert task.outputs[0].url in message.content
    assert sent(vcr) == [
        {
            "prompt": "A beautiful woman is dancing in a European and American style",
            "model": "veo3.1-pro",
            "aspect_ratio": "16:9",
            "images": FRAMES,
            "upsample": True,
            "reference": False,
        }
    ]
    assert all(r.path == f"/v1/veo/tasks/{task.id}" for r in vcr.requests if r.method == "GET")
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"


@pytest.mark.parametrize("answer", ["data", "data_id", "id", "task_id"])
def test_every_submit_answer_shape_is_followed_to_the_video(gptproto_target, vcr, answer):
    shape(gptproto_target, answer)
    message = call(VeoGenerateVideo, gptproto_target, {"prompt": "a cow dances", "model": "veo3"})
    assert message.artifact.status == "succeeded", message.content
    assert len(sent(vcr)) == 1


def test_a_local_first_frame_goes_as_a_data_uri(gptproto_target, vcr):
    args = {"prompt": "it moves", "first_frame": str(DATA / "sample.png"), "aspect_ratio": "9:16"}
    assert call(VeoGenerateVideo, gptproto_target, args).artifact.status == "succeeded"
    (body,) = sent(vcr)
    assert body["aspect_ratio"] == "9:16"
    assert (
        base64.b64decode(body["images"][0].split(",", 1)[1]) == (DATA / "sample.png").read_bytes()
    )


def test_no_wait_then_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(VeoGenerateVideo, gptproto_target, {"prompt": "a paper boat", "wait": False})
    task_id = submitted.artifact.id
    assert submitted.artifact.status == "queued" and f"task_id={task_id!r}" in submitted.content
    found = call(VeoGetTask, gptproto_target, {"task_id": task_id})
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert len(sent(vcr)) == 1


def test_a_failed_task_reports_the_reason_and_the_id(gptproto_target, vcr):
    gptproto_target.script_next_job("veo", "fail", "Insufficient GPU resources")
    message = call(VeoGenerateVideo, gptproto_target, {"prompt": "a quiet street"})
    assert message.status == "error" and "Insufficient GPU resources" in message.content
    task_id = json.loads(vcr.responses[0]["body"]["string"])["data"]
    assert task_id in message.content


def test_a_moderated_task_is_a_content_policy_refusal(gptproto_target, vcr):
    gptproto_target.script_next_job("veo", "moderated")
    message = call(VeoGenerateVideo, gptproto_target, {"prompt": "a quiet street"})
    assert message.status == "error" and "guidelines" in message.content
    assert "refused" in message.content


def test_a_banned_prompt_is_refused_at_submit(gptproto_target, vcr):
    message = call(VeoGenerateVideo, gptproto_target, {"prompt": "a bannedword parade"})
    assert message.status == "error" and "guidelines" in message.content
    assert len(vcr.requests) == 1


def test_an_unknown_task_id(gptproto_target, vcr):
    message = call(VeoGetTask, gptproto_target, {"task_id": "veo:no-such-task"})
    assert message.status == "error" and "not found" in message.content.lower()


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for args, field in [
        ({"prompt": "p", "last_frame": FRAMES[1]}, "first_frame"),
        ({"prompt": "p", "images": FRAMES}, "images"),
        ({"prompt": "p", "aspect_ratio": "1:1"}, "aspect_ratio"),
        ({"prompt": ""}, "prompt"),
    ]:
        answer = make(VeoGenerateVideo, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_video_then_async_lookup(gptproto_target, vcr):
    progress = Progress()
    tool = make(VeoGenerateVideo, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}},
        {"callbacks": [progress]},
    )
    assert message.artifact.status == "succeeded" and progress.events[-1]["status"] == "succeeded"
    found = await make(VeoGetTask, gptproto_target).ainvoke({"task_id": message.artifact.id})
    assert message.artifact.outputs[0].url in found


# --- the chat format (§5.1): one stream, read to its end ------------------------------------


def chat_tool(target: Target) -> Any:
    return make(VeoGenerateVideo, target, api_format="chat")


def test_chat_format_first_and_last_frame_with_progress_lines(gptproto_target, vcr):
    progress = Progress()
    tool = chat_tool(gptproto_target)
    args = {
        "prompt": "a paper plane",
        "upsample": True,
        "first_frame": FRAMES[0],
        "last_frame": FRAMES[1],
    }
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": args},
        {"callbacks": [progress]},
    )
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].url.endswith(".mp4")
    (request,) = vcr.requests
    content = json.loads(request.body)["messages"][0]["content"]
    assert content[0]["text"] == "a paper plane aspect_ratio 16:9 upsample"
    assert [part["image_url"]["url"] for part in content[1:]] == FRAMES
    running = [e for e in progress.events if e["status"] == "running"]
    assert len(running) >= 3 and progress.events[-1]["status"] == "succeeded"


def test_chat_format_stream_without_a_link_is_a_failure_naming_the_last_line(gptproto_target, vcr):
    gptproto_target.script_next_job("veo", "fail", "No GPU today")
    message = chat_tool(gptproto_target).invoke({"prompt": "a cow"})
    assert "without a video link" in message and "No GPU today" in message


def test_chat_format_refused_prompt_and_unsendable_options(gptproto_target, vcr):
    assert "guidelines" in chat_tool(gptproto_target).invoke({"prompt": "a nsfw cow"})
    refused = chat_tool(gptproto_target).invoke({"prompt": "p", "enhance_prompt": True})
    assert "enhance_prompt" in refused and len(vcr.requests) == 1


def test_chat_format_refuses_wait_false_before_sending(gptproto_target, vcr):
    tool = chat_tool(gptproto_target)
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "p", "wait": False}}
    )
    assert message.status == "error" and message.content.startswith("Invalid arguments: wait=False")
    assert "Call it again with wait=True" in message.content
    assert vcr.requests == []


async def test_chat_format_async(gptproto_target, vcr):
    progress = Progress()
    tool = chat_tool(gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}},
        {"callbacks": [progress]},
    )
    assert message.artifact.status == "succeeded" and progress.events[-1]["status"] == "succeeded"
