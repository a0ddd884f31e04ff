"""higgsfield request bodies, the motion list and the guessed task shapes (API.md §14), without
sockets."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core.errors import ContentPolicyError, InvalidInputError, UnexpectedResponseError
from gptproto_core.tasks import Task
from gptproto_core.vendors import higgsfield
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

MOTION = "5d0eee15-569c-4006-a1c7-46d1c42d9315"
IMAGE = "https://heyoo.oss-ap-southeast-1.aliyuncs.com/ai-draw/java/test/022cc0f0.png"
MP4 = "https://cdn.example/v.mp4"
BEFORE = Task("h1", "higgsfield", "generate_video", "queued")
EYES_IN = {
    "id": "f226ac67-43d3-4726-ad9c-132608bda8b3",
    "name": "Eyes In",
    "media": {"width": 320, "height": 202, "url": "https://d1x.example/a.webp", "type": "animated"},
    "priority": -1,
    "tags": [],
    "params": None,
    "categories": ["vfx", "epic_camera_control"],
}


def test_the_postman_generate_body():
    job = higgsfield.generate_video(
        validated(
            higgsfield.GenerateVideoRequest,
            prompt="Generate a dance scene",
            motion_id=MOTION,
            image=IMAGE,
            enhance_prompt=True,
            seed=1000,
            height=1080,
            width=720,
        )
    )
    assert (job.submit.method, job.submit.path) == ("POST", "/v1/higgsfield/generate")
    assert job.submit.json == {
        "prompt": "Generate a dance scene",
        "model": "higgsfield-standard",
        "motion_id": MOTION,
        "enhance_prompt": True,
        "image": [IMAGE],
        "seed": 1000,
        "height": 1080,
        "width": 720,
    }


def test_an_end_frame_is_the_second_image_and_a_local_file_a_data_uri():
    request = validated(
        higgsfield.GenerateVideoRequest,
        prompt="p",
        motion_id=MOTION,
        image=str(DATA / "sample.png"),
        end_image=IMAGE,
    )
    first, last = higgsfield.generate_video(request).submit.json["image"]
    assert first.startswith("data:image/png;base64,") and last == IMAGE


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (
            higgsfield.GenerateVideoRequest,
            {"prompt": "p", "motion_id": "Eyes In", "image": IMAGE},
            "motion_id",
        ),
        (
            higgsfield.GenerateVideoRequest,
            {"prompt": "p", "motion_id": MOTION, "image": "a cat"},
            "neither an http",
        ),
        (
            higgsfield.GenerateVideoRequest,
            {"prompt": "p", "motion_id": MOTION, "image": IMAGE, "seed": 0},
            "seed",
        ),
        (
            higgsfield.GenerateVideoRequest,
            {"prompt": "p", "motion_id": MOTION, "image": IMAGE, "model": "pro"},
            "model",
        ),
        (
            higgsfield.GenerateVideoRequest,
            {"prompt": "", "motion_id": MOTION, "image": IMAGE},
            "prompt",
        ),
        (
            higgsfield.GenerateVideoRequest,
            {"prompt": "p", "motion_id": MOTION, "image": IMAGE, "width": 5000},
            "width",
        ),
        (higgsfield.MotionsRequest, {"size": 0}, "size"),
    ],
)
def test_bad_requests_name_the_field_before_sending(model, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(model, **fields)


def test_the_motion_list_is_a_lookup_answered_at_once():
    job = higgsfield.list_motions(validated(higgsfield.MotionsRequest, search="eyes"))
    assert (job.submit.method, job.submit.path, dict(job.submit.params or {})) == (
        "GET",
        "/v1/higgsfield/tpl/motions",
        {"size": 20, "search": "eyes"},
    )
    assert job.tracker is None  # nothing to poll


@pytest.mark.parametrize(
    "body", [[EYES_IN], {"code": 200, "data": [EYES_IN]}], ids=["bare", "wrapped"]
)
def test_motions_become_lines_the_model_picks_an_id_from(body):
    task = higgsfield.read_motions(body)
    assert task.done and task.status == "succeeded" and task.outputs == ()
    assert task.text is not None
    assert (
        "- Eyes In: f226ac67-43d3-4726-ad9c-132608bda8b3 (preview https://d1x.example/a.webp)"
        in (task.text.splitlines())
    )


def test_no_motion_found_and_an_unreadable_list():
    assert higgsfield.read_motions([]).text == "No motion matches the search."
    with pytest.raises(UnexpectedResponseError, match="without a list"):
        higgsfield.read_motions({"code": 200, "message": "busy"})


@pytest.mark.parametrize(
    "body", [{"id": "h1"}, {"code": 200, "data": {"task_id": "h1"}}], ids=["bare", "wrapped"]
)
def test_the_submit_id(body):
    assert higgsfield.read_submitted(body).id == "h1"


def job(status: str, **more: Any) -> dict[str, Any]:
    return {"id": "h1", "status": status, **more}


def relay(status: str, **more: Any) -> dict[str, Any]:
    return {"code": 200, "data": {"task_id": "h1", "status": status, "error": {}, **more}}


def jobset(*jobs: dict[str, Any]) -> dict[str, Any]:
    return {"id": "h1", "jobs": list(jobs)}


RESULTS = {"raw": {"url": MP4, "type": "video"}, "min": {"url": "https://cdn.example/v.jpg"}}


@pytest.mark.parametrize(
    "body",
    [
        job("completed", results=RESULTS),
        relay("completed", output={"video_url": MP4}),
        jobset(job("completed", results=RESULTS)),
        {"status": "completed", "video_url": MP4},
    ],
    ids=["job", "wrapped", "jobset", "video_url"],
)
def test_the_first_mp4_of_every_shape(body):
    task = higgsfield.read_task(body, BEFORE)
    assert (task.status, task.progress) == ("succeeded", 1.0)
    assert [(o.url, o.kind) for o in task.outputs] == [(MP4, "video")]


def test_an_mp4_comes_before_other_urls():
    body = job("completed", results={"raw": {"url": "https://cdn.example/v.webp"}}, video_url=MP4)
    assert higgsfield.read_task(body, BEFORE).outputs[0].url == MP4


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (job("queued"), "queued"),
        (job("in_progress"), "running"),
        (relay("pending"), "queued"),
        (relay("processing"), "running"),
        (jobset(job("completed"), job("in_progress")), "running"),
        (job("canceled"), "cancelled"),
    ],
)
def test_statuses_of_every_shape(body, status):
    assert higgsfield.read_task(body, BEFORE).status == status


@pytest.mark.parametrize(
    "body",
    [
        job("failed", error="out of credits"),
        relay("failed", error={"message": "out of credits"}),
        jobset(job("completed"), job("failed", error="out of credits")),
    ],
    ids=["job", "wrapped", "jobset"],
)
def test_the_failure_reason_is_the_task_error(body):
    task = higgsfield.read_task(body, BEFORE)
    assert (task.status, task.error) == ("failed", "out of credits")


@pytest.mark.parametrize(
    "body", [job("nsfw"), jobset(job("nsfw", error="flagged"))], ids=["job", "jobset"]
)
def test_nsfw_is_a_content_policy_refusal_naming_the_task(body):
    with pytest.raises(ContentPolicyError, match="higgsfield task h1 was refused as nsfw"):
        higgsfield.read_task(body, BEFORE)


@pytest.mark.parametrize("body", [{}, {"code": 200, "data": {}}, {"jobs": []}, None])
def test_a_body_without_a_status_is_unexpected(body):
    with pytest.raises(UnexpectedResponseError, match="without a status"):
        higgsfield.read_task(body, BEFORE)


def test_an_unexpected_body_keeps_an_excerpt():
    with pytest.raises(UnexpectedResponseError) as caught:
        higgsfield.read_task({"code": 200, "data": {"job": "somewhere"}}, BEFORE)
    assert "somewhere" in str(caught.value.body)
