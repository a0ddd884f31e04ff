"""GPTProtoToolSpec's Midjourney functions end to end, replayed from cassettes."""

from __future__ import annotations

import pytest
from llama_index.core.base.llms.types import ImageBlock, TextBlock

from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure
from tests.cassette._media import spec_tools

pytestmark = pytest.mark.vcr


def test_imagine_returns_text_image_blocks_and_the_task(gptproto_target, progress):
    out = spec_tools(gptproto_target, include_images=True)["midjourney_imagine"].call(
        prompt="a red fox in the snow"
    )
    task = out.raw_output.task
    assert task.status == "succeeded"
    assert isinstance(out.blocks[0], TextBlock) and "U1" in out.blocks[0].text
    assert isinstance(out.blocks[1], ImageBlock) and str(out.blocks[1].url) == task.outputs[0].url
    statuses = [e.status for e in progress]
    assert statuses[0] == "queued" and statuses[-1] == "succeeded" and "running" in statuses
    assert all(e.task_id == task.id for e in progress)


def test_upscale_u1_after_imagine(gptproto_target):
    by_name = spec_tools(gptproto_target, include_images=False)
    grid = by_name["midjourney_imagine"].call(prompt="a lighthouse").raw_output.task
    u1 = next(a.id for a in grid.actions if a.label == "U1")
    out = by_name["midjourney_action"].call(task_id=grid.id, custom_id=u1)
    assert out.raw_output.task.status == "succeeded" and len(out.blocks) == 1


def test_failure_raises_advice_for_the_model(gptproto_target):
    gptproto_target.script_next_job("midjourney", "fail", "Job action restricted")
    with pytest.raises(ToolFailure, match="Job action restricted"):
        spec_tools(gptproto_target)["midjourney_imagine"].call(prompt="a quiet harbor")


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    with pytest.raises(ToolFailure, match="images"):
        spec_tools(gptproto_target)["midjourney_blend"].call(
            images=["https://example.com/only-one.png"]
        )
    assert len(vcr.requests) == 0


async def test_async_no_wait_then_lookup(gptproto_target):
    by_name = spec_tools(gptproto_target)
    submitted = await by_name["midjourney_imagine"].acall(prompt="an async comet", wait=False)
    task = submitted.raw_output.task
    assert task.status == "queued" and "midjourney_get_task" in submitted.content
    found = await by_name["midjourney_get_task"].acall(task_id=task.id)
    assert found.raw_output.task.status == "succeeded"


def test_include_selects_functions():
    spec = GPTProtoToolSpec(
        api_key="sk-test-000000", include=["midjourney_imagine", "midjourney_get_task"]
    )
    assert [t.metadata.name for t in spec.to_tool_list()] == [
        "midjourney_imagine",
        "midjourney_get_task",
    ]
    with pytest.raises(ValueError, match="dalle"):
        GPTProtoToolSpec(api_key="sk-test-000000", include=["dalle"])
