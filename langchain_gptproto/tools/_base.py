"""The contract every gptproto media tool shares: submit once, wait with progress, answer with
text for the model and the full `Task` as the artifact.

    tool = MidjourneyImagine()                 # GPTPROTO_API_KEY
    message = tool.invoke({"type": "tool_call", "id": "1", "name": tool.name,
                           "args": {"prompt": "a red fox"}})
    message.content, message.artifact          # text with URLs and actions, the Task
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from langchain_core.callbacks import (
    AsyncCallbackManagerForToolRun,
    CallbackManagerForToolRun,
    adispatch_custom_event,
    dispatch_custom_event,
)
from langchain_core.tools import BaseTool, ToolException
from langchain_core.utils import from_env, secret_from_env
from pydantic import BaseModel, Field, PrivateAttr, SecretStr, ValidationError, model_validator
from pydantic.v1 import ValidationError as ValidationErrorV1
from typing_extensions import Self

from gptproto_core.config import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL
from gptproto_core.errors import GPTProtoError, InvalidInputError
from gptproto_core.session import ClientSet, ClientSettings
from gptproto_core.task_text import describe_error, describe_submitted, describe_task
from gptproto_core.tasks import AsyncTaskRunner, Job, PollSchedule, Task, TaskRunner

__all__ = [
    "PROGRESS_EVENT",
    "GPTProtoGetTaskTool",
    "GPTProtoTaskTool",
    "GetTaskInput",
    "ToolContent",
    "progress_payload",
]

PROGRESS_EVENT = "gptproto_task_progress"
ToolContent = str | list[str | dict[str, Any]]


class GPTProtoTaskTool(BaseTool):
    """Base class: subclasses say how to build the job from the tool's arguments."""

    api_key: SecretStr | None = Field(
        default_factory=secret_from_env(API_KEY_ENV, default=None), exclude=True, repr=False
    )
    base_url: str = Field(default_factory=from_env(BASE_URL_ENV, default=DEFAULT_BASE_URL))
    poll_interval: float = Field(default=2.0, gt=0, description="Seconds between polls (grows)")
    timeout: float = Field(default=600.0, gt=0, description="Seconds to wait for a job")
    max_retries: int = Field(default=2, ge=0)
    include_images: bool = False
    """Also put image blocks in the content, so a vision model can look at the result."""
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"
    handle_tool_error: bool = True
    handle_validation_error: (
        bool | str | Callable[[ValidationError | ValidationErrorV1], str] | None
    ) = Field(default=lambda error: _explain(error))
    """Arguments that break the schema come back to the model as an error naming the field."""

    lookup_tool: ClassVar[str] = ""
    follow_up_tool: ClassVar[str | None] = None

    _clients: ClientSet = PrivateAttr()

    @model_validator(mode="after")
    def _connect(self) -> Self:
        settings = ClientSettings(
            api_key=self.api_key, base_url=self.base_url, max_retries=self.max_retries
        )
        settings.validate()
        self._clients = ClientSet(settings)
        return self

    def use_clients(self, clients: ClientSet) -> Self:
        """Share one connection pool between the tools of a toolkit."""
        self._clients = clients
        return self

    # --- what a subclass provides -------------------------------------------------------

    def build_job(self, **arguments: Any) -> Job:
        raise NotImplementedError

    # --- shared behaviour ---------------------------------------------------------------

    @property
    def schedule(self) -> PollSchedule:
        return PollSchedule.every(self.poll_interval, self.timeout)

    def _job(self, arguments: dict[str, Any]) -> Job:
        try:
            return self.build_job(**arguments)
        except InvalidInputError as error:
            raise ToolException(f"Invalid arguments: {error}") from error

    def _answer(self, task: Task) -> tuple[ToolContent, Task]:
        text = describe_task(task, lookup_tool=self.lookup_tool, follow_up_tool=self.follow_up_tool)
        images = [o.url for o in task.outputs if o.kind == "image"]
        if not (self.include_images and images):
            return text, task
        blocks: list[str | dict[str, Any]] = [{"type": "text", "text": text}]
        blocks += [{"type": "image", "url": url} for url in images]
        return blocks, task

    def _fail(self, error: GPTProtoError) -> ToolException:
        return ToolException(describe_error(error, lookup_tool=self.lookup_tool))

    def _answer_or_receipt(self, task: Task, wait: bool) -> tuple[ToolContent, Task]:
        if not wait and not task.done:
            return describe_submitted(task, self.lookup_tool), task
        return self._answer(task)

    def _run(
        self,
        *,
        wait: bool = True,
        run_manager: CallbackManagerForToolRun | None = None,
        **arguments: Any,
    ) -> tuple[ToolContent, Task]:
        job = self._job(arguments)
        try:
            task = TaskRunner(self._clients.sync(), self.schedule).start(job, wait, _report)
        except GPTProtoError as error:
            raise self._fail(error) from error
        return self._answer_or_receipt(task, wait)

    async def _arun(
        self,
        *,
        wait: bool = True,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
        **arguments: Any,
    ) -> tuple[ToolContent, Task]:
        job = self._job(arguments)
        runner = AsyncTaskRunner(self._clients.for_running_loop(), self.schedule)
        try:
            task = await runner.start(job, wait, _areport)
        except GPTProtoError as error:
            raise self._fail(error) from error
        return self._answer_or_receipt(task, wait)


class GetTaskInput(BaseModel):
    task_id: str = Field(min_length=1, description="The id the submitting tool returned")
    wait: bool = Field(default=True, description="Wait until the task has finished")


class GPTProtoGetTaskTool(GPTProtoTaskTool):
    """Looks a job up by id (resuming it); never submits anything."""

    args_schema: type[BaseModel] = GetTaskInput

    def follow(self, task_id: str) -> tuple[Job, Task]:
        raise NotImplementedError

    def _run(  # type: ignore[override]
        self, *, task_id: str, wait: bool = True, **_: Any
    ) -> tuple[ToolContent, Task]:
        runner = TaskRunner(self._clients.sync(), self.schedule)
        try:
            found = runner.resume(*self.follow(task_id), wait, _report)
        except GPTProtoError as error:
            raise self._fail(error) from error
        return self._answer(found)

    async def _arun(  # type: ignore[override]
        self, *, task_id: str, wait: bool = True, **_: Any
    ) -> tuple[ToolContent, Task]:
        runner = AsyncTaskRunner(self._clients.for_running_loop(), self.schedule)
        try:
            found = await runner.resume(*self.follow(task_id), wait, _areport)
        except GPTProtoError as error:
            raise self._fail(error) from error
        return self._answer(found)


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
