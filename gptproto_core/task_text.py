"""What a tool tells the model about a job: short, factual, with the ids it needs next.

    answer = answer_for(task, "midjourney_get_task", "midjourney_action", receipt=False)
    answer.text, answer.images                 # the words, the image URLs to show a vision model

Both adapters use these words, so a LangChain agent and a LlamaIndex agent read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gptproto_core.errors import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    GPTProtoError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    TaskFailedError,
    TaskTimeoutError,
    redact,
)
from gptproto_core.task_types import Task

__all__ = [
    "Answer",
    "DeveloperErrors",
    "answer_for",
    "answer_for_many",
    "describe_error",
    "describe_submitted",
    "describe_task",
    "for_developer",
]

DeveloperErrors = Literal["raise", "text"]
"""What a tool does with a failure only its developer can fix (`for_developer`): raise it out of
the tool call ("raise", the default) or hand it to the model as text like any other ("text")."""


@dataclass(frozen=True)
class Answer:
    """A tool's result: the text the model reads, the images it may see, the full `Task`.

    A lookup of several ids describes them all: `tasks` holds each (`task` is the first).
    """

    text: str
    images: tuple[str, ...]
    task: Task
    tasks: tuple[Task, ...] = ()


def answer_for(
    task: Task, lookup_tool: str | None, follow_up_tool: str | None, *, receipt: bool
) -> Answer:
    """The answer for a finished (or, with `receipt`, a just submitted) task."""
    if receipt and not task.done:
        return Answer(redact(describe_submitted(task, lookup_tool)), (), task)
    # Vendor text (a failure reason, a prompt) may echo anything, a key included.
    text = redact(describe_task(task, lookup_tool=lookup_tool, follow_up_tool=follow_up_tool))
    return Answer(text, tuple(o.url for o in task.outputs if o.kind == "image"), task)


def answer_for_many(
    tasks: list[Task], lookup_tool: str | None, follow_up_tool: str | None
) -> Answer:
    """The answer for several tasks looked up together: each described, in the order asked."""
    text = "\n\n".join(
        describe_task(task, lookup_tool=lookup_tool, follow_up_tool=follow_up_tool)
        for task in tasks
    )
    images = tuple(o.url for task in tasks for o in task.outputs if o.kind == "image")
    return Answer(text, images, tasks[0], tuple(tasks))


def _short(url: str) -> str:
    """Data URIs can be megabytes: the model gets their type and size, not the bytes."""
    if not url.startswith("data:"):
        return url
    head = url.split(",", 1)[0]
    return f"<{head} … {len(url):,} characters>"


def _name(task: Task) -> str:
    return f"{task.vendor.capitalize()} {task.operation.replace('_', ' ')}"


def _lookup(lookup_tool: str | None) -> str:
    """How the model looks a job up again (vendors without a task query have no tool for it)."""
    return f"call {lookup_tool}" if lookup_tool else "ask for it again"


def describe_submitted(task: Task, lookup_tool: str | None) -> str:
    return (
        f"{_name(task)} submitted as task {task.id} ({task.status}). It is not finished yet: "
        f"{_lookup(lookup_tool)} with task_id={task.id!r} later to get the result. "
        "Do not submit the same request again."
    )


def describe_task(task: Task, *, lookup_tool: str | None, follow_up_tool: str | None = None) -> str:
    if not task.done:
        percent = f", {task.progress:.0%} done" if task.progress is not None else ""
        waiting = " and is waiting for a modal follow-up" if task.needs_input else ""
        return "\n".join(
            [
                f"{_name(task)} task {task.id} is {task.status}{percent}{waiting}. "
                f"{_lookup(lookup_tool).capitalize()} with task_id={task.id!r} to check again.",
                *task.notes,
            ]
        )
    lines = [f"{_name(task)} {task.status} (task {task.id})."]
    lines += [
        f"{o.kind.capitalize()}{f' ({o.label})' if o.label else ''}: "
        + (f"saved to {o.path}" if o.path else _short(o.url))
        for o in task.outputs
    ]
    if task.text:
        lines.append(f"Result:\n{task.text}")
    if task.error:
        lines.append(f"Reason: {task.error}")
    lines += task.notes
    if task.actions and follow_up_tool:
        lines.append(
            f"Follow-up actions (call {follow_up_tool} with task_id={task.id!r} and one custom_id):"
        )
        lines += [f"- {a.label}: {a.id}" for a in task.actions]
    return "\n".join(lines)


def for_developer(error: GPTProtoError) -> bool:
    """True for a failure the model cannot act on: the key (401), its rights or balance (403,
    402), the setup, or gptproto unreachable (no connection was ever made). Both adapters raise
    these to the developer instead of showing them to the model.

    A job that was submitted, or may have been (its answer lost), is never the developer's
    alone: the model must keep its task id, so such an error always goes back to the model.

    >>> for_developer(AuthenticationError("Invalid API key", status_code=401))
    True
    """
    if error.task_id or error.job_may_exist or error.task is not None:
        return False
    if isinstance(error, ConfigurationError | AuthenticationError | PermissionDeniedError):
        return True  # InsufficientBalanceError is a PermissionDeniedError
    return isinstance(error, APIConnectionError) and not error.request_sent


def describe_error(error: GPTProtoError, *, lookup_tool: str | None) -> str:
    """An error as advice the model can act on (never with a key in it)."""
    return redact(_advice(error, lookup_tool))


def _advice(error: GPTProtoError, lookup_tool: str | None) -> str:
    if isinstance(error, InvalidInputError):
        return f"Invalid arguments: {error}"
    if isinstance(error, TaskTimeoutError) and lookup_tool is not None:
        return (
            f"Task {error.task_id} is still {error.last_status} after {error.waited:.0f}s. It was "
            f"submitted once and may still finish: {_lookup(lookup_tool)} with "
            f"task_id={error.task_id!r} later. Do not submit it again."
        )
    if isinstance(error, TaskFailedError) and error.status == "cancelled":
        # Cancelling is done by the account or the vendor, not by the request's content.
        return (
            f"Task {error.task_id} was cancelled: {error.reason}. Nothing was made; submit it "
            "again only if it is still wanted."
        )
    if isinstance(error, TaskFailedError):
        return (
            f"Task {error.task_id} failed: {error.reason}. Change the request before trying again."
        )
    if isinstance(error, NotFoundError) and error.task_id:
        return f"There is no task {error.task_id!r}: {error}. Check the id the tool returned."
    if type(error) is BadRequestError and error.task_id and error.status_code == 400:
        # A lookup refused as a bad request: the vendor says the id is not one of its ids.
        return (
            f"The task id {error.task_id!r} was refused: {error}. Check the id the tool returned."
        )
    if error.job_may_exist and isinstance(error.task, Task):
        # Only a streamed submit (a chat-format video) knows a task before its answer is whole:
        # the stream broke before the link, and that format has no task id to look it up by.
        seen = f" Its last progress line: {error.task.text}." if error.task.text else ""
        return (
            f"The {_name(error.task)} request was sent, but its stream broke before the video "
            f"link arrived ({error}).{seen} The video may still be made and billed, and there "
            "is no task id to look it up: do not submit the same request again blindly. Tell "
            "the user it may still appear in their gptproto account."
        )
    if error.job_may_exist:
        sent = (
            f"The submission was sent but its answer was lost ({error}). The job may exist and "
            "be charged: do not submit the same request again blindly."
        )
        if lookup_tool is None:  # one request, no task: the result cannot be fetched later
            return f"{sent} Tell the user the result may have been made and billed, unseen."
        return (
            f"{sent} Tell the user it may still appear in their gptproto account; with its "
            f"task id from there, call {lookup_tool} with task_id=<that id>."
        )
    if error.task_id:
        return (
            f"Task {error.task_id} was submitted, but following it failed: {error}. The job may "
            f"still finish: {_lookup(lookup_tool)} with task_id={error.task_id!r} later. Do not "
            "submit it again."
        )
    return f"The request failed: {error}"
