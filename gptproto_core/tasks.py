"""The life cycle of a media job, written once: submit → poll → progress → finish.

    runner = TaskRunner(client)
    task = runner.run(midjourney.imagine(ImagineRequest(prompt="a red fox")), on_progress=print)
    task.outputs[0].url

The life cycle is a generator of steps (`Send` a request, read a `Stream`'s events one at a time,
`Sleep`, `Report` progress) that does
no I/O itself, the way httpx drives an `auth_flow`: `drive` runs it with a blocking client and
`adrive` with an async one, so sync and async share every decision. A request's failure is
thrown back into the generator, which is where the task id gets attached. Polling only ever
fetches: a job is submitted exactly once, and a timeout raises `TaskTimeoutError` with the id so
the caller can resume later. The steps and their drivers are in `gptproto_core.drivers`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.drivers import (
    AsyncProgressCallback,
    Clock,
    Fetch,
    Flow,
    ProgressCallback,
    Report,
    Send,
    Sleep,
    Stream,
    adrive,
    drive,
)
from gptproto_core.errors import (
    APIConnectionError,
    APITimeoutError,
    GPTProtoError,
    InvalidInputError,
    TaskFailedError,
    TaskTimeoutError,
    UnexpectedResponseError,
)
from gptproto_core.polling import PollPlan, PollSchedule
from gptproto_core.retry import RequestKind
from gptproto_core.task_types import (
    TERMINAL,
    Action,
    Job,
    MediaKind,
    Output,
    Request,
    StatusTable,
    Task,
    TaskStatus,
    Tracker,
    with_status,
)

__all__ = [
    "TERMINAL",
    "Action",
    "AsyncTaskRunner",
    "Clock",
    "Fetch",
    "Flow",
    "Job",
    "MediaKind",
    "Output",
    "PollPlan",
    "PollSchedule",
    "Report",
    "Request",
    "Send",
    "Sleep",
    "StatusTable",
    "Stream",
    "Task",
    "TaskRunner",
    "TaskStatus",
    "Tracker",
    "adrive",
    "drive",
    "fetch_flow",
    "finish",
    "follow_flow",
    "job_flow",
    "resume_flow",
    "submit_flow",
    "with_status",
    "within",
]


T = TypeVar("T")


def submit_flow(job: Job) -> Flow[Task]:
    """Send the job once; the client retries a submission only where it surely did not arrive.

    When the request went out but its answer was lost (a hang-up, a read timeout), the job may
    exist: the error says so, so that nobody pays for it twice by resubmitting blindly.
    """
    try:
        if job.read_stream is not None:  # answered by a stream: read it to its end
            return (yield from job.read_stream(Stream(job.submit, RequestKind.SUBMIT)))
        body = yield Send(job.submit, RequestKind.SUBMIT)
    except APIConnectionError as error:
        error.job_may_exist = error.request_sent
        raise
    return job.read_submitted(body)


def job_flow(job: Job, schedule: PollSchedule, clock: Clock, *, wait: bool = True) -> Flow[Task]:
    """Submit once; then follow the job to its end, or stop at the receipt when `wait` is False.

    A job answered by one stream with no task to poll (Veo's chat format) has no receipt to
    stop at: `wait=False` is refused before anything is sent, rather than silently waiting.
    """
    if not wait and job.read_stream is not None and job.tracker is None:
        raise InvalidInputError(
            f"wait=False: {job.vendor} {job.operation} in this wire format answers over one "
            "stream read to its end, with no task id to look up later, so it cannot return "
            "early. Call it again with wait=True: it returns when the video is made."
        )
    task = yield from submit_flow(job)
    if not wait:
        return finish(task) if task.done else task
    return (yield from follow_flow(job.tracker, task, schedule, clock))


def resume_flow(
    tracker: Tracker, task_id: str, schedule: PollSchedule, clock: Clock, *, wait: bool
) -> Flow[Task]:
    """Look a submitted job up again by id: fetch it at once, then follow it if `wait`."""
    task = tracker.start(task_id)
    if not wait:
        return (yield from fetch_flow(tracker, task))
    return (yield from follow_flow(tracker, task, schedule, clock, fetch_first=True))


def fetch_flow(tracker: Tracker, task: Task) -> Flow[Task]:
    body = yield Send(tracker.fetch(task))
    return tracker.read(body, task)


def follow_flow(
    tracker: Tracker | None,
    task: Task,
    schedule: PollSchedule,
    clock: Clock,
    *,
    fetch_first: bool = False,
) -> Flow[Task]:
    """Poll until the job ends (or needs input); raises on failure and on the deadline.

    `fetch_first` looks the task up at once (resuming by id) instead of sleeping first. Every
    error raised from here on carries the task id and the last known task.
    """
    plan = PollPlan(schedule, clock())
    try:
        if fetch_first and tracker is not None:
            task = yield from fetch_flow(tracker, task)
        if plan.observe(task, clock()):
            yield Report(task)
        while not (task.done or task.needs_input):
            if tracker is None:
                raise UnexpectedResponseError(
                    f"{task.vendor} answered {task.status} with no way to follow it"
                )
            wait = plan.next_wait(clock())
            if wait is None:
                raise TaskTimeoutError(task.id, task.status, clock() - plan.started)
            yield Sleep(wait)
            task = yield from fetch_flow(tracker, task)
            if plan.observe(task, clock()):
                yield Report(task)
        return finish(task)
    except GPTProtoError as error:
        # The job exists: whatever went wrong, the caller must be able to find it again.
        error.task_id = error.task_id or task.id
        error.task = error.task or task
        raise


def within(flow: Flow[T], clock: Clock, seconds: float) -> Flow[T]:
    """`flow` with a deadline that holds: every request gets at most what is left of `seconds`,
    and none starts after it (the flow sees an `APITimeoutError`, so a submitted job's id stays
    on it)."""
    deadline = clock() + seconds
    reply: Any = None
    error: GPTProtoError | None = None
    # A stream is asked for event by event with the same step: it gets its bounded twin once.
    streams: tuple[Stream, Stream] | None = None
    while True:
        try:
            step = flow.throw(error) if error is not None else flow.send(reply)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        reply, error = None, None
        if isinstance(step, Stream) and streams is not None and streams[0] is step:
            step = streams[1]
        elif isinstance(step, Send | Stream):
            left = deadline - clock()
            if left <= 0:
                error = APITimeoutError(f"the call's deadline of {seconds:g}s has passed")
                continue
            original = step
            step = replace(step, timeout=left if step.timeout is None else min(left, step.timeout))
            if isinstance(original, Stream) and isinstance(step, Stream):
                streams = (original, step)
        try:
            reply = yield step
        except GPTProtoError as failed:
            error = failed


def finish(task: Task) -> Task:
    """A finished task as it is; a failed or cancelled one raises with the id and the reason."""
    if task.status in ("failed", "cancelled"):
        reason = task.error or "no reason given"
        raise TaskFailedError(task.id, reason, vendor=task.vendor, status=task.status)
    return task


def _tracker(job_or_tracker: Job | Tracker) -> Tracker | None:
    return job_or_tracker.tracker if isinstance(job_or_tracker, Job) else job_or_tracker


class TaskRunner:
    """Submits and follows jobs with a blocking client."""

    def __init__(
        self,
        client: GPTProtoClient,
        schedule: PollSchedule | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        self.client = client
        self.schedule = schedule or PollSchedule()
        self._sleep, self._clock = sleep, clock

    def drive(self, flow: Flow[T], on_progress: ProgressCallback | None = None) -> T:
        return drive(flow, self.client, sleep=self._sleep, on_progress=on_progress)

    def submit(self, job: Job) -> Task:
        return self.drive(submit_flow(job))

    def fetch(self, job_or_tracker: Job | Tracker, task: Task) -> Task:
        tracker = _tracker(job_or_tracker)
        return task if tracker is None else self.drive(fetch_flow(tracker, task))

    def wait(
        self, job: Job | Tracker, task: Task, on_progress: ProgressCallback | None = None
    ) -> Task:
        flow = follow_flow(_tracker(job), task, self.schedule, self._clock)
        return self.drive(flow, on_progress)

    def run(self, job: Job, on_progress: ProgressCallback | None = None) -> Task:
        return self.start(job, True, on_progress)

    def start(self, job: Job, wait: bool, on_progress: ProgressCallback | None = None) -> Task:
        """Submit; then follow the job to its end, or return at once when `wait` is False."""
        return self.drive(job_flow(job, self.schedule, self._clock, wait=wait), on_progress)

    def resume(
        self,
        tracker: Tracker,
        task_id: str,
        wait: bool,
        on_progress: ProgressCallback | None = None,
    ) -> Task:
        """Look a submitted job up again by id: follow it to its end, or fetch it once."""
        flow = resume_flow(tracker, task_id, self.schedule, self._clock, wait=wait)
        return self.drive(flow, on_progress)


class AsyncTaskRunner:
    """The same life cycle with an async client and async sleeps (no threads)."""

    def __init__(
        self,
        client: AsyncGPTProtoClient,
        schedule: PollSchedule | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        self.client = client
        self.schedule = schedule or PollSchedule()
        self._sleep, self._clock = sleep, clock

    async def drive(self, flow: Flow[T], on_progress: AsyncProgressCallback | None = None) -> T:
        return await adrive(flow, self.client, sleep=self._sleep, on_progress=on_progress)

    async def submit(self, job: Job) -> Task:
        return await self.drive(submit_flow(job))

    async def fetch(self, job_or_tracker: Job | Tracker, task: Task) -> Task:
        tracker = _tracker(job_or_tracker)
        return task if tracker is None else await self.drive(fetch_flow(tracker, task))

    async def wait(
        self, job: Job | Tracker, task: Task, on_progress: AsyncProgressCallback | None = None
    ) -> Task:
        flow = follow_flow(_tracker(job), task, self.schedule, self._clock)
        return await self.drive(flow, on_progress)

    async def run(self, job: Job, on_progress: AsyncProgressCallback | None = None) -> Task:
        return await self.start(job, True, on_progress)

    async def run_many(
        self, jobs: Sequence[Job], on_progress: AsyncProgressCallback | None = None
    ) -> list[Task]:
        """Submit every job at once, then follow them together with one list request per round
        (Midjourney's list-by-condition) instead of one fetch per job. Failed tasks are
        returned, not raised. Jobs of one vendor whose tracker lists tasks only."""
        from gptproto_core.task_batches import follow_many_flow, one_tracker  # imports us

        tracker = one_tracker(jobs)
        tasks = list(await asyncio.gather(*(self.submit(job) for job in jobs)))
        flow = follow_many_flow(tracker, tasks, self.schedule, self._clock)
        return await self.drive(flow, on_progress)

    async def start(
        self, job: Job, wait: bool, on_progress: AsyncProgressCallback | None = None
    ) -> Task:
        flow = job_flow(job, self.schedule, self._clock, wait=wait)
        return await self.drive(flow, on_progress)

    async def resume(
        self,
        tracker: Tracker,
        task_id: str,
        wait: bool,
        on_progress: AsyncProgressCallback | None = None,
    ) -> Task:
        flow = resume_flow(tracker, task_id, self.schedule, self._clock, wait=wait)
        return await self.drive(flow, on_progress)
