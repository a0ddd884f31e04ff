"""When to poll a media job: a schedule, and a plan that adapts it to the progress seen.

plan = PollPlan(PollSchedule.every(2, timeout=600), started=clock())
wait = plan.next_wait(clock())             # None once the deadline has passed
"""

from __future__ import annotations

from dataclasses import dataclass

from gptproto_core.task_types import Task

__all__ = ["PollPlan", "PollSchedule"]


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
