"""Midjourney tools end to end (API.md §7), replayed from cassettes recorded on the emulator."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from gptproto_core.tasks import Task
from langchain_gptproto.tools import (
    MidjourneyAction,
    MidjourneyBlend,
    MidjourneyChange,
    MidjourneyDescribe,
    MidjourneyGetTask,
    MidjourneyImagine,
    MidjourneyModal,
    MidjourneySwapFace,
)
from tests.cassette._media import Progress, make
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

# Midjourney's image fields take data URIs (every documented example is one; the emulator
# refuses a plain URL there), so the images here are a data URI and a local file.
SAMPLE = DATA / "sample.png"
IMAGE = "data:image/png;base64," + base64.b64encode(SAMPLE.read_bytes()).decode()


def call(tool: Any, args: dict[str, Any], **config: Any) -> ToolMessage:
    message = tool.invoke(
        {"type": "tool_call", "id": "call_1", "name": tool.name, "args": args}, config
    )
    assert isinstance(message, ToolMessage)
    return message


def submissions(vcr: Any) -> list[str]:
    return [
        r.path
        for r in vcr.requests
        if (r.method == "POST" and "/submit/" in r.path) or "swap" in r.path
    ]


def test_imagine_waits_reports_progress_and_lists_actions(gptproto_target, vcr):
    progress = Progress()
    message = call(
        make(MidjourneyImagine, gptproto_target),
        {"prompt": "a red fox in the snow --ar 16:9"},
        callbacks=[progress],
    )
    task = message.artifact
    assert isinstance(task, Task) and task.status == "succeeded"
    assert task.outputs[0].kind == "image" and task.outputs[0].url in message.content
    assert [a.label for a in task.actions][:4] == ["U1", "U2", "U3", "U4"]
    assert f"task_id={task.id!r}" in message.content
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and statuses[-1] == "succeeded" and "running" in statuses
    fractions = [e["progress"] for e in progress.events if e["progress"] is not None]
    assert fractions == sorted(fractions) and len(progress.events) == len(
        {(e["status"], e["progress"]) for e in progress.events}
    )
    assert json.loads(vcr.requests[0].body) == {
        "prompt": "a red fox in the snow --ar 16:9",
        "botType": "MID_JOURNEY",
        "base64Array": [],
    }


def test_imagine_then_upscale_u1(gptproto_target, vcr):
    grid = call(
        make(MidjourneyImagine, gptproto_target), {"prompt": "a lighthouse at dawn"}
    ).artifact
    u1 = next(a for a in grid.actions if a.label == "U1")
    upscaled = call(
        make(MidjourneyAction, gptproto_target), {"task_id": grid.id, "custom_id": u1.id}
    )
    assert upscaled.artifact.status == "succeeded" and upscaled.artifact.id != grid.id
    assert upscaled.artifact.outputs[0].url in upscaled.content
    action_body = json.loads(next(r.body for r in vcr.requests if r.path == "/mj/submit/action"))
    assert action_body == {"customId": u1.id, "taskId": grid.id}


def test_change_upscale_by_index(gptproto_target, vcr):
    grid = call(make(MidjourneyImagine, gptproto_target), {"prompt": "a green owl"}).artifact
    changed = call(
        make(MidjourneyChange, gptproto_target),
        {"task_id": grid.id, "action": "UPSCALE", "index": 2},
    )
    assert changed.artifact.status == "succeeded"
    body = json.loads(next(r.body for r in vcr.requests if r.path == "/mj/submit/change"))
    assert body == {"taskId": grid.id, "action": "UPSCALE", "index": 2}


def test_blend_describe_and_swap_face(gptproto_target, vcr):
    blended = call(
        make(MidjourneyBlend, gptproto_target),
        {"images": [IMAGE, str(SAMPLE)], "dimensions": "LANDSCAPE"},
    )
    assert blended.artifact.status == "succeeded"
    blend_body = json.loads(next(r.body for r in vcr.requests if r.path == "/mj/submit/blend"))
    assert blend_body["base64Array"] == [IMAGE, IMAGE]  # the local file, read into a data URI
    described = call(make(MidjourneyDescribe, gptproto_target), {"image": str(SAMPLE)})
    assert described.artifact.text and "Result:" in described.content
    swapped = call(
        make(MidjourneySwapFace, gptproto_target),
        {"source_image": IMAGE, "target_image": str(SAMPLE)},
    )
    assert swapped.artifact.status == "succeeded" and swapped.artifact.outputs
    swap_body = json.loads(next(r.body for r in vcr.requests if r.path.endswith("/swap")))
    assert swap_body == {"sourceBase64": IMAGE, "targetBase64": IMAGE}


def test_banned_prompt_is_an_error_the_model_can_read(gptproto_target, vcr):
    message = call(make(MidjourneyImagine, gptproto_target), {"prompt": "a bannedword fox"})
    assert message.status == "error"
    assert "banned word" in message.content and "bannedword" in message.content
    assert message.artifact is None


def test_failed_job_reports_the_vendors_reason_and_task_id(gptproto_target, vcr):
    gptproto_target.script_next_job("midjourney", "fail", "Job action restricted")
    message = call(make(MidjourneyImagine, gptproto_target), {"prompt": "a quiet harbor"})
    assert message.status == "error"
    assert "Job action restricted" in message.content
    fetched = [r.path for r in vcr.requests if r.path.endswith("/fetch")]
    assert fetched and fetched[0].split("/")[3] in message.content


def test_queued_submission_is_followed_to_the_end(gptproto_target, vcr):
    gptproto_target.script_next_job("midjourney", "queued")
    message = call(make(MidjourneyImagine, gptproto_target), {"prompt": "a busy day"})
    assert message.artifact.status == "succeeded"
    submit_answer = json.loads(vcr.responses[0]["body"]["string"])
    assert submit_answer["code"] == 22


def test_no_wait_returns_the_id_and_get_task_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(
        make(MidjourneyImagine, gptproto_target), {"prompt": "a paper boat", "wait": False}
    )
    assert submitted.artifact.status == "queued" and "midjourney_get_task" in submitted.content
    found = call(make(MidjourneyGetTask, gptproto_target), {"task_id": submitted.artifact.id})
    assert found.artifact.status == "succeeded" and found.artifact.id == submitted.artifact.id
    assert sum(1 for r in vcr.requests if r.path == "/mj/submit/imagine") == 1


def test_get_task_with_several_ids_asks_once_per_round(gptproto_target, vcr):
    imagine = make(MidjourneyImagine, gptproto_target)
    first, second = (
        call(imagine, {"prompt": prompt, "wait": False}).artifact
        for prompt in ("a paper boat", "a paper crane")
    )
    lookup = make(MidjourneyGetTask, gptproto_target)
    glance = call(lookup, {"task_id": f"{first.id}, {second.id}", "wait": False})
    assert [t.id for t in glance.artifact] == [first.id, second.id]
    found = call(lookup, {"task_id": f"{first.id},{second.id}"})
    tasks = found.artifact
    assert [(t.id, t.status) for t in tasks] == [(first.id, "succeeded"), (second.id, "succeeded")]
    for task in tasks:  # each task described, with its image and follow-up actions
        assert f"(task {task.id})" in found.content and task.outputs[0].url in found.content
    # §7.3 list-by-condition answers every round (the glance, then each poll): no per-task
    # fetch, nothing resubmitted
    listed = [json.loads(r.body) for r in vcr.requests if r.path == "/mj/task/list-by-condition"]
    assert len(listed) >= 2 and all(body == {"ids": [first.id, second.id]} for body in listed)
    assert not [r for r in vcr.requests if r.path.endswith("/fetch")]
    assert sum(1 for r in vcr.requests if r.path == "/mj/submit/imagine") == 2


def test_get_task_with_an_unknown_id_among_several_names_it(gptproto_target, vcr):
    made = call(make(MidjourneyImagine, gptproto_target), {"prompt": "a kite", "wait": False})
    missing = call(
        make(MidjourneyGetTask, gptproto_target), {"task_id": f"{made.artifact.id},404404"}
    )
    assert missing.status == "error" and "'404404'" in missing.content


def test_modal_completes_a_task_waiting_for_input(gptproto_target, vcr):
    grid = call(make(MidjourneyImagine, gptproto_target), {"prompt": "a mountain lake"}).artifact
    u1 = next(a for a in grid.actions if a.label == "U1")
    upscaled = call(
        make(MidjourneyAction, gptproto_target), {"task_id": grid.id, "custom_id": u1.id}
    ).artifact
    zoom = next(a for a in upscaled.actions if "CustomZoom" in a.id)
    waiting = call(
        make(MidjourneyAction, gptproto_target), {"task_id": upscaled.id, "custom_id": zoom.id}
    )
    assert waiting.artifact.needs_input and "modal" in waiting.content
    done = call(
        make(MidjourneyModal, gptproto_target),
        {"task_id": waiting.artifact.id, "prompt": "a mountain lake --zoom 2"},
    )
    assert done.artifact.status == "succeeded"


def test_images_can_be_shown_to_a_vision_model(gptproto_target, vcr):
    message = call(
        make(MidjourneyImagine, gptproto_target, include_images=True), {"prompt": "a tiny robot"}
    )
    assert isinstance(message.content, list)
    assert message.content[0]["type"] == "text"
    assert message.content[1] == {"type": "image", "url": message.artifact.outputs[0].url}


async def test_async_tool_waits_with_async_progress(gptproto_target, vcr):
    progress = Progress()
    tool = make(MidjourneyImagine, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}},
        {"callbacks": [progress]},
    )
    assert message.artifact.status == "succeeded"
    assert progress.events[-1]["status"] == "succeeded"
