"""A chat-format video job (Veo §5.1, Seedance's chat variant §13.6) whose stream breaks before
the video link: the model is told the video may still be made and billed, that there is no task
id to look it up, and not to submit again blindly; the request is sent exactly once."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core import GPTProtoClient
from gptproto_core.errors import APIConnectionError, APITimeoutError
from gptproto_core.task_text import describe_error
from gptproto_core.tasks import Task, TaskRunner
from gptproto_core.vendors import seedance, veo
from gptproto_core.vendors._inputs import validated
from langchain_gptproto.tools import DoubaoSeedanceGenerateVideo, VeoGenerateVideo
from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure

pytestmark = pytest.mark.emulator

CHAT = "/v1/chat/completions"
TOOLS = [(VeoGenerateVideo, "veo"), (DoubaoSeedanceGenerateVideo, "seedance")]
IDS = [vendor for _, vendor in TOOLS]


def _settings(emulator: Any) -> dict[str, Any]:
    return {"api_key": emulator.api_key, "base_url": emulator.url, "max_retries": 1}


def _sent(emulator: Any) -> int:
    return int(emulator.counters()["requests"].get(f"POST {CHAT}", 0))


def _assert_lost_stream_advice(text: str) -> None:
    assert "stream broke before the video link" in text
    assert "may still be made and billed" in text and "no task id to look it up" in text
    assert "do not submit the same request again blindly" in text


@pytest.mark.parametrize(("tool_class", "vendor"), TOOLS, ids=IDS)
def test_a_stream_dropped_after_the_job_was_made(gptproto_emulator, tool_class, vendor):
    gptproto_emulator.set_clock_speed(1000)
    gptproto_emulator.add_fault(CHAT, drop_after_handling=True)
    tool = tool_class(api_format="chat", **_settings(gptproto_emulator))
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "a cow"}}
    )
    assert message.status == "error"
    _assert_lost_stream_advice(message.content)
    assert isinstance(message.artifact, Task) and message.artifact.status == "queued"
    assert _sent(gptproto_emulator) == 1  # dropped after sending: never sent again
    assert sum(gptproto_emulator.counters()["submissions"].values()) == 1  # the job was made


@pytest.mark.parametrize(("tool_class", "vendor"), TOOLS, ids=IDS)
async def test_llamaindex_reads_the_same_advice(gptproto_emulator, tool_class, vendor):
    gptproto_emulator.set_clock_speed(1000)
    gptproto_emulator.add_fault(CHAT, drop_after_handling=True)
    name = tool_class.operation.name
    spec = GPTProtoToolSpec(
        **_settings(gptproto_emulator), include=[name], wire_formats={name: "chat"}
    )
    with pytest.raises(ToolFailure) as caught:
        await spec.to_tool_list()[0].acall(prompt="a cow")
    _assert_lost_stream_advice(str(caught.value))
    assert _sent(gptproto_emulator) == 1


@pytest.mark.parametrize(
    ("job", "vendor"),
    [
        (veo.generate_chat(validated(veo.VideoRequest, prompt="a cow")), "veo"),
        (seedance.generate_chat(validated(seedance.VideoRequest, prompt="a cow")), "seedance"),
    ],
    ids=IDS,
)
def test_a_read_timeout_mid_stream_keeps_the_last_progress_line(gptproto_emulator, job, vendor):
    # Real-time clock: the progress dots come seconds apart, past the client's read timeout.
    gptproto_emulator.set_clock_speed(1)
    client = GPTProtoClient(**_settings(gptproto_emulator), timeout=0.5)
    with client, pytest.raises(APITimeoutError) as caught:
        TaskRunner(client).run(job)
    error = caught.value
    assert error.job_may_exist and isinstance(error.task, Task)
    assert error.task.status == "running" and "开始生成视频" in (error.task.text or "")
    advice = describe_error(error, lookup_tool=f"{vendor}_get_task")
    _assert_lost_stream_advice(advice)
    assert "last progress line" in advice
    assert _sent(gptproto_emulator) == 1  # events had arrived: a stream is never replayed


def test_a_refused_connection_is_no_job_that_may_exist():
    job = veo.generate_chat(validated(veo.VideoRequest, prompt="a cow"))
    with (
        GPTProtoClient(
            api_key="sk-test-0123456789", base_url="http://127.0.0.1:9", max_retries=0
        ) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        TaskRunner(client).run(job)
    assert not caught.value.job_may_exist
    assert "may still be made" not in describe_error(caught.value, lookup_tool="veo_get_task")


# The emulator's chat-format job shows a dot every 5 emulated seconds for 30 seconds. At 5x a dot
# comes each second, in time for a 1.5 s deadline whose read timeout is 1.5 s: the stream is cut
# between events, at the deadline. At 1x the next dot is 5 s away: the read times out at 1.5 s.
CUTS = [(5, "still running at the call's deadline"), (1, "timed out")]


@pytest.mark.parametrize(("speed", "cut"), CUTS, ids=["between-events", "stalled-read"])
@pytest.mark.parametrize(("tool_class", "vendor"), TOOLS, ids=IDS)
def test_a_stream_running_past_the_tool_deadline_is_cut_there(
    gptproto_emulator, tool_class, vendor, speed, cut
):
    gptproto_emulator.set_clock_speed(speed)
    tool = tool_class(api_format="chat", **_settings(gptproto_emulator), timeout=1.5)
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "a cow"}}
    )
    assert message.status == "error" and cut in message.content
    _assert_lost_stream_advice(message.content)
    assert isinstance(message.artifact, Task) and message.artifact.text  # what the stream showed
    assert _sent(gptproto_emulator) == 1


@pytest.mark.parametrize(("tool_class", "vendor"), TOOLS, ids=IDS)
async def test_an_async_stream_is_cut_at_the_deadline_too(gptproto_emulator, tool_class, vendor):
    gptproto_emulator.set_clock_speed(5)
    name = tool_class(api_key="sk-x").name
    spec = GPTProtoToolSpec(
        **_settings(gptproto_emulator), timeout=1.5, include=[name], wire_formats={name: "chat"}
    )
    with pytest.raises(ToolFailure) as caught:
        await spec.to_tool_list()[0].acall(prompt="a cow")
    assert "still running at the call's deadline" in str(caught.value)
    _assert_lost_stream_advice(str(caught.value))
    assert _sent(gptproto_emulator) == 1
