"""What a media job is, in our words: `Task` and its parts, the calls that make and follow it.

    task = Task(id="t1", vendor="midjourney", operation="imagine", status="running", progress=0.4)
    task.done, task.summary()                  # False, 'midjourney imagine t1: running 40%'

A vendor module builds `Job`s (the submit call and the reader of its answer) and one `Tracker`
(the fetch call, its reader, resuming by id). Nothing here does I/O.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import quote

from gptproto_core.body_guard import reads_body
from gptproto_core.errors import OK_CODES, redact
from gptproto_core.files import FileParts

__all__ = [
    "TERMINAL",
    "Action",
    "Job",
    "MediaKind",
    "Output",
    "Request",
    "StatusTable",
    "Task",
    "TaskStatus",
    "Tracker",
    "path_segment",
    "with_status",
]

logger = logging.getLogger("gptproto.tasks")

TaskStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
MediaKind = Literal["image", "video", "audio", "text"]
TERMINAL: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})


def path_segment(task_id: str) -> str:
    """A task id as one URL path segment: `/`, `?`, `#`, `..` and spaces escaped, so an id a
    model made up can only name a task, never another route.

    >>> path_segment("../../v1/models")
    '..%2F..%2Fv1%2Fmodels'
    """
    return quote(task_id, safe=":@!$&'()*+,;=-._~")


@dataclass(frozen=True)
class Output:
    """One thing a job made: a URL and what kind of media it points to.

    `path` is set when the result was saved to disk (binary answers such as speech).
    """

    url: str
    kind: MediaKind
    label: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Action:
    """A follow-up the vendor offers on a finished job (Midjourney's U1..V4 buttons, ...)."""

    id: str
    label: str


@dataclass(frozen=True)
class Task:
    """The state of one job, in our words; `raw` keeps the vendor's last body."""

    id: str
    vendor: str
    operation: str
    status: TaskStatus
    progress: float | None = None
    outputs: tuple[Output, ...] = ()
    actions: tuple[Action, ...] = ()
    text: str | None = None  # a text result (describe prompts, lyrics)
    error: str | None = None
    needs_input: bool = False  # the vendor waits for a follow-up call (Midjourney MODAL)
    notes: tuple[str, ...] = ()  # vendor lines for the model: ids and links for the next step
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def done(self) -> bool:
        return self.status in TERMINAL

    def summary(self) -> str:
        """One line for logs and progress bars."""
        percent = f" {self.progress:.0%}" if self.progress is not None else ""
        return f"{self.vendor} {self.operation} {self.id}: {self.status}{percent}"


class StatusTable:
    """A vendor's status words mapped to ours; an unknown word counts as running (warned once)."""

    def __init__(self, vendor: str, words: Mapping[str, TaskStatus]) -> None:
        self.vendor = vendor
        self._words = {word.lower(): status for word, status in words.items()}
        self._warned: set[str] = set()

    def __call__(self, word: object) -> TaskStatus:
        key = str(word or "").lower()
        status = self._words.get(key)
        if status is not None:
            return status
        if key not in self._warned:
            self._warned.add(key)
            logger.warning("%s: unknown status %r, treating it as running", self.vendor, word)
        return "running"

    @property
    def words(self) -> list[str]:
        return list(self._words)


@dataclass(frozen=True)
class Request:
    """One HTTP call, as data: built by pure functions, sent by a driver."""

    method: str
    path: str
    json: Any = None
    params: Mapping[str, Any] | None = None
    ok_codes: frozenset[object] | None = OK_CODES
    files: FileParts | None = None  # multipart (also when empty): files, `data` the fields
    data: Mapping[str, Any] | None = None
    binary: bool = False  # the answer is a file: saved to the output directory, read as SavedFile
    text: bool = False  # the answer is plain text (srt, vtt, ...): read as a str, not JSON


def _seed(vendor: str) -> Callable[[str], Task]:
    def seed(task_id: str) -> Task:
        return Task(id=task_id.strip(), vendor=vendor, operation="task", status="queued")

    return seed


@dataclass(frozen=True)
class Tracker:
    """How to follow one vendor's jobs: the fetch call, its reader, and resuming by id.

    `resume` turns a task id (as our tools hand it out) into the not-yet-fetched `Task`, refusing
    an id of the wrong form; `lookup_tool` is the tool that does it for a model. A vendor with a
    list call sets `fetch_many` and `read_many`: several tasks looked up with one request.
    """

    vendor: str
    fetch: Callable[[Task], Request]
    read: Callable[[Any, Task], Task]
    lookup_tool: str
    resume: Callable[[str], Task] | None = None
    statuses: tuple[StatusTable, ...] = ()
    fetch_many: Callable[[Sequence[Task]], Request] | None = None
    read_many: Callable[[Any, Sequence[Task]], list[Task]] | None = None

    def __post_init__(self) -> None:
        # Parse defensively, once: whatever a vendor's reader cannot read leaves as
        # UnexpectedResponseError with an excerpt, never as a KeyError or TypeError.
        read = reads_body(f"{self.vendor} task")(self.read)
        object.__setattr__(self, "read", lambda body, task: _clean(read(body, task)))

    def start(self, task_id: str) -> Task:
        return (self.resume or _seed(self.vendor))(task_id)


@dataclass(frozen=True)
class Job:
    """One submission, ready to send: the call, the reader of its answer, and who follows it.

    `tracker` is None for routes that answer with the result at once (nothing to poll).
    `read_stream`, when set, sends `submit` as a stream instead: a flow over the `Stream` step it
    is given (see `tasks.Stream`) that reads the events to the end and returns the `Task`.
    """

    vendor: str
    operation: str
    submit: Request
    read_submitted: Callable[[Any], Task]
    tracker: Tracker | None = None
    read_stream: Callable[[Any], Generator[Any, Any, Task]] | None = None

    def __post_init__(self) -> None:
        read = reads_body(f"{self.vendor} {self.operation} answer")(self.read_submitted)
        object.__setattr__(self, "read_submitted", lambda body: _clean(read(body)))


def _clean(task: Task) -> Task:
    """A vendor's words (a failure reason, a prompt) may echo a key: never in a `Task`'s text."""
    texts = (task.error, task.text, *task.notes)
    if not any(text and redact(text) != text for text in texts):
        return task
    return replace(
        task,
        error=redact(task.error) if task.error else task.error,
        text=redact(task.text) if task.text else task.text,
        notes=tuple(redact(note) for note in task.notes),
    )


def with_status(task: Task, **changes: Any) -> Task:
    """A copy of `task` with some fields changed (vendor readers build on the previous state)."""
    return replace(task, **changes)
