"""Offline agent runs: a model makes a Veo video from a first and a last frame.

The emulator's scripted model calls the tool the user names with the quoted values in order:
the prompt, then the first and the last frame.
"""

from __future__ import annotations

import json

import pytest
from llama_index.core.agent.workflow import FunctionAgent, ToolCallResult

from llama_index_gptproto import GPTProto, GPTProtoToolSpec
from tests.cassette._media import Progress, run_langchain_agent

pytestmark = pytest.mark.vcr

FIRST = "https://example.com/frames/dawn.png"
LAST = "https://example.com/frames/dusk.png"
REQUEST = (
    f"Make a video of 'a paper plane glides over the city' from '{FIRST}' to '{LAST}' "
    "with veo_generate_video."
)


def test_langchain_agent_makes_a_first_and_last_frame_video(gptproto_target, vcr):
    progress = Progress()
    results, reply = run_langchain_agent(gptproto_target, ["veo"], REQUEST, progress)
    assert [r.name for r in results] == ["veo_generate_video"]
    video = results[0].artifact
    body = json.loads(next(r.body for r in vcr.requests if r.path == "/v1/veo/videos"))
    assert body["prompt"] == "a paper plane glides over the city"
    assert body["images"] == [FIRST, LAST]
    assert video.status == "succeeded" and video.outputs[0].kind == "video"
    assert not reply.tool_calls and video.outputs[0].url in reply.text
    statuses = [e["status"] for e in progress.events if e["task_id"] == video.id]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"


async def test_llamaindex_function_agent_makes_a_first_and_last_frame_video(
    gptproto_target, vcr, progress
):
    spec = GPTProtoToolSpec(
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        poll_interval=0.01,
        include=["veo"],
        include_images=False,
    )
    llm = GPTProto(
        model="gpt-4o", api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    )
    agent = FunctionAgent(tools=spec.to_tool_list(), llm=llm)
    handler = agent.run(REQUEST)
    calls = [event async for event in handler.stream_events() if isinstance(event, ToolCallResult)]
    result = await handler
    assert [c.tool_name for c in calls] == ["veo_generate_video"]
    assert calls[0].tool_kwargs["first_frame"] == FIRST
    assert calls[0].tool_kwargs["last_frame"] == LAST
    video = calls[0].tool_output.raw_output.task
    assert video.status == "succeeded" and video.outputs[0].url in str(result.response.content)
    statuses = [e.status for e in progress if e.task_id == video.id]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"
