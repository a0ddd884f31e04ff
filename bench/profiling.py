"""Where a sync call spends its time: cProfile over many calls, own time grouped by package.

The same profile is taken of the raw httpx floor, ChatGPTProto.invoke and ChatOpenAI.invoke,
so the difference per package shows where the time above the floor goes. cProfile adds a cost
to every Python function call, so absolute numbers are inflated; compare them with each other.
"""

from __future__ import annotations

import cProfile
import pstats
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench import sync_latency

_SITE = re.compile(r"[/\\]site-packages[/\\]([^/\\]+)")
_STDLIB = re.compile(r"[/\\]lib[/\\]python3\.\d+[/\\]([^/\\]+)")
_IO_WORDS = ("recv", "send", "poll", "select", "connect", "sock")
_PROFILED = (sync_latency.FLOOR, sync_latency.CHATGPTPROTO, sync_latency.CHATOPENAI)
_TOP = 12
_MIN_US = 5.0  # packages below this in every column are left out of the table


@dataclass
class ProfileReport:
    calls: int
    packages: list[tuple[str, dict[str, float]]] = field(default_factory=list)
    """(package, {client: µs of own time per call}), largest difference to the floor first."""
    function_calls: dict[str, float] = field(default_factory=dict)
    """Python and C function calls per call, per client."""
    top: list[tuple[str, float, float]] = field(default_factory=list)
    """ChatGPTProto.invoke's top functions: (where, µs own time per call, calls per call)."""


def package_of(filename: str, function: str) -> str:
    """A short owner for a profiled function: a package, a stdlib module, or C code."""
    if filename == "~":
        if any(word in function for word in _IO_WORDS):
            return "socket I/O (incl. waiting for the server)"
        return "C builtins"
    normalized = filename.replace("\\", "/")
    for project in ("gptproto_core", "langchain_gptproto", "llama_index_gptproto"):
        if f"/{project}/" in normalized and "site-packages" not in normalized:
            return project
    site = _SITE.search(filename)
    if site:
        return site.group(1).removesuffix(".py")
    stdlib = _STDLIB.search(filename)
    if stdlib:
        return "stdlib " + stdlib.group(1).removesuffix(".py")
    return "other"


def _profile(call: Callable[[], Any], calls: int) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    return pstats.Stats(profiler)


def _by_package(stats: pstats.Stats, calls: int) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in raw.items():
        totals[package_of(filename, function)] += tottime * 1e6 / calls
    return dict(totals)


def _top(stats: pstats.Stats, calls: int) -> list[tuple[str, float, float]]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, function), (_cc, ncalls, tottime, _ct, _callers) in raw.items():
        short = filename
        for marker in ("site-packages/", "/work/main/", "lib/python3"):
            if marker in short:
                short = short.split(marker, 1)[1]
        where = f"{short}:{line}({function})" if filename != "~" else function
        rows.append((where, tottime * 1e6 / calls, ncalls / calls))
    rows.sort(key=lambda row: row[1], reverse=True)
    return rows[:_TOP]


def run(url: str, key: str, calls: int) -> ProfileReport:
    clients, _skipped = sync_latency.build_clients(url, key)
    chosen = {c.name: c for c in clients if c.name in _PROFILED}
    report = ProfileReport(calls)
    per_client: dict[str, dict[str, float]] = {}
    try:
        for name, client in chosen.items():
            for _ in range(min(calls, 100)):  # warm-up
                client.call()
            stats = _profile(client.call, calls)
            per_client[name] = _by_package(stats, calls)
            report.function_calls[name] = stats.total_calls / calls  # type: ignore[attr-defined]
            if name == sync_latency.CHATGPTPROTO:
                report.top = _top(stats, calls)
    finally:
        for client in clients:
            client.close()
    floor = per_client.get(sync_latency.FLOOR, {})
    ours = per_client.get(sync_latency.CHATGPTPROTO, {})
    packages = sorted({p for totals in per_client.values() for p in totals})
    rows = [(p, {name: per_client[name].get(p, 0.0) for name in per_client}) for p in packages]
    rows.sort(key=lambda row: ours.get(row[0], 0.0) - floor.get(row[0], 0.0), reverse=True)
    report.packages = [row for row in rows if max(row[1].values()) >= _MIN_US]
    return report
