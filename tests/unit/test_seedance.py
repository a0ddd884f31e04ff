"""Seedance request bodies, submit answers and the task reader (API.md §13.6, §13.7), in both
the Ark shape and the docs site's wrapped one."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core.errors import (
    APIError,
    ContentPolicyError,
    InvalidInputError,
    UnexpectedResponseError,
)
from gptproto_core.tasks import Task
from gptproto_core.vendors import seedance
from gptproto_core.vendors._inputs import validated

IMAGE = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"
PREVIOUS = Task("cgt-20251013202150-2jzqx", "doubao", "seedance_video", "queued")


def test_every_documented_status_word_is_mapped():
    words = ["queued", "running", "cancelled", "succeeded", "failed", "pending", "completed"]
    assert [seedance.STATUS(w) for w in words] == [
        "queued",
        "running",
        "cancelled",
        "succeeded",
        "failed",
        "queued",
        "succeeded",
    ]


def test_the_image_to_video_body_sends_options_as_fields_and_the_object_form():
    request = validated(
        seedance.VideoRequest,
        prompt="The camera pans from left to right",
        first_frame=IMAGE,
        ratio="16:9",
        resolution="1080p",
        camerafixed=False,
        seed=-1,
        watermark=False,
        framepersecond=24,
    )
    job = seedance.generate_video(request)
    assert job.submit.path == "/api/v3/contents/generations/tasks"
    assert job.submit.json == {
        "model": "seedance-1-0-pro-250528",
        "content": [
            {"type": "text", "text": "The camera pans from left to right"},
            {"type": "image_url", "image_url": {"url": IMAGE}},
        ],
        "ratio": "16:9",
        "resolution": "1080p",
        "camerafixed": False,
        "seed": -1,
        "watermark": False,
        "framepersecond": 24,
    }


def test_first_and_last_frame_carry_their_roles():
    request = validated(
        seedance.VideoRequest, prompt="p", first_frame=IMAGE, last_frame=IMAGE, duration=10
    )
    body = seedance.generate_video(request).submit.json
    assert [item.get("role") for item in body["content"]] == [None, "first_frame", "last_frame"]
    assert body["duration"] == 10


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"prompt": "p", "last_frame": IMAGE}, "first_frame"),
        ({"prompt": "p", "model": "seedance-1-0-lite-t2v-250428", "first_frame": IMAGE}, "text"),
        ({"prompt": "p", "model": "seedance-1-0-lite-i2v-250428"}, "first_frame"),
        ({"prompt": "p", "duration": 30}, "duration"),
        ({"prompt": "p", "resolution": "4k"}, "resolution"),
        ({"prompt": "p", "ratio": "5:4"}, "ratio"),
        ({"prompt": "p", "first_frame": "a sunset"}, "first_frame: 'a sunset' is neither"),
        ({"prompt": "p", "fps": 24}, "fps"),
        ({"prompt": "p", "framepersecond": 60}, "framepersecond"),
        ({"prompt": "p", "model": "seedance-2-0"}, "seedance-1-0-lite-t2v-250428"),
    ],
)
def test_bad_fields_are_refused_naming_them(fields: dict[str, Any], name: str):
    with pytest.raises(InvalidInputError, match=name):
        validated(seedance.VideoRequest, **fields)


@pytest.mark.parametrize(
    "body",
    [
        {"id": "cgt-1"},
        {"code": 0, "message": "Success", "data": {"task_id": "cgt-1", "status": "pending"}},
    ],
)
def test_both_submit_shapes(body: dict[str, Any]):
    task = seedance.read_submitted(body)
    assert (task.id, task.vendor, task.status) == ("cgt-1", "doubao", "queued")


def test_a_submit_answer_without_an_id_is_unexpected():
    with pytest.raises(UnexpectedResponseError):
        seedance.read_submitted({"code": 0, "data": {}})


ARK_DONE = {"id": "cgt-1", "status": "succeeded", "content": {"video_url": "https://v/1.mp4"}}
WRAPPED_DONE = {
    "code": 0,
    "data": {"task_id": "cgt-1", "status": "completed", "video_url": "https://v/1.mp4"},
}


@pytest.mark.parametrize("body", [ARK_DONE, WRAPPED_DONE])
def test_a_finished_task_in_either_shape(body: dict[str, Any]):
    task = seedance.read_task(body, PREVIOUS)
    assert task.status == "succeeded" and task.outputs[0].url == "https://v/1.mp4"
    assert task.outputs[0].kind == "video" and task.id == PREVIOUS.id


def test_failures_surface_error_message_in_either_shape():
    ark = {"status": "failed", "error": {"code": "InternalServiceError", "message": "GPU"}}
    assert seedance.read_task(ark, PREVIOUS).error == "GPU"
    wrapped = {"code": 0, "data": {"status": "failed", "error": "GPU too"}}
    assert seedance.read_task(wrapped, PREVIOUS).error == "GPU too"
    bare = seedance.read_task({"status": "failed", "error": None}, PREVIOUS)
    assert bare.error == "Seedance reported failed without a reason"
    cancelled = seedance.read_task({"status": "cancelled"}, PREVIOUS)
    assert cancelled.status == "cancelled" and cancelled.error is None


def test_sensitive_content_is_a_content_policy_error_naming_the_task():
    body = {
        "status": "failed",
        "error": {"code": "OutputVideoSensitiveContentDetected", "message": "sensitive"},
    }
    with pytest.raises(ContentPolicyError, match=PREVIOUS.id):
        seedance.read_task(body, PREVIOUS)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"status": "succeeded", "content": {}}, UnexpectedResponseError),
        ({"id": "cgt-1"}, UnexpectedResponseError),
        ([1, 2], UnexpectedResponseError),
        (
            {"error": {"message": "Invalid task_id format", "code": "invalid_parameters"}},
            APIError,
        ),
    ],
)
def test_unreadable_task_bodies(body: Any, error: type[Exception]):
    with pytest.raises(error):
        seedance.read_task(body, PREVIOUS)


def test_resume_fetches_the_ark_path():
    task = seedance.TRACKER.start("cgt-1 ")
    assert seedance.TRACKER.fetch(task).path == "/api/v3/contents/generations/tasks/cgt-1"


def test_the_chat_variants_model_name_is_the_same_model():
    request = validated(seedance.VideoRequest, prompt="p", model="doubao-seedance-1-0-pro-250528")
    assert seedance.generate_video(request).submit.json["model"] == "seedance-1-0-pro-250528"
    assert seedance.generate_chat(request).submit.json["model"] == "doubao-seedance-1-0-pro-250528"


def test_the_chat_variant_sends_the_examples_body_with_the_options_as_text_flags():
    from gptproto_core.vendors._inputs import validated

    request = validated(
        seedance.VideoRequest,
        prompt="Make her dance",
        first_frame="https://e/a.png",
        resolution="1080p",
        camerafixed=False,
        duration=5,
    )
    job = seedance.generate_chat(request)
    assert (job.submit.path, job.tracker, job.read_stream) == (
        "/v1/chat/completions",
        None,
        seedance.read_chat_stream,
    )
    assert job.submit.json == {
        "model": "doubao-seedance-1-0-pro-250528",
        "stream": True,
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "Make her dance --resolution 1080p --duration 5 --camerafixed false",
                    },
                    {"type": "image_url", "image_url": "https://e/a.png"},
                ],
            }
        ],
    }
    op = seedance.OPERATIONS[0]
    assert op.job_for("chat") is seedance.generate_chat and op.job_for(None) is op.job
