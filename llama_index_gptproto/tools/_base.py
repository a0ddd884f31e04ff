"""What every gptproto tool in the LlamaIndex spec shares: submit once, wait with progress
events, answer with text (and images) for the model and the `Task` for code.

The functions return a `TaskBlocks` list: LlamaIndex turns its blocks into the tool output the
model reads, and `ToolOutput.raw_output.task` keeps the full `Task`.
"""

from __future__ import annotations

from collections.abc import Callable

from llama_index.core.base.llms.types import ContentBlock, ImageBlock, TextBlock
from llama_index_instrumentation import get_dispatcher
from llama_index_instrumentation.base.event import BaseEvent

from gptproto_core.errors import GPTProtoError, InvalidInputError
from gptproto_core.session import ClientSet
from gptproto_core.task_text import describe_error, describe_submitted, describe_task
from gptproto_core.tasks import AsyncTaskRunner, Job, PollSchedule, Task, TaskRunner

__all__ = ["GPTProtoTaskProgressEvent", "TaskBlocks", "TaskToolsBase", "ToolFailure"]

dispatcher = get_dispatcher(__name__)


class GPTProtoTaskProgressEvent(BaseEvent):
    """Fired on every change of a job's status or progress, for progress bars."""

    task_id: str
    vendor: str
    operation: str
    status: str
    progress: float | None = None

    @classmethod
    def class_name(cls) -> str:
        return "GPTProtoTaskProgressEvent"


class TaskBlocks(list[ContentBlock]):
    """The blocks the model reads, carrying the `Task` they describe."""

    def __init__(self, blocks: list[ContentBlock], task: Task | None) -> None:
        super().__init__(blocks)
        self.task = task


class ToolFailure(Exception):
    """Raised with advice the model can act on (LlamaIndex shows it to the model)."""


def _progress(task: Task) -> None:
    dispatcher.event(
        GPTProtoTaskProgressEvent(
            task_id=task.id,
            vendor=task.vendor,
            operation=task.operation,
            status=task.status,
            progress=task.progress,
        )
    )


class TaskToolsBase:
    """Shared machinery; vendor mixins call `_run`/`_arun` with a job builder."""

    _clients: ClientSet
    poll_interval: float
    timeout: float
    include_images: bool

    @property
    def schedule(self) -> PollSchedule:
        return PollSchedule.every(self.poll_interval, self.timeout)

    def _blocks(self, task: Task, lookup: str, follow_up: str | None) -> TaskBlocks:
        text = describe_task(task, lookup_tool=lookup, follow_up_tool=follow_up)
        blocks: list[ContentBlock] = [TextBlock(text=text)]
        if self.include_images:
            blocks += [ImageBlock(url=o.url) for o in task.outputs if o.kind == "image"]
        return TaskBlocks(blocks, task)

    def _job(self, build: Callable[[], Job]) -> Job:
        try:
            return build()
        except InvalidInputError as error:
            raise ToolFailure(f"Invalid arguments: {error}") from error

    def _text_or_blocks(
        self, task: Task, wait: bool, lookup: str, follow_up: str | None
    ) -> TaskBlocks:
        if not wait and not task.done:
            return TaskBlocks([TextBlock(text=describe_submitted(task, lookup))], task)
        return self._blocks(task, lookup, follow_up)

    def _run(
        self, build: Callable[[], Job], wait: bool, lookup: str, follow_up: str | None
    ) -> TaskBlocks:
        job = self._job(build)
        try:
            task = TaskRunner(self._clients.sync(), self.schedule).start(job, wait, _progress)
        except GPTProtoError as error:
            raise ToolFailure(describe_error(error, lookup_tool=lookup)) from error
        return self._text_or_blocks(task, wait, lookup, follow_up)

    async def _arun(
        self, build: Callable[[], Job], wait: bool, lookup: str, follow_up: str | None
    ) -> TaskBlocks:
        job = self._job(build)
        runner = AsyncTaskRunner(self._clients.for_running_loop(), self.schedule)
        try:
            task = await runner.start(job, wait, _progress)
        except GPTProtoError as error:
            raise ToolFailure(describe_error(error, lookup_tool=lookup)) from error
        return self._text_or_blocks(task, wait, lookup, follow_up)

    def _lookup(
        self, follow: tuple[Job, Task], wait: bool, lookup: str, follow_up: str | None
    ) -> TaskBlocks:
        runner = TaskRunner(self._clients.sync(), self.schedule)
        try:
            found = runner.resume(*follow, wait, _progress)
        except GPTProtoError as error:
            raise ToolFailure(describe_error(error, lookup_tool=lookup)) from error
        return self._blocks(found, lookup, follow_up)

    async def _alookup(
        self, follow: tuple[Job, Task], wait: bool, lookup: str, follow_up: str | None
    ) -> TaskBlocks:
        runner = AsyncTaskRunner(self._clients.for_running_loop(), self.schedule)
        try:
            found = await runner.resume(*follow, wait, _progress)
        except GPTProtoError as error:
            raise ToolFailure(describe_error(error, lookup_tool=lookup)) from error
        return self._blocks(found, lookup, follow_up)
