"""Flux in its three formats (API.md §12): bodies, BFL statuses, image links, without sockets."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from gptproto_core.errors import (
    ContentPolicyError,
    InvalidInputError,
    NotFoundError,
    TaskFailedError,
    UnexpectedResponseError,
)
from gptproto_core.retry import RequestKind
from gptproto_core.tasks import TaskRunner
from gptproto_core.vendors import flux
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

# The captured get_result body of API.md §12.4 (REAL).
READY = {
    "id": "fe8aa692-0348-479b-9a88-35b897977326",
    "result": {
        "duration": 6.267704725265503,
        "endTime": 1758083319.0369077,
        "prompt": "让他们站立",
        "sample": "https://delivery-eu1.bfl.ai/results/d8/sample.jpeg?se=2025&sig=x",
        "seed": 42,
        "startTime": 1758083312.769203,
    },
    "status": "Ready",
}


def request(**fields: Any) -> flux.ImageRequest:
    return validated(flux.ImageRequest, **fields)


def test_official_text_to_image_body():
    job = flux.submit(request(prompt="ein fantastisches bild", model="flux-kontext-max"))
    assert (job.submit.path, job.submit.json) == (
        "/flux/v1/flux-kontext-max",
        {"prompt": "ein fantastisches bild"},
    )
    assert job.operation == "generate"


def test_official_editing_sends_input_images_as_url_or_plain_base64():
    job = flux.submit(
        request(
            prompt="make it blue",
            image=str(DATA / "sample.png"),
            extra_images=["https://example.com/b.png"],
            seed=42,
            aspect_ratio="21:9",
            output_format="jpeg",
            safety_tolerance=2,
            prompt_upsampling=False,
        )
    )
    body = job.submit.json
    assert base64.b64decode(body.pop("input_image")) == (DATA / "sample.png").read_bytes()
    assert body == {
        "prompt": "make it blue",
        "input_image_2": "https://example.com/b.png",
        "seed": 42,
        "aspect_ratio": "21:9",
        "output_format": "jpeg",
        "prompt_upsampling": False,
        "safety_tolerance": 2,
    }
    assert job.operation == "edit"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"prompt": ""}, "prompt"),
        ({"prompt": "p", "aspect_ratio": "32:9"}, "aspect_ratio"),
        ({"prompt": "p", "aspect_ratio": "wide"}, "aspect_ratio"),
        ({"prompt": "p", "image": "my cat"}, "neither an http"),
        ({"prompt": "p", "model": "flux-dev"}, "model"),
        ({"prompt": "p", "safety_tolerance": 9}, "safety_tolerance"),
        ({"prompt": "p", "extra_images": ["https://e/a.png"] * 4}, "extra_images"),
    ],
)
def test_bad_requests_name_the_field_before_sending(fields, message):
    with pytest.raises(InvalidInputError, match=message):
        request(**fields)


def test_submit_answer_and_polling_get_result():
    job = flux.submit(request(prompt="a cat"))
    task = job.read_submitted({"id": "T", "polling_url": "https://api.bfl.ai/v1/get_result?id=T"})
    assert (task.id, task.status) == ("T", "queued")
    fetch = job.tracker.fetch(task)
    assert (fetch.method, fetch.path, fetch.params) == ("GET", "/flux/v1/get_result", {"id": "T"})
    with pytest.raises(UnexpectedResponseError):
        job.read_submitted({"polling_url": "x"})


def test_ready_pending_and_error():
    task = flux.TRACKER.start(READY["id"])
    done = flux.read_result(READY, task)
    assert (done.status, done.progress) == ("succeeded", 1.0)
    assert done.outputs[0].url == READY["result"]["sample"] and done.outputs[0].kind == "image"
    pending = flux.read_result(
        {"id": "T", "status": "Pending", "result": None, "progress": 0.4}, task
    )
    assert (pending.status, pending.progress, pending.outputs) == ("running", 0.4, ())
    error = flux.read_result({"id": "T", "status": "Error", "details": {"message": "GPU"}}, task)
    assert (error.status, error.error) == ("failed", "GPU")


@pytest.mark.parametrize("word", ["Request Moderated", "Content Moderated"])
def test_moderation_is_a_content_policy_error_naming_the_task(word):
    task = flux.TRACKER.start("T")
    with pytest.raises(ContentPolicyError, match="flux task T") as caught:
        flux.read_result({"id": "T", "status": word, "details": {"message": "nsfw"}}, task)
    assert caught.value.code == word and "nsfw" in str(caught.value)


def test_unknown_task_is_not_found():
    with pytest.raises(NotFoundError, match="'T'"):
        flux.read_result(
            {"id": "T", "status": "Task not found", "result": None}, flux.TRACKER.start("T")
        )


def test_images_format_puts_the_reference_url_in_the_prompt():
    job = flux.generate_images(
        request(prompt="cat with a red hat", image="https://xxx.png", aspect_ratio="16:9")
    )
    assert (job.submit.path, job.submit.json) == (
        "/v1/images/generations",
        {
            "prompt": "cat with a red hat https://xxx.png",
            "model": "flux-kontext-pro",
            "size": "16:9",
            "n": 1,
        },
    )
    with pytest.raises(InvalidInputError, match="URLs only"):
        flux.generate_images(request(prompt="p", image=str(DATA / "sample.png")))


def test_images_answers_with_url_or_base64():
    job = flux.generate_images(request(prompt="cat"))
    task = job.read_submitted(
        {"created": 7, "data": [{"url": "https://i/0.png"}, {"b64_json": "QUJD"}]}
    )
    assert task.done and task.status == "succeeded"
    assert [o.url for o in task.outputs] == ["https://i/0.png", "data:image/png;base64,QUJD"]
    with pytest.raises(UnexpectedResponseError):
        job.read_submitted({"created": 7, "data": []})


def test_chat_format_body_and_links_read_from_the_reply():
    job = flux.generate_chat(request(prompt="Draw me a blue cat", model="flux-kontext-max"))
    assert job.submit.json == {
        "stream": False,
        "model": "flux-kontext-max",
        "messages": [{"role": "user", "content": "Draw me a blue cat"}],
    }
    reply = {
        "id": "chatcmpl-1",
        "choices": [{"message": {"content": "Here it is ![cat](https://cdn/cat.png)"}}],
    }
    task = job.read_submitted(reply)
    assert task.status == "succeeded" and task.outputs[0].url == "https://cdn/cat.png"
    refused = job.read_submitted({"id": "c", "choices": [{"message": {"content": "I cannot."}}]})
    assert (refused.status, refused.error) == ("failed", "I cannot.")
    edit = flux.generate_chat(request(prompt="bluer", image="https://e/cat.png"))
    assert edit.submit.json["messages"][0]["content"][1] == {
        "type": "image_url",
        "image_url": {"url": "https://e/cat.png"},
    }


class OneAnswer:
    def __init__(self, body: Any) -> None:
        self.body, self.kinds = body, []

    def request_json(
        self, method: str, path: str, *, kind: RequestKind = RequestKind.READ, **_: Any
    ) -> Any:
        self.kinds.append(kind)
        return self.body


def test_synchronous_formats_finish_without_polling():
    client = OneAnswer({"created": 1, "data": [{"url": "https://i/0.png"}]})
    task = TaskRunner(client, sleep=lambda _: None).run(flux.generate_images(request(prompt="c")))  # type: ignore[arg-type]
    assert task.status == "succeeded" and client.kinds == [RequestKind.SUBMIT]
    refused = OneAnswer({"id": "c", "choices": [{"message": {"content": "No."}}]})
    with pytest.raises(TaskFailedError, match=r"No\."):
        TaskRunner(refused, sleep=lambda _: None).run(flux.generate_chat(request(prompt="c")))  # type: ignore[arg-type]
