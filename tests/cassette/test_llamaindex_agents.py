"""LlamaIndex agents on GPTProto, offline: FunctionAgent and ReActAgent replayed from cassettes.

The emulator's scripted model calls an offered tool with arguments taken from the user's words
and then answers "Based on the tool result: ...", so each run is deterministic and replayable.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from llama_index.core.agent.workflow import (
    AgentStream,
    FunctionAgent,
    ReActAgent,
    ToolCall,
    ToolCallResult,
)
from llama_index.core.base.llms.types import ImageBlock, TextBlock
from llama_index.core.callbacks import CallbackManager, TokenCountingHandler

from llama_index_gptproto import GPTProto
from tests.conftest import DATA, Target

pytestmark = pytest.mark.vcr

QUESTION = "What is 6 times 7? Use the multiply tool."


def multiply(a: int, b: int) -> int:
    """Multiply two integers and return the product."""
    return a * b


def render_chart(title: str) -> list[Any]:
    """Render a bar chart with the given title and return it as an image."""
    return [TextBlock(text=f"Chart {title!r} rendered."), ImageBlock(path=DATA / "sample.png")]


def llm(target: Target, model: str, **kwargs: Any) -> GPTProto:
    return GPTProto(model=model, api_key=target.api_key, base_url=target.base_url, **kwargs)


def sent_bodies(vcr: Any) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in vcr.requests]


async def run(agent: Any, question: str) -> tuple[str, list[Any]]:
    handler = agent.run(question)
    events = [event async for event in handler.stream_events()]
    result = await handler
    return str(result.response.content), events


@pytest.mark.parametrize(
    "model",
    [
        "gpt-4o",
        "claude-sonnet-4-5-20250929",
        "gemini-2.5-pro",
        "grok-4",
        "doubao-seed-1-6-250615",
        "deepseek-chat",
    ],
)
async def test_function_agent_calls_a_python_tool_and_answers_with_its_result(
    gptproto_target, vcr, model
):
    agent = FunctionAgent(llm=llm(gptproto_target, model), tools=[multiply])
    answer, events = await run(agent, QUESTION)
    assert answer == "Based on the tool result: 42"
    (call,) = [e for e in events if isinstance(e, ToolCallResult)]
    assert (call.tool_name, call.tool_kwargs, call.tool_output.content) == (
        "multiply",
        {"a": 6, "b": 7},
        "42",
    )
    assert "".join(e.delta for e in events if isinstance(e, AgentStream)) == answer
    first, second = sent_bodies(vcr)
    assert first["stream"] is True and first["tools"][0]["function"]["name"] == "multiply"
    assert second["messages"][-1] == {"role": "tool", "tool_call_id": call.tool_id, "content": "42"}


async def test_function_agent_without_streaming(gptproto_target, vcr):
    agent = FunctionAgent(llm=llm(gptproto_target, "gpt-4o"), tools=[multiply], streaming=False)
    answer, _ = await run(agent, QUESTION)
    assert answer == "Based on the tool result: 42"
    assert all("stream" not in body for body in sent_bodies(vcr))


async def test_function_agent_with_a_thinking_model_streams_thinking(gptproto_target, vcr):
    agent = FunctionAgent(llm=llm(gptproto_target, "deepseek-reasoner"), tools=[multiply])
    answer, events = await run(agent, QUESTION)
    assert answer == "Based on the tool result: 42"
    thinking = "".join(e.thinking_delta or "" for e in events if isinstance(e, AgentStream))
    assert "decided to call multiply" in thinking
    assert "decided to answer from the tool result" in thinking
    # The tool loop sends the model's own reasoning back with its tool call.
    assistant = sent_bodies(vcr)[1]["messages"][1]
    assert "decided to call multiply" in assistant["reasoning_content"]


async def test_function_agent_initial_tool_choice(gptproto_target, vcr):
    agent = FunctionAgent(
        llm=llm(gptproto_target, "gpt-4o"), tools=[multiply], initial_tool_choice="multiply"
    )
    answer, _ = await run(agent, "Please compute 3 and 5")
    assert answer == "Based on the tool result: 15"
    first, second = sent_bodies(vcr)
    assert first["tool_choice"] == {"type": "function", "function": {"name": "multiply"}}
    assert "tool_choice" not in second


async def test_an_image_returned_by_a_tool_reaches_a_vision_model(gptproto_target, vcr):
    agent = FunctionAgent(llm=llm(gptproto_target, "gpt-4o"), tools=[render_chart])
    answer, events = await run(agent, 'Use render_chart to draw "Sales".')
    assert [e.tool_name for e in events if isinstance(e, ToolCall)] == ["render_chart"]
    messages = sent_bodies(vcr)[1]["messages"]
    tool, follow_up = messages[-2], messages[-1]
    assert tool["role"] == "tool" and tool["content"].startswith("Chart 'Sales' rendered.")
    assert follow_up["role"] == "user"
    assert follow_up["content"][1]["image_url"]["url"].startswith("data:image/png;base64,")
    assert "32x24 PNG image" in answer  # the model saw the picture


async def test_react_agent_runs_a_tool_and_answers(gptproto_target, vcr):
    """ReActAgent reads text, not tool calls. The emulator echoes the user, so a user turn
    written as a ReAct step comes back as one: the agent parses it, runs the tool, sends the
    observation, and takes the next reply as its answer."""
    agent = ReActAgent(llm=llm(gptproto_target, "gpt-4o"), tools=[multiply])
    step = 'Thought: I need to multiply.\nAction: multiply\nAction Input: {"a": 6, "b": 7}'
    answer, events = await run(agent, step)
    (result,) = [e for e in events if isinstance(e, ToolCallResult)]
    assert (result.tool_name, result.tool_kwargs, result.tool_output.content) == (
        "multiply",
        {"a": 6, "b": 7},
        "42",
    )
    assert answer.endswith('You said: "Observation: 42".')
    assert sent_bodies(vcr)[-1]["messages"][-1] == {"role": "user", "content": "Observation: 42"}


def test_token_counting_handler_reads_usage_of_chat_and_stream(gptproto_target, vcr):
    counter = TokenCountingHandler()
    model = llm(gptproto_target, "gpt-4o", callback_manager=CallbackManager([counter]))
    reply = model.chat([_user("Count 'my' tokens")])
    final = list(model.stream_chat([_user("Count 'these' too")]))[-1]
    expected = [reply.additional_kwargs, final.additional_kwargs]
    assert [e.prompt_token_count for e in counter.llm_token_counts] == [
        u["prompt_tokens"] for u in expected
    ]
    assert [e.completion_token_count for e in counter.llm_token_counts] == [
        u["completion_tokens"] for u in expected
    ]


def _user(text: str) -> Any:
    from llama_index.core.base.llms.types import ChatMessage

    return ChatMessage(role="user", content=text)
