"""Fuzz: mutated media-job bodies (every vendor's submit answer and task query) through the
readers of the operation table and the answer both adapters give the model.

The rule (issue 13): a body becomes a `Task` (and a tool answer) or a `GPTProtoError`, never an
AttributeError, TypeError, KeyError or OverflowError — whichever field is broken.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from gptproto_core.task_text import answer_for
from gptproto_core.tasks import Task
from gptproto_core.tool_table import OPERATIONS
from gptproto_core.vendors import flux, kling, midjourney, suno
from gptproto_core.vendors._inputs import validated
from tests.unit._fuzz_drivers import outcome
from tests.unit._fuzz_settings import FUZZ
from tests.unit._fuzz_shapes import mutated

# Documented bodies (API.md §7.2-7.3, §8.1-8.4, §9.1-9.4, §12.3-12.4).
MJ_SUBMIT = {"code": 1, "description": "Submit success", "result": "1730", "properties": {}}
MJ_TASK = {
    "id": "1730",
    "action": "IMAGINE",
    "status": "SUCCESS",
    "progress": "100%",
    "imageUrl": "https://cdn.test/grid.png",
    "failReason": "",
    "properties": {"finalPrompt": "a fox"},
    "buttons": [{"customId": "MJ::JOB::upsample::1::x", "label": "U1", "emoji": ""}],
}
SUNO_CLIP = {
    "id": "c1",
    "status": "complete",
    "title": "Song",
    "audio_url": "https://cdn.test/c1.mp3",
    "video_url": "https://cdn.test/c1.mp4",
    "image_url": "https://cdn.test/c1.png",
    "metadata": {"duration": 120.5, "error_message": None},
}
SUNO_SUBMIT = {"id": "b1", "clips": [SUNO_CLIP, {**SUNO_CLIP, "id": "c2"}]}
SUNO_LYRICS = {"id": "L", "status": "complete", "title": "T", "text": "[Verse]\nla"}
KLING_SUBMIT = {
    "code": 0,
    "message": "SUCCEED",
    "data": {"task_id": "k1", "task_status": "submitted"},
}
KLING_TASK = {
    "code": 0,
    "message": "SUCCEED",
    "data": {
        "task_id": "k1",
        "task_status": "succeed",
        "task_status_msg": "",
        "task_result": {
            "videos": [{"url": "https://cdn.test/k1.mp4", "duration": "5"}],
            "images": [{"url": "https://cdn.test/k1.png", "index": 0}],
        },
    },
}
FLUX_SUBMIT = {"id": "f1", "polling_url": "https://api.test/get_result?id=f1"}
FLUX_RESULT = {
    "id": "f1",
    "status": "Ready",
    "result": {"sample": "https://cdn.test/f1.png"},
    "progress": None,
}


def _previous(vendor: str, task_id: str, operation: str = "task") -> Task:
    return Task(id=task_id, vendor=vendor, operation=operation, status="queued")


def _job(build: Any, model: Any, **fields: Any) -> Any:
    return build(
        validated(model, **({"prompt": "p"} if "prompt" in model.model_fields else {}), **fields)
    )


READERS: dict[str, tuple[Any, Any]] = {
    "midjourney submit": (
        lambda b: _job(midjourney.imagine, midjourney.ImagineRequest).read_submitted(b),
        MJ_SUBMIT,
    ),
    "midjourney task": (
        lambda b: midjourney.TRACKER.read(b, _previous("midjourney", "1730")),
        MJ_TASK,
    ),
    "suno submit": (
        lambda b: _job(suno.generate, suno.GenerateRequest, style="pop").read_submitted(b),
        SUNO_SUBMIT,
    ),
    "suno lyrics submit": (
        lambda b: _job(suno.lyrics, suno.LyricsRequest).read_submitted(b),
        {"id": "L"},
    ),
    "suno feed": (lambda b: suno.TRACKER.read(b, suno.TRACKER.start("c1,c2")), [SUNO_CLIP]),
    "suno lyrics": (lambda b: suno.TRACKER.read(b, suno.TRACKER.start("lyrics/L")), SUNO_LYRICS),
    "kling submit": (
        lambda b: _job(kling.text_to_video, kling.TextToVideoRequest).read_submitted(b),
        KLING_SUBMIT,
    ),
    "kling task": (
        lambda b: kling.TRACKER.read(b, kling.TRACKER.start("videos/text2video/k1")),
        KLING_TASK,
    ),
    "flux submit": (
        lambda b: flux.submit(validated(flux.ImageRequest, prompt="p")).read_submitted(b),
        FLUX_SUBMIT,
    ),
    "flux result": (lambda b: flux.TRACKER.read(b, flux.TRACKER.start("f1")), FLUX_RESULT),
}


def _read_and_answer(reader: Any, body: Any) -> None:
    task = reader(body)
    assert isinstance(task, Task)
    op = next(op for op in OPERATIONS.values() if op.vendor == task.vendor)
    answer_for(task, op.lookup_tool, "midjourney_action", receipt=False)


@FUZZ
@given(kind=st.sampled_from(sorted(READERS)), data=st.data())
def test_a_mutated_job_body_reads_or_raises_a_typed_error(kind: str, data: st.DataObject):
    reader, shape = READERS[kind]
    body = data.draw(mutated(shape))
    event(f"{kind}: {outcome(lambda: _read_and_answer(reader, body))}")


# The bodies an independent stand-in found crashing the readers (issue 13), kept as examples.
FOUND = [
    ("midjourney submit", {**MJ_SUBMIT, "code": 24, "properties": ["bannedWord"]}),
    ("midjourney task", {**MJ_TASK, "properties": ["finalPrompt"]}),
    ("suno submit", {"id": "b1", "clips": {"id": "c1"}}),
    ("suno submit", {"id": "b1", "clips": [{"status": "complete"}]}),
    ("suno feed", {"code": 200, "data": "c1"}),
    ("kling task", {**KLING_TASK, "data": {**KLING_TASK["data"], "task_result": {"images": 3}}}),
    ("kling submit", {**KLING_SUBMIT, "code": [1201]}),
    ("flux result", {**FLUX_RESULT, "status": ["Ready"]}),
]


@pytest.mark.parametrize(
    ("kind", "body"), FOUND, ids=[f"{k}-{i}" for i, (k, _) in enumerate(FOUND)]
)
def test_bodies_that_crashed_before_read_or_raise_a_typed_error(kind: str, body: Any):
    reader, _ = READERS[kind]
    assert outcome(lambda: _read_and_answer(reader, body))


def test_the_documented_bodies_read_as_finished_tasks():
    for kind, (reader, shape) in READERS.items():
        task = reader(shape)
        assert isinstance(task, Task), kind
