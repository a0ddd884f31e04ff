"""``python -m bench [--calls N] [--quick] [--only sync,stream,...] [--write-docs] [--json PATH]``.

Starts one emulator process on 127.0.0.1 (pinned to core 1), pins itself to core 0, runs the
chosen sections with every client interleaved, prints Markdown tables and the targets, and always
stops the emulator. A report, never a test: a missed target does not change the exit code.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from bench import machine
from bench.plan import SECTIONS, Plan
from bench.report import Results, render, write_docs, write_json
from bench.server import EmulatorProcess, pin_client

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def _sections(value: str) -> list[str]:
    chosen = [s.strip() for s in value.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {','.join(SECTIONS)} (got {value!r})")
    return chosen


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=None, help="sync calls per client (1000)")
    parser.add_argument("--quick", action="store_true", help="small numbers, a smoke run")
    parser.add_argument(
        "--only",
        type=_sections,
        default=list(SECTIONS),
        help=f"comma-separated sections (default all: {','.join(SECTIONS)})",
    )
    parser.add_argument(
        "--write-docs", action="store_true", help=f"rewrite the results block of {DOCS.name}"
    )
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="dump results")
    args = parser.parse_args(argv)
    if args.calls is not None and args.calls < 1:
        parser.error("--calls must be at least 1")
    return args


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally that stops the emulator


def _run_sections(results: Results, sections: list[str], url: str, key: str) -> None:
    from bench import (
        async_throughput,
        import_time,
        jobs,
        memory,
        profiling,
        streaming,
        sync_latency,
    )
    from bench.report import (
        async_table,
        import_table,
        jobs_table,
        memory_table,
        profile_table,
        stream_table,
        sync_table,
    )

    plan = results.plan
    steps: dict[str, tuple[Callable[[], Any], Callable[[Any], list[str]], str]] = {
        "sync": (
            lambda: sync_latency.run(url, key, plan.calls, plan.sync_warmup),
            sync_table,
            "sync",
        ),
        "stream": (lambda: streaming.run(url, key, plan.stream_rounds), stream_table, "stream"),
        "async": (
            lambda: async_throughput.run(
                url,
                key,
                plan.async_requests,
                plan.async_concurrency,
                plan.async_rounds,
                plan.async_warmup,
            ),
            async_table,
            "async_",
        ),
        "jobs": (
            lambda: jobs.run(
                url,
                key,
                plan.jobs,
                plan.jobs_rounds,
                plan.jobs_interval,
                plan.jobs_ideal_polls,
            ),
            jobs_table,
            "jobs",
        ),
        "import": (lambda: import_time.run(plan.import_runs), import_table, "imports"),
        "memory": (lambda: memory.run(url, key, plan.memory_runs), memory_table, "memory"),
        "profile": (
            lambda: profiling.run(url, key, plan.profile_calls),
            profile_table,
            "profile",
        ),
    }
    for name in SECTIONS:
        if name not in sections:
            continue
        measure, table, attribute = steps[name]
        print(f"\n## {name}", flush=True)
        started = time.perf_counter()
        try:
            report = measure()
        except Exception as exc:  # a broken section must not hide the others
            results.errors[name] = f"{type(exc).__name__}: {exc}"[:500]
            print(f"failed: {results.errors[name]}", flush=True)
            continue
        setattr(results, attribute, report)
        print("\n".join(table(report)), flush=True)
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan.quick(args.calls) if args.quick else Plan.full(args.calls)
    results = Results(machine=machine.describe(), plan=plan)  # before pinning: all cores
    signal.signal(signal.SIGTERM, _on_sigterm)
    started = time.perf_counter()
    server = EmulatorProcess()
    try:
        info = server.start()
        results.server_pinning = info.pinning
        results.client_pinning = pin_client()
        print(f"emulator at {info.url} (pid {info.pid}, {info.pinning})", flush=True)
        print(f"client: {results.client_pinning}; sections: {','.join(args.only)}", flush=True)
        _run_sections(results, args.only, info.url, info.api_key)
    except KeyboardInterrupt:
        print("\ninterrupted; stopping the emulator", file=sys.stderr)
        return 130
    finally:
        server.stop()
    results.duration_s = time.perf_counter() - started
    print("\n## results\n")
    print(render(results))
    if args.json is not None:
        write_json(results, args.json)
        print(f"wrote {args.json}")
    if args.write_docs:
        write_docs(results, DOCS)
        print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
