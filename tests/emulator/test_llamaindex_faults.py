"""GPTProto against a live emulator: one retry layer, typed errors, event loops, the example."""

from __future__ import annotations

import asyncio
import importlib.util
from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage

from gptproto_core.chat import CHAT_PATH
from gptproto_core.errors import (
    AuthenticationError,
    GPTProtoError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from llama_index_gptproto import GPTProto
from tests.conftest import ROOT

pytestmark = pytest.mark.emulator

CHAT = f"POST {CHAT_PATH}"
HI = [ChatMessage(role="user", content="Say 'pong'")]


def llm(server: Any, **kwargs: Any) -> GPTProto:
    return GPTProto(model="gpt-4o", api_key=server.api_key, base_url=server.url, **kwargs)


def chat_requests(server: Any) -> int:
    return int(server.counters()["requests"].get(CHAT, 0))


def test_a_5xx_is_retried_by_the_core_only(gptproto_emulator):
    gptproto_emulator.add_fault(status=502, times=5)
    with pytest.raises(ServerError):
        llm(gptproto_emulator, max_retries=1).chat(HI)
    assert chat_requests(gptproto_emulator) == 2  # max_retries + 1, not multiplied


def test_429_with_retry_after_is_waited_out(gptproto_emulator):
    gptproto_emulator.add_fault(status=429, headers={"Retry-After": "0"})
    reply = llm(gptproto_emulator).chat(HI)
    assert "pong" in (reply.message.content or "")
    assert chat_requests(gptproto_emulator) == 2


def test_429_without_retries_left_is_a_rate_limit_error(gptproto_emulator):
    gptproto_emulator.add_fault(status=429, headers={"Retry-After": "7"})
    with pytest.raises(RateLimitError) as caught:
        llm(gptproto_emulator, max_retries=0).chat(HI)
    assert caught.value.retry_after == 7


def test_401_is_not_retried(gptproto_emulator):
    with pytest.raises(AuthenticationError):
        GPTProto(api_key="sk-not-a-valid-key", base_url=gptproto_emulator.url).chat(HI)
    assert chat_requests(gptproto_emulator) == 1


def test_a_stream_that_breaks_midway_raises_a_typed_error(gptproto_emulator):
    gptproto_emulator.add_fault(stream_error_after=2)
    received: list[Any] = []
    with pytest.raises(GPTProtoError):
        received.extend(llm(gptproto_emulator).stream_chat(HI))
    assert chat_requests(gptproto_emulator) == 1  # a started stream is never replayed


def test_a_malformed_body_is_an_unexpected_response_error(gptproto_emulator):
    gptproto_emulator.add_fault(malformed=True)
    with pytest.raises(UnexpectedResponseError):
        llm(gptproto_emulator, max_retries=0).chat(HI)


def test_async_calls_survive_one_event_loop_after_another(gptproto_emulator):
    model = llm(gptproto_emulator)

    async def ask() -> str:
        reply = await model.achat(HI)
        streamed = [r async for r in await model.astream_chat(HI)]
        return f"{reply.message.content} {streamed[-1].message.content}"

    for _ in range(3):  # a fresh loop each time: no "Event loop is closed"
        assert asyncio.run(ask()).count("pong") == 2


def test_the_llamaindex_example_agent_answers_with_its_tool(gptproto_emulator):
    spec = importlib.util.spec_from_file_location("example", ROOT / "examples/llamaindex_agent.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    answer = example.run_llamaindex_agent(gptproto_emulator.url, gptproto_emulator.api_key)
    assert answer == "Based on the tool result: 42"
