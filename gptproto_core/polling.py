"""When to poll a media job: a schedule, a plan that adapts it to the progress seen, and the
progress a bar shows (the vendor's, or an estimate from the plan's expected finish).

plan = PollPlan(PollSchedule.every(2, timeout=600), started=clock())
wait = plan.next_wait(clock())             # None once the deadline has passed
meter = ProgressMeter(expected=90)         # a row's typical_seconds
meter.read(task)                           # Reading(progress=0.31, estimated=True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from gptproto_core.task_types import Task

__all__ = ["PollPlan", "PollSchedule", "ProgressMeter", "Reading", "estimate"]


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

    def __init__(
        self, schedule: PollSchedule, started: float, *, expected: float | None = None
    ) -> None:
        self.schedule = schedule
        self.started = started
        self.expected = expected  # seconds such a job typically takes, when known
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

    def expected_finish(self) -> float | None:
        """When the job should be done: from the progress rate seen, else from the typical
        duration (`expected`) counted from the start."""
        eta = self.estimated_finish()
        if eta is not None:
            return eta
        return None if self.expected is None else self.started + self.expected


# An estimate runs linearly to EASE_AT at the expected finish, then creeps towards CEILING: a
# late job still moves a little, and no estimate ever says "done".
EASE_AT = 0.9
CEILING = 0.99


def estimate(elapsed: float, expected: float) -> float:
    """The fraction a job that typically takes `expected` seconds may have done after
    `elapsed`: 0 at the start, EASE_AT at `expected`, always below CEILING (never 1)."""
    if expected <= 0 or elapsed <= 0:
        return 0.0
    if elapsed <= expected:
        return EASE_AT * elapsed / expected
    late = (elapsed - expected) / expected
    return CEILING - (CEILING - EASE_AT) / (1.0 + late)


@dataclass(frozen=True)
class Reading:
    """What a progress bar shows: a fraction (None: unknown) and whether it is our estimate."""

    progress: float | None
    estimated: bool = False


class ProgressMeter:
    """The progress to report for one tool call's jobs, task by task.

    A vendor's own progress is shown as it is. Where the vendor reports only a status (Suno,
    Kling, Seedance, ...) and the operation has a typical duration, the meter estimates it from
    its `PollPlan`'s expected finish, marked `estimated`; an estimate never goes back for a
    task and stays below 1 until the job has ended. `Task.progress` itself is never touched.
    """

    def __init__(
        self,
        expected: float | None,
        schedule: PollSchedule | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.expected = expected
        self.schedule = schedule or PollSchedule()
        self.clock = clock
        self._plan: PollPlan | None = None
        self._task_id: str | None = None
        self._shown = 0.0

    def read(self, task: Task) -> Reading:
        now = self.clock()
        if task.id != self._task_id:  # a new job (a preparation's, then the main one)
            self._task_id, self._shown = task.id, 0.0
            self._plan = PollPlan(self.schedule, now, expected=self.expected)
        assert self._plan is not None
        self._plan.observe(task, now)
        real = task.progress
        finish = self._plan.expected_finish()
        if self.expected is None or task.done or task.needs_input or finish is None:
            return Reading(real)
        guess = estimate(now - self._plan.started, finish - self._plan.started)
        if real is not None and real >= max(guess, self._shown):
            self._shown = real
            return Reading(real)
        self._shown = max(self._shown, guess, real or 0.0)
        return Reading(self._shown, estimated=True)
