"""Where a media job stands after some emulated seconds: a list of timed phases.

A job's status is a pure function of (emulated time since it started, its phases), so polling
never changes a job and the same polls always see the same statuses.

    >>> line = Timeline((("submitted", 2.0), ("processing", 4.0), ("succeed", None)))
    >>> line.at(3.0).status, round(line.at(3.0).fraction, 2), line.at(99).status
    ('processing', 0.25, 'succeed')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Moment:
    """The phase a job is in: its status word, when the phase began, how far into it."""

    status: str
    index: int
    phase_start: float
    fraction: float
    terminal: bool


@dataclass(frozen=True)
class Timeline:
    """Phases ``(status, seconds)`` in order; the last one has ``None`` seconds (it lasts)."""

    phases: tuple[tuple[str, float | None], ...]

    def __post_init__(self) -> None:
        if not self.phases or self.phases[-1][1] is not None:
            raise ValueError("a timeline ends with one open (None) phase")
        if any(seconds is None or seconds < 0 for _, seconds in self.phases[:-1]):
            raise ValueError("every phase but the last needs a duration >= 0")

    @property
    def finish(self) -> float:
        """Seconds after the start at which the last (terminal) phase begins."""
        return sum(seconds or 0.0 for _, seconds in self.phases[:-1])

    def at(self, elapsed: float) -> Moment:
        """The phase reached ``elapsed`` emulated seconds after the start."""
        start = 0.0
        elapsed = max(0.0, elapsed)
        for index, (status, seconds) in enumerate(self.phases):
            if seconds is None:
                return Moment(status, index, start, 1.0, True)
            if elapsed < start + seconds:
                fraction = (elapsed - start) / seconds if seconds else 1.0
                return Moment(status, index, start, fraction, False)
            start += seconds
        raise AssertionError("unreachable: the last phase is open")  # pragma: no cover

    def start_of(self, status: str) -> float | None:
        """Seconds after the start at which the phase ``status`` begins (first match)."""
        start = 0.0
        for name, seconds in self.phases:
            if name == status:
                return start
            start += seconds or 0.0
        return None
