"""The media jobs an emulator holds, and the fates tests script for the next ones.

A fate is chosen when a job is accepted: the next scripted fate of its vendor (queued with
``POST /__emulator__/jobs/next`` or ``EmulatorServer.script_next_job``), else the content
rules (banned words, :mod:`content_rules`), else success. From then on the job's status is a
pure function of emulated time (see :mod:`timeline`).

    >>> book = JobBook()
    >>> book.script("kling", parse_fate({"vendor": "kling", "fate": "fail", "reason": "boom"})[1])
    >>> book.take_fate("kling").outcome, book.take_fate("kling").outcome
    ('fail', 'succeed')
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from gptproto_emulator.media.timeline import Moment, Timeline

Vendor = Literal["midjourney", "suno", "kling", "flux", "runway", "higgsfield", "veo", "seedance"]
VENDORS: tuple[Vendor, ...] = (
    "midjourney",
    "suno",
    "kling",
    "flux",
    "runway",
    "higgsfield",
    "veo",
    "seedance",
)
Outcome = Literal["succeed", "fail", "moderated", "queued", "reject", "cancel"]
OUTCOMES: tuple[Outcome, ...] = ("succeed", "fail", "moderated", "queued", "reject", "cancel")
# Vendors whose task statuses include a cancelled word (Ark `cancelled`, Higgsfield `canceled`).
CANCELLING_VENDORS = ("seedance", "higgsfield")
MJ_REJECT_CODES = (3, 4, 9, 23)
SUNO_FEED_SHAPES = ("bare", "wrapped")
# Response shapes API.md names as candidates, selectable so cassettes cover each (first: default):
# Runway §10.2 candidates A/B/C, higgsfield §14.3 (job, relay wrapper, job set).
SHAPE_OPTIONS: dict[str, tuple[str, ...]] = {
    "suno_feed": SUNO_FEED_SHAPES,
    "veo_submit": ("data", "data_id", "id", "task_id"),  # §5.2: where the task id is
    "seedance_task": ("ark", "wrapped"),  # §13.7: Ark's object or the docs site's envelope
    "runway": ("official", "wrapped", "feed"),
    "higgsfield": ("job", "wrapped", "jobset"),
}


class JobSpecError(ValueError):
    """A scripted fate or media option that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Fate:
    """What becomes of a job: ``outcome`` plus the vendor's reason text or reject ``code``."""

    outcome: Outcome = "succeed"
    reason: str | None = None
    code: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The fate as the admin endpoint shows it."""
        return {"fate": self.outcome, "reason": self.reason, "code": self.code}


SUCCEED = Fate()


def parse_fate(spec: Any) -> tuple[Vendor, Fate]:
    """Read ``{"vendor", "fate", "reason"?, "code"?}`` or raise :class:`JobSpecError`."""
    if not isinstance(spec, dict):
        raise JobSpecError("A scripted fate must be a JSON object")
    unknown = sorted(set(spec) - {"vendor", "fate", "reason", "code"})
    if unknown:
        raise JobSpecError(f"Unknown field(s): {', '.join(unknown)}")
    vendor, outcome = spec.get("vendor"), spec.get("fate")
    if vendor not in VENDORS:
        raise JobSpecError(f"'vendor' must be one of {', '.join(VENDORS)}")
    if outcome not in OUTCOMES:
        raise JobSpecError(f"'fate' must be one of {', '.join(OUTCOMES)}")
    reason = spec.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise JobSpecError("'reason' must be a string")
    code = spec.get("code")
    if outcome == "reject":
        if vendor != "midjourney":
            raise JobSpecError("'reject' is a Midjourney fate (submit codes 3, 4, 9, 23)")
        code = 23 if code is None else code
        if code not in MJ_REJECT_CODES:
            raise JobSpecError("'code' must be one of 3, 4, 9, 23")
    elif code is not None:
        raise JobSpecError("'code' is only used with the 'reject' fate")
    if outcome == "cancel" and vendor not in CANCELLING_VENDORS:
        raise JobSpecError(f"'cancel' is a fate of {', '.join(CANCELLING_VENDORS)} only")
    return vendor, Fate(outcome, reason, code)


@dataclass
class Job:
    """One media job. ``started_at`` is ``None`` while it waits for input (Midjourney MODAL)."""

    vendor: Vendor
    id: str
    kind: str
    created_at: float
    fate: Fate
    timeline: Timeline
    params: dict[str, Any] = field(default_factory=dict)
    started_at: float | None = None

    def moment(self, now: float) -> Moment | None:
        """Where the job stands at emulated time ``now`` (``None`` while waiting)."""
        if self.started_at is None:
            return None
        return self.timeline.at(now - self.started_at)


class JobBook:
    """Every job by vendor and id, the scripted fates, and the media options; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[tuple[str, str], Job] = {}
        self._scripted: dict[str, deque[Fate]] = {vendor: deque() for vendor in VENDORS}
        self._sequence = 0
        self.shapes = {name: values[0] for name, values in SHAPE_OPTIONS.items()}

    def add(self, job: Job) -> None:
        """Remember a newly accepted job."""
        with self._lock:
            self._jobs[(job.vendor, job.id)] = job

    def get(self, vendor: Vendor, job_id: str) -> Job | None:
        """The job ``job_id`` of ``vendor``, if any."""
        with self._lock:
            return self._jobs.get((vendor, job_id))

    def jobs(self, vendor: Vendor | None = None) -> list[Job]:
        """All jobs (of one vendor) in submission order."""
        with self._lock:
            return [j for j in self._jobs.values() if vendor is None or j.vendor == vendor]

    def start(self, job: Job, now: float) -> None:
        """Start a waiting job's timeline at ``now`` (Midjourney modal confirmation)."""
        with self._lock:
            job.started_at = now

    def next_number(self) -> int:
        """A counter for ids that must be unique within this emulator."""
        with self._lock:
            self._sequence += 1
            return self._sequence

    # scripted fates
    def script(self, vendor: Vendor, fate: Fate) -> None:
        """Queue ``fate`` for the next accepted job of ``vendor``."""
        with self._lock:
            self._scripted[vendor].append(fate)

    def take_fate(self, vendor: Vendor) -> Fate:
        """Use up the next scripted fate of ``vendor`` (success when none is queued)."""
        with self._lock:
            queue = self._scripted[vendor]
            return queue.popleft() if queue else SUCCEED

    def scripted(self) -> dict[str, list[dict[str, Any]]]:
        """The fates still queued, per vendor."""
        with self._lock:
            return {v: [f.to_json() for f in q] for v, q in self._scripted.items()}

    @property
    def suno_feed(self) -> str:
        return self.shapes["suno_feed"]

    def set_suno_feed(self, shape: str) -> None:
        """``"bare"`` (a JSON array, default) or ``"wrapped"`` (``{"code":200,"data":[...]}``)."""
        if shape not in SUNO_FEED_SHAPES:
            raise JobSpecError("'suno_feed' must be 'bare' or 'wrapped'")
        self.shapes["suno_feed"] = shape

    def set_shape(self, name: str, shape: str) -> None:
        """Pick one of the response shapes of :data:`SHAPE_OPTIONS` for ``name``."""
        if name not in SHAPE_OPTIONS:
            raise JobSpecError(f"the options are {', '.join(SHAPE_OPTIONS)}")
        if shape not in SHAPE_OPTIONS[name]:
            raise JobSpecError(
                f"'{name}' must be one of {', '.join(SHAPE_OPTIONS[name])}, not {shape!r}"
            )
        self.shapes[name] = shape

    def shape(self, name: str) -> str:
        """The response shape in use for ``name`` (its first shape unless set)."""
        return self.shapes[name]

    def reset(self) -> None:
        """Forget every job, scripted fate and option."""
        with self._lock:
            self._jobs.clear()
            for queue in self._scripted.values():
                queue.clear()
            self.shapes = {name: values[0] for name, values in SHAPE_OPTIONS.items()}
