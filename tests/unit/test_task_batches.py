"""Several Midjourney tasks followed with one list-by-condition request per round (API.md §7.3)."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core.errors import NotFoundError, TaskTimeoutError, UnexpectedResponseError
from gptproto_core.polling import PollSchedule
from gptproto_core.task_batches import resume_many_flow, split_ids
from gptproto_core.tasks import Report, Send, Sleep
from gptproto_core.vendors import midjourney as mj


def task_json(task_id: str, status: str, progress: str = "0%") -> dict[str, Any]:
    return {"id": task_id, "action": "IMAGINE", "status": status, "progress": progress}


def run(flow: Any, answers: list[Any], clock: list[float]) -> tuple[Any, list[Any]]:
    """Drive a flow by hand: each Send gets the next answer, each Sleep moves the clock."""
    steps: list[Any] = []
    reply: Any = None
    while True:
        try:
            step = flow.send(reply)
        except StopIteration as done:
            return done.value, steps
        steps.append(step)
        reply = None
        if isinstance(step, Send):
            reply = answers.pop(0)
        elif isinstance(step, Sleep):
            clock[0] += step.seconds


def test_split_ids_drops_blanks_and_repeats():
    assert split_ids(" 1715, 1716,,1715 ") == ["1715", "1716"]
    assert split_ids("1715") == ["1715"]


def test_one_list_request_per_round_until_every_task_ends():
    clock = [0.0]
    answers = [
        [task_json("2", "SUBMITTED"), task_json("1", "IN_PROGRESS", "40%")],
        [task_json("1", "SUCCESS", "100%"), task_json("2", "IN_PROGRESS", "50%")],
        [task_json("1", "SUCCESS", "100%"), task_json("2", "FAILURE") | {"failReason": "banned"}],
    ]
    flow = resume_many_flow(
        mj.TRACKER, ["1", "2"], PollSchedule.every(1, 60), lambda: clock[0], wait=True
    )
    tasks, steps = run(flow, answers, clock)
    sends = [s.request for s in steps if isinstance(s, Send)]
    assert [(r.method, r.path, r.json) for r in sends] == [
        ("POST", "/mj/task/list-by-condition", {"ids": ["1", "2"]})
    ] * 3
    assert sum(isinstance(s, Sleep) for s in steps) == 2
    # the answer's order is the proxy's; ours is the order asked, and a failure is told, not raised
    assert [(t.id, t.status, t.error) for t in tasks] == [
        ("1", "succeeded", None),
        ("2", "failed", "banned"),
    ]
    reported = [(s.task.id, s.task.status) for s in steps if isinstance(s, Report)]
    assert reported[-1] == ("2", "failed") and ("1", "succeeded") in reported


def test_without_wait_the_tasks_are_listed_once():
    flow = resume_many_flow(
        mj.TRACKER, ["1", "2"], PollSchedule.every(1, 60), lambda: 0.0, wait=False
    )
    tasks, steps = run(flow, [[task_json("1", "SUBMITTED"), task_json("2", "MODAL")]], [0.0])
    assert [t.status for t in tasks] == ["queued", "running"] and tasks[1].needs_input
    assert len(steps) == 1


def test_a_deadline_names_an_unfinished_task():
    clock = [0.0]
    running = [task_json("1", "IN_PROGRESS", "10%"), task_json("2", "SUCCESS", "100%")]
    flow = resume_many_flow(
        mj.TRACKER, ["1", "2"], PollSchedule.every(1, 3), lambda: clock[0], wait=True
    )
    with pytest.raises(TaskTimeoutError) as caught:
        run(flow, [running] * 10, clock)
    assert caught.value.task_id == "1"


def test_an_id_the_proxy_left_out_is_not_found():
    asked = [mj.TRACKER.start("1"), mj.TRACKER.start("9")]
    with pytest.raises(NotFoundError, match="'9'"):
        mj.read_many([task_json("1", "SUCCESS")], asked)
    with pytest.raises(UnexpectedResponseError):
        mj.read_many({"code": 3}, asked)
