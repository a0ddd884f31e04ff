"""GPTProtoToolSpec's Veo and Doubao Seedance functions end to end (sync and async), replayed
from cassettes recorded on the emulator."""

from __future__ import annotations

import pytest
from llama_index.core.base.llms.types import TextBlock

from llama_index_gptproto.tools import ToolFailure
from tests.cassette._media import spec_tools

pytestmark = pytest.mark.vcr

FIRST = "https://example.com/first.png"
LAST = "https://example.com/last.png"


def test_veo_first_and_last_frame_with_progress(gptproto_target, progress):
    out = spec_tools(gptproto_target, include=["veo"])["veo_generate_video"].call(
        prompt="a paper plane", first_frame=FIRST, last_frame=LAST
    )
    task = out.raw_output.task
    assert task.status == "succeeded" and task.vendor == "veo"
    assert isinstance(out.blocks[0], TextBlock) and task.outputs[0].url in out.blocks[0].text
    statuses = [e.status for e in progress if e.task_id == task.id]
    assert statuses[0] == "queued" and statuses[-1] == "succeeded"


async def test_veo_no_wait_then_get_task(gptproto_target):
    by_name = spec_tools(gptproto_target, include=["veo"])
    submitted = await by_name["veo_generate_video"].acall(prompt="a comet", wait=False)
    task = submitted.raw_output.task
    assert task.status == "queued" and "veo_get_task" in submitted.content
    found = await by_name["veo_get_task"].acall(task_id=task.id)
    assert found.raw_output.task.status == "succeeded"


def test_veo_failure_is_a_tool_failure_with_the_reason(gptproto_target):
    gptproto_target.script_next_job("veo", "fail", "No GPU today")
    tool = spec_tools(gptproto_target, include=["veo"])["veo_generate_video"]
    with pytest.raises(ToolFailure, match="No GPU today"):
        tool.call(prompt="a cow")


def test_seedance_image_to_video_with_progress(gptproto_target, progress):
    out = spec_tools(gptproto_target, include=["doubao"])["doubao_seedance_generate_video"].call(
        prompt="she turns", first_frame=FIRST, resolution="720p"
    )
    task = out.raw_output.task
    assert task.status == "succeeded" and task.id.startswith("cgt-")
    statuses = [e.status for e in progress if e.task_id == task.id]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"


async def test_seedance_no_wait_then_get_task_and_a_failure(gptproto_target):
    by_name = spec_tools(gptproto_target, include=["doubao"])
    submitted = await by_name["doubao_seedance_generate_video"].acall(prompt="a boat", wait=False)
    task_id = submitted.raw_output.task.id
    found = await by_name["doubao_seedance_get_task"].acall(task_id=task_id)
    assert found.raw_output.task.status == "succeeded" and found.raw_output.task.id == task_id
    gptproto_target.script_next_job("seedance", "fail", "GPU melted")
    with pytest.raises(ToolFailure, match=r"cgt-.*GPU melted"):
        await by_name["doubao_seedance_generate_video"].acall(prompt="a cow")


async def test_veo_chat_format_streams_to_the_video(gptproto_target, progress):
    by_name = spec_tools(
        gptproto_target, include=["veo"], wire_formats={"veo_generate_video": "chat"}
    )
    out = await by_name["veo_generate_video"].acall(prompt="a chat comet", first_frame=FIRST)
    task = out.raw_output.task
    assert task.status == "succeeded" and task.outputs[0].url.endswith(".mp4")
    running = [e for e in progress if e.task_id == task.id and e.status == "running"]
    assert len(running) >= 3


async def test_veo_chat_format_refuses_wait_false_before_sending(gptproto_target, vcr):
    tool = spec_tools(
        gptproto_target, include=["veo"], wire_formats={"veo_generate_video": "chat"}
    )["veo_generate_video"]
    with pytest.raises(ToolFailure, match=r"^Invalid arguments: wait=False.*wait=True"):
        await tool.acall(prompt="a comet", wait=False)
    assert vcr.requests == []


def test_seedance_chat_format_streams_to_the_video(gptproto_target, progress):
    tool = spec_tools(
        gptproto_target,
        include=["doubao"],
        wire_formats={"doubao_seedance_generate_video": "chat"},
    )["doubao_seedance_generate_video"]
    out = tool.call(prompt="Make her dance", first_frame=FIRST, resolution="1080p")
    task = out.raw_output.task
    assert task.status == "succeeded" and task.outputs[0].url.endswith(".mp4")
    assert [e.status for e in progress if e.task_id == task.id].count("running") >= 3


def _seedance_chat(target):
    return spec_tools(
        target, include=["doubao"], wire_formats={"doubao_seedance_generate_video": "chat"}
    )["doubao_seedance_generate_video"]


async def test_seedance_chat_format_refuses_wait_false_before_sending(gptproto_target, vcr):
    with pytest.raises(ToolFailure, match="Invalid arguments: wait=False"):
        await _seedance_chat(gptproto_target).acall(prompt="a boat", wait=False)
    assert vcr.requests == []


async def test_seedance_chat_format_stream_without_a_link_fails(gptproto_target, vcr):
    gptproto_target.script_next_job("seedance", "fail", "GPU melted")
    with pytest.raises(ToolFailure, match=r"without a video link.*GPU melted"):
        await _seedance_chat(gptproto_target).acall(prompt="a cow")
