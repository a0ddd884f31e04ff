"""Doubao Seedance tools end to end (API.md §13.6, §13.7), replayed from cassettes recorded on
the emulator: Ark's shapes and the docs site's wrapped ones, frames, resuming, each failure."""

from __future__ import annotations

import json
from typing import Any

import pytest

from langchain_gptproto.tools import DoubaoSeedanceGenerateVideo, DoubaoSeedanceGetTask
from tests.cassette._media import Progress, call, make
from tests.conftest import Target

pytestmark = pytest.mark.vcr

ROUTE = "/api/v3/contents/generations/tasks"
IMAGE = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"
LAST = "https://example.com/last-frame.png"


def sent(vcr: Any) -> list[Any]:
    return [json.loads(r.body) for r in vcr.requests if r.method == "POST" and r.path == ROUTE]


def wrapped(target: Target) -> None:
    """Answer in the docs site's `{"code": 0, "data": {...}}` while recording."""
    if target.emulator is not None:
        target.emulator.set_response_shape("seedance_task", "wrapped")


def test_image_to_video_with_the_example_options_and_progress(gptproto_target, vcr):
    progress = Progress()
    message = call(
        DoubaoSeedanceGenerateVideo,
        gptproto_target,
        {
            "prompt": "The camera pans from left to right, revealing the full scene of the image",
            "model": "seedance-1-0-lite-i2v-250428",
            "first_frame": IMAGE,
            "ratio": "16:9",
            "resolution": "1080p",
            "camerafixed": False,
            "seed": -1,
            "watermark": False,
        },
        callbacks=[progress],
    )
    task = message.artifact
    assert task.status == "succeeded" and task.id.startswith("cgt-")
    assert task.outputs[0].kind == "video" and task.outputs[0].url in message.content
    (body,) = sent(vcr)
    assert body["content"][1] == {"type": "image_url", "image_url": {"url": IMAGE}}
    assert body["resolution"] == "1080p" and body["seed"] == -1
    assert all(r.path == f"{ROUTE}/{task.id}" for r in vcr.requests if r.method == "GET")
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"


def test_text_to_video_and_first_and_last_frames(gptproto_target, vcr):
    text = call(
        DoubaoSeedanceGenerateVideo,
        gptproto_target,
        {"prompt": "white daisies", "model": "seedance-1-0-lite-t2v-250428", "duration": 10},
    )
    frames = call(
        DoubaoSeedanceGenerateVideo,
        gptproto_target,
        {"prompt": "she turns", "first_frame": IMAGE, "last_frame": LAST},
    )
    assert text.artifact.status == frames.artifact.status == "succeeded"
    first, second = sent(vcr)
    assert first == {
        "model": "seedance-1-0-lite-t2v-250428",
        "content": [{"type": "text", "text": "white daisies"}],
        "duration": 10,
    }
    assert [item.get("role") for item in second["content"]] == [None, "first_frame", "last_frame"]


def test_the_wrapped_shape_of_the_docs_site(gptproto_target, vcr):
    wrapped(gptproto_target)
    message = call(DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a wrapped comet"})
    assert message.artifact.status == "succeeded" and message.artifact.outputs
    assert json.loads(vcr.responses[-1]["body"]["string"])["data"]["status"] == "completed"


def test_no_wait_then_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(
        DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a paper boat", "wait": False}
    )
    task_id = submitted.artifact.id
    assert submitted.artifact.status == "queued" and f"task_id={task_id!r}" in submitted.content
    found = call(DoubaoSeedanceGetTask, gptproto_target, {"task_id": task_id})
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert len(sent(vcr)) == 1


def test_a_failed_task_reports_error_message_and_the_id(gptproto_target, vcr):
    gptproto_target.script_next_job("seedance", "fail", "Insufficient GPU resources")
    message = call(DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a quiet street"})
    assert message.status == "error" and "Insufficient GPU resources" in message.content
    assert "cgt-" in message.content


def test_a_failed_task_in_the_wrapped_shape(gptproto_target, vcr):
    wrapped(gptproto_target)
    gptproto_target.script_next_job("seedance", "fail", "Wrapped failure")
    message = call(DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a quiet street"})
    assert message.status == "error" and "Wrapped failure" in message.content


@pytest.mark.parametrize("shape", ["ark", "wrapped"])
def test_a_cancelled_task_names_the_id_and_says_nothing_was_made(gptproto_target, vcr, shape):
    if shape == "wrapped":
        wrapped(gptproto_target)
    gptproto_target.script_next_job("seedance", "cancel")
    message = call(DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a quiet street"})
    assert message.status == "error" and message.artifact.status == "cancelled"
    assert f"Task {message.artifact.id} was cancelled" in message.content
    assert "Nothing was made" in message.content and len(sent(vcr)) == 1


def test_sensitive_output_and_input_are_content_policy_refusals(gptproto_target, vcr):
    gptproto_target.script_next_job("seedance", "moderated")
    output = call(DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a quiet street"})
    assert output.status == "error" and "sensitive" in output.content and "cgt-" in output.content
    banned = call(DoubaoSeedanceGenerateVideo, gptproto_target, {"prompt": "a nsfw parade"})
    assert banned.status == "error" and "InputTextSensitiveContentDetected" in banned.content


def test_unknown_and_malformed_task_ids(gptproto_target, vcr):
    unknown = call(DoubaoSeedanceGetTask, gptproto_target, {"task_id": "cgt-0-00000"})
    assert unknown.status == "error" and "not found" in unknown.content.lower()
    malformed = call(DoubaoSeedanceGetTask, gptproto_target, {"task_id": "task_123"})
    assert malformed.status == "error" and "Invalid task_id format" in malformed.content
    # Nothing was submitted: the model is told to check the id, not to wait for a job.
    assert "was refused" in malformed.content and "submitted" not in malformed.content


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for args, field in [
        ({"prompt": "p", "last_frame": LAST}, "first_frame"),
        ({"prompt": "p", "model": "seedance-1-0-lite-i2v-250428"}, "first_frame"),
        ({"prompt": "p", "resolution": "4k"}, "resolution"),
        ({"prompt": "p", "duration": 60}, "duration"),
    ]:
        answer = make(DoubaoSeedanceGenerateVideo, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_video_then_async_lookup(gptproto_target, vcr):
    progress = Progress()
    tool = make(DoubaoSeedanceGenerateVideo, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}},
        {"callbacks": [progress]},
    )
    assert message.artifact.status == "succeeded" and progress.events[-1]["status"] == "succeeded"
    lookup = make(DoubaoSeedanceGetTask, gptproto_target)
    found = await lookup.ainvoke({"task_id": message.artifact.id})
    assert message.artifact.outputs[0].url in found


# --- the chat variant (§13.6): one stream, read to its end -----------------------------------


def chat_tool(target: Target) -> Any:
    return make(DoubaoSeedanceGenerateVideo, target, api_format="chat")


def test_chat_format_sends_the_examples_body_and_streams_to_the_video(gptproto_target, vcr):
    progress = Progress()
    tool = chat_tool(gptproto_target)
    args = {"prompt": "Make her dance", "first_frame": IMAGE, "resolution": "1080p", "seed": 7}
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": args},
        {"callbacks": [progress]},
    )
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].url.endswith(".mp4")
    assert task.outputs[0].url in message.content and task.id.startswith("cgt-")
    (request,) = vcr.requests
    body = json.loads(request.body)
    assert (request.path, body["model"], body["stream"]) == (
        "/v1/chat/completions",
        "doubao-seedance-1-0-pro-250528",
        True,
    )
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "Make her dance --resolution 1080p --seed 7"},
        {"type": "image_url", "image_url": IMAGE},
    ]
    running = [e for e in progress.events if e["status"] == "running"]
    assert len(running) >= 3 and progress.events[-1]["status"] == "succeeded"


def test_chat_format_stream_without_a_link_is_a_failure_naming_the_last_line(gptproto_target, vcr):
    gptproto_target.script_next_job("seedance", "fail", "No GPU today")
    message = chat_tool(gptproto_target).invoke({"prompt": "a cow"})
    assert "without a video link" in message and "No GPU today" in message


def test_chat_format_refuses_wait_false_and_a_last_frame_before_sending(gptproto_target, vcr):
    tool = chat_tool(gptproto_target)
    detached = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "p", "wait": False}}
    )
    assert detached.status == "error" and detached.content.startswith(
        "Invalid arguments: wait=False"
    )
    assert "Call it again with wait=True" in detached.content
    framed = tool.invoke({"prompt": "p", "first_frame": IMAGE, "last_frame": LAST})
    assert framed.startswith("Invalid arguments: last_frame")
    assert vcr.requests == []  # nothing was sent, nothing paid


async def test_chat_format_async(gptproto_target, vcr):
    tool = chat_tool(gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async boat"}}
    )
    assert message.artifact.status == "succeeded" and message.artifact.outputs[0].kind == "video"
