"""Server-sent events of POST /v1/chat/completions with stream=true (API.md §3.1, §5.1, §5.5)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

CHAT = "/v1/chat/completions"
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather at a location.",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}
MAGIC = {
    "type": "function",
    "function": {
        "name": "magic_function",
        "parameters": {
            "type": "object",
            "properties": {"input": {"type": "integer"}},
            "required": ["input"],
        },
    },
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def events(response: httpx.Response) -> list[str]:
    """The ``data:`` payloads of an SSE body, checking the framing on the way."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    text = response.text
    assert text.endswith("\n\n")
    payloads = []
    for block in text[:-2].split("\n\n"):
        assert block.startswith("data: "), block
        payloads.append(block[len("data: ") :])
    return payloads


def stream(http: httpx.Client, content: str = "Tell me a story", **extra: Any) -> list[Any]:
    payload: dict[str, Any] = {"model": "gpt-4o", "stream": True}
    payload["messages"] = [{"role": "user", "content": content}]
    payload.update(extra)
    raw = events(http.post(CHAT, json=payload))
    assert raw[-1] == "[DONE]"
    return [json.loads(p) for p in raw[:-1]]


def deltas(chunks: list[Any], key: str) -> str:
    return "".join(c["choices"][0]["delta"].get(key) or "" for c in chunks if c["choices"])


def test_text_stream_shape(http: httpx.Client) -> None:
    chunks = stream(http)
    assert len({c["id"] for c in chunks}) == 1
    assert re.fullmatch(r"02\d{13}[0-9a-f]{38}", chunks[0]["id"])  # the seed's id form
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert all(c["model"] == "gpt-4o" for c in chunks)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    middle = chunks[1:-1]
    assert len(middle) >= 3
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])
    assert all(set(c["choices"][0]["delta"]) == {"content"} for c in middle)
    assert chunks[-1]["choices"][0] == {"index": 0, "delta": {}, "finish_reason": "stop"}
    assert all("usage" not in c for c in chunks)


def test_streamed_text_equals_the_non_streamed_text(http: httpx.Client) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Tell me a story"}]}
    whole = http.post(CHAT, json=body).json()["choices"][0]["message"]["content"]
    assert deltas(stream(http), "content") == whole


def test_include_usage_adds_one_final_usage_chunk(http: httpx.Client) -> None:
    chunks = stream(http, stream_options={"include_usage": True})
    last = chunks[-1]
    assert last["choices"] == []
    usage = last["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert usage["prompt_tokens_details"]["cached_tokens"] == 0
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert all("usage" not in c for c in chunks[:-1])

    no_usage = stream(http, stream_options={"include_usage": False})
    assert all("usage" not in c for c in no_usage)


def test_tool_call_deltas(http: httpx.Client) -> None:
    chunks = stream(http, "What is the weather in San Francisco, CA?", tools=[WEATHER])
    calls = [
        c["choices"][0]["delta"]["tool_calls"][0]
        for c in chunks
        if c["choices"][0]["delta"].get("tool_calls")
    ]
    head, fragments = calls[0], calls[1:]
    assert head["index"] == 0
    assert head["id"].startswith("call_")
    assert head["type"] == "function"
    assert head["function"] == {"name": "get_weather", "arguments": ""}
    assert len(fragments) >= 2
    assert all(set(f) == {"index", "function"} and f["index"] == 0 for f in fragments)
    arguments = "".join(f["function"]["arguments"] for f in fragments)
    assert json.loads(arguments) == {"location": "San Francisco, CA"}
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    assert deltas(chunks, "content") == ""


def test_parallel_tool_call_deltas_have_their_own_index(http: httpx.Client) -> None:
    text = "Use get_weather for Rome and magic_function with 2"
    chunks = stream(http, text, tools=[WEATHER, MAGIC])
    by_index: dict[int, str] = {}
    heads = []
    for chunk in chunks:
        for call in chunk["choices"][0]["delta"].get("tool_calls") or []:
            if "id" in call:
                heads.append(call["function"]["name"])
            by_index[call["index"]] = (
                by_index.get(call["index"], "") + call["function"]["arguments"]
            )
    assert heads == ["get_weather", "magic_function"]
    assert json.loads(by_index[0]) == {"location": "Rome"}
    assert json.loads(by_index[1]) == {"input": 2}


def test_reasoning_is_streamed_before_the_content(http: httpx.Client) -> None:
    chunks = stream(http, "Why?", model="deepseek-reasoner")
    kinds = [k for c in chunks[1:-1] for k in c["choices"][0]["delta"]]
    first_content = kinds.index("content")
    assert kinds[:first_content] == ["reasoning_content"] * first_content
    assert first_content >= 2
    assert "Why?" in deltas(chunks, "reasoning_content")
    assert "content" in kinds


def test_stream_respects_stop_and_max_tokens(http: httpx.Client) -> None:
    assert deltas(stream(http, stop="emulator"), "content") == "I am the gptproto "
    limited = stream(http, max_tokens=3, stream_options={"include_usage": True})
    assert len(deltas(limited, "content")) == 12
    assert limited[-2]["choices"][0]["finish_reason"] == "length"
    assert limited[-1]["usage"]["completion_tokens"] == 3


async def test_async_client_reads_the_stream_incrementally(
    gptproto_emulator: EmulatorServer,
) -> None:
    headers = {"Authorization": gptproto_emulator.api_key}
    body = {"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "Hi"}]}
    async with (
        httpx.AsyncClient(base_url=gptproto_emulator.url, headers=headers) as client,
        client.stream("POST", CHAT, json=body) as response,
    ):
        lines = [line async for line in response.aiter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    assert json.loads(lines[0][6:])["choices"][0]["delta"]["role"] == "assistant"
