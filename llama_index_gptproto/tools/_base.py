"""A gptproto operation as a LlamaIndex `FunctionTool`: submit once, wait with progress events,
answer with text (and images) for the model and the `Task` for code.

    tool = operation_tool(OPERATIONS["midjourney_imagine"], runtime)
    output = tool.call(prompt="a red fox")     # output.raw_output.task: the Task

The functions return a `TaskBlocks` list: LlamaIndex turns its blocks into the tool output the
model reads, and `ToolOutput.raw_output.task` keeps the full `Task`. The schema the model sees
is the operation's request model, with every description.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

from llama_index.core.base.llms.types import ContentBlock, ImageBlock, TextBlock
from llama_index.core.tools import FunctionTool, ToolMetadata
from llama_index_instrumentation import get_dispatcher
from llama_index_instrumentation.base.event import BaseEvent

from gptproto_core.errors import GPTProtoError
from gptproto_core.operations import Operation, tool_schema
from gptproto_core.session import ClientSet
from gptproto_core.tasks import PollSchedule, Task, adrive, drive
from gptproto_core.tool_runs import (
    Answer,
    DeveloperErrors,
    Reading,
    describe_error,
    for_developer,
    operation_flow,
    progress_meter,
)

__all__ = [
    "GPTProtoTaskProgressEvent",
    "TaskBlocks",
    "ToolFailure",
    "ToolRuntime",
    "operation_tool",
]

dispatcher = get_dispatcher(__name__)


class GPTProtoTaskProgressEvent(BaseEvent):
    """Fired on every change of a job's status or progress, for progress bars."""

    task_id: str
    vendor: str
    operation: str
    status: str
    progress: float | None = None
    estimated: bool = False
    """True when `progress` is our estimate (the vendor reports only a status), not the
    vendor's own figure."""

    @classmethod
    def class_name(cls) -> str:
        return "GPTProtoTaskProgressEvent"


class TaskBlocks(list[ContentBlock]):
    """The blocks the model reads, carrying the `Task` they describe (`tasks`: every task of a
    lookup that named several ids)."""

    def __init__(
        self, blocks: list[ContentBlock], task: Task | None, tasks: tuple[Task, ...] = ()
    ) -> None:
        super().__init__(blocks)
        self.task = task
        self.tasks = tasks or ((task,) if task is not None else ())


class ToolFailure(Exception):
    """Raised with advice the model can act on (LlamaIndex shows it to the model).

    `task` is the last known `Task` when the job was submitted (agents keep the exception as
    `ToolOutput.exception`), so a paid job can be looked up again instead of resubmitted.
    """

    def __init__(self, advice: str, task: Task | None = None) -> None:
        super().__init__(advice)
        self.task = task


@dataclass(frozen=True)
class ToolRuntime:
    """What every tool of a spec shares: clients, polling, images, wire formats."""

    clients: ClientSet
    schedule: PollSchedule
    include_images: bool
    wire_formats: dict[str, str]
    output_dir: str | None = None
    developer_errors: DeveloperErrors = "raise"


def _progress(task: Task, reading: Reading) -> None:
    dispatcher.event(
        GPTProtoTaskProgressEvent(
            task_id=task.id,
            vendor=task.vendor,
            operation=task.operation,
            status=task.status,
            progress=reading.progress,
            estimated=reading.estimated,
        )
    )


def _failure(error: GPTProtoError, op: Operation, runtime: ToolRuntime) -> Exception:
    """The error itself when only the developer can fix it (raised out of the tool call as it
    is), else a ToolFailure with advice for the model."""
    if runtime.developer_errors == "raise" and for_developer(error):
        return error
    task = error.task if isinstance(error.task, Task) else None
    return ToolFailure(describe_error(error, lookup_tool=op.lookup_tool), task)


def _raise(error: GPTProtoError, op: Operation, runtime: ToolRuntime) -> NoReturn:
    failure = _failure(error, op, runtime)
    if failure is error:
        raise error
    raise failure from error


def operation_tool(
    op: Operation, runtime: ToolRuntime, metadata: ToolMetadata | None = None
) -> FunctionTool:
    """The operation as a tool with sync and async functions over one flow."""
    wire_format = runtime.wire_formats.get(op.name)

    def flow(arguments: dict[str, Any]) -> Any:
        return operation_flow(
            op, arguments, runtime.schedule, time.monotonic, wire_format=wire_format
        )

    def blocks(answer: Answer) -> TaskBlocks:
        found: list[ContentBlock] = [TextBlock(text=answer.text)]
        if runtime.include_images:
            found += [ImageBlock(url=url) for url in answer.images]
        return TaskBlocks(found, answer.task, answer.tasks)

    def reporter() -> Callable[[Task], None]:
        meter = progress_meter(op, runtime.schedule)
        return lambda task: _progress(task, meter.read(task))

    def call(**arguments: Any) -> TaskBlocks:
        try:
            client = runtime.clients.sync()
            found = drive(
                flow(arguments), client, on_progress=reporter(), output_dir=runtime.output_dir
            )
            return blocks(found)
        except GPTProtoError as error:
            _raise(error, op, runtime)

    async def acall(**arguments: Any) -> TaskBlocks:
        client = runtime.clients.for_running_loop()
        try:
            found = await adrive(
                flow(arguments), client, on_progress=reporter(), output_dir=runtime.output_dir
            )
            return blocks(found)
        except GPTProtoError as error:
            _raise(error, op, runtime)

    call.__name__, acall.__name__ = op.name, f"a{op.name}"
    metadata = metadata or ToolMetadata(
        name=op.name, description=op.summary, fn_schema=tool_schema(op)
    )
    return FunctionTool(fn=call, async_fn=acall, metadata=metadata)
