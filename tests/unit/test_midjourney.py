"""Midjourney request models, submit codes and the task object (API.md §7), without sockets."""

from __future__ import annotations

import pytest

from gptproto_core.errors import (
    BadRequestError,
    ContentPolicyError,
    InvalidInputError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from gptproto_core.tasks import Task
from gptproto_core.vendors import midjourney as mj
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

IMG = "https://example.com/a.png"


def test_every_documented_status_word_is_mapped():
    expected = {
        "NOT_START": "queued",
        "SUBMITTED": "queued",
        "MODAL": "running",
        "IN_PROGRESS": "running",
        "FAILURE": "failed",
        "SUCCESS": "succeeded",
        "CANCEL": "cancelled",
    }
    assert {word: mj.STATUS(word) for word in expected} == expected


def test_imagine_body_and_local_file_becomes_data_uri():
    job = mj.imagine(
        validated(mj.ImagineRequest, prompt=" a fox ", images=[str(DATA / "sample.png"), IMG])
    )
    assert job.submit.path == "/mj/submit/imagine"
    body = job.submit.json
    assert body["prompt"] == "a fox" and body["botType"] == "MID_JOURNEY"
    assert (
        body["base64Array"][0].startswith("data:image/png;base64,")
        and body["base64Array"][1] == IMG
    )


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (mj.ImagineRequest, {"prompt": ""}, "prompt"),
        (mj.BlendRequest, {"images": [IMG]}, "images"),
        (mj.BlendRequest, {"images": [IMG] * 6}, "images"),
        (mj.ChangeRequest, {"task_id": "1", "action": "UPSCALE"}, "index"),
        (mj.ChangeRequest, {"task_id": "1", "action": "UPSCALE", "index": 5}, "index"),
        (mj.DescribeRequest, {"image": "/no/such/file.png"}, "neither an http"),
        (mj.ImagineRequest, {"prompt": "x", "images": [str(DATA / "sample.pdf")]}, "not an image"),
        (mj.ActionRequest, {"task_id": "1"}, "custom_id"),
    ],
)
def test_bad_requests_name_the_field_before_sending(model, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(model, **fields)


def test_reroll_needs_no_index():
    assert validated(mj.ChangeRequest, task_id="1", action="REROLL").index is None


@pytest.mark.parametrize("code", [1, 21, 22])
def test_accepted_submit_codes(code):
    task = mj.read_submitted({"code": code, "description": "ok", "result": "123"}, "imagine")
    assert (task.id, task.status, task.operation) == ("123", "queued", "imagine")


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (23, RateLimitError),
        (24, ContentPolicyError),
        (3, NotFoundError),
        (4, BadRequestError),
        (9, ServerError),
    ],
)
def test_refused_submit_codes_raise_typed_errors(code, error):
    body = {"code": code, "description": "可能包含敏感词", "properties": {"bannedWord": "nude"}}
    with pytest.raises(error) as caught:
        mj.read_submitted(body, "imagine")
    assert "可能包含敏感词" in str(caught.value) and "nude" in str(caught.value)


def test_task_object_success_with_buttons():
    body = {
        "id": "1400",
        "action": "IMAGINE",
        "status": "SUCCESS",
        "progress": "100%",
        "imageUrl": "https://cdn.discordapp.com/x.png",
        "failReason": None,
        "buttons": [
            {"customId": "MJ::JOB::upsample::1::abc", "emoji": "", "label": "U1"},
            {"customId": "MJ::JOB::reroll::0::abc::SOLO", "emoji": "🔄", "label": ""},
        ],
        "properties": {"finalPrompt": "Cat"},
    }
    task = mj.read_task(body, None)
    assert task.status == "succeeded" and task.progress == 1.0
    assert [o.url for o in task.outputs] == ["https://cdn.discordapp.com/x.png"]
    assert [(a.id, a.label) for a in task.actions] == [
        ("MJ::JOB::upsample::1::abc", "U1"),
        ("MJ::JOB::reroll::0::abc::SOLO", "🔄"),
    ]


def test_task_object_progress_failure_modal_and_describe():
    running = mj.read_task({"id": "1", "status": "IN_PROGRESS", "progress": "45%"}, None)
    assert (running.status, running.progress, running.outputs) == ("running", 0.45, ())
    failed = mj.read_task({"id": "1", "status": "FAILURE", "failReason": "Job queue full"}, None)
    assert (failed.status, failed.error) == ("failed", "Job queue full")
    waiting = mj.read_task({"id": "1", "status": "MODAL"}, None)
    assert waiting.needs_input
    previous = Task(id="9", vendor="midjourney", operation="describe", status="queued")
    described = mj.read_task(
        {"id": "9", "status": "SUCCESS", "properties": {"finalPrompt": "1️⃣ a cat"}}, previous
    )
    assert described.text == "1️⃣ a cat"


def test_unknown_task_id_is_not_found():
    with pytest.raises(NotFoundError, match="'42'"):
        mj.read_task(None, mj.TRACKER.start("42"))
