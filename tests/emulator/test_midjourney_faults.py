"""Midjourney jobs under scripted faults: never a second paid submission, always a typed error."""

from __future__ import annotations

import pytest

from gptproto_core import GPTProtoClient
from gptproto_core.errors import APIConnectionError, ServerError, TaskTimeoutError
from gptproto_core.retry import RetryPolicy
from gptproto_core.tasks import AsyncTaskRunner, PollSchedule, TaskRunner
from gptproto_core.vendors import midjourney as mj
from gptproto_core.vendors._inputs import validated
from langchain_gptproto.tools import MidjourneyGetTask, MidjourneyImagine

FAST = RetryPolicy(initial_delay=0.01, max_delay=0.02, jitter=lambda: 1.0)
SUBMIT = "POST /mj/submit/imagine"


def imagine(prompt: str = "a red fox"):
    return mj.imagine(validated(mj.ImagineRequest, prompt=prompt))


@pytest.fixture
def emulator(gptproto_emulator):
    gptproto_emulator.set_clock_speed(500)
    return gptproto_emulator


@pytest.fixture
def runner(emulator):
    client = GPTProtoClient(api_key=emulator.api_key, base_url=emulator.url, retry_policy=FAST)
    yield TaskRunner(client, PollSchedule(first_wait=0.01, interval=0.01, growth=1, timeout=10))
    client.close()


def submissions(emulator) -> int:
    return emulator.counters()["submissions"].get(SUBMIT, 0)


def fetches(emulator) -> int:
    return sum(n for k, n in emulator.counters()["requests"].items() if k.endswith("/fetch"))


def test_submit_500_is_not_retried(emulator, runner):
    emulator.add_fault("/mj/submit/imagine", status=500)
    with pytest.raises(ServerError):
        runner.run(imagine())
    assert emulator.counters()["requests"][SUBMIT] == 1
    assert submissions(emulator) == 0


def test_connection_dropped_after_the_job_was_taken_is_not_resubmitted(emulator, runner):
    emulator.add_fault("/mj/submit/imagine", drop_after_handling=True)
    with pytest.raises(APIConnectionError):
        runner.run(imagine())
    assert submissions(emulator) == 1
    assert emulator.counters()["requests"][SUBMIT] == 1


def test_submit_429_with_retry_after_is_retried_and_accepted_once(emulator, runner):
    emulator.add_fault("/mj/submit/imagine", status=429, headers={"Retry-After": "0"})
    task = runner.run(imagine())
    assert task.status == "succeeded"
    assert emulator.counters()["requests"][SUBMIT] == 2
    assert submissions(emulator) == 1


def test_poll_503_and_dropped_poll_are_retried_with_one_submission(emulator, runner):
    emulator.add_fault(
        "/mj/task/*", method="GET", status=503, body={"error": {"message": "busy", "type": "503"}}
    )
    emulator.add_fault("/mj/task/*", method="GET", drop_connection=True)
    task = runner.run(imagine())
    assert task.status == "succeeded"
    assert submissions(emulator) == 1


def test_timeout_keeps_the_id_and_the_job_resumes_with_get_task(emulator):
    emulator.set_clock_speed(1)  # the job needs ~8 s; we wait 0.2 s
    tool = MidjourneyImagine(
        api_key=emulator.api_key, base_url=emulator.url, poll_interval=0.05, timeout=0.2
    )
    message = tool.invoke(
        {"type": "tool_call", "id": "1", "name": tool.name, "args": {"prompt": "slow"}}
    )
    assert message.status == "error" and "midjourney_get_task" in message.content
    task_id = message.content.split("task_id='")[1].split("'")[0]
    emulator.advance_clock(30)
    getter = MidjourneyGetTask(api_key=emulator.api_key, base_url=emulator.url, poll_interval=0.01)
    found = getter.invoke(
        {"type": "tool_call", "id": "2", "name": getter.name, "args": {"task_id": task_id}}
    )
    assert found.artifact.status == "succeeded" and found.artifact.id == task_id
    assert submissions(emulator) == 1


def test_core_timeout_error_carries_id_and_last_status(emulator, runner):
    emulator.set_clock_speed(1)
    runner.schedule = PollSchedule(first_wait=0.01, interval=0.01, growth=1, timeout=0.1)
    with pytest.raises(TaskTimeoutError) as caught:
        runner.run(imagine())
    assert caught.value.task_id and caught.value.last_status in ("queued", "running")
    assert submissions(emulator) == 1


async def test_async_runner_survives_poll_faults_and_submits_once(emulator):
    from gptproto_core import AsyncGPTProtoClient

    emulator.add_fault("/mj/task/*", method="GET", status=502)
    async with AsyncGPTProtoClient(
        api_key=emulator.api_key, base_url=emulator.url, retry_policy=FAST
    ) as client:
        runner = AsyncTaskRunner(
            client, PollSchedule(first_wait=0.01, interval=0.01, growth=1, timeout=10)
        )
        task = await runner.run(imagine("async fox"))
    assert task.status == "succeeded"
    assert submissions(emulator) == 1 and fetches(emulator) >= 2
