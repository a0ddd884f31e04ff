"""Targets, tables (Markdown, printed as is), the JSON dump and the docs/performance.md block."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import async_throughput, import_time, jobs, memory, streaming, sync_latency
from bench.plan import Plan
from bench.profiling import ProfileReport
from bench.stats import ratio

START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"


@dataclass
class Results:
    machine: dict[str, Any]
    plan: Plan
    server_pinning: str = "not started"
    client_pinning: str = "not pinned"
    duration_s: float = 0.0
    sync: sync_latency.SyncReport | None = None
    stream: streaming.StreamReport | None = None
    async_: async_throughput.AsyncReport | None = None
    jobs: jobs.JobsReport | None = None
    imports: import_time.ImportReport | None = None
    memory: memory.MemoryReport | None = None
    profile: ProfileReport | None = None
    errors: dict[str, str] = field(default_factory=dict)


LANGCHAIN = ("ChatGPTProto", "ChatOpenAI")
LLAMA_INDEX = ("GPTProto", "OpenAILike")


@dataclass
class Target:
    name: str
    ours: str
    theirs: str
    ratio: float
    limit: float
    at_least: bool = False
    """True when the ratio must be at least the limit (throughput), else at most."""
    pair: tuple[str, str] = LANGCHAIN
    """(our class, its anchor): one targets table per pair."""

    @property
    def rule(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g}×"

    @property
    def verdict(self) -> str:
        if math.isnan(self.ratio):
            return "n/a"
        ok = self.ratio >= self.limit if self.at_least else self.ratio <= self.limit
        return "PASS" if ok else "MISS"


@dataclass
class Check:
    """A target on an absolute value (media jobs), not a ratio to an anchor."""

    name: str
    goal: str
    measured: str
    ok: bool | None

    @property
    def verdict(self) -> str:
        return "n/a" if self.ok is None else "PASS" if self.ok else "MISS"


def _num(value: float, digits: int = 0) -> str:
    return "n/a" if math.isnan(value) else f"{value:,.{digits}f}"


def targets(results: Results) -> list[Target]:
    found: list[Target] = []
    nan = float("nan")
    if results.sync is not None:
        ours, theirs = (
            results.sync.row(sync_latency.CHATGPTPROTO),
            results.sync.row(sync_latency.CHATOPENAI),
        )
        a = ours.above_floor_us if ours else nan
        b = theirs.above_floor_us if theirs else nan
        found.append(
            Target(
                "sync: cost above the httpx floor",
                f"+{_num(a)} µs",
                f"+{_num(b)} µs",
                ratio(a, b),
                0.5,
            )
        )
    if results.async_ is not None:
        ours_a = results.async_.row(async_throughput.CHATGPTPROTO)
        theirs_a = results.async_.row(async_throughput.CHATOPENAI)
        a = ours_a.median_rps if ours_a else nan
        b = theirs_a.median_rps if theirs_a else nan
        found.append(
            Target(
                f"async: req/s at concurrency {results.async_.concurrency}",
                f"{_num(a)} req/s",
                f"{_num(b)} req/s",
                ratio(a, b),
                4.0,
                at_least=True,
            )
        )
    if results.stream is not None:
        ours_s = results.stream.row(streaming.CHATGPTPROTO)
        theirs_s = results.stream.row(streaming.CHATOPENAI)
        a = ours_s.above_floor_us_per_chunk if ours_s else nan
        b = theirs_s.above_floor_us_per_chunk if theirs_s else nan
        found.append(
            Target(
                "stream: cost per chunk above raw line reading",
                f"+{_num(a, 1)} µs",
                f"+{_num(b, 1)} µs",
                ratio(a, b),
                0.5,
            )
        )
    if results.imports is not None:
        base = results.imports.row(import_time.LANGCHAIN_OPENAI)
        b = base.median_s if base else nan
        for statement in (import_time.PACKAGE, import_time.CHAT_MODEL):
            row = results.imports.row(statement)
            a = row.median_s if row else nan
            found.append(
                Target(
                    f"cold import: `{statement}`",
                    f"{_num(a * 1000)} ms",
                    f"{_num(b * 1000)} ms",
                    ratio(a, b),
                    0.33,
                )
            )
    if results.memory is not None:
        ours_m = results.memory.row(memory.CHATGPTPROTO)
        theirs_m = results.memory.row(memory.CHATOPENAI)
        a = ours_m.median_mib if ours_m else nan
        b = theirs_m.median_mib if theirs_m else nan
        found.append(
            Target(
                "peak RSS of a one-call process",
                f"{_num(a, 1)} MiB",
                f"{_num(b, 1)} MiB",
                ratio(a, b),
                0.6,
            )
        )
    found += _llama_index_targets(results)
    return found


def _llama_index_targets(results: Results) -> list[Target]:
    found: list[Target] = []
    nan = float("nan")
    if results.sync is not None:
        ours = results.sync.row(sync_latency.GPTPROTO_LLAMA)
        theirs = results.sync.row(sync_latency.OPENAILIKE)
        a = ours.above_floor_us if ours else nan
        b = theirs.above_floor_us if theirs else nan
        found.append(
            Target(
                "sync: cost above the httpx floor",
                f"+{_num(a)} µs",
                f"+{_num(b)} µs",
                ratio(a, b),
                0.5,
                pair=LLAMA_INDEX,
            )
        )
    if results.stream is not None:
        ours_s = results.stream.row(streaming.GPTPROTO_LLAMA)
        theirs_s = results.stream.row(streaming.OPENAILIKE)
        a = ours_s.above_floor_us_per_chunk if ours_s else nan
        b = theirs_s.above_floor_us_per_chunk if theirs_s else nan
        found.append(
            Target(
                "stream: cost per chunk above raw line reading",
                f"+{_num(a, 1)} µs",
                f"+{_num(b, 1)} µs",
                ratio(a, b),
                1.0,
                pair=LLAMA_INDEX,
            )
        )
    return found


def job_checks(results: Results) -> list[Check]:
    """The media-jobs targets, on the async runner with a constant interval."""
    report = results.jobs
    row = report.row(jobs.ASYNC_CONSTANT) if report is not None else None
    if report is None:
        return []
    interval_ms = report.interval_s * 1000
    nan = float("nan")
    checks = [
        Check(
            "polls per job (constant interval)",
            f"≤ ideal + 2 = {report.ideal_polls + 2}",
            f"median {_num(row.polls_median)}, max {row.polls_max} (ideal {report.ideal_polls})"
            if row
            else "n/a",
            row.over_ideal_max <= 2 if row and row.jobs else None,
        )
    ]
    for label, value in (
        ("median", row.seen_median_s if row else nan),
        ("p95", row.seen_p95_s if row else nan),
    ):
        checks.append(
            Check(
                f"completion seen after the job is ready, {label}",
                f"≤ 1 interval ({_num(interval_ms)} ms)",
                f"{_num(value * 1000)} ms = {_num(value / report.interval_s, 2)} intervals",
                None if math.isnan(value) else value <= report.interval_s,
            )
        )
    for name, where in (
        (jobs.ASYNC_CONSTANT, "base URL 127.0.0.1"),
        (jobs.ASYNC_HOSTNAME, f"base URL `{jobs.HOSTNAME}`"),
    ):
        checks.append(_thread_check(report.row(name), where))
    return checks


def _thread_check(row: jobs.JobsRow | None, where: str) -> Check:
    name = f"extra threads during the async run, {where}"
    if row is None:
        return Check(name, "0", "n/a", None)
    py, os_threads = row.extra_threads
    measured = f"{py} Python, {os_threads} OS"
    if row.new_threads:
        measured += f" ({', '.join(f'`{n}`' for n in row.new_threads)})"
    return Check(name, "0", measured, py == 0 and (os_threads == 0 or row.threads_before[1] < 0))


def _signed(value: float, digits: int = 0) -> str:
    """``+12``, ``−3``; ``±0`` when it rounds to zero."""
    if math.isnan(value):
        return "n/a"
    text = f"{abs(value):,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


def _span(values: list[float], digits: int) -> str:
    low, high = min(values, default=float("nan")), max(values, default=float("nan"))
    text = _num(low, digits)
    return text if _num(high, digits) == text else f"{text}–{_num(high, digits)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    right = ["---:" if i else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(right) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _skipped(skipped: dict[str, str]) -> list[str]:
    return [f"- not measured: {name}: {why}" for name, why in skipped.items()]


def targets_table(results: Results) -> list[str]:
    """One table per (ours, anchor) pair, then the media-jobs checks."""
    lines: list[str] = []
    found = targets(results)
    for pair in (LANGCHAIN, LLAMA_INDEX):
        rows = [
            [t.name, t.rule, t.ours, t.theirs, f"{_num(t.ratio, 2)}×", f"**{t.verdict}**"]
            for t in found
            if t.pair == pair
        ]
        if rows:
            header = [f"target ({pair[0]} vs {pair[1]})", "goal", *pair, "ratio", "result"]
            lines += ["", *_table(header, rows)] if lines else _table(header, rows)
    checks = job_checks(results)
    if checks and results.jobs is not None:
        header = [
            f"target (media jobs: {results.jobs.jobs} concurrent imagine jobs, AsyncTaskRunner)",
            "goal",
            "measured",
            "result",
        ]
        rows = [[c.name, c.goal, c.measured, f"**{c.verdict}**"] for c in checks]
        lines += ["", *_table(header, rows)] if lines else _table(header, rows)
    return lines


def floor_notes(results: Results) -> list[str]:
    """What any BaseChatModel subclass pays before its own code runs, as a ratio to the anchor."""
    notes: list[str] = []
    if results.imports is not None:
        floor = results.imports.row(import_time.LANGCHAIN_FLOOR)
        anchor = results.imports.row(import_time.LANGCHAIN_OPENAI)
        if floor and anchor:
            notes.append(
                f"- Importing `BaseChatModel` alone takes {_num(floor.median_s * 1000)} ms = "
                f"{ratio(floor.median_s, anchor.median_s):.2f}× `import langchain_openai`: the "
                "lowest import ratio any LangChain chat model can reach here."
            )
    if results.memory is not None:
        floor_m = results.memory.row(memory.LANGCHAIN_FLOOR)
        anchor_m = results.memory.row(memory.CHATOPENAI)
        if floor_m and anchor_m:
            notes.append(
                f"- A process that only imports `BaseChatModel` peaks at "
                f"{_num(floor_m.median_mib, 1)} MiB = "
                f"{ratio(floor_m.median_mib, anchor_m.median_mib):.2f}× ChatOpenAI's one-call "
                "process: the lowest RSS ratio any LangChain chat model can reach here."
            )
    return notes


def sync_table(report: sync_latency.SyncReport) -> list[str]:
    rows = [
        [r.name, _num(r.median_us), _num(r.p10_us), _num(r.p90_us), f"{r.above_floor_us:+,.0f}"]
        for r in report.rows
    ]
    header = ["client", "median µs/call", "p10", "p90", "above floor µs"]
    return _table(header, rows) + _skipped(report.skipped)


def stream_table(report: streaming.StreamReport) -> list[str]:
    rows = [
        [
            r.name,
            str(r.chunks_yielded),
            _num(r.median_ms, 1),
            f"{r.above_floor_us_per_chunk:+,.1f}",
            _num(r.cpu_median_ms, 1),
            f"{r.cpu_above_floor_us_per_chunk:+,.1f}",
        ]
        for r in report.rows
    ]
    header = ["client", "chunks yielded", "median ms/stream", "above floor µs/chunk"]
    header += ["client CPU ms/stream", "CPU above floor µs/chunk"]
    return _table(header, rows) + _skipped(report.skipped)


def async_table(report: async_throughput.AsyncReport) -> list[str]:
    rows = [
        [
            r.name,
            _num(r.median_rps),
            _num(r.best_rps),
            " / ".join(_num(x) for x in r.rounds_rps),
            str(r.errors),
        ]
        for r in report.rows
    ]
    header = ["client", "median req/s", "best req/s", "rounds", "errors"]
    return _table(header, rows) + _skipped(report.skipped)


def jobs_table(report: jobs.JobsReport) -> list[str]:
    ms = 1000.0
    interval = report.interval_s
    rows = [
        [
            r.name,
            r.schedule,
            str(r.jobs),
            f"{_num(r.polls_median)} ({r.polls_min}–{r.polls_max})",
            f"{r.schedule_polls} (+{_num(r.schedule_lag_s * ms)} ms)",
            _num(r.seen_median_s * ms),
            _num(r.seen_p95_s * ms),
            _num(r.seen_max_s * ms),
            f"{_num(r.seen_median_s / interval, 2)} / {_num(r.seen_p95_s / interval, 2)}",
            _num(r.cpu_per_request_us),
            f"{r.extra_threads[0]} / {r.extra_threads[1]}"
            + (f" ({', '.join(f'`{n}`' for n in r.new_threads)})" if r.new_threads else ""),
            str(r.errors),
        ]
        for r in report.rows
    ]
    header = [
        "runner",
        "schedule",
        "jobs",
        "polls/job median (min–max)",
        "schedule alone: polls (lag)",
        "seen after ready: median ms",
        "p95 ms",
        "max ms",
        "median / p95 in intervals",
        "client CPU µs/request",
        "extra threads (Python / OS)",
        "errors",
    ]
    lines = _table(header, rows)
    constant, growing = report.row(jobs.ASYNC_CONSTANT), report.row(jobs.ASYNC_GROWING)
    if constant and growing and constant.jobs and growing.jobs:
        cost = growing.seen_median_s - constant.seen_median_s
        cost95 = growing.seen_p95_s - constant.seen_p95_s
        saved = constant.polls_median - growing.polls_median
        lines += [
            "",
            f"Growth as shipped (`PollSchedule.every`) against the constant interval: "
            f"{_signed(-saved)} polls per job (median); completion seen "
            f"{_signed(cost * ms)} ms at the median ({_signed(cost / report.interval_s, 2)} "
            f"intervals) and {_signed(cost95 * ms)} ms at p95.",
        ]
    for row in report.rows:
        lines += [f"- errors of {row.name}: {e}" for e in row.error_samples]
    return lines + _skipped(report.skipped)


def import_table(report: import_time.ImportReport) -> list[str]:
    rows = [
        [f"`{r.statement}`", _num(r.median_s * 1000), _num(r.process_median_s * 1000)]
        for r in report.rows
    ]
    header = ["statement", "median import ms", "whole process ms"]
    return _table(header, rows) + _skipped(report.skipped)


def memory_table(report: memory.MemoryReport) -> list[str]:
    rows = [
        [r.name, _num(r.median_mib, 1), _num(r.min_mib, 1), _num(r.max_mib, 1)] for r in report.rows
    ]
    header = ["one-call process", "median peak RSS MiB", "min", "max"]
    return _table(header, rows) + _skipped(report.skipped)


def profile_table(report: ProfileReport) -> list[str]:
    clients = list(report.function_calls)
    header = ["package (own time, µs per call)", *clients]
    rows = [
        [name, *[_num(totals.get(c, 0.0), 1) for c in clients]] for name, totals in report.packages
    ]
    rows.append(["**function calls per call**", *[_num(report.function_calls[c]) for c in clients]])
    lines = _table(header, rows)
    lines += ["", f"ChatGPTProto.invoke, top functions by own time ({report.calls} calls):", ""]
    rows = [[f"`{where}`", _num(us, 1), _num(n, 1)] for where, us, n in report.top]
    return lines + _table(["function", "µs per call", "calls per call"], rows)


def render(results: Results) -> str:
    """The whole results block, in Markdown."""
    plan, m = results.plan, results.machine
    lines = [
        f"Run of {m['date']}: {m['nproc']} cores ({m['cpu']}), {m['python']}, {m['platform']}.",
        f"Server pinned to {results.server_pinning}; client pinned to {results.client_pinning}.",
        f"Whole run: {results.duration_s:.0f} s.",
        "",
        "### Targets",
        "",
        *targets_table(results),
    ]
    notes = floor_notes(results)
    if notes:
        lines += ["", *notes]
    if results.sync is not None:
        lines += ["", "### Sync latency", ""]
        lines += [
            f"{plan.calls:,} interleaved calls per client after {plan.sync_warmup} warm-up "
            "calls; floor = raw `httpx.Client.post` + `.json()`.",
            "",
        ]
        lines += sync_table(results.sync)
    if results.stream is not None:
        s = results.stream
        lines += ["", "### Streaming", ""]
        lines += [
            f"One stream = {s.sse_events:,} SSE events ({s.content_chunks:,} with content, "
            f"{s.expected_chars:,} characters); {s.rounds} interleaved rounds, medians; "
            "floor = raw `httpx` `iter_lines()`.",
            "",
        ]
        lines += stream_table(s)
    if results.async_ is not None:
        a = results.async_
        lines += ["", "### Async throughput", ""]
        lines += [
            f"{a.requests:,} requests per round with {a.concurrency} in flight, {a.rounds} "
            f"interleaved rounds (each after a warm-up of {plan.async_warmup}). "
            f"ChatGPTProto's default async transport here: {a.default_transport}.",
            "",
        ]
        lines += async_table(a)
    if results.jobs is not None:
        j = results.jobs
        phases = " (a different fraction each round)" if j.rounds > 1 else ""
        lines += ["", "### Media jobs", ""]
        lines += [
            f"{j.jobs} concurrent Midjourney imagine jobs per round, {_count(j.rounds, 'round')} "
            f"of every runner (start rotating). Poll interval {_num(j.interval_s * 1000)} ms; "
            f"the emulator's clock runs {_span(j.speeds, 1)}× fast, so a job "
            f"({j.job_emulated_s:g} emulated s, from the task bodies) lasts "
            f"{_span([t * 1000 for t in j.job_real_s], 0)} ms, between {j.ideal_polls - 1} and "
            f"{j.ideal_polls} intervals{phases}. Ideal = ⌈job time / "
            f"interval⌉ = {j.ideal_polls} polls. Polls are the emulator's count of "
            '`GET /mj/task/<id>/fetch`; "ready" is the body\'s `finishTime` mapped onto the '
            f"client's clock (error ≤ {_num(j.calibration_error_s * 1e6)} µs); async transport: "
            f"{j.transport}.",
            "",
        ]
        lines += jobs_table(j)
    if results.imports is not None:
        lines += ["", "### Cold import", ""]
        lines += [
            f"Fresh `{Path(m.get('executable', 'python')).name} -c` per run, "
            f"{results.imports.runs} interleaved runs, medians.",
            "",
        ]
        lines += import_table(results.imports)
    if results.memory is not None:
        lines += ["", "### Peak RSS", ""]
        lines += [
            f"Fresh process: import, build, one call; {results.memory.runs} runs each, medians "
            "(VmHWM of the child).",
            "",
        ]
        lines += memory_table(results.memory)
    if results.profile is not None:
        lines += ["", "### Where a sync call spends its time (cProfile)", ""]
        lines += [
            f"{results.profile.calls:,} calls per client under cProfile, own time grouped by "
            "package; cProfile inflates every function call, so compare columns, not absolutes.",
            "",
        ]
        lines += profile_table(results.profile)
    if results.errors:
        lines += ["", "### Sections that failed", ""]
        lines += [f"- {name}: {why}" for name, why in results.errors.items()]
    versions = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    lines += ["", f"Packages: {versions}."]
    return "\n".join(lines) + "\n"


def to_json(results: Results) -> dict[str, Any]:
    data = dataclasses.asdict(results)
    data["async"] = data.pop("async_")
    data["targets"] = [
        {**dataclasses.asdict(t), "rule": t.rule, "verdict": t.verdict} for t in targets(results)
    ]
    data["job_targets"] = [
        {**dataclasses.asdict(c), "verdict": c.verdict} for c in job_checks(results)
    ]
    return data


def write_json(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(to_json(results), indent=2, default=str) + "\n")


def write_docs(results: Results, path: Path) -> None:
    """Replace the block between the markers (append a results section if they are missing)."""
    block = f"{START_MARKER}\n{render(results)}{END_MARKER}"
    text = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(START_MARKER) + r".*?" + re.escape(END_MARKER), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n## Results\n\n" + block + "\n"
    path.write_text(text)
