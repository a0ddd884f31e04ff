"""After a successful submit, every failure keeps the job findable (issue 13, "never lose a paid
job"): the error carries the task id and the last known Task, the model reads how to look it up
instead of paying again, and the framework keeps the Task (LangChain: the ToolMessage artifact;
LlamaIndex: the ToolFailure on `ToolOutput.exception`).

It is also the fault matrix: for every job vendor, in both frameworks, submit faults (429, 5xx,
a connection dropped before or after the server handled it, a stalled answer), poll faults that
recover and ones that outlast the retries, and stalls against the tool's deadline; and a lost
answer of each one-request vendor."""

from __future__ import annotations

import asyncio
import fnmatch
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from gptproto_core.errors import APIConnectionError
from gptproto_core.tasks import Task
from langchain_gptproto import GPTProtoToolkit
from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure
from tests.conftest import DATA

pytestmark = pytest.mark.emulator

# tool, arguments, the poll route to break (glob), the submission counter's key
CASES = [
    ("midjourney_imagine", {"prompt": "a red fox"}, "/mj/task/*", "POST /mj/submit/imagine"),
    ("suno_generate_music", {"style": "folk"}, "/v1/suno/feed", "POST /suno/generate"),
    (
        "kling_text_to_video",
        {"prompt": "a plane overhead", "model": "kling-video-std-10-v1-6"},
        "/kling/v1/videos/text2video/*",
        "POST /kling/v1/videos/text2video",
    ),
    ("flux_generate_image", {"prompt": "a blue cat"}, "/flux/v1/get_result", "POST /flux/v1/*"),
    (
        "runway_generate",
        {"prompt": "waves at dusk"},
        "/runway/v1/tasks/*",
        "POST /runway/v1/pro/generate",
    ),
    (
        "higgsfield_generate_video",
        {
            "prompt": "a dance",
            "motion_id": "5d0eee15-569c-4006-a1c7-46d1c42d9315",
            "image": str(DATA / "sample.png"),
        },
        "/v1/higgsfield/*",
        "POST /v1/higgsfield/generate",
    ),
    ("veo_generate_video", {"prompt": "a fox at dawn"}, "/v1/veo/tasks/*", "POST /v1/veo/videos"),
    (
        "doubao_seedance_generate_video",
        {"prompt": "a kite over the sea"},
        "/api/v3/contents/generations/tasks/*",
        "POST /api/v3/contents/generations/tasks",
    ),
]
IDS = [case[0] for case in CASES]


@pytest.fixture
def emulator(gptproto_emulator):
    gptproto_emulator.set_clock_speed(200)
    return gptproto_emulator


def _settings(emulator: Any) -> dict[str, Any]:
    return {
        "api_key": emulator.api_key,
        "base_url": emulator.url,
        "poll_interval": 0.05,
        "max_retries": 1,
        "timeout": 30,
    }


def _submissions(emulator: Any) -> int:
    return sum(emulator.counters()["submissions"].values())


def _break_polls(emulator: Any, path: str) -> None:
    # More 500s than the retries can absorb: the poll fails for good after the submit.
    emulator.add_fault(path, method="GET", status=500, times=50, body={"error": "upstream down"})


@pytest.mark.parametrize(("name", "arguments", "poll", "_submit"), CASES, ids=IDS)
def test_langchain_keeps_the_task_when_polling_fails_for_good(
    emulator, name, arguments, poll, _submit
):
    _break_polls(emulator, poll)
    tool = next(t for t in GPTProtoToolkit(**_settings(emulator)).get_tools() if t.name == name)
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": name, "args": arguments})
    assert isinstance(message, ToolMessage) and message.status == "error"
    assert isinstance(message.artifact, Task)
    task_id = message.artifact.id
    assert f"task_id={task_id!r}" in message.text and "Do not submit it again" in message.text
    assert tool.operation.lookup_tool in message.text
    assert _submissions(emulator) == 1


@pytest.mark.parametrize(("name", "arguments", "poll", "_submit"), CASES, ids=IDS)
async def test_llamaindex_keeps_the_task_when_polling_fails_for_good(
    emulator, name, arguments, poll, _submit
):
    _break_polls(emulator, poll)
    spec = GPTProtoToolSpec(**_settings(emulator), include=[name])
    tool = spec.to_tool_list()[0]
    with pytest.raises(ToolFailure) as caught:
        await tool.acall(**arguments)
    task = caught.value.task
    assert isinstance(task, Task) and f"task_id={task.id!r}" in str(caught.value)
    assert _submissions(emulator) == 1


@pytest.mark.parametrize(("name", "arguments", "poll", "_submit"), CASES, ids=IDS)
def test_the_kept_id_finds_the_job_once_the_polls_recover(emulator, name, arguments, poll, _submit):
    _break_polls(emulator, poll)
    tools = {t.name: t for t in GPTProtoToolkit(**_settings(emulator)).get_tools()}
    failed = tools[name].invoke({"type": "tool_call", "id": "c1", "name": name, "args": arguments})
    emulator.clear_faults()
    lookup = tools[tools[name].operation.lookup_tool]
    found = lookup.invoke(
        {
            "type": "tool_call",
            "id": "c2",
            "name": lookup.name,
            "args": {"task_id": failed.artifact.id},
        }
    )
    assert found.status == "success" and found.artifact.status == "succeeded"
    assert _submissions(emulator) == 1  # found, not paid for twice


SUBMITS = [(name, arguments, submit) for name, arguments, _poll, submit in CASES]


@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
def test_a_lost_submit_answer_says_the_job_may_exist_and_is_never_resent(
    emulator, name, arguments, submit
):
    route = submit.split(" ", 1)[1]
    emulator.add_fault(route, drop_after_handling=True)
    tool = next(t for t in GPTProtoToolkit(**_settings(emulator)).get_tools() if t.name == name)
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": name, "args": arguments})
    assert message.status == "error" and "may exist" in message.text
    assert "do not submit the same request again" in message.text
    assert _submissions(emulator) == 1  # the emulator made the job once; we sent it once


@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
async def test_llamaindex_reads_the_same_advice_for_a_lost_submit_answer(
    emulator, name, arguments, submit
):
    emulator.add_fault(submit.split(" ", 1)[1], drop_after_handling=True)
    tool = GPTProtoToolSpec(**_settings(emulator), include=[name]).to_tool_list()[0]
    with pytest.raises(ToolFailure, match="may exist"):
        await tool.acall(**arguments)
    assert _submissions(emulator) == 1


def test_a_refused_connection_is_not_a_job_that_may_exist(emulator):
    toolkit = GPTProtoToolkit(**{**_settings(emulator), "base_url": "http://127.0.0.1:9"})
    tool = next(t for t in toolkit.get_tools() if t.name == "flux_generate_image")
    # Nothing was sent, so no job may exist: the developer is told (it is not the model's to fix).
    with pytest.raises(APIConnectionError) as raised:
        tool.invoke({"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "x"}})
    assert not raised.value.job_may_exist and "may exist" not in str(raised.value)
    text_tool = next(
        t
        for t in GPTProtoToolkit(
            **{**_settings(emulator), "base_url": "http://127.0.0.1:9"}, developer_errors="text"
        ).get_tools()
        if t.name == "flux_generate_image"
    )
    message = text_tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "x"}}
    )
    assert message.status == "error" and "may exist" not in message.text


def test_a_vendor_text_echoing_the_key_never_reaches_the_model(emulator):
    key = emulator.api_key
    emulator.add_fault(
        "/mj/task/*",
        method="GET",
        status=200,
        times=5,
        body={"id": "1", "status": "FAILURE", "failReason": f"upstream rejected key {key}"},
    )
    tool = next(
        t
        for t in GPTProtoToolkit(**_settings(emulator)).get_tools()
        if t.name == "midjourney_imagine"
    )
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "a fox"}}
    )
    assert message.status == "error" and "upstream rejected key" in message.text
    assert key not in message.text and key not in repr(message.artifact)


STALL_SECONDS = (
    8  # well past the tool deadline of 1 s: only a deadline that holds returns before it
)


@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
def test_a_stalled_submit_is_cut_at_the_tool_deadline(emulator, name, arguments, submit):
    import time

    # The stalled answer is an error, so a late reply never makes a job behind a later test.
    emulator.add_fault(submit.split(" ", 1)[1], delay_ms=STALL_SECONDS * 1000, status=504)
    settings = {**_settings(emulator), "timeout": 1}
    tool = next(t for t in GPTProtoToolkit(**settings).get_tools() if t.name == name)
    started = time.monotonic()
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": name, "args": arguments})
    assert time.monotonic() - started < STALL_SECONDS / 2  # not the stalled server's answer
    assert message.status == "error" and "timed out" in message.text
    assert "may exist" in message.text  # the request went out: the job may be there


@pytest.mark.parametrize(("name", "arguments", "poll", "_submit"), CASES, ids=IDS)
async def test_a_stalled_poll_is_cut_at_the_deadline_and_keeps_the_id(
    emulator, name, arguments, poll, _submit
):
    import time

    emulator.add_fault(poll, method="GET", delay_ms=STALL_SECONDS * 1000, status=504, times=20)
    tool = GPTProtoToolSpec(**{**_settings(emulator), "timeout": 1}, include=[name]).to_tool_list()[
        0
    ]
    started = time.monotonic()
    with pytest.raises(ToolFailure) as caught:
        await tool.acall(**arguments)
    assert time.monotonic() - started < STALL_SECONDS / 2
    assert isinstance(caught.value.task, Task)
    assert f"task_id={caught.value.task.id!r}" in str(caught.value)


# The vendors that answer in one request (no task to poll) are paid the same way: a lost answer
# means the images or the speech may have been made and billed.
ONE_REQUEST = [
    ("doubao_seedream_generate_image", {"prompt": "a red fox"}, "/v1/images/generations"),
    ("openai_generate_image", {"prompt": "a blue cat"}, "/v1/images/generations"),
    ("ideogram_generate", {"prompt": "a poster"}, "/ideogram/v1/ideogram-v3/generate"),
    ("openai_text_to_speech", {"input": "Hello there"}, "/v1/audio/speech"),
]


@pytest.mark.parametrize(
    ("name", "arguments", "route"), ONE_REQUEST, ids=[c[0] for c in ONE_REQUEST]
)
def test_a_lost_answer_of_a_one_request_vendor_is_never_resent(
    emulator, name, arguments, route, tmp_path
):
    emulator.add_fault(route, drop_after_handling=True)
    settings = {**_settings(emulator), "output_dir": tmp_path}
    tool = next(t for t in GPTProtoToolkit(**settings).get_tools() if t.name == name)
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": name, "args": arguments})
    assert message.status == "error" and "may exist" in message.text
    assert "do not submit the same request again" in message.text
    assert "may have been made and billed" in message.text  # nothing to look it up by
    assert emulator.counters()["requests"][f"POST {route}"] == 1  # sent once, never retried


# The fault matrix (issue 13, "Done when"): every job vendor above, both frameworks (LangChain's
# tool called blocking, LlamaIndex's awaited), each submit fault and each poll fault.
FRAMEWORKS = ["langchain", "llamaindex"]


async def _run(framework: str, emulator: Any, name: str, arguments: dict[str, Any], **settings):
    """(succeeded, the text the model reads) of one tool call."""
    merged = {**_settings(emulator), **settings}
    if framework == "langchain":
        tool = next(t for t in GPTProtoToolkit(**merged).get_tools() if t.name == name)
        call = {"type": "tool_call", "id": "c1", "name": name, "args": arguments}
        message = await asyncio.to_thread(tool.invoke, call)
        return message.status == "success", message.text
    spec_tool = GPTProtoToolSpec(**merged, include=[name]).to_tool_list()[0]
    try:
        return True, (await spec_tool.acall(**arguments)).content
    except ToolFailure as failure:
        return False, str(failure)


def _requests(emulator: Any, submit: str) -> int:
    """Requests on the submit route (a glob for Flux, whose model is in the path)."""
    counts = emulator.counters()["requests"].items()
    return sum(n for route, n in counts if fnmatch.fnmatchcase(route, submit))


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
async def test_a_429_on_submit_is_waited_out_and_sent_again(
    emulator, framework, name, arguments, submit
):
    # A 429 means nothing was made: the one case, with a refused connect, that is sent again.
    slow_down = {"error": {"message": "rate limited, slow down", "type": "rate_limit"}}
    emulator.add_fault(
        submit.split(" ", 1)[1], status=429, headers={"Retry-After": "0"}, body=slow_down
    )
    succeeded, text = await _run(framework, emulator, name, arguments)
    assert succeeded, text
    assert _requests(emulator, submit) == 2 and _submissions(emulator) == 1


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
async def test_a_5xx_on_submit_is_reported_never_resent(
    emulator, framework, name, arguments, submit
):
    emulator.add_fault(submit.split(" ", 1)[1], status=502, body={"error": "bad gateway"})
    succeeded, text = await _run(framework, emulator, name, arguments)
    assert not succeeded and "502" in text and "bad gateway" in text
    assert _requests(emulator, submit) == 1 and _submissions(emulator) == 0


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
async def test_a_connection_dropped_before_the_answer_may_have_made_the_job(
    emulator, framework, name, arguments, submit
):
    # The client cannot tell a drop before handling from one after: the job may exist.
    emulator.add_fault(submit.split(" ", 1)[1], drop_connection=True)
    succeeded, text = await _run(framework, emulator, name, arguments)
    assert not succeeded and "may exist" in text
    assert "do not submit the same request again" in text
    assert _requests(emulator, submit) == 1


@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize(("name", "arguments", "poll", "submit"), CASES, ids=IDS)
async def test_a_poll_fault_within_the_retries_is_recovered(
    emulator, framework, name, arguments, poll, submit
):
    emulator.add_fault(poll, method="GET", status=503, body={"error": "busy"}, times=1)
    succeeded, text = await _run(framework, emulator, name, arguments)
    assert succeeded, text
    assert _submissions(emulator) == 1 and _requests(emulator, submit) == 1


@pytest.mark.parametrize(("name", "arguments", "submit"), SUBMITS, ids=IDS)
async def test_llamaindex_cuts_a_stalled_submit_at_the_deadline(emulator, name, arguments, submit):
    import time

    emulator.add_fault(submit.split(" ", 1)[1], delay_ms=STALL_SECONDS * 1000, status=504)
    started = time.monotonic()
    succeeded, text = await _run("llamaindex", emulator, name, arguments, timeout=1)
    assert time.monotonic() - started < STALL_SECONDS / 2
    assert not succeeded and "timed out" in text and "may exist" in text


@pytest.mark.parametrize(("name", "arguments", "poll", "_submit"), CASES, ids=IDS)
async def test_langchain_cuts_a_stalled_poll_at_the_deadline_and_keeps_the_id(
    emulator, name, arguments, poll, _submit
):
    import time

    emulator.add_fault(poll, method="GET", delay_ms=STALL_SECONDS * 1000, status=504, times=20)
    started = time.monotonic()
    succeeded, text = await _run("langchain", emulator, name, arguments, timeout=1)
    assert time.monotonic() - started < STALL_SECONDS / 2
    assert not succeeded and "task_id=" in text and "Do not submit it again" in text
