"""Runway tools end to end (API.md §10), replayed from cassettes recorded on the emulator: every
route, every failure shape, and each of the three candidate task shapes of §10.2."""

from __future__ import annotations

from typing import Any

import pytest

from langchain_gptproto.tools import (
    RunwayActOne,
    RunwayActTwo,
    RunwayGenerate,
    RunwayGetTask,
    RunwayImageToVideo,
    RunwayVideoToVideo,
)
from tests.cassette._media import Progress, acall, call, make, sent
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

VIDEO = (
    "http://source.wike.cc/attachments/video/runway/20241015/82bc23c83b5c32e75059c8328df5cffb.mp4"
)
IMAGE = "http://source.wike.cc/1.jpeg"


def polled(vcr: Any) -> set[str]:
    return {r.path for r in vcr.requests if r.method == "GET"}


def test_act_two_from_a_local_character_image_with_progress(gptproto_target, vcr):
    progress = Progress()
    message = call(
        RunwayActTwo,
        gptproto_target,
        {"video": VIDEO, "image": str(DATA / "sample.png"), "expression_intensity": 3},
        callbacks=[progress],
    )
    task = message.artifact
    assert task.status == "succeeded" and task.operation == "act_two"
    assert task.outputs[0].kind == "video" and task.outputs[0].url in message.content
    (body,) = sent(vcr, "/runway/v1/pro/act_two")
    assert body["video"] == VIDEO and body["image"].startswith("data:image/png;base64,")
    assert body["options"] == {"expression_intensity": 3}
    assert polled(vcr) == {f"/runway/v1/tasks/{task.id}"}
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"
    assert any(0 < (e["progress"] or 0) < 1 for e in progress.events)


def test_act_one_sends_the_postman_body(gptproto_target, vcr):
    args = {"video": VIDEO, "image": IMAGE, "motion_multiplier": 3, "flip": True}
    assert call(RunwayActOne, gptproto_target, args).artifact.status == "succeeded"
    assert sent(vcr, "/runway/v1/pro/act_one") == [
        {"video": VIDEO, "image": IMAGE, "options": {"motion_multiplier": 3, "flip": True}}
    ]


def test_generate_with_a_camera_motion(gptproto_target, vcr):
    vector = {"x": 0, "y": 0.4, "z": 0, "r": -6, "bg_x_pan": 0, "bg_y_pan": 0}
    args = {"prompt": "一只小猫", "style": "cinematic", "seconds": 10, "motion_vector": vector}
    task = call(RunwayGenerate, gptproto_target, args).artifact
    assert task.status == "succeeded" and task.operation == "generate"
    (body,) = sent(vcr, "/runway/v1/pro/generate")
    assert body == {
        "ratio": "16:9",
        "prompt": "一只小猫",
        "style": "cinematic",
        "model": "runwayml-gen3a_turbo-5",
        "options": {"seconds": 10, "motion_vector": vector},
    }


def test_video_to_video(gptproto_target, vcr):
    args = {"video": VIDEO, "prompt": "pixel style", "structure_transformation": 0.5}
    assert call(RunwayVideoToVideo, gptproto_target, args).artifact.status == "succeeded"
    assert sent(vcr, "/runway/v1/pro/video2video")[0]["options"] == {
        "structure_transformation": 0.5
    }


def test_the_official_image_to_video_is_looked_up_at_the_same_task_route(gptproto_target, vcr):
    args = {"image": "https://xxx.com/logo.png", "prompt": "cat dance", "seed": 4294967295}
    task = call(RunwayImageToVideo, gptproto_target, args).artifact
    assert task.status == "succeeded" and task.operation == "image_to_video"
    assert sent(vcr, "/runwayml/v1/image_to_video")[0]["promptImage"] == "https://xxx.com/logo.png"
    assert polled(vcr) == {f"/runway/v1/tasks/{task.id}"}


def test_no_wait_then_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(RunwayGenerate, gptproto_target, {"prompt": "a paper boat", "wait": False})
    task_id = submitted.artifact.id
    assert submitted.artifact.status == "queued" and f"task_id={task_id!r}" in submitted.content
    assert "runway_get_task" in submitted.content
    found = call(RunwayGetTask, gptproto_target, {"task_id": task_id})
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert len(sent(vcr, "/runway/v1/pro/generate")) == 1


def test_a_failed_task_reports_failure_and_the_task_id(gptproto_target, vcr):
    gptproto_target.script_next_job("runway", "fail", "Insufficient GPU resources")
    message = call(RunwayVideoToVideo, gptproto_target, {"video": VIDEO, "prompt": "anime"})
    assert message.status == "error" and "Insufficient GPU resources" in message.content
    (last_poll,) = polled(vcr)
    task_id = last_poll.rsplit("/", 1)[1]
    assert f"Task {task_id} failed" in message.content


def test_a_safety_failure_is_a_content_policy_refusal(gptproto_target, vcr):
    banned = call(RunwayGenerate, gptproto_target, {"prompt": "a nude statue"})
    assert banned.status == "error" and "SAFETY.INPUT.TEXT" in banned.content
    assert "refused by moderation" in banned.content
    gptproto_target.script_next_job("runway", "moderated")
    flagged = call(RunwayImageToVideo, gptproto_target, {"image": IMAGE})
    assert flagged.status == "error" and "SAFETY.OUTPUT.VIDEO" in flagged.content


def test_the_wrapped_shape_reads_like_the_official_one(gptproto_target, vcr):
    gptproto_target.set_response_shape("runway", "wrapped")
    progress = Progress()
    task = call(RunwayGenerate, gptproto_target, {"prompt": "a kitten"}, callbacks=[progress])
    assert task.artifact.status == "succeeded" and task.artifact.outputs[0].url.endswith(".mp4")
    last = task.artifact.raw  # the vendor's last body
    assert last["code"] == "success" and last["data"]["data"]["status"] == "SUCCEEDED"
    assert any(0 < (e["progress"] or 0) < 1 for e in progress.events)
    gptproto_target.script_next_job("runway", "fail", "wrapped reason")
    failed = call(RunwayActOne, gptproto_target, {"video": VIDEO, "image": IMAGE})
    assert failed.status == "error" and "wrapped reason" in failed.content
    flagged = call(RunwayGenerate, gptproto_target, {"prompt": "a nude statue"})
    assert "SAFETY.INPUT.TEXT" in flagged.content


def test_the_reseller_feed_shape_reads_state_and_video_url(gptproto_target, vcr):
    gptproto_target.set_response_shape("runway", "feed")
    task = call(RunwayImageToVideo, gptproto_target, {"image": IMAGE}).artifact
    assert task.status == "succeeded" and task.outputs[0].url.endswith(".mp4")
    last = task.raw["data"]
    assert last["state"] == "succeeded" and last["video_url"] == task.outputs[0].url
    gptproto_target.script_next_job("runway", "fail", "feed reason")
    failed = call(RunwayGenerate, gptproto_target, {"prompt": "a kitten"})
    assert failed.status == "error" and "feed reason" in failed.content


def test_an_answer_of_no_known_shape_is_unexpected(gptproto_target, vcr):
    if gptproto_target.emulator is not None:  # on replay the cassette holds the odd body
        odd = {"code": "success", "data": {"job": "somewhere"}}
        gptproto_target.emulator.add_fault("/runway/v1/tasks/*", method="GET", status=200, body=odd)
    message = call(RunwayGenerate, gptproto_target, {"prompt": "a kitten"})
    assert message.status == "error" and "task without a status" in message.content


def test_an_unknown_task(gptproto_target, vcr):
    unknown = call(RunwayGetTask, gptproto_target, {"task_id": "no-such-task"})
    assert unknown.status == "error" and "no-such-task" in unknown.content


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for cls, args, field in [
        (RunwayActTwo, {"video": "dance.mp4", "image": IMAGE}, "video"),
        (RunwayActTwo, {"video": VIDEO, "image": IMAGE, "expression_intensity": 7}, "expression"),
        (RunwayGenerate, {"prompt": "p", "seconds": 7}, "seconds"),
        (RunwayVideoToVideo, {"video": VIDEO, "prompt": ""}, "prompt"),
        (RunwayImageToVideo, {"image": "a sunset over the sea"}, "image"),
    ]:
        answer = make(cls, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_generate_then_lookup(gptproto_target, vcr):
    progress = Progress()
    args = {"prompt": "an async comet"}
    message = await acall(RunwayGenerate, gptproto_target, args, callbacks=[progress])
    assert message.artifact.status == "succeeded" and progress.events[-1]["status"] == "succeeded"
    found = await make(RunwayGetTask, gptproto_target).ainvoke({"task_id": message.artifact.id})
    assert message.artifact.outputs[0].url in found
