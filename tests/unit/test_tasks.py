"""The poll schedule and the runner, on a fake clock: no sleeping, no sockets."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from gptproto_core.errors import TaskFailedError, TaskTimeoutError
from gptproto_core.retry import RequestKind
from gptproto_core.sse import ServerSentEvent
from gptproto_core.tasks import (
    AsyncTaskRunner,
    Flow,
    Job,
    PollPlan,
    PollSchedule,
    Report,
    Request,
    Send,
    Sleep,
    StatusTable,
    Stream,
    Task,
    TaskRunner,
    Tracker,
    drive,
    job_flow,
    with_status,
)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0, "a zero sleep would be a busy loop"
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class ScriptedClient:
    """Answers the runner's requests from a list; records what kind each request was."""

    def __init__(self, submit_body: Any, poll_bodies: list[Any]) -> None:
        self.submit_body, self.poll_bodies = submit_body, list(poll_bodies)
        self.kinds: list[RequestKind] = []

    def request_json(
        self, method: str, path: str, *, kind: RequestKind = RequestKind.READ, **_: Any
    ) -> Any:
        self.kinds.append(kind)
        if kind is RequestKind.SUBMIT:
            return self.submit_body
        return self.poll_bodies.pop(0) if len(self.poll_bodies) > 1 else self.poll_bodies[0]


class AsyncScriptedClient(ScriptedClient):
    async def request_json(self, method: str, path: str, **kwargs: Any) -> Any:  # type: ignore[override]
        return ScriptedClient.request_json(self, method, path, **kwargs)


TABLE = StatusTable(
    "demo", {"WAIT": "queued", "WORK": "running", "OK": "succeeded", "BAD": "failed"}
)


def read(body: Any, previous: Task) -> Task:
    return Task(
        id=previous.id,
        vendor="demo",
        operation="make",
        status=TABLE(body["s"]),
        progress=body.get("p"),
        error=body.get("why"),
    )


TRACKER = Tracker(
    "demo", fetch=lambda task: Request("GET", f"/make/{task.id}"), read=read, lookup_tool="get"
)
JOB = Job(
    vendor="demo",
    operation="make",
    submit=Request("POST", "/make", json={}),
    read_submitted=lambda body: Task(
        id=body["id"], vendor="demo", operation="make", status="queued"
    ),
    tracker=TRACKER,
)


def test_schedule_first_wait_then_growing_interval_capped_and_deadline():
    plan = PollPlan(
        PollSchedule(first_wait=1, interval=2, growth=2, max_interval=5, timeout=20), 0.0
    )
    waits, now = [], 0.0
    while (wait := plan.next_wait(now)) is not None:
        waits.append(wait)
        now += wait
    assert waits == [1, 2, 4, 5, 5, 3]  # the last wait is cut to the deadline
    assert sum(waits) == 20


def test_changed_reports_each_new_status_or_progress_once():
    plan = PollPlan(PollSchedule(), 0.0)
    states = [
        ("queued", None),
        ("queued", None),
        ("running", 0.1),
        ("running", 0.1),
        ("running", 0.5),
    ]
    seen = [plan.observe(Task("t", "v", "o", s, p), 0.0) for s, p in states]
    assert seen == [True, False, True, False, True]


def test_progress_rate_moves_the_last_poll_to_the_expected_finish():
    plan = PollPlan(PollSchedule(first_wait=1, interval=4, growth=1, timeout=100), 0.0)
    assert plan.next_wait(0.0) == 1
    plan.observe(Task("t", "v", "o", "running", 0.2), 1.0)
    assert plan.next_wait(1.0) == 4  # one sample: no rate yet
    plan.observe(Task("t", "v", "o", "running", 0.6), 5.0)  # 10% a second: done at t=9
    assert plan.estimated_finish() == pytest.approx(9.0)
    assert plan.next_wait(5.0) == 4  # the expected finish falls on the scheduled poll
    plan.observe(Task("t", "v", "o", "running", 0.9), 8.0)
    assert plan.next_wait(8.0) == pytest.approx(1.0)  # poll at t=9, not t=12


def test_expected_finish_never_polls_sooner_than_a_quarter_interval():
    plan = PollPlan(PollSchedule(first_wait=1, interval=4, growth=1, timeout=100), 0.0)
    plan.observe(Task("t", "v", "o", "running", 0.10), 1.0)
    plan.observe(Task("t", "v", "o", "running", 0.99), 2.0)
    assert plan.next_wait(2.0) == 1.0  # the finish is 0.01 s away; wait interval/4


def test_an_early_estimate_is_checked_again_soon_twice_at_most():
    plan = PollPlan(PollSchedule(first_wait=1, interval=4, growth=1, timeout=100), 0.0)
    plan.observe(Task("t", "v", "o", "running", 0.5), 1.0)
    plan.observe(Task("t", "v", "o", "running", 0.9), 5.0)  # done at t=6 by the rate
    assert plan.next_wait(6.5) == 1.0  # overdue: a quarter interval
    assert plan.next_wait(7.5) == 1.0
    assert plan.next_wait(8.5) == 4  # then the schedule again


def test_stalled_or_missing_progress_keeps_the_schedule():
    plan = PollPlan(PollSchedule(first_wait=1, interval=3, growth=1, timeout=100), 0.0)
    plan.observe(Task("t", "v", "o", "running", 0.5), 1.0)
    plan.observe(Task("t", "v", "o", "running", 0.5), 4.0)
    plan.observe(Task("t", "v", "o", "running", None), 7.0)
    assert plan.estimated_finish() is None
    assert plan.next_wait(7.0) == 1 and plan.next_wait(8.0) == 3


def test_runner_polls_until_done_and_reports_progress_once_per_change():
    time = FakeTime()
    client = ScriptedClient(
        {"id": "t1"},
        [{"s": "WAIT"}, {"s": "WORK", "p": 0.5}, {"s": "WORK", "p": 0.5}, {"s": "OK", "p": 1.0}],
    )
    runner = TaskRunner(
        client, PollSchedule(first_wait=1, interval=1, growth=1), sleep=time.sleep, clock=time.clock
    )  # type: ignore[arg-type]
    seen: list[tuple[str, float | None]] = []
    task = runner.run(JOB, on_progress=lambda t: seen.append((t.status, t.progress)))
    assert task.status == "succeeded"
    assert seen == [("queued", None), ("running", 0.5), ("succeeded", 1.0)]
    assert client.kinds == [RequestKind.SUBMIT] + [RequestKind.READ] * 4
    assert time.sleeps == [1, 1, 1, 1]


def test_failure_carries_the_id_and_the_vendors_reason():
    time = FakeTime()
    client = ScriptedClient({"id": "t2"}, [{"s": "BAD", "why": "banned prompt"}])
    runner = TaskRunner(client, sleep=time.sleep, clock=time.clock)  # type: ignore[arg-type]
    with pytest.raises(TaskFailedError) as caught:
        runner.run(JOB)
    assert (caught.value.task_id, caught.value.reason) == ("t2", "banned prompt")


def test_deadline_raises_with_id_and_last_status_and_never_resubmits():
    time = FakeTime()
    client = ScriptedClient({"id": "t3"}, [{"s": "WORK", "p": 0.2}])
    runner = TaskRunner(
        client,
        PollSchedule(first_wait=1, interval=2, growth=1, timeout=10),
        sleep=time.sleep,
        clock=time.clock,
    )  # type: ignore[arg-type]
    with pytest.raises(TaskTimeoutError) as caught:
        runner.run(JOB)
    assert (caught.value.task_id, caught.value.last_status) == ("t3", "running")
    assert client.kinds.count(RequestKind.SUBMIT) == 1
    assert time.now == 10


async def test_async_runner_follows_the_same_plan():
    time = FakeTime()
    client = AsyncScriptedClient({"id": "t4"}, [{"s": "WORK", "p": 0.3}, {"s": "OK"}])
    runner = AsyncTaskRunner(
        client,
        PollSchedule(first_wait=1, interval=1, growth=1),
        sleep=time.asleep,
        clock=time.clock,
    )  # type: ignore[arg-type]
    seen: list[str] = []

    async def progress(task: Task) -> None:
        seen.append(task.status)

    task = await runner.run(JOB, on_progress=progress)
    assert task.status == "succeeded" and seen == ["queued", "running", "succeeded"]
    assert client.kinds.count(RequestKind.SUBMIT) == 1


def test_unknown_status_word_counts_as_running_and_warns_once(caplog):
    table = StatusTable("demo", {"OK": "succeeded"})
    assert [table("SPARKLING"), table("sparkling"), table("OK")] == [
        "running",
        "running",
        "succeeded",
    ]
    assert caplog.text.count("SPARKLING") == 1


TABLE_WITH_CANCEL = StatusTable("demo", {"OK": "succeeded", "STOP": "cancelled"})


def test_a_cancelled_task_raises_like_a_failed_one_with_its_status():
    def read_cancel(body: Any, previous: Task) -> Task:
        return Task(previous.id, "demo", "make", TABLE_WITH_CANCEL(body["s"]))

    job = Job(
        "demo",
        "make",
        JOB.submit,
        JOB.read_submitted,
        Tracker("demo", TRACKER.fetch, read_cancel, "get"),
    )
    time = FakeTime()
    client = ScriptedClient({"id": "t5"}, [{"s": "STOP"}])
    runner = TaskRunner(client, sleep=time.sleep, clock=time.clock)  # type: ignore[arg-type]
    with pytest.raises(TaskFailedError) as caught:
        runner.run(job)
    assert (caught.value.task_id, caught.value.status) == ("t5", "cancelled")
    assert "cancelled" in str(caught.value)


def test_resume_with_wait_fetches_at_once_then_polls_and_never_submits():
    time = FakeTime()
    client = ScriptedClient({"id": "never"}, [{"s": "WORK", "p": 0.5}, {"s": "OK"}])
    runner = TaskRunner(
        client, PollSchedule(first_wait=5, interval=1, growth=1), sleep=time.sleep, clock=time.clock
    )  # type: ignore[arg-type]
    task = runner.resume(TRACKER, "t6", wait=True)
    assert task.status == "succeeded" and task.id == "t6"
    assert client.kinds == [RequestKind.READ, RequestKind.READ]
    assert time.sleeps == [5]  # the first look is immediate; only the next poll waits


def test_resume_without_wait_looks_once():
    time = FakeTime()
    client = ScriptedClient({"id": "never"}, [{"s": "WORK", "p": 0.5}])
    runner = TaskRunner(client, sleep=time.sleep, clock=time.clock)  # type: ignore[arg-type]
    task = runner.resume(TRACKER, "t7", wait=False)
    assert (task.status, task.progress) == ("running", 0.5)
    assert client.kinds == [RequestKind.READ] and time.sleeps == []


def test_the_life_cycle_is_a_plain_generator_of_steps():
    """Sans-I/O: a test (or any driver) can answer the steps by hand."""
    time = FakeTime()
    flow = job_flow(JOB, PollSchedule(first_wait=1, interval=1, growth=1), time.clock)
    step = next(flow)
    assert isinstance(step, Send) and step.kind is RequestKind.SUBMIT
    assert step.request.path == "/make"
    assert flow.send({"id": "t8"}) == Report(Task("t8", "demo", "make", "queued"))
    assert flow.send(None) == Sleep(1)
    fetch = flow.send(None)
    assert isinstance(fetch, Send) and fetch.request.path == "/make/t8"
    assert fetch.kind is RequestKind.READ
    with pytest.raises(StopIteration) as done:
        flow.send({"s": "OK"})
        flow.send(None)
    assert done.value.value.status == "succeeded"


def test_a_poll_error_is_thrown_into_the_flow_and_raised_to_the_caller():
    from gptproto_core.errors import ServerError

    class FailingPolls(ScriptedClient):
        def request_json(self, method: str, path: str, **kwargs: Any) -> Any:
            if kwargs.get("kind") is not RequestKind.SUBMIT:
                raise ServerError("HTTP 500", status_code=500)
            return super().request_json(method, path, **kwargs)

    time = FakeTime()
    runner = TaskRunner(FailingPolls({"id": "t9"}, []), sleep=time.sleep, clock=time.clock)  # type: ignore[arg-type]
    with pytest.raises(ServerError):
        runner.run(JOB)


# --- the Stream step: a submission answered by a stream, read one event at a time -------------


class StreamingClient:
    """Serves one stream of events and records how far it was read and whether it was closed."""

    def __init__(self, events: list[str]) -> None:
        self.events, self.read, self.closed, self.opened = events, 0, False, 0

    def stream_events(self, path: str, *, json: Any, **_: Any) -> Any:
        self.opened += 1
        try:
            for data in self.events:
                self.read += 1
                yield ServerSentEvent(data)
        finally:
            self.closed = True


class AsyncStreamingClient(StreamingClient):
    async def stream_events(self, path: str, *, json: Any, **_: Any) -> Any:  # type: ignore[override]
        self.opened += 1
        try:
            for data in self.events:
                self.read += 1
                yield ServerSentEvent(data)
        finally:
            self.closed = True


def read_lines(step: Stream) -> Flow[Task]:
    """Each event is a progress line; the last one names the result."""
    task = Task("s1", "demo", "stream", "running")
    last = None
    while (event := (yield step)) is not None:
        last = event.data
        yield Report(with_status(task, text=last))
    return with_status(task, status="succeeded", text=last)


STREAM_JOB = Job(
    "demo",
    "stream",
    Request("POST", "/v1/chat/completions", json={"stream": True}),
    read_submitted=lambda body: Task("never", "demo", "stream", "queued"),
    read_stream=read_lines,
)


def test_a_streamed_submission_is_read_event_by_event_with_progress_between():
    client = StreamingClient(["one", "two", "three"])
    seen: list[tuple[str, str | None]] = []
    runner = TaskRunner(client)  # type: ignore[arg-type]
    task = runner.run(STREAM_JOB, lambda t: seen.append((t.status, t.text)))
    assert (task.status, task.text) == ("succeeded", "three")
    # a report per event while the stream runs, then the finished task once
    events = [("running", "one"), ("running", "two"), ("running", "three")]
    assert seen == [*events, ("succeeded", "three")]
    assert client.opened == 1 and client.closed


def test_a_flow_that_stops_reading_early_closes_the_stream():
    def first_only(step: Stream) -> Flow[Task]:
        event = yield step
        return Task("s1", "demo", "stream", "succeeded", text=event.data)

    client = StreamingClient(["one", "two", "three"])
    job = replace(STREAM_JOB, read_stream=first_only)
    assert TaskRunner(client).run(job).text == "one"  # type: ignore[arg-type]
    assert client.read == 1 and client.closed


async def test_the_async_driver_streams_the_same_way():
    client = AsyncStreamingClient(["one", "two"])
    seen: list[str | None] = []
    task = await AsyncTaskRunner(client).run(STREAM_JOB, lambda t: seen.append(t.text))  # type: ignore[arg-type]
    assert (task.text, seen, client.opened, client.closed) == (
        "two",
        ["one", "two", "two"],
        1,
        True,
    )


def test_a_stream_error_is_thrown_into_the_flow():
    from gptproto_core.errors import StreamError

    class Broken(StreamingClient):
        def stream_events(self, path: str, *, json: Any, **_: Any) -> Any:
            yield ServerSentEvent("one")
            raise StreamError("cut off")

    def catching(step: Stream) -> Flow[Task]:
        try:
            while (yield step) is not None:
                pass
        except StreamError as error:
            return Task("s1", "demo", "stream", "failed", error=str(error))
        return Task("s1", "demo", "stream", "succeeded")

    job = replace(STREAM_JOB, read_stream=catching)
    with pytest.raises(TaskFailedError, match="cut off"):
        drive(job_flow(job, PollSchedule(), lambda: 0.0), Broken([]))  # type: ignore[arg-type]
