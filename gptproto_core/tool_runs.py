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
from gptproto_core.task_text import Answer, answer_for, describe_error
from gptproto_core.tasks import Clock, Flow, PollSchedule, job_flow, resume_flow
from gptproto_core.vendors._inputs import validated

__all__ = ["Answer", "describe_error", "operation_flow"]


def operation_flow(
    op: Operation,
    arguments: Mapping[str, Any],
    schedule: PollSchedule,
    clock: Clock,
    *,
    wire_format: str | None = None,
) -> Flow[Answer]:
    """Validate the arguments (before anything is sent), prepare, submit once, follow."""
    fields = dict(arguments)
    wait = bool(fields.pop("wait", True))
    request = validated(op.request, **fields)
    if op.is_lookup and op.tracker is not None:
        task_id = str(request.task_id)  # type: ignore[attr-defined]
        task = yield from resume_flow(op.tracker, task_id, schedule, clock, wait=wait)
        return answer_for(task, op.lookup_tool, op.follow_up, receipt=False)
    if op.prepare is not None:
        request = yield from op.prepare(request, schedule, clock)
    job = op.job_for(wire_format)(request)
    task = yield from job_flow(job, schedule, clock, wait=wait)
    return answer_for(task, op.lookup_tool, op.follow_up, receipt=not wait)
