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
import time
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from langchain_core.callbacks import adispatch_custom_event, dispatch_custom_event
from langchain_core.tools import BaseTool, ToolException
from langchain_core.utils import from_env, secret_from_env
from pydantic import Field, PrivateAttr, SecretStr, ValidationError, model_validator
from pydantic.v1 import ValidationError as ValidationErrorV1
from typing_extensions import Self

from gptproto_core.config import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL
from gptproto_core.errors import GPTProtoError
from gptproto_core.operations import Operation
from gptproto_core.session import ClientSet, ClientSettings
from gptproto_core.tasks import PollSchedule, Task, adrive, drive
from gptproto_core.tool_runs import Answer, describe_error, operation_flow

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


class GPTProtoTaskTool(BaseTool):
    """Base class of every media tool: a subclass names its `operation` row."""

    operation: ClassVar[Operation]
    by_name: ClassVar[dict[str, type[GPTProtoTaskTool]]] = {}

    api_key: SecretStr | None = Field(
        default_factory=secret_from_env(API_KEY_ENV, default=None), exclude=True, repr=False
    )
    base_url: str = Field(default_factory=from_env(BASE_URL_ENV, default=DEFAULT_BASE_URL))
    poll_interval: float = Field(default=2.0, gt=0, description="Seconds between polls (grows)")
    timeout: float = Field(default=600.0, gt=0, description="Seconds to wait for a job")
    max_retries: int = Field(default=2, ge=0)
    include_images: bool = False
    """Also put image blocks in the content, so a vision model can look at the result."""
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
        settings = ClientSettings(
            api_key=self.api_key, base_url=self.base_url, max_retries=self.max_retries
        )
        settings.validate()
        if not self.operation.is_lookup:
            self.operation.job_for(self.api_format)  # an unknown wire format fails now
        self._clients = ClientSet(settings)
        return self

    def use_clients(self, clients: ClientSet) -> Self:
        """Share one connection pool between the tools of a toolkit."""
        self._clients = clients
        return self

    @property
    def schedule(self) -> PollSchedule:
        return PollSchedule.every(self.poll_interval, self.timeout)

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

    def _run(self, **arguments: Any) -> tuple[ToolContent, Artifact]:
        try:
            answer = drive(self._flow(arguments), self._clients.sync(), on_progress=_report)
        except GPTProtoError as error:
            text = describe_error(error, lookup_tool=self.operation.lookup_tool)
            raise ToolException(text) from error
        return self._content(answer)

    async def _arun(self, **arguments: Any) -> tuple[ToolContent, Artifact]:
        client = self._clients.for_running_loop()
        try:
            answer = await adrive(self._flow(arguments), client, on_progress=_areport)
        except GPTProtoError as error:
            text = describe_error(error, lookup_tool=self.operation.lookup_tool)
            raise ToolException(text) from error
        return self._content(answer)


GPTProtoGetTaskTool = GPTProtoTaskTool
"""Lookups (`*_get_task`) are rows of the table like any operation: the same base class."""


def _explain(error: ValidationError | ValidationErrorV1) -> str:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'arguments'}: "
        f"{item['msg'].removeprefix('Value error, ')}"
        for item in error.errors()
    )
    return f"Invalid arguments: {problems}. Fix them and call the tool again."


def progress_payload(task: Task) -> dict[str, Any]:
    """What a progress bar needs: which job, its status, and the fraction done (or None)."""
    return {
        "task_id": task.id,
        "vendor": task.vendor,
        "operation": task.operation,
        "status": task.status,
        "progress": task.progress,
    }


def _report(task: Task) -> None:
    # Outside a LangChain run there is no parent run to attach the event to.
    with contextlib.suppress(RuntimeError):
        dispatch_custom_event(PROGRESS_EVENT, progress_payload(task))


async def _areport(task: Task) -> None:
    with contextlib.suppress(RuntimeError):
        await adispatch_custom_event(PROGRESS_EVENT, progress_payload(task))
