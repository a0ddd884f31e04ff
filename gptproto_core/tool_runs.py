"""Running one tool call of the operation table: arguments in, the answer for the model out.

    flow = operation_flow(OPERATIONS["midjourney_imagine"], {"prompt": "a fox"}, schedule, clock)
    answer = drive(flow, client, on_progress=report)       # or: await adrive(flow, async_client)
    answer.text, answer.images, answer.task

Both adapters run every tool through here and only wrap the result in their own types, so a
LangChain agent and a LlamaIndex agent are told exactly the same things.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gptproto_core.operations import Operation
from gptproto_core.polling import ProgressMeter, Reading
from gptproto_core.task_batches import resume_many_flow, split_ids
from gptproto_core.task_text import (
    Answer,
    DeveloperErrors,
    answer_for,
    answer_for_many,
    describe_error,
    for_developer,
)
from gptproto_core.tasks import Clock, Flow, PollSchedule, job_flow, resume_flow, within
from gptproto_core.vendors._inputs import validated

__all__ = [
    "Answer",
    "DeveloperErrors",
    "ProgressMeter",
    "Reading",
    "describe_error",
    "for_developer",
    "operation_flow",
    "progress_meter",
]


def operation_flow(
    op: Operation,
    arguments: Mapping[str, Any],
    schedule: PollSchedule,
    clock: Clock,
    *,
    wire_format: str | None = None,
) -> Flow[Answer]:
    """Validate the arguments (before anything is sent), prepare, submit once, follow — all
    within `schedule.timeout`, requests included."""
    flow = _call(op, arguments, schedule, clock, wire_format)
    return within(flow, clock, schedule.timeout)


def progress_meter(op: Operation, schedule: PollSchedule) -> ProgressMeter:
    """The progress readings for one call of `op` (estimated where the vendor reports only a
    status). A lookup follows a job started earlier, at a time we do not know: no estimate."""
    return ProgressMeter(None if op.is_lookup else op.typical_seconds, schedule)


def _call(
    op: Operation,
    arguments: Mapping[str, Any],
    schedule: PollSchedule,
    clock: Clock,
    wire_format: str | None,
) -> Flow[Answer]:
    fields = dict(arguments)
    wait = bool(fields.pop("wait", True))
    request = validated(op.request, **fields)
    if op.is_lookup:
        assert op.tracker is not None  # a lookup row is built from its tracker
        task_id = str(request.task_id)  # type: ignore[attr-defined]
        # Several ids only where the vendor lists tasks (Suno's own ids contain commas).
        ids = split_ids(task_id) if op.tracker.fetch_many is not None else [task_id]
        if len(ids) > 1:
            tasks = yield from resume_many_flow(op.tracker, ids, schedule, clock, wait=wait)
            return answer_for_many(tasks, op.lookup_tool, op.follow_up)
        task = yield from resume_flow(op.tracker, task_id, schedule, clock, wait=wait)
        return answer_for(task, op.lookup_tool, op.follow_up, receipt=False)
    if op.prepare is not None:
        request = yield from op.prepare(request, schedule, clock)
    job = op.job_for(wire_format)(request)
    task = yield from job_flow(job, schedule, clock, wait=wait)
    return answer_for(task, op.lookup_tool, op.follow_up, receipt=not wait)
