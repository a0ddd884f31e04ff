"""Kling request bodies, service codes and the task object (API.md §9), without sockets."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from gptproto_core.errors import (
    AuthenticationError,
    BadRequestError,
    ContentPolicyError,
    InsufficientBalanceError,
    InvalidInputError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from gptproto_core.vendors import kling
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA


def envelope(code: int = 0, message: str = "SUCCEED", **data: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "request_id": "r1"}
    if data:
        body["data"] = data
    return body


def test_every_documented_status_word_is_mapped():
    expected = {
        "submitted": "queued",
        "processing": "running",
        "succeed": "succeeded",
        "failed": "failed",
    }
    assert {word: kling.STATUS(word) for word in expected} == expected


def test_seed_bodies():
    image = kling.generate_image(
        validated(kling.ImageRequest, prompt="A happy scene on the beach.")
    )
    assert (image.submit.path, image.submit.json) == (
        "/kling/v1/images/generations",
        {"prompt": "A happy scene on the beach."},
    )
    t2v = kling.text_to_video(
        validated(
            kling.TextToVideoRequest,
            model="kling-video-std-10-v1-6",
            prompt="飞机飞过头顶",
            negative_prompt="",
            cfg_scale=0.930127850077239,
            mode="std",
            aspect_ratio="16:9",
            duration="10",
        )
    )
    assert t2v.submit.path == "/kling/v1/videos/text2video"
    assert t2v.submit.json == {
        "model": "kling-video-std-10-v1-6",
        "prompt": "飞机飞过头顶",
        "negative_prompt": "",
        "duration": "10",
        "mode": "std",
        "aspect_ratio": "16:9",
        "cfg_scale": 0.930127850077239,
    }
    i2v = kling.image_to_video(
        validated(
            kling.ImageToVideoRequest, prompt="flow", image="https://img.jpg", aspect_ratio="1:1"
        )
    )
    assert (i2v.submit.path, i2v.submit.json) == (
        "/kling/v1/videos/image2video",
        {
            "prompt": "flow",
            "image": "https://img.jpg",
            "duration": "5",
            "mode": "std",
            "aspect_ratio": "1:1",
        },
    )


def test_duration_is_sent_as_a_string_and_both_model_fields_are_accepted():
    request = validated(kling.TextToVideoRequest, prompt="p", duration=10, model_name="kling-v1-6")
    body = kling.text_to_video(request).submit.json
    assert body["duration"] == "10" and body["model_name"] == "kling-v1-6"
    assert body["model"] == "kling-video-std-10-v1-6"  # §9.2's SKU goes along with model_name


def test_text_to_video_sends_the_documented_sku_by_default():
    body = kling.text_to_video(validated(kling.TextToVideoRequest, prompt="p")).submit.json
    assert list(body)[:2] == ["model", "prompt"] and body["model"] == "kling-video-std-10-v1-6"
    other = validated(kling.TextToVideoRequest, prompt="p", model="kling-video-pro-5-v1-6")
    assert kling.text_to_video(other).submit.json["model"] == "kling-video-pro-5-v1-6"
    with pytest.raises(InvalidInputError, match="model"):
        validated(kling.TextToVideoRequest, prompt="p", model="")


def test_a_local_image_is_sent_as_plain_base64():
    request = validated(kling.ImageToVideoRequest, image=str(DATA / "sample.png"))
    sent = kling.image_to_video(request).submit.json["image"]
    assert base64.b64decode(sent) == (DATA / "sample.png").read_bytes()


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (kling.TextToVideoRequest, {"prompt": ""}, "prompt"),
        (kling.TextToVideoRequest, {"prompt": "p", "duration": "7"}, "duration"),
        (kling.TextToVideoRequest, {"prompt": "p", "duration": 15}, "duration"),
        (kling.TextToVideoRequest, {"prompt": "p", "aspect_ratio": "4:3"}, "aspect_ratio"),
        (kling.TextToVideoRequest, {"prompt": "p", "cfg_scale": 2}, "cfg_scale"),
        (kling.ImageToVideoRequest, {"prompt": "p"}, "image"),
        (kling.ImageToVideoRequest, {"image": "a sunset"}, "neither an http"),
        (kling.ImageToVideoRequest, {"image": "iVBORw0KGgo" * 40}, "neither an http"),
        (kling.ImageRequest, {"prompt": "p", "n": 10}, "n"),
        (kling.ImageRequest, {"prompt": "p", "image": str(DATA / "sample.pdf")}, "not an image"),
    ],
)
def test_bad_requests_name_the_field_before_sending(model, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(model, **fields)


def test_submit_answer_becomes_a_task_named_by_its_query_path():
    job = kling.text_to_video(validated(kling.TextToVideoRequest, prompt="p"))
    task = job.read_submitted(envelope(task_id="T1", task_status="submitted"))
    assert (task.id, task.status, task.operation) == (
        "videos/text2video/T1",
        "queued",
        "text_to_video",
    )
    assert job.tracker.fetch(task).path == "/kling/v1/videos/text2video/T1"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (1002, AuthenticationError),
        (1102, InsufficientBalanceError),
        (1201, BadRequestError),
        (1203, NotFoundError),
        (1301, ContentPolicyError),
        (1302, RateLimitError),
        (5000, ServerError),
        (4242, BadRequestError),
    ],
)
def test_a_nonzero_code_is_a_typed_error_with_kling_message(code, error):
    job = kling.generate_image(validated(kling.ImageRequest, prompt="p"))
    with pytest.raises(error) as caught:
        job.read_submitted(envelope(code, "Kling says no"))
    assert "Kling says no" in str(caught.value) and caught.value.code == code
    assert caught.value.request_id == "r1"


def test_bodies_without_code_or_task_are_unexpected():
    with pytest.raises(UnexpectedResponseError):
        kling.read_task({"data": {}}, kling.TRACKER.start("images/generations/T"))
    with pytest.raises(UnexpectedResponseError):
        kling.read_task(envelope(), kling.TRACKER.start("images/generations/T"))


def test_task_results_failures_and_progress():
    video = kling.TRACKER.start("videos/image2video/V")
    result = {"videos": [{"id": "V", "url": "https://k/v.mp4", "duration": "5"}]}
    done = kling.read_task(envelope(task_id="V", task_status="succeed", task_result=result), video)
    assert done.status == "succeeded" and [(o.url, o.kind, o.label) for o in done.outputs] == [
        ("https://k/v.mp4", "video", "5 s")
    ]
    image = kling.TRACKER.start("images/generations/I")
    images = {
        "images": [{"index": 0, "url": "https://k/0.png"}, {"index": 1, "url": "https://k/1.png"}]
    }
    grid = kling.read_task(envelope(task_id="I", task_status="succeed", task_result=images), image)
    assert [o.kind for o in grid.outputs] == ["image", "image"]
    failed = kling.read_task(
        envelope(task_id="V", task_status="failed", task_status_msg="Risk control"), video
    )
    assert (failed.status, failed.error) == ("failed", "Risk control")
    silent = kling.read_task(envelope(task_id="V", task_status="failed"), video)
    assert silent.error == "the task failed without a reason"
    running = kling.read_task(envelope(task_id="V", task_status="processing"), video)
    assert (running.status, running.outputs, running.error) == ("running", (), None)


def test_resume_needs_the_id_as_the_tools_return_it():
    task = kling.TRACKER.start("videos/text2video/abc")
    assert kling.TRACKER.fetch(task).path == "/kling/v1/videos/text2video/abc"
    with pytest.raises(InvalidInputError, match="task_id"):
        kling.TRACKER.start("abc")
    with pytest.raises(InvalidInputError, match="task_id"):
        kling.TRACKER.start("music/generate/abc")
