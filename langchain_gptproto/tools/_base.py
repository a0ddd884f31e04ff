"""The contract every gptproto media tool shares: submit once, wait with progress, answer with
text for the model and the full `Task` as the artifact.

    tool = MidjourneyImagine()                 # GPTPROTO_API_KEY
    message = tool.invoke({"type": "tool_call", "id": "1", "name": tool.name,
                           "args": {"prompt": "a red fox"}})
    message.content, message.artifact          # text with URLs and actions, the Task

A tool class is its operation's row (`gptproto_core`'s operation table) and a name: everything
else — schema, summary, the life cycle, the words the model reads — comes from the row.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, ClassVar, Literal

from langchain_core.callbacks import adispatch_custom_event, dispatch_custom_event
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool, ToolException
from pydantic import Field, PrivateAttr, ValidationError, model_validator
from pydantic.v1 import ValidationError as ValidationErrorV1
from typing_extensions import Self

from gptproto_core.closing import ClosesClients
from gptproto_core.errors import GPTProtoError
from gptproto_core.operations import Operation
from gptproto_core.session import ClientSet
from gptproto_core.tasks import Task, adrive, drive
from gptproto_core.tool_runs import (
    Answer,
    Reading,
    describe_error,
    for_developer,
    operation_flow,
    progress_meter,
)
from langchain_gptproto.tools._settings import MediaSettings

__all__ = [
    "PROGRESS_EVENT",
    "GPTProtoGetTaskTool",
    "GPTProtoTaskTool",
    "ToolContent",
    "progress_payload",
]

PROGRESS_EVENT = "gptproto_task_progress"
ToolContent = str | list[str | dict[str, Any]]
Artifact = Task | list[Task]
"""The `Task` a tool made or looked up; a list when a lookup named several ids."""


class GPTProtoTaskTool(ClosesClients, MediaSettings, BaseTool):
    """Base class of every media tool: a subclass names its `operation` row."""

    operation: ClassVar[Operation]
    by_name: ClassVar[dict[str, type[GPTProtoTaskTool]]] = {}

    api_format: str | None = None
    """Wire format, for operations that have several (Flux: official, images, chat)."""
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    handle_tool_error: bool = True
    handle_validation_error: (
        bool | str | Callable[[ValidationError | ValidationErrorV1], str] | None
    ) = Field(default=lambda error: _explain(error))
    """Arguments that break the schema come back to the model as an error naming the field."""

    _clients: ClientSet = PrivateAttr()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "operation" in cls.__dict__:
            GPTProtoTaskTool.by_name[cls.operation.name] = cls

    @model_validator(mode="after")
    def _connect(self) -> Self:
        if not self.operation.is_lookup:
            self.operation.job_for(self.api_format)  # an unknown wire format fails now
        self._clients = ClientSet(self.client_settings())  # checks them: ConfigurationError
        return self

    def use_clients(self, clients: ClientSet) -> Self:
        """Share one connection pool between the tools of a toolkit."""
        self._clients = clients
        return self

    def _failure(self, error: GPTProtoError) -> Exception:
        """What the tool raises: the error itself when only the developer can fix it (LangChain
        then raises it out of `invoke`), else a ToolException the model reads."""
        if self.developer_errors == "raise" and for_developer(error):
            return error
        found = _FAILED.get()
        if isinstance(error.task, Task) and found is not None:
            found.append(error.task)  # the same list object the outer `run` holds
        return ToolException(describe_error(error, lookup_tool=self.operation.lookup_tool))

    def _content(self, answer: Answer) -> tuple[ToolContent, Artifact]:
        # A lookup of several ids (midjourney_get_task "1,2") carries every task it described.
        artifact: Artifact = list(answer.tasks) if answer.tasks else answer.task
        if not (self.include_images and answer.images):
            return answer.text, artifact
        blocks: list[str | dict[str, Any]] = [{"type": "text", "text": answer.text}]
        blocks += [{"type": "image", "url": url} for url in answer.images]
        return blocks, artifact

    def _flow(self, arguments: dict[str, Any]) -> Any:
        arguments.pop("run_manager", None)
        return operation_flow(
            self.operation, arguments, self.schedule, time.monotonic, wire_format=self.api_format
        )

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """LangChain's `run`, with the last known `Task` as the artifact of a failed job."""
        failed: list[Task] = []
        token = _FAILED.set(failed)
        try:
            return _with_artifact(super().run(*args, **kwargs), failed)
        finally:
            _FAILED.reset(token)

    async def arun(self, *args: Any, **kwargs: Any) -> Any:
        failed: list[Task] = []
        token = _FAILED.set(failed)
        try:
            return _with_artifact(await super().arun(*args, **kwargs), failed)
        finally:
            _FAILED.reset(token)

    def _run(self, **arguments: Any) -> tuple[ToolContent, Artifact]:
        meter = progress_meter(self.operation, self.schedule)
        try:
            answer = drive(
                self._flow(arguments),
                self._clients.sync(),
                on_progress=lambda task: _report(progress_payload(task, meter.read(task))),
                output_dir=self.output_dir,
            )
        except GPTProtoError as error:
            failure = self._failure(error)
            if failure is error:
                raise
            raise failure from error
        return self._content(answer)

    async def _arun(self, **arguments: Any) -> tuple[ToolContent, Artifact]:
        client = self._clients.for_running_loop()
        meter = progress_meter(self.operation, self.schedule)

        async def report(task: Task) -> None:
            await _areport(progress_payload(task, meter.read(task)))

        try:
            answer = await adrive(
                self._flow(arguments), client, on_progress=report, output_dir=self.output_dir
            )
        except GPTProtoError as error:
            failure = self._failure(error)
            if failure is error:
                raise
            raise failure from error
        return self._content(answer)


GPTProtoGetTaskTool = GPTProtoTaskTool
"""Lookups (`*_get_task`) are rows of the table like any operation: the same base class."""


# A failed job's last known Task, from `_run` (which LangChain runs in a copied context) back
# to `run`, which puts it in the error ToolMessage as the artifact.
_FAILED: ContextVar[list[Task] | None] = ContextVar("gptproto_failed_task", default=None)


def _with_artifact(result: Any, failed: list[Task]) -> Any:
    if failed and isinstance(result, ToolMessage) and result.artifact is None:
        result.artifact = failed[-1]
    return result


def _explain(error: ValidationError | ValidationErrorV1) -> str:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'arguments'}: "
        f"{item['msg'].removeprefix('Value error, ')}"
        for item in error.errors()
    )
    return f"Invalid arguments: {problems}. Fix them and call the tool again."


def progress_payload(task: Task, reading: Reading | None = None) -> dict[str, Any]:
    """What a progress bar needs: which job, its status, the fraction done (or None), and
    whether that fraction is our estimate (`estimated`) rather than the vendor's."""
    reading = reading or Reading(task.progress)
    return {
        "task_id": task.id,
        "vendor": task.vendor,
        "operation": task.operation,
        "status": task.status,
        "progress": reading.progress,
        "estimated": reading.estimated,
    }


def _report(payload: dict[str, Any]) -> None:
    _write_to_graph(payload)
    # Outside a LangChain run there is no parent run to attach the event to.
    with contextlib.suppress(RuntimeError):
        dispatch_custom_event(PROGRESS_EVENT, payload)


async def _areport(payload: dict[str, Any]) -> None:
    _write_to_graph(payload)
    with contextlib.suppress(RuntimeError):
        await adispatch_custom_event(PROGRESS_EVENT, payload)


def _write_to_graph(payload: dict[str, Any]) -> None:
    """Inside a running LangGraph graph, also write the payload to its stream, so that
    `graph.stream(..., stream_mode="custom")` yields it (`event` names it among other chunks)."""
    writer = _graph_writer()
    if writer is not None:
        writer({"event": PROGRESS_EVENT, **payload})


def _graph_writer() -> Callable[[Any], None] | None:
    get_stream_writer = _langgraph_writer_getter()
    if get_stream_writer is None:
        return None
    try:
        return get_stream_writer()
    except (RuntimeError, KeyError):  # not inside a graph (no runnable config, or no runtime)
        return None


@functools.cache
def _langgraph_writer_getter() -> Callable[[], Callable[[Any], None]] | None:
    try:  # langgraph is optional: imported once, and only when installed
        from langgraph.config import get_stream_writer
    except ImportError:
        return None
    return get_stream_writer
