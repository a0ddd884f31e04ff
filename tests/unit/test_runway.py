"""Runway request bodies and the three candidate task shapes (API.md §10), without sockets."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core.errors import ContentPolicyError, InvalidInputError, UnexpectedResponseError
from gptproto_core.tasks import Task
from gptproto_core.vendors import runway
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

VIDEO = (
    "http://source.wike.cc/attachments/video/runway/20241015/82bc23c83b5c32e75059c8328df5cffb.mp4"
)
IMAGE = "http://source.wike.cc/1.jpeg"
MP4 = "https://cdn.example/v.mp4"
BEFORE = Task("t1", "runway", "generate", "queued")


def test_the_postman_pro_bodies():
    act_two = runway.act_two(
        validated(runway.ActTwoRequest, video=VIDEO, image=IMAGE, expression_intensity=3, flip=True)
    )
    assert (act_two.submit.path, act_two.submit.json) == (
        "/runway/v1/pro/act_two",
        {"video": VIDEO, "image": IMAGE, "options": {"expression_intensity": 3, "flip": True}},
    )
    act_one = runway.act_one(
        validated(runway.ActOneRequest, video=VIDEO, image=IMAGE, motion_multiplier=3, flip=True)
    )
    assert act_one.submit.json["options"] == {"motion_multiplier": 3, "flip": True}
    vector = {"x": 0, "y": 0.4, "z": 0, "r": -6, "bg_x_pan": 0, "bg_y_pan": 0}
    made = runway.generate(
        validated(
            runway.GenerateRequest,
            ratio="16:9",
            prompt="一只小猫",
            style="cinematic",
            seconds=10,
            motion_vector=vector,
        )
    )
    assert (made.submit.path, made.submit.json) == (
        "/runway/v1/pro/generate",
        {
            "ratio": "16:9",
            "prompt": "一只小猫",
            "style": "cinematic",
            "model": "runwayml-gen3a_turbo-5",
            "options": {"seconds": 10, "motion_vector": vector},
        },
    )
    v2v = runway.video_to_video(
        validated(
            runway.VideoToVideoRequest,
            video=VIDEO,
            prompt="pixel style",
            structure_transformation=0.5,
            flip=True,
        )
    )
    assert (v2v.submit.path, v2v.submit.json) == (
        "/runway/v1/pro/video2video",
        {
            "video": VIDEO,
            "model": "runwayml-gen3a_turbo-5",
            "prompt": "pixel style",
            "options": {"structure_transformation": 0.5, "flip": True},
        },
    )


def test_the_official_image_to_video_body_and_a_local_image():
    job = runway.image_to_video(
        validated(
            runway.ImageToVideoRequest,
            image="https://xxx.com/logo.png",
            seed=4294967295,
            prompt="cat dance",
            watermark=False,
        )
    )
    assert (job.submit.path, job.submit.json) == (
        "/runwayml/v1/image_to_video",
        {
            "promptImage": "https://xxx.com/logo.png",
            "seed": 4294967295,
            "model": "runwayml-gen3a_turbo-5",
            "promptText": "cat dance",
            "watermark": False,
            "duration": 5,
            "ratio": "1280:768",
        },
    )
    local = validated(runway.ImageToVideoRequest, image=str(DATA / "sample.png"))
    assert runway.image_to_video(local).submit.json["promptImage"].startswith("data:image/png")


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (runway.ActTwoRequest, {"video": "clip.mp4", "image": IMAGE}, "video must be an http"),
        (
            runway.ActTwoRequest,
            {"video": VIDEO, "image": IMAGE, "expression_intensity": 9},
            "expression_intensity",
        ),
        (runway.ActOneRequest, {"video": VIDEO, "image": "a face"}, "neither an http"),
        (runway.GenerateRequest, {"prompt": "p", "seconds": 7}, "seconds"),
        (runway.GenerateRequest, {"prompt": "p", "motion_vector": {"w": 1}}, "unknown axes"),
        (runway.GenerateRequest, {"prompt": "p", "ratio": "1:1"}, "ratio"),
        (
            runway.VideoToVideoRequest,
            {"video": VIDEO, "prompt": "p", "structure_transformation": 2},
            "structure",
        ),
        (runway.ImageToVideoRequest, {"image": IMAGE, "ratio": "16:9"}, "ratio"),
        (runway.ImageToVideoRequest, {"image": IMAGE, "seed": 2**32}, "seed"),
        (runway.ImageToVideoRequest, {"image": IMAGE, "promptText": "x"}, "promptText"),
    ],
)
def test_bad_requests_name_the_field_before_sending(model, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(model, **fields)


@pytest.mark.parametrize(
    "body",
    [{"id": "t1"}, {"task_id": "t1"}, {"code": "success", "data": {"task_id": "t1"}}],
    ids=["official", "task_id", "wrapped"],
)
def test_the_submit_id_is_read_from_each_candidate(body):
    task = runway.read_submitted(body, "generate")
    assert (task.id, task.status, task.operation) == ("t1", "queued", "generate")


def test_a_submit_answer_without_an_id_is_unexpected():
    with pytest.raises(UnexpectedResponseError, match="without a task id"):
        runway.read_submitted({"code": "success", "data": {}}, "generate")


def official(status: str, **more: Any) -> dict[str, Any]:
    return {"id": "t1", "status": status, "createdAt": "2026-01-01T00:00:00Z", **more}


def wrapped(status: str, inner: dict[str, Any], **more: Any) -> dict[str, Any]:
    data = {"task_id": "t1", "status": status, "fail_reason": "", "progress": "0%", **more}
    return {"code": "success", "message": "", "data": {**data, "data": inner}}


def feed(state: str, digit: str, **more: Any) -> dict[str, Any]:
    return {
        "code": 200,
        "msg": "成功",
        "data": {"task_id": "t1", "state": state, "status": digit, **more},
    }


@pytest.mark.parametrize(
    "body",
    [
        official("SUCCEEDED", output=[MP4]),
        wrapped("SUCCESS", official("SUCCEEDED", output=[MP4]), progress="100%"),
        feed("succeeded", "3", video_url=MP4, poster="https://cdn.example/p.jpg"),
    ],
    ids=["official", "wrapped", "feed"],
)
def test_a_finished_task_in_every_candidate_shape(body):
    task = runway.read_task(body, BEFORE)
    assert (task.status, task.progress, task.id) == ("succeeded", 1.0, "t1")
    assert [(o.url, o.kind) for o in task.outputs] == [(MP4, "video")]


@pytest.mark.parametrize(
    ("body", "status", "progress"),
    [
        (official("PENDING"), "queued", None),
        (official("THROTTLED"), "queued", None),
        (official("RUNNING", progress=0.4), "running", 0.4),
        (wrapped("IN_PROGRESS", official("RUNNING"), progress="40%"), "running", 0.4),
        (wrapped("QUEUED", official("PENDING")), "queued", 0.0),
        (feed("processing", "1"), "running", None),
        (official("CANCELLED"), "cancelled", None),
    ],
)
def test_statuses_and_progress_in_every_shape(body, status, progress):
    task = runway.read_task(body, BEFORE)
    assert (task.status, task.progress, task.outputs) == (status, progress, ())


@pytest.mark.parametrize(
    "body",
    [
        official("FAILED", failure="GPU on fire", failureCode="INTERNAL"),
        wrapped("FAILURE", official("FAILED", failure="GPU on fire"), fail_reason="GPU on fire"),
        feed("failed", "2", fail_reason="GPU on fire"),
    ],
    ids=["official", "wrapped", "feed"],
)
def test_the_failure_reason_of_every_shape_is_the_task_error(body):
    task = runway.read_task(body, BEFORE)
    assert (task.status, task.error) == ("failed", "GPU on fire")


def test_a_failure_without_a_reason_still_says_what_happened():
    assert runway.read_task(official("FAILED"), BEFORE).error == "Runway reported FAILED"


@pytest.mark.parametrize(
    "body",
    [
        official("FAILED", failure="flagged", failureCode="SAFETY.INPUT.TEXT"),
        wrapped("FAILURE", official("FAILED", failureCode="SAFETY.OUTPUT.VIDEO")),
    ],
    ids=["official", "wrapped"],
)
def test_a_safety_failure_is_a_content_policy_refusal_naming_the_task(body):
    with pytest.raises(ContentPolicyError, match="runway task t1 was refused by moderation"):
        runway.read_task(body, BEFORE)


@pytest.mark.parametrize("body", [{}, {"code": "success", "data": {}}, ["SUCCEEDED"], "oops"])
def test_a_body_without_a_status_is_unexpected(body):
    with pytest.raises(UnexpectedResponseError, match="without a status"):
        runway.read_task(body, BEFORE)


def test_both_families_are_looked_up_at_the_one_task_route():
    task = runway.TRACKER.start(" 6a0bf943-21ca-4074-a837-5f2511b67a3e ")
    request = runway.TRACKER.fetch(task)
    assert (request.method, request.path) == (
        "GET",
        "/runway/v1/tasks/6a0bf943-21ca-4074-a837-5f2511b67a3e",
    )


@pytest.mark.parametrize(
    "video", ["https://", "ftp://e.x/v.mp4", "data:video/mp4;base64,AAAA", "v.mp4"]
)
def test_a_video_must_be_an_http_url(video):
    with pytest.raises(InvalidInputError, match="video must be an http"):
        validated(runway.VideoToVideoRequest, video=video, prompt="p")
    assert validated(runway.VideoToVideoRequest, video="https://e.x/v", prompt="p").video
