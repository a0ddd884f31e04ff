"""Targets, tables (Markdown, printed as is), the JSON dump and the docs/performance.md block."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import async_throughput, import_time, memory, streaming, sync_latency
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
    imports: import_time.ImportReport | None = None
    memory: memory.MemoryReport | None = None
    profile: ProfileReport | None = None
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Target:
    name: str
    ours: str
    theirs: str
    ratio: float
    limit: float
    at_least: bool = False
    """True when the ratio must be at least the limit (throughput), else at most."""

    @property
    def rule(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.limit:g}×"

    @property
    def verdict(self) -> str:
        if math.isnan(self.ratio):
            return "n/a"
        ok = self.ratio >= self.limit if self.at_least else self.ratio <= self.limit
        return "PASS" if ok else "MISS"


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
    return found


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    right = ["---:" if i else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(right) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _skipped(skipped: dict[str, str]) -> list[str]:
    return [f"- not measured: {name}: {why}" for name, why in skipped.items()]


def targets_table(results: Results) -> list[str]:
    rows = [
        [t.name, t.rule, t.ours, t.theirs, f"{_num(t.ratio, 2)}×", f"**{t.verdict}**"]
        for t in targets(results)
    ]
    header = ["target (ChatGPTProto vs ChatOpenAI)", "goal", "ChatGPTProto", "ChatOpenAI"]
    return _table([*header, "ratio", "result"], rows)


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
