"""A body nested 60,000 deep (past the JSON parser's stack) on every path that reads JSON.

The stand-in tester's finding: such a body raised a bare `RecursionError` from the 2xx decoder
and from the error-body reader. Served by the emulator's `raw` fault, over a real socket.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from gptproto_core.errors import GPTProtoError, ServerError, UnexpectedResponseError
from langchain_gptproto import ChatGPTProto, GPTProtoToolkit
from llama_index_gptproto import GPTProto

pytestmark = pytest.mark.emulator

DEEP = "[" * 60_000 + "]" * 60_000
STATUSES = {"200": (200, UnexpectedResponseError), "500": (500, ServerError)}


def _deep(emulator: Any, status: int, path: str = "/v1/chat/completions", method: str = "POST"):
    emulator.add_fault(
        path,
        method=method,
        status=status,
        raw=DEEP,
        headers={"Content-Type": "application/json"},
        times=10,
    )


@pytest.mark.parametrize(("status", "expected"), STATUSES.values(), ids=list(STATUSES))
async def test_chat_models_type_it(gptproto_emulator, status, expected):
    _deep(gptproto_emulator, status)
    settings = {"api_key": gptproto_emulator.api_key, "base_url": gptproto_emulator.url}
    langchain = ChatGPTProto(model="gpt-4o", max_retries=0, **settings)
    llama = GPTProto(model="gpt-4o", max_retries=0, **settings)
    with pytest.raises(expected):
        langchain.invoke("hi")
    with pytest.raises(expected):
        await langchain.ainvoke("hi")
    with pytest.raises(expected):
        llama.complete("hi")
    with pytest.raises(expected):
        await llama.acomplete("hi")


def test_a_stream_answered_with_it_as_an_error_is_typed(gptproto_emulator):
    _deep(gptproto_emulator, 500)
    llm = ChatGPTProto(
        model="gpt-4o",
        max_retries=0,
        api_key=gptproto_emulator.api_key,
        base_url=gptproto_emulator.url,
    )
    with pytest.raises(GPTProtoError):
        list(llm.stream("hi"))


@pytest.mark.parametrize(
    ("where", "path", "method"),
    [("submit", "/mj/submit/imagine", "POST"), ("poll", "/mj/task/*", "GET")],
)
def test_a_media_tool_hands_the_model_text(gptproto_emulator, where, path, method):
    gptproto_emulator.set_clock_speed(200)
    _deep(gptproto_emulator, 200, path, method)
    (tool,) = GPTProtoToolkit(
        api_key=gptproto_emulator.api_key,
        base_url=gptproto_emulator.url,
        include=["midjourney_imagine"],
        poll_interval=0.01,
        max_retries=0,
        timeout=20,
    ).get_tools()
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "a fox"}}
    )
    assert isinstance(message, ToolMessage) and message.status == "error"
    assert "not readable JSON" in message.text
