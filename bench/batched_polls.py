"""Polls per job for 100 concurrent Midjourney jobs: one fetch per job, or one list per round.

    python -m bench.batched_polls [--jobs 100] [--interval 0.05] [--rounds 3]

Both clients are `AsyncTaskRunner` with the same constant poll interval on the same emulator
process (the one the other benchmarks use), with the clock sped up so a job lasts about eight
intervals:

- **per job**: `asyncio.gather(runner.run(job) for each)`, as concurrent tools do; every job
  polls `GET /mj/task/{id}/fetch` on its own;
- **batched**: `runner.run_many(jobs)`; every round is one `POST /mj/task/list-by-condition`
  for all the jobs still open (API.md §7.3).

Polls are the emulator's own counters (`GET /__emulator__/counters`), not client instrumentation.
A report, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from bench.server import EmulatorProcess
from bench.stats import median
from gptproto_core import AsyncGPTProtoClient
from gptproto_core.polling import PollSchedule
from gptproto_core.tasks import AsyncTaskRunner, Job, Task
from gptproto_core.vendors import midjourney as mj
from gptproto_core.vendors._inputs import validated

ADMIN = "/__emulator__"
JOB_EMULATED_S = 8.0  # an imagine grid: NOT_START 1 s, SUBMITTED 1 s, IN_PROGRESS 6 s
LIST = "POST /mj/task/list-by-condition"


@dataclass(frozen=True)
class Round:
    variant: str
    jobs: int
    succeeded: int
    poll_requests: int
    wall_s: float

    @property
    def polls_per_job(self) -> float:
        return self.poll_requests / self.jobs


def _jobs(count: int) -> list[Job]:
    return [mj.imagine(validated(mj.ImagineRequest, prompt=f"bench job {i}")) for i in range(count)]


async def _per_job(runner: AsyncTaskRunner, count: int) -> list[Task]:
    return list(await asyncio.gather(*(runner.run(job) for job in _jobs(count))))


async def _batched(runner: AsyncTaskRunner, count: int) -> list[Task]:
    return await runner.run_many(_jobs(count))


def _polls(counters: dict[str, int], variant: str) -> int:
    if variant == "batched":
        return counters.get(LIST, 0)
    return sum(n for name, n in counters.items() if name.endswith("/fetch"))


async def _run(url: str, key: str, variant: str, count: int, interval: float) -> list[Task]:
    run: Callable[[AsyncTaskRunner, int], Awaitable[list[Task]]] = (
        _batched if variant == "batched" else _per_job
    )
    schedule = PollSchedule(first_wait=interval, interval=interval, growth=1.0, timeout=120)
    async with AsyncGPTProtoClient(api_key=key, base_url=url, max_retries=0) as client:
        return await run(AsyncTaskRunner(client, schedule), count)


def _round(
    url: str, key: str, variant: str, count: int, interval: float, admin: httpx.Client
) -> Round:
    admin.post(f"{url}{ADMIN}/reset").raise_for_status()
    speed = JOB_EMULATED_S / (7.5 * interval)  # a job lasts 7.5 intervals of real time
    admin.post(f"{url}{ADMIN}/clock", json={"speed": speed}).raise_for_status()
    started = time.monotonic()
    tasks = asyncio.run(_run(url, key, variant, count, interval))
    wall = time.monotonic() - started
    counters = admin.get(f"{url}{ADMIN}/counters").json()["requests"]
    done = sum(1 for t in tasks if t.status == "succeeded")
    return Round(variant, count, done, _polls(counters, variant), wall)


def measure(url: str, key: str, jobs: int, interval: float, rounds: int) -> list[Round]:
    results: list[Round] = []
    with httpx.Client(timeout=30.0) as admin:
        for i in range(rounds):
            order = ("per job", "batched") if i % 2 == 0 else ("batched", "per job")
            for variant in order:
                results.append(_round(url, key, variant, jobs, interval, admin))
        admin.post(f"{url}{ADMIN}/reset")
    return results


def render(results: list[Round], jobs: int, interval: float) -> str:
    lines = [
        f"{jobs} concurrent Midjourney imagine jobs, poll interval {interval * 1000:.0f} ms, "
        "a job lasting 7.5 intervals:",
        "",
        "| Client | Rounds | Succeeded | Poll requests (median) | Polls per job (median) "
        "| Wall s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for variant in ("per job", "batched"):
        mine = [r for r in results if r.variant == variant]
        lines.append(
            f"| {variant} | {len(mine)} | {min(r.succeeded for r in mine)}/{jobs} | "
            f"{median([r.poll_requests for r in mine]):.0f} | "
            f"{median([r.polls_per_job for r in mine]):.2f} | "
            f"{median([r.wall_s for r in mine]):.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.batched_polls")
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--interval", type=float, default=0.05, help="poll interval, seconds")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with EmulatorProcess() as server:
        results = measure(server.url, server.api_key, args.jobs, args.interval, args.rounds)
    print(render(results, args.jobs, args.interval))


if __name__ == "__main__":
    main()
