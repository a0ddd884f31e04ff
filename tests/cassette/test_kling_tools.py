"""Kling tools end to end (API.md §9), replayed from cassettes recorded on the emulator."""

from __future__ import annotations

import base64

import pytest

from langchain_gptproto.tools import (
    KlingGenerateImage,
    KlingGetTask,
    KlingImageToVideo,
    KlingTextToVideo,
)
from tests.cassette._media import Progress, call, make, sent
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

IMAGE = "https://example.com/first-frame.png"


def test_image_generation(gptproto_target, vcr):
    message = call(
        KlingGenerateImage, gptproto_target, {"prompt": "A happy scene on the beach.", "n": 2}
    )
    task = message.artifact
    assert task.status == "succeeded" and task.id.startswith("images/generations/")
    assert [o.kind for o in task.outputs] == ["image", "image"]
    assert sent(vcr, "/kling/v1/images/generations") == [
        {"prompt": "A happy scene on the beach.", "n": 2}
    ]
    assert all(r.path == f"/kling/v1/{task.id}" for r in vcr.requests if r.method == "GET")


def test_text_to_video_with_the_gptproto_sku(gptproto_target, vcr):
    progress = Progress()
    message = call(
        KlingTextToVideo,
        gptproto_target,
        {
            "model": "kling-video-std-10-v1-6",
            "prompt": "飞机飞过头顶",
            "negative_prompt": "",
            "cfg_scale": 0.930127850077239,
            "mode": "std",
            "aspect_ratio": "16:9",
            "duration": 10,
        },
        callbacks=[progress],
    )
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].kind == "video"
    assert task.outputs[0].url in message.content and "10 s" in message.content
    (body,) = sent(vcr, "/kling/v1/videos/text2video")
    assert body["duration"] == "10" and body["model"] == "kling-video-std-10-v1-6"
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"


def test_image_to_video_from_a_url_and_from_a_local_file(gptproto_target, vcr):
    by_url = call(
        KlingImageToVideo,
        gptproto_target,
        {"prompt": "flow", "image": IMAGE, "aspect_ratio": "1:1", "model_name": "kling-v1-6"},
    )
    assert by_url.artifact.status == "succeeded" and by_url.artifact.id.startswith(
        "videos/image2video/"
    )
    from_file = call(
        KlingImageToVideo, gptproto_target, {"image": str(DATA / "sample.png"), "duration": "5"}
    )
    assert from_file.artifact.status == "succeeded"
    first, second = sent(vcr, "/kling/v1/videos/image2video")
    assert first == {
        "model_name": "kling-v1-6",
        "prompt": "flow",
        "image": IMAGE,
        "duration": "5",
        "mode": "std",
        "aspect_ratio": "1:1",
    }
    assert base64.b64decode(second["image"]) == (DATA / "sample.png").read_bytes()


def test_no_wait_then_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(KlingTextToVideo, gptproto_target, {"prompt": "a paper boat", "wait": False})
    task_id = submitted.artifact.id
    assert submitted.artifact.status == "queued" and f"task_id={task_id!r}" in submitted.content
    found = call(KlingGetTask, gptproto_target, {"task_id": task_id})
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert len(sent(vcr, "/kling/v1/videos/text2video")) == 1


def test_a_banned_prompt_is_refused_with_kling_code(gptproto_target, vcr):
    message = call(KlingTextToVideo, gptproto_target, {"prompt": "a bannedword parade"})
    assert message.status == "error" and message.artifact is None
    assert "content security policy" in message.content and "1301" in message.content


def test_a_failed_task_reports_task_status_msg(gptproto_target, vcr):
    gptproto_target.script_next_job("kling", "fail", "Insufficient GPU resources")
    message = call(KlingImageToVideo, gptproto_target, {"image": IMAGE})
    assert message.status == "error" and "Insufficient GPU resources" in message.content
    assert "videos/image2video/" in message.content


def test_a_moderated_task_reports_the_risk_control_message(gptproto_target, vcr):
    gptproto_target.script_next_job("kling", "moderated")
    message = call(KlingGenerateImage, gptproto_target, {"prompt": "a quiet street"})
    assert message.status == "error" and "risk control" in message.content


def test_unknown_and_malformed_task_ids(gptproto_target, vcr):
    unknown = call(KlingGetTask, gptproto_target, {"task_id": "videos/text2video/no-such-task"})
    assert unknown.status == "error" and "1203" in unknown.content
    malformed = call(KlingGetTask, gptproto_target, {"task_id": "no-such-task"})
    assert malformed.status == "error" and "videos/text2video/<id>" in malformed.content
    assert len(vcr.requests) == 1


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for cls, args, field in [
        (KlingTextToVideo, {"prompt": "p", "duration": "7"}, "duration"),
        (KlingTextToVideo, {"prompt": ""}, "prompt"),
        (KlingImageToVideo, {"image": "a sunset over the sea"}, "image"),
        (KlingGenerateImage, {"prompt": "p", "n": 12}, "n"),
    ]:
        answer = make(cls, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_text_to_video(gptproto_target, vcr):
    progress = Progress()
    tool = make(KlingTextToVideo, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}},
        {"callbacks": [progress]},
    )
    assert message.artifact.status == "succeeded" and progress.events[-1]["status"] == "succeeded"
    found = await make(KlingGetTask, gptproto_target).ainvoke({"task_id": message.artifact.id})
    assert message.artifact.outputs[0].url in found
