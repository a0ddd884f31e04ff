"""Flux tools end to end in all three formats (API.md §12), replayed from cassettes recorded on
the emulator."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_gptproto.tools import FluxGenerateImage, FluxGetTask
from tests.cassette._media import Progress, make
from tests.conftest import DATA

pytestmark = pytest.mark.vcr


def call(tool: Any, args: dict[str, Any], **config: Any) -> ToolMessage:
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": args}, config
    )
    assert isinstance(message, ToolMessage)
    return message


def sent(vcr: Any, path: str) -> list[Any]:
    return [json.loads(r.body) for r in vcr.requests if r.method == "POST" and r.path == path]


def test_text_to_image_polls_get_result_with_progress(gptproto_target, vcr):
    progress = Progress()
    message = call(
        make(FluxGenerateImage, gptproto_target),
        {"prompt": "ein fantastisches bild", "aspect_ratio": "21:9", "seed": 42},
        callbacks=[progress],
    )
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].url.endswith("/sample.jpeg")
    assert task.outputs[0].url in message.content and task.raw["result"]["seed"] == 42
    assert sent(vcr, "/flux/v1/flux-kontext-pro") == [
        {"prompt": "ein fantastisches bild", "seed": 42, "aspect_ratio": "21:9"}
    ]
    polls = [r for r in vcr.requests if r.method == "GET"]
    assert polls and all(
        r.path == "/flux/v1/get_result" and f"id={task.id}" in r.uri for r in polls
    )
    fractions = [e["progress"] for e in progress.events if e["progress"] is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert progress.events[0]["status"] == "queued" and progress.events[-1]["status"] == "succeeded"


def test_pending_is_reported_with_its_progress(gptproto_target, vcr):
    # §12.4: BFL answers `Pending` with `progress` (0-1) until the image is ready. The emulator's
    # clock is slowed while recording, so the lookup lands halfway through `Pending`.
    gptproto_target.set_clock(speed=0.001)
    submitted = call(
        make(FluxGenerateImage, gptproto_target), {"prompt": "a slow lighthouse", "wait": False}
    ).artifact
    gptproto_target.set_clock(advance=2.5)
    lookup = make(FluxGetTask, gptproto_target)
    pending = call(lookup, {"task_id": submitted.id, "wait": False})
    assert pending.artifact.raw["status"] == "Pending"
    assert pending.artifact.status == "running" and pending.artifact.progress == 0.5
    assert "is running, 50% done" in pending.content and "flux_get_task" in pending.content
    gptproto_target.set_clock(speed=500)
    done = call(lookup, {"task_id": submitted.id})
    assert done.artifact.status == "succeeded" and done.artifact.outputs[0].url in done.content


def test_kontext_editing_of_a_local_image(gptproto_target, vcr):
    message = call(
        make(FluxGenerateImage, gptproto_target),
        {
            "prompt": "make the background blue",
            "image": str(DATA / "sample.png"),
            "model": "flux-kontext-max",
            "output_format": "png",
        },
    )
    assert message.artifact.status == "succeeded" and message.artifact.operation == "edit"
    assert message.artifact.outputs[0].url.endswith("/sample.png")
    (body,) = sent(vcr, "/flux/v1/flux-kontext-max")
    assert base64.b64decode(body["input_image"]) == (DATA / "sample.png").read_bytes()
    assert body["output_format"] == "png"


def test_no_wait_then_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(make(FluxGenerateImage, gptproto_target), {"prompt": "a kite", "wait": False})
    task_id = submitted.artifact.id
    assert "flux_get_task" in submitted.content
    found = call(make(FluxGetTask, gptproto_target), {"task_id": task_id})
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert len(sent(vcr, "/flux/v1/flux-kontext-pro")) == 1


def test_error_status_reports_the_reason(gptproto_target, vcr):
    gptproto_target.script_next_job("flux", "fail", "Upstream GPU error")
    message = call(make(FluxGenerateImage, gptproto_target), {"prompt": "a harbor"})
    assert message.status == "error" and "Upstream GPU error" in message.content


@pytest.mark.parametrize(
    ("prompt", "scripted", "word"),
    [("a bannedword harbor", False, "Request Moderated"), ("a harbor", True, "Content Moderated")],
)
def test_moderation_is_a_content_policy_error(gptproto_target, vcr, prompt, scripted, word):
    if scripted:
        gptproto_target.script_next_job("flux", "moderated")
    message = call(make(FluxGenerateImage, gptproto_target), {"prompt": prompt})
    assert message.status == "error" and "refused by moderation" in message.content
    assert word in message.content


def test_unknown_task_is_not_found(gptproto_target, vcr):
    message = call(make(FluxGetTask, gptproto_target), {"task_id": "no-such-task", "wait": False})
    assert message.status == "error" and "no-such-task" in message.content


def test_images_format_answers_at_once(gptproto_target, vcr):
    tool = make(FluxGenerateImage, gptproto_target, api_format="images")
    message = call(
        tool, {"prompt": "cat with a red hat", "image": "https://xxx.png", "aspect_ratio": "16:9"}
    )
    assert message.artifact.status == "succeeded" and message.artifact.outputs[0].kind == "image"
    assert sent(vcr, "/v1/images/generations") == [
        {
            "prompt": "cat with a red hat https://xxx.png",
            "model": "flux-kontext-pro",
            "size": "16:9",
            "n": 1,
        }
    ]
    assert len(vcr.requests) == 1


def test_chat_format_reads_the_image_link_from_the_reply(gptproto_target, vcr):
    tool = make(FluxGenerateImage, gptproto_target, api_format="chat")
    message = call(tool, {"prompt": "Draw me a blue cat", "model": "flux-kontext-max"})
    task = message.artifact
    assert task.status == "succeeded" and task.outputs[0].url.startswith("https://")
    assert sent(vcr, "/v1/chat/completions") == [
        {
            "stream": False,
            "model": "flux-kontext-max",
            "messages": [{"role": "user", "content": "Draw me a blue cat"}],
        }
    ]


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for args, field in [
        ({"prompt": ""}, "prompt"),
        ({"prompt": "p", "aspect_ratio": "32:9"}, "aspect_ratio"),
        ({"prompt": "p", "image": "not a picture"}, "image"),
    ]:
        answer = make(FluxGenerateImage, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_generate_and_lookup(gptproto_target, vcr):
    tool = make(FluxGenerateImage, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}}
    )
    assert message.artifact.status == "succeeded"
    found = await make(FluxGetTask, gptproto_target).ainvoke({"task_id": message.artifact.id})
    assert message.artifact.outputs[0].url in found
