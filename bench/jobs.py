"""Media jobs: many concurrent Midjourney imagine jobs on the emulator, with its clock sped up.

The client is our task engine exactly as the tools drive it::

    runner = AsyncTaskRunner(AsyncGPTProtoClient(...), schedule)
    await asyncio.gather(*(runner.run(mj.imagine(validated(mj.ImagineRequest, prompt=...)))
                           for i in range(100)))

measured with a constant poll interval and with ``PollSchedule.every`` (the interval grows to
8x, as shipped), once more with the base URL naming the emulator by host name (``localhost``:
a name lookup, which 127.0.0.1 does not need), plus the blocking ``TaskRunner`` in a 100-thread
pool for contrast. Rounds of the four rotate.

Every imagine job lasts the same 8 emulated seconds and every runner starts its poll grid at
its own submit, so at one clock speed all jobs would be ready at the same point between two
polls. Round r therefore sets the speed so that a job lasts ``ideal - 1 + (r + 0.5) / rounds``
intervals: over the rounds the point moves evenly through the interval, as it does for real
jobs of varying length, and the ideal, ceil(job time / interval), stays the same. Per job:

- **polls**: fetch requests the emulator counted on ``GET /mj/task/<id>/fetch``
  (``GET /__emulator__/counters``): the server's count, no client instrumentation;
- **ready**: the task body's ``finishTime`` (emulated ms, the moment the job reached
  ``SUCCESS`` on the server) mapped to the client's ``time.monotonic()``. The emulated clock is
  linear in the server's monotonic clock (``now = base + elapsed x speed``), so one reading of
  ``GET /__emulator__/clock`` bracketed by two client readings fixes the mapping; the reading
  with the shortest round trip of several is kept, and half that round trip bounds the error;
- **seen**: ``time.monotonic()`` right after ``runner.run`` returned the job, so it includes
  the answer's way back and the event loop's turn;
- **threads**: ``threading.active_count()`` and the OS threads of the process
  (``/proc/self/task``), sampled every few ms by a task on the same loop (by the main thread
  for the thread pool), peak minus the count before the client is built.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from bench.stats import median, percentile

ADMIN = "/__emulator__"
ASYNC_CONSTANT = "AsyncTaskRunner, constant interval"
ASYNC_GROWING = "AsyncTaskRunner, growing interval (as shipped)"
ASYNC_HOSTNAME = "AsyncTaskRunner, constant interval, host name"
SYNC_THREADS = "TaskRunner in a thread pool, constant interval"
HOSTNAME = "localhost"
"""The other variants reach the emulator at 127.0.0.1, which needs no name lookup."""
_SAMPLE_S = 0.002
_CALIBRATION_READS = 25
_TIMEOUT_S = 60.0
JOB_EMULATED_S = 8.0
"""An imagine grid on the emulator: NOT_START 1 s, SUBMITTED 1 s, IN_PROGRESS 6 s (see
docs/emulator.md); checked against the task bodies (finishTime - submitTime) and reported."""


@dataclass(frozen=True)
class Calibration:
    """Emulated Unix seconds = ``offset`` + client ``time.monotonic()`` x ``speed``."""

    speed: float
    offset: float
    error_s: float
    """Half the round trip of the reading used: the most the mapping can be off, real s."""

    def real(self, emulated: float) -> float:
        return (emulated - self.offset) / self.speed


@dataclass
class JobSample:
    polls: int
    ideal: int
    """ceil(job time / interval) for this job's round."""
    seen_after_ready_s: float
    job_emulated_s: float
    """Submit to finish on the server: finishTime - submitTime, emulated seconds."""
    job_real_s: float
    """The same in real seconds (over the clock speed)."""


@dataclass
class RoundResult:
    samples: list[JobSample]
    errors: list[str]
    wall_s: float
    cpu_s: float
    threads_before: tuple[int, int]
    threads_peak: tuple[int, int]
    new_threads: list[str]
    schedule_polls: int
    schedule_lag_s: float


@dataclass
class JobsRow:
    name: str
    schedule: str
    rounds: int
    jobs: int
    errors: int
    schedule_polls: int
    """Polls the schedule alone makes until the job time has passed (no progress seen, fetches
    taking no time; median over rounds): for the constant schedule, the ideal."""
    schedule_lag_s: float
    """How long after the job is ready that last poll comes (median over rounds)."""
    polls_median: float
    polls_min: int
    polls_max: int
    over_ideal_max: int
    """The largest polls - ceil(job time / interval) of any job."""
    seen_median_s: float
    seen_p95_s: float
    seen_min_s: float
    seen_max_s: float
    wall_median_s: float
    cpu_per_request_us: float
    """Client CPU time of a round / (submits + polls of the round), median over rounds."""
    threads_before: tuple[int, int]
    threads_peak: tuple[int, int]
    extra_threads: tuple[int, int]
    """Largest (peak - before) of any round: (Python threads, OS threads)."""
    new_threads: list[str] = field(default_factory=list)
    """Names of the Python threads that appeared (every number as N)."""
    error_samples: list[str] = field(default_factory=list)


@dataclass
class JobsReport:
    rows: list[JobsRow]
    jobs: int
    rounds: int
    interval_s: float
    job_emulated_s: float
    """Submit to SUCCESS on the emulated clock, from the task bodies (median)."""
    speeds: list[float]
    """Clock speed of each round: the job lasts (ideal - 1 + phase) intervals in real time."""
    job_real_s: list[float]
    ideal_polls: int
    calibration_error_s: float
    """The largest of the rounds' calibration errors (half a round trip), real seconds."""
    transport: str
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, name: str) -> JobsRow | None:
        return next((r for r in self.rows if r.name == name), None)


def os_threads() -> int:
    """Threads of this process as the OS sees them (C threads included); -1 without /proc."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return -1


def _threads() -> tuple[int, int]:
    return threading.active_count(), os_threads()


def _peak(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return max(a[0], b[0]), max(a[1], b[1])


def calibrate(admin: Any, url: str) -> Calibration:
    """Map the emulated clock onto ``time.monotonic()`` from the best of a few readings."""
    best: tuple[float, float, float, float] | None = None  # (rtt, mid, now, speed)
    for _ in range(_CALIBRATION_READS):
        t0 = time.monotonic()
        body = admin.get(f"{url}{ADMIN}/clock").json()
        t1 = time.monotonic()
        if best is None or t1 - t0 < best[0]:
            best = (t1 - t0, (t0 + t1) / 2, float(body["now"]), float(body["speed"]))
    assert best is not None
    rtt, mid, now, speed = best
    return Calibration(speed, now - mid * speed, rtt / 2)


def schedule_polls(schedule: Any, job_s: float) -> tuple[int, float]:
    """(polls, lag): how many polls ``schedule`` alone makes until ``job_s`` has passed, with
    every fetch taking no time and no progress reported (so no estimate of the finish), and how
    long after ``job_s`` the last of them comes."""
    from gptproto_core.tasks import PollPlan

    plan = PollPlan(schedule, 0.0)
    elapsed, polls = 0.0, 0
    while elapsed < job_s - 1e-9:
        wait_s = plan.next_wait(elapsed)
        if wait_s is None:
            break
        elapsed += wait_s
        polls += 1
    return polls, elapsed - job_s


def _job(i: int) -> Any:
    from gptproto_core.vendors import midjourney as mj
    from gptproto_core.vendors._inputs import validated

    return mj.imagine(validated(mj.ImagineRequest, prompt=f"job {i}"))


def _samples(
    outcomes: list[Any], counters: dict[str, int], calibration: Calibration, interval: float
) -> tuple[list[JobSample], list[str]]:
    samples: list[JobSample] = []
    errors: list[str] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            errors.append(f"{type(outcome).__name__}: {outcome}"[:200])
            continue
        task, seen = outcome
        raw = task.raw
        finish, submit = raw.get("finishTime"), raw.get("submitTime")
        if task.status != "succeeded" or finish is None or submit is None:
            errors.append(f"{task.id}: {task.status}, finishTime {finish!r}")
            continue
        polls = counters.get(f"GET /mj/task/{task.id}/fetch", 0)
        job_real_s = (finish - submit) / 1000 / calibration.speed
        samples.append(
            JobSample(
                polls=polls,
                ideal=math.ceil(job_real_s / interval - 1e-6),
                seen_after_ready_s=seen - calibration.real(finish / 1000),
                job_emulated_s=(finish - submit) / 1000,
                job_real_s=job_real_s,
            )
        )
    return samples, errors


class _ThreadWatch:
    """Thread counts before and at their peak, and the names of the threads that appeared."""

    def __init__(self) -> None:
        self.before = _threads()
        self.peak = self.before
        self._known = {t.ident for t in threading.enumerate()}
        self.new: set[str] = set()

    def sample(self) -> None:
        now = _threads()
        self.peak = _peak(self.peak, now)
        if now[0] > self.before[0]:
            self.new |= {
                re.sub(r"\d+", "N", t.name)
                for t in threading.enumerate()
                if t.ident not in self._known
            }


Drive = Callable[[str, str, Any, int], tuple[list[Any], float, _ThreadWatch]]


async def _async_jobs(
    url: str, key: str, schedule: Any, jobs: int
) -> tuple[list[Any], float, _ThreadWatch]:
    from gptproto_core import AsyncGPTProtoClient
    from gptproto_core.tasks import AsyncTaskRunner

    watch = _ThreadWatch()

    async def sample() -> None:
        while True:
            watch.sample()
            await asyncio.sleep(_SAMPLE_S)

    sampler = asyncio.ensure_future(sample())
    client = AsyncGPTProtoClient(api_key=key, base_url=url, max_retries=0, timeout=30.0)
    runner = AsyncTaskRunner(client, schedule)

    async def one(i: int) -> tuple[Any, float]:
        task = await runner.run(_job(i))
        return task, time.monotonic()

    try:
        start = time.monotonic()
        outcomes = await asyncio.gather(*(one(i) for i in range(jobs)), return_exceptions=True)
        wall = time.monotonic() - start
    finally:
        await client.aclose()
        sampler.cancel()
        await asyncio.gather(sampler, return_exceptions=True)
    watch.sample()
    return list(outcomes), wall, watch


def _run_async(
    url: str, key: str, schedule: Any, jobs: int
) -> tuple[list[Any], float, _ThreadWatch]:
    return asyncio.run(_async_jobs(url, key, schedule, jobs))


def _sync_jobs(
    url: str, key: str, schedule: Any, jobs: int
) -> tuple[list[Any], float, _ThreadWatch]:
    from gptproto_core import GPTProtoClient
    from gptproto_core.tasks import TaskRunner

    watch = _ThreadWatch()
    client = GPTProtoClient(api_key=key, base_url=url, max_retries=0, timeout=30.0)
    runner = TaskRunner(client, schedule)

    def one(i: int) -> tuple[Any, float]:
        task = runner.run(_job(i))
        return task, time.monotonic()

    outcomes: list[Any] = []
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            start = time.monotonic()
            futures = [pool.submit(one, i) for i in range(jobs)]
            pending: set[Any] = set(futures)
            while pending:
                _done, pending = wait(pending, timeout=_SAMPLE_S)
                watch.sample()
            wall = time.monotonic() - start
            for future in futures:
                error = future.exception()
                outcomes.append(error if error is not None else future.result())
    finally:
        client.close()
    return outcomes, wall, watch


@dataclass
class _Variant:
    name: str
    schedule: Any
    describe: str
    drive: Drive
    host: str | None = None
    """Another host name for the emulator's 127.0.0.1 in the base URL."""


def _round(
    variant: _Variant,
    url: str,
    key: str,
    jobs: int,
    admin: Any,
    calibration: Calibration,
    interval: float,
) -> RoundResult:
    target = url.replace("127.0.0.1", variant.host) if variant.host else url
    cpu = time.process_time()
    outcomes, wall, watch = variant.drive(target, key, variant.schedule, jobs)
    cpu = time.process_time() - cpu
    counters = admin.get(f"{url}{ADMIN}/counters").json()["requests"]
    samples, errors = _samples(outcomes, counters, calibration, interval)
    job_real_s = median([s.job_real_s for s in samples]) if samples else float("nan")
    polls, lag = schedule_polls(variant.schedule, job_real_s)
    return RoundResult(
        samples, errors, wall, cpu, watch.before, watch.peak, sorted(watch.new), polls, lag
    )


def _row(variant: _Variant, results: list[RoundResult]) -> JobsRow:
    samples = [s for r in results for s in r.samples]
    polls = [s.polls for s in samples]
    seen = [s.seen_after_ready_s for s in samples]
    nan = float("nan")
    cpu = [r.cpu_s * 1e6 / max(1, sum(s.polls + 1 for s in r.samples)) for r in results]
    before = results[0].threads_before if results else (0, 0)
    peak = before
    extra = (0, 0)
    for r in results:
        peak = _peak(peak, r.threads_peak)
        extra = _peak(
            extra,
            (r.threads_peak[0] - r.threads_before[0], r.threads_peak[1] - r.threads_before[1]),
        )
    errors = [e for r in results for e in r.errors]
    return JobsRow(
        name=variant.name,
        schedule=variant.describe,
        rounds=len(results),
        jobs=len(samples),
        errors=len(errors),
        schedule_polls=round(median([r.schedule_polls for r in results])),
        schedule_lag_s=median([r.schedule_lag_s for r in results]),
        polls_median=median(polls),
        polls_min=min(polls, default=0),
        polls_max=max(polls, default=0),
        over_ideal_max=max((s.polls - s.ideal for s in samples), default=0),
        seen_median_s=median(seen),
        seen_p95_s=percentile(seen, 0.95),
        seen_min_s=min(seen, default=nan),
        seen_max_s=max(seen, default=nan),
        wall_median_s=median([r.wall_s for r in results]),
        cpu_per_request_us=median(cpu),
        threads_before=before,
        threads_peak=peak,
        extra_threads=extra,
        new_threads=sorted({name for r in results for name in r.new_threads}),
        error_samples=errors[:3],
    )


def _variants(interval: float, timeout: float, with_threads: bool) -> list[_Variant]:
    from gptproto_core.tasks import PollSchedule

    constant = PollSchedule(
        first_wait=interval,
        interval=interval,
        growth=1.0,
        max_interval=interval,
        timeout=timeout,
    )
    growing = PollSchedule.every(interval, timeout)
    ms = f"{interval * 1000:g} ms"
    grow = (
        f"`PollSchedule.every({interval:g}, …)`: {ms} ×{growing.growth:g} per poll, "
        f"up to {growing.max_interval * 1000:,.0f} ms"
    )

    variants = [
        _Variant(ASYNC_CONSTANT, constant, f"every {ms}", _run_async),
        _Variant(ASYNC_GROWING, growing, grow, _run_async),
        _Variant(
            ASYNC_HOSTNAME,
            constant,
            f"every {ms}; base URL `http://{HOSTNAME}:<port>`",
            _run_async,
            host=HOSTNAME,
        ),
    ]
    if with_threads:
        variants.append(
            _Variant(SYNC_THREADS, constant, f"every {ms}, {{jobs}} threads", _sync_jobs)
        )
    return variants


def run(
    url: str,
    key: str,
    jobs: int,
    rounds: int,
    interval: float,
    ideal_polls: int = 8,
    with_threads: bool = True,
) -> JobsReport:
    """Reset the emulator; ``rounds`` rounds of every variant (start rotating), round r with the
    clock at a speed that makes a job last ``ideal_polls - 1 + (r + 0.5) / rounds`` intervals;
    reset again at the end (the clock goes back to its normal speed, the jobs are dropped)."""
    import httpx

    from gptproto_core.transport import has_aiohttp_transport

    variants = _variants(interval, _TIMEOUT_S, with_threads)
    for variant in variants:
        variant.describe = variant.describe.format(jobs=jobs)
    results: dict[str, list[RoundResult]] = {v.name: [] for v in variants}
    skipped: dict[str, str] = {}
    speeds: list[float] = []
    errors: list[float] = []
    with httpx.Client(timeout=30.0) as admin:
        admin.post(f"{url}{ADMIN}/reset").raise_for_status()
        try:
            for i in range(rounds):
                phase = (i + 0.5) / rounds
                speed = JOB_EMULATED_S / ((ideal_polls - 1 + phase) * interval)
                admin.post(f"{url}{ADMIN}/clock", json={"speed": speed}).raise_for_status()
                calibration = calibrate(admin, url)
                speeds.append(calibration.speed)
                errors.append(calibration.error_s)
                for j in range(len(variants)):
                    variant = variants[(i + j) % len(variants)]
                    if variant.name in skipped:
                        continue
                    try:
                        result = _round(variant, url, key, jobs, admin, calibration, interval)
                    except Exception as exc:  # one broken variant must not hide the others
                        skipped[variant.name] = f"{type(exc).__name__}: {exc}"[:300]
                        continue
                    results[variant.name].append(result)
        finally:
            admin.post(f"{url}{ADMIN}/reset")
    emulated = [s.job_emulated_s for rs in results.values() for r in rs for s in r.samples]
    rows = [_row(v, results[v.name]) for v in variants if results[v.name]]
    return JobsReport(
        rows=rows,
        jobs=jobs,
        rounds=rounds,
        interval_s=interval,
        job_emulated_s=median(emulated),
        speeds=speeds,
        job_real_s=[JOB_EMULATED_S / sp for sp in speeds],
        ideal_polls=ideal_polls,
        calibration_error_s=max(errors, default=float("nan")),
        transport="aiohttp (httpx-aiohttp installed)" if has_aiohttp_transport() else "httpx",
        skipped=skipped,
    )
