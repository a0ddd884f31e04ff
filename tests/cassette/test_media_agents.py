"""Offline agent runs: a model drives the Midjourney tools (imagine, then upscale U1).

The emulator's scripted model follows a plan the user names ("... with midjourney_imagine, then
... with midjourney_action") and copies ids from the tool results, as a real model would.
"""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage
from llama_index.core.agent.workflow import FunctionAgent, ToolCallResult

from langchain_gptproto import ChatGPTProto, GPTProtoToolkit
from llama_index_gptproto import GPTProto, GPTProtoToolSpec

pytestmark = pytest.mark.vcr

REQUEST = (
    "Make a picture of 'a red fox in the snow' with midjourney_imagine, "
    "then upscale U1 with midjourney_action."
)


def test_langchain_agent_makes_a_picture_and_upscales_u1(gptproto_target, vcr):
    toolkit = GPTProtoToolkit(
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        poll_interval=0.01,
        include=["midjourney"],
    )
    tools = {tool.name: tool for tool in toolkit.get_tools()}
    agent = ChatGPTProto(
        model="gpt-4o", api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    ).bind_tools(list(tools.values()))
    messages: list[BaseMessage] = [HumanMessage(REQUEST)]
    results: list[ToolMessage] = []
    for _ in range(5):
        reply = agent.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            break
        for call in reply.tool_calls:
            result = tools[call["name"]].invoke(call)
            results.append(result)
            messages.append(result)
    assert [r.name for r in results] == ["midjourney_imagine", "midjourney_action"]
    grid, upscaled = (r.artifact for r in results)
    u1 = next(a for a in grid.actions if a.label == "U1")
    action_body = json.loads(next(r.body for r in vcr.requests if r.path == "/mj/submit/action"))
    assert action_body == {"customId": u1.id, "taskId": grid.id}
    assert upscaled.status == "succeeded" and upscaled.outputs
    assert not reply.tool_calls and upscaled.outputs[0].url in reply.text


async def test_llamaindex_function_agent_makes_a_picture_and_upscales_u1(gptproto_target, vcr):
    spec = GPTProtoToolSpec(
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        poll_interval=0.01,
        include=["midjourney"],
        include_images=False,
    )
    llm = GPTProto(
        model="gpt-4o", api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    )
    agent = FunctionAgent(tools=spec.to_tool_list(), llm=llm)
    handler = agent.run(REQUEST)
    calls = [event async for event in handler.stream_events() if isinstance(event, ToolCallResult)]
    result = await handler
    assert [c.tool_name for c in calls] == ["midjourney_imagine", "midjourney_action"]
    grid = calls[0].tool_output.raw_output.task
    upscaled = calls[1].tool_output.raw_output.task
    assert calls[1].tool_kwargs["task_id"] == grid.id
    assert calls[1].tool_kwargs["custom_id"] == next(a.id for a in grid.actions if a.label == "U1")
    assert upscaled.status == "succeeded"
    assert upscaled.outputs[0].url in str(result.response.content)
