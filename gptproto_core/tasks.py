"""The life cycle of asynchronous media jobs, for every vendor.

    runner = TaskRunner(client)
    task = runner.run(midjourney.imagine(ImagineRequest(prompt="a red fox")), on_progress=print)
    task.outputs[0].url

A vendor module describes a job as a `Job` (how to submit, how to fetch, how to read both) and a
`StatusTable` (its status words mapped to ours). `PollPlan` decides when to poll, once, for the
sync and the async driver alike. Polling only ever fetches: a job is submitted exactly once,
and a timeout raises `TaskTimeoutError` with the id so the caller can resume later.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.errors import OK_CODES, TaskFailedError, TaskTimeoutError
from gptproto_core.retry import RequestKind

__all__ = [
    "Action",
    "AsyncTaskRunner",
    "Job",
    "Output",
    "PollPlan",
    "PollSchedule",
    "Request",
    "StatusTable",
    "Task",
    "TaskRunner",
    "TaskStatus",
]

logger = logging.getLogger("gptproto.tasks")

TaskStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
MediaKind = Literal["image", "video", "audio", "text"]
TERMINAL: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})


@dataclass(frozen=True)
class Output:
    """One thing a job made: a URL and what kind of media it points to."""

    url: str
    kind: MediaKind
    label: str | None = None


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
    method: str
    path: str
    json: Any = None
    params: Mapping[str, Any] | None = None
    ok_codes: frozenset[object] | None = OK_CODES


@dataclass(frozen=True)
class Job:
    """Everything the runner needs to submit one job and follow it to the end."""

    vendor: str
    operation: str
    submit: Request
    read_submitted: Callable[[Any], Task]
    fetch: Callable[[Task], Request]
    read_fetched: Callable[[Any, Task], Task]


@dataclass(frozen=True)
class PollSchedule:
    """Wait `first_wait`, then poll every `interval` growing by `growth` up to `max_interval`."""

    first_wait: float = 2.0
    interval: float = 2.0
    growth: float = 1.5
    max_interval: float = 15.0
    timeout: float = 600.0

    def __post_init__(self) -> None:
        if self.interval <= 0 or self.first_wait < 0 or self.timeout <= 0:
            raise ValueError("poll interval and timeout must be positive")

    @classmethod
    def every(cls, poll_interval: float, timeout: float) -> PollSchedule:
        """The schedule tools use: start at `poll_interval`, grow to at most 8x (cap 15 s)."""
        cap = max(poll_interval, min(poll_interval * 8, 15.0))
        return cls(
            first_wait=poll_interval, interval=poll_interval, max_interval=cap, timeout=timeout
        )


class PollPlan:
    """When to poll next, and whether a new answer is worth telling the caller about.

    Besides the schedule, it watches the progress a vendor reports: when the rate so far says
    the job will be done before the next scheduled poll, it polls at that moment instead (never
    sooner than a quarter interval), so completion is seen soon after the job is ready.
    """

    def __init__(self, schedule: PollSchedule, started: float) -> None:
        self.schedule = schedule
        self.started = started
        self.polls = 0
        self._interval = schedule.interval
        self._last_seen: tuple[str, float | None] | None = None
        self._first_progress: tuple[float, float] | None = None
        self._last_progress: tuple[float, float] | None = None
        self._overdue = 0

    def next_wait(self, now: float) -> float | None:
        """Seconds to sleep before the next poll, or None when the deadline has passed."""
        remaining = self.started + self.schedule.timeout - now
        if remaining <= 0:
            return None
        if self.polls == 0:
            wait = self.schedule.first_wait
        else:
            wait = self._interval
            self._interval = min(self._interval * self.schedule.growth, self.schedule.max_interval)
        eta = self.estimated_finish()
        quick = self.schedule.interval / 4
        if eta is not None and now < eta < now + wait:
            wait = max(eta - now, quick)
        elif eta is not None and eta <= now and self._overdue < 2:
            # Progress comes in whole percents, so the estimate can be a little early: check
            # again soon (twice at most) rather than a whole interval later.
            self._overdue += 1
            wait = min(wait, quick)
        self.polls += 1
        return min(wait, remaining)

    def observe(self, task: Task, now: float) -> bool:
        """Record a fetched state; True when its status or progress is new."""
        if task.status == "running" and task.progress is not None and 0 < task.progress < 1:
            sample = (now, task.progress)
            self._first_progress = self._first_progress or sample
            self._last_progress = sample
        seen = (task.status, task.progress)
        if seen == self._last_seen:
            return False
        self._last_seen = seen
        return True

    def estimated_finish(self) -> float | None:
        """When the job should reach 100% at the progress rate seen so far, if it is moving."""
        if self._first_progress is None or self._last_progress is None:
            return None
        (t0, p0), (t1, p1) = self._first_progress, self._last_progress
        if p1 <= p0 or t1 <= t0:
            return None
        return t1 + (1.0 - p1) * (t1 - t0) / (p1 - p0)


ProgressCallback = Callable[[Task], None]
AsyncProgressCallback = Callable[[Task], Awaitable[None] | None]


def _finish(task: Task) -> Task:
    if task.status == "failed":
        raise TaskFailedError(task.id, task.error or "no reason given", vendor=task.vendor)
    return task


class TaskRunner:
    """Submits and follows jobs with a blocking client."""

    def __init__(
        self,
        client: GPTProtoClient,
        schedule: PollSchedule | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.schedule = schedule or PollSchedule()
        self._sleep, self._clock = sleep, clock

    def submit(self, job: Job) -> Task:
        """Send the job once; retried only where the server surely did not take it."""
        r = job.submit
        body = self.client.request_json(
            r.method,
            r.path,
            json=r.json,
            params=r.params,
            kind=RequestKind.SUBMIT,
            ok_codes=r.ok_codes,
        )
        return job.read_submitted(body)

    def fetch(self, job: Job, task: Task) -> Task:
        r = job.fetch(task)
        body = self.client.request_json(
            r.method, r.path, json=r.json, params=r.params, ok_codes=r.ok_codes
        )
        return job.read_fetched(body, task)

    def wait(self, job: Job, task: Task, on_progress: ProgressCallback | None = None) -> Task:
        """Poll until the job ends (or needs input); raises on failure and on the deadline."""
        plan = PollPlan(self.schedule, self._clock())
        if plan.observe(task, self._clock()) and on_progress:
            on_progress(task)
        while not (task.done or task.needs_input):
            wait = plan.next_wait(self._clock())
            if wait is None:
                raise TaskTimeoutError(task.id, task.status, self._clock() - plan.started)
            self._sleep(wait)
            task = self.fetch(job, task)
            if plan.observe(task, self._clock()) and on_progress:
                on_progress(task)
        return _finish(task)

    def run(self, job: Job, on_progress: ProgressCallback | None = None) -> Task:
        return self.wait(job, self.submit(job), on_progress)

    def start(self, job: Job, wait: bool, on_progress: ProgressCallback | None = None) -> Task:
        """Submit; then follow the job to its end, or return at once when `wait` is False."""
        task = self.submit(job)
        return self.wait(job, task, on_progress) if wait else task

    def resume(
        self, job: Job, task: Task, wait: bool, on_progress: ProgressCallback | None = None
    ) -> Task:
        """Look a submitted job up again: follow it to its end, or fetch it once."""
        return self.wait(job, task, on_progress) if wait else self.fetch(job, task)


class AsyncTaskRunner:
    """The same life cycle with an async client and async sleeps (no threads)."""

    def __init__(
        self,
        client: AsyncGPTProtoClient,
        schedule: PollSchedule | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.schedule = schedule or PollSchedule()
        self._sleep, self._clock = sleep, clock

    async def submit(self, job: Job) -> Task:
        r = job.submit
        body = await self.client.request_json(
            r.method,
            r.path,
            json=r.json,
            params=r.params,
            kind=RequestKind.SUBMIT,
            ok_codes=r.ok_codes,
        )
        return job.read_submitted(body)

    async def fetch(self, job: Job, task: Task) -> Task:
        r = job.fetch(task)
        body = await self.client.request_json(
            r.method, r.path, json=r.json, params=r.params, ok_codes=r.ok_codes
        )
        return job.read_fetched(body, task)

    async def wait(
        self, job: Job, task: Task, on_progress: AsyncProgressCallback | None = None
    ) -> Task:
        plan = PollPlan(self.schedule, self._clock())
        if plan.observe(task, self._clock()) and on_progress:
            await _call(on_progress, task)
        while not (task.done or task.needs_input):
            wait = plan.next_wait(self._clock())
            if wait is None:
                raise TaskTimeoutError(task.id, task.status, self._clock() - plan.started)
            await self._sleep(wait)
            task = await self.fetch(job, task)
            if plan.observe(task, self._clock()) and on_progress:
                await _call(on_progress, task)
        return _finish(task)

    async def run(self, job: Job, on_progress: AsyncProgressCallback | None = None) -> Task:
        return await self.wait(job, await self.submit(job), on_progress)

    async def start(
        self, job: Job, wait: bool, on_progress: AsyncProgressCallback | None = None
    ) -> Task:
        task = await self.submit(job)
        return await self.wait(job, task, on_progress) if wait else task

    async def resume(
        self, job: Job, task: Task, wait: bool, on_progress: AsyncProgressCallback | None = None
    ) -> Task:
        return await (self.wait(job, task, on_progress) if wait else self.fetch(job, task))


async def _call(callback: AsyncProgressCallback, task: Task) -> None:
    result = callback(task)
    if result is not None:
        await result


def with_status(task: Task, **changes: Any) -> Task:
    """A copy of `task` with some fields changed (vendor readers build on the previous state)."""
    return replace(task, **changes)
