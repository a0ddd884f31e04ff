"""Several jobs of one vendor followed together: one list request per round, not one per job.

    flow = resume_many_flow(midjourney.TRACKER, ["1715", "1716"], schedule, clock, wait=True)
    tasks = drive(flow, client)                # every task, finished or waiting for input
    tasks = await AsyncTaskRunner(client).run_many([imagine(r) for r in requests])

Only a tracker with a list call (`Tracker.fetch_many`, e.g. Midjourney's
`POST /mj/task/list-by-condition`) can do this. Failed tasks are returned, not raised: the caller
asked about several jobs and is told about each one.
"""

from __future__ import annotations

from collections.abc import Sequence

from gptproto_core.errors import ConfigurationError, TaskTimeoutError
from gptproto_core.polling import PollPlan, PollSchedule
from gptproto_core.task_types import Job, Task, Tracker
from gptproto_core.tasks import Clock, Flow, Report, Send, Sleep

__all__ = ["fetch_many_flow", "follow_many_flow", "resume_many_flow", "split_ids"]


def split_ids(task_ids: str) -> list[str]:
    """`"1715, 1716"` → `["1715", "1716"]`: comma-separated, blanks and repeats dropped."""
    return list(dict.fromkeys(part.strip() for part in task_ids.split(",") if part.strip()))


def fetch_many_flow(tracker: Tracker, tasks: Sequence[Task]) -> Flow[list[Task]]:
    """One list request for every task; the answer read in the order of `tasks`."""
    if tracker.fetch_many is None or tracker.read_many is None:
        raise ConfigurationError(f"{tracker.vendor} cannot look several tasks up at once")
    body = yield Send(tracker.fetch_many(tasks))
    return tracker.read_many(body, tasks)


def resume_many_flow(
    tracker: Tracker, task_ids: Sequence[str], schedule: PollSchedule, clock: Clock, *, wait: bool
) -> Flow[list[Task]]:
    """Look several submitted jobs up at once; with `wait`, follow them all to their ends."""
    tasks = yield from fetch_many_flow(tracker, [tracker.start(i) for i in task_ids])
    if not wait:
        return tasks
    return (yield from follow_many_flow(tracker, tasks, schedule, clock))


def follow_many_flow(
    tracker: Tracker, tasks: list[Task], schedule: PollSchedule, clock: Clock
) -> Flow[list[Task]]:
    """Poll until every task has ended (or waits for input), one list request per round; the
    wait is the shortest any unfinished task's plan asks for. Raises on the first deadline."""
    plans = [PollPlan(schedule, clock()) for _ in tasks]
    while True:
        for plan, task in zip(plans, tasks, strict=True):
            if plan.observe(task, clock()):
                yield Report(task)
        open_ = [(p, t) for p, t in zip(plans, tasks, strict=True) if not _settled(t)]
        if not open_:
            return tasks
        waits = [plan.next_wait(clock()) for plan, _ in open_]
        for (plan, task), pause in zip(open_, waits, strict=True):
            if pause is None:
                raise TaskTimeoutError(task.id, task.status, clock() - plan.started)
        yield Sleep(min(w for w in waits if w is not None))
        tasks = yield from fetch_many_flow(tracker, tasks)


def one_tracker(jobs: Sequence[Job]) -> Tracker:
    """The tracker every job shares, if it can list tasks; else a `ConfigurationError`."""
    trackers = {id(job.tracker): job.tracker for job in jobs}
    tracker = next(iter(trackers.values()), None) if len(trackers) == 1 else None
    if tracker is None or tracker.fetch_many is None:
        raise ConfigurationError("run_many takes jobs of one vendor that lists tasks (Midjourney)")
    return tracker


def _settled(task: Task) -> bool:
    return task.done or task.needs_input
