"""higgsfield tools end to end (API.md §14), replayed from cassettes recorded on the emulator:
the motion lookup, generate with each failure shape, and each guessed task shape of §14.3."""

from __future__ import annotations

import json
from typing import Any

import pytest

from langchain_gptproto.tools import (
    HiggsfieldGenerateVideo,
    HiggsfieldGetTask,
    HiggsfieldListMotions,
)
from tests.cassette._media import Progress, acall, call, make
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

MOTION = "5d0eee15-569c-4006-a1c7-46d1c42d9315"
IMAGE = "https://heyoo.oss-ap-southeast-1.aliyuncs.com/ai-draw/java/test/022cc0f0.png"
DANCE = {"prompt": "Generate a dance scene", "motion_id": MOTION, "image": IMAGE}


def sent(vcr: Any) -> list[Any]:
    return [json.loads(r.body) for r in vcr.requests if r.path == "/v1/higgsfield/generate"]


def test_list_motions_answers_at_once_with_names_ids_and_previews(gptproto_target, vcr):
    message = call(HiggsfieldListMotions, gptproto_target, {"search": "dance", "size": 5})
    task = message.artifact
    assert task.status == "succeeded" and task.operation == "list_motions"
    assert f"- Dance Party: {MOTION} (preview http" in message.content
    assert ".webp)" in message.content
    assert "motion_id" in message.content and "higgsfield_generate_video" in message.content
    (request,) = vcr.requests
    assert (request.method, request.path) == ("GET", "/v1/higgsfield/tpl/motions")
    assert "size=5" in request.uri and "search=dance" in request.uri


def test_generate_video_from_a_local_image_with_an_end_frame_and_progress(gptproto_target, vcr):
    progress = Progress()
    args = {**DANCE, "image": str(DATA / "sample.png"), "end_image": IMAGE, "seed": 1000}
    message = call(HiggsfieldGenerateVideo, gptproto_target, args, callbacks=[progress])
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].url.endswith(".mp4")
    assert task.outputs[0].url in message.content
    (body,) = sent(vcr)
    assert body["image"][0].startswith("data:image/png;base64,") and body["image"][1] == IMAGE
    assert body["model"] == "higgsfield-standard" and body["seed"] == 1000
    assert {r.path for r in vcr.requests if r.method == "GET"} == {f"/v1/higgsfield/{task.id}"}
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"


def test_no_wait_then_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(HiggsfieldGenerateVideo, gptproto_target, {**DANCE, "wait": False})
    task_id = submitted.artifact.id
    assert submitted.artifact.status == "queued" and f"task_id={task_id!r}" in submitted.content
    found = call(HiggsfieldGetTask, gptproto_target, {"task_id": task_id})
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert len(sent(vcr)) == 1


def test_a_failed_task_reports_the_error_and_the_task_id(gptproto_target, vcr):
    gptproto_target.script_next_job("higgsfield", "fail", "Out of credits")
    message = call(HiggsfieldGenerateVideo, gptproto_target, DANCE)
    assert message.status == "error" and "Out of credits" in message.content
    task_id = next(r.path for r in vcr.requests if r.method == "GET").rsplit("/", 1)[1]
    assert f"Task {task_id} failed" in message.content


def test_a_canceled_job_is_cancelled_naming_the_task(gptproto_target, vcr):
    gptproto_target.script_next_job("higgsfield", "cancel")
    message = call(HiggsfieldGenerateVideo, gptproto_target, DANCE)
    task_id = next(r.path for r in vcr.requests if r.method == "GET").rsplit("/", 1)[1]
    assert message.status == "error" and f"Task {task_id} was cancelled" in message.content


def test_nsfw_is_a_content_policy_refusal(gptproto_target, vcr):
    gptproto_target.script_next_job("higgsfield", "moderated")
    flagged = call(HiggsfieldGenerateVideo, gptproto_target, DANCE)
    assert flagged.status == "error" and "refused as nsfw" in flagged.content
    banned = call(HiggsfieldGenerateVideo, gptproto_target, {**DANCE, "prompt": "a nude dancer"})
    assert banned.status == "error" and "nsfw" in banned.content


def test_the_relay_shape_lists_and_generates(gptproto_target, vcr):
    gptproto_target.set_response_shape("higgsfield", "wrapped")
    listed = call(HiggsfieldListMotions, gptproto_target, {"search": "eyes"})
    assert "- Eyes In: f226ac67-43d3-4726-ad9c-132608bda8b3" in listed.content
    assert listed.artifact.raw["code"] == 200
    task = call(HiggsfieldGenerateVideo, gptproto_target, DANCE).artifact
    assert (
        task.status == "succeeded"
        and task.raw["data"]["output"]["video_url"] == task.outputs[0].url
    )
    gptproto_target.script_next_job("higgsfield", "fail", "relay reason")
    failed = call(HiggsfieldGenerateVideo, gptproto_target, DANCE)
    assert failed.status == "error" and "relay reason" in failed.content


def test_the_jobset_shape(gptproto_target, vcr):
    gptproto_target.set_response_shape("higgsfield", "jobset")
    task = call(HiggsfieldGenerateVideo, gptproto_target, DANCE).artifact
    assert task.status == "succeeded" and task.raw["jobs"][0]["results"]["raw"]["url"] == (
        task.outputs[0].url
    )
    gptproto_target.script_next_job("higgsfield", "moderated")
    flagged = call(HiggsfieldGenerateVideo, gptproto_target, DANCE)
    assert flagged.status == "error" and "refused as nsfw" in flagged.content


def test_an_answer_of_no_known_shape_is_unexpected(gptproto_target, vcr):
    if gptproto_target.emulator is not None:  # on replay the cassette holds the odd body
        odd = {"code": 200, "data": {"job": "somewhere"}}
        gptproto_target.emulator.add_fault("/v1/higgsfield/*", method="GET", status=200, body=odd)
    message = call(HiggsfieldGenerateVideo, gptproto_target, DANCE)
    assert message.status == "error" and "task without a status" in message.content


def test_unknown_motion_and_unknown_task(gptproto_target, vcr):
    other = "00000000-0000-4000-8000-000000000000"
    refused = call(HiggsfieldGenerateVideo, gptproto_target, {**DANCE, "motion_id": other})
    assert refused.status == "error" and "motion_id" in refused.content
    unknown = call(HiggsfieldGetTask, gptproto_target, {"task_id": "no-such-task"})
    assert unknown.status == "error" and "no-such-task" in unknown.content


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for cls, args, field in [
        (HiggsfieldGenerateVideo, {**DANCE, "motion_id": "Dance Party"}, "motion_id"),
        (HiggsfieldGenerateVideo, {**DANCE, "image": "a photo of me"}, "image"),
        (HiggsfieldGenerateVideo, {**DANCE, "seed": 0}, "seed"),
        (HiggsfieldListMotions, {"size": 500}, "size"),
    ]:
        answer = make(cls, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_list_then_generate(gptproto_target, vcr):
    listed = await make(HiggsfieldListMotions, gptproto_target).ainvoke({"search": "orbit"})
    assert "360 Orbit" in listed
    progress = Progress()
    message = await acall(HiggsfieldGenerateVideo, gptproto_target, DANCE, callbacks=[progress])
    assert message.artifact.status == "succeeded" and progress.events[-1]["status"] == "succeeded"
