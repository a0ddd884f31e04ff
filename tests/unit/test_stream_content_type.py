"""A streaming request answered with JSON or HTML is an error, not an empty answer (issue 13.3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from llama_index.core.base.llms.types import ChatMessage

from gptproto_core.errors import (
    AuthenticationError,
    GPTProtoError,
    InsufficientBalanceError,
    ServerError,
    UnexpectedResponseError,
)
from gptproto_core.stream_check import is_event_stream, not_an_event_stream
from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto
from tests.unit._wired import sse, wire

BALANCE = {
    "error": {"message": "Insufficient balance, please top up", "type": "insufficient_quota"}
}
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
HELLO = [ChatMessage(role="user", content="hi")]
CHUNK = json.dumps({"choices": [{"delta": {"content": "Hello"}}]})


def answer(content_type: str | None, content: bytes) -> Callable[[httpx.Request], httpx.Response]:
    headers = {"content-type": content_type} if content_type else {}
    return lambda request: httpx.Response(200, headers=headers, content=content)


def models(handler: Callable[[httpx.Request], httpx.Response]) -> tuple[ChatGPTProto, GPTProto]:
    chat = ChatGPTProto(model="gpt-4o", api_key="sk-test", base_url="http://gptproto.test")
    llama = GPTProto(model="gpt-4o", api_key="sk-test", base_url="http://gptproto.test")
    wire(chat, handler)
    wire(llama, handler)
    return chat, llama


async def every_stream(handler: Callable[[httpx.Request], httpx.Response]) -> list[Any]:
    """The outcome of stream, astream, stream_chat and astream_chat: text or the error."""
    chat, llama = models(handler)

    async def astream() -> str:
        return "".join([str(c.content) async for c in chat.astream("hi")])

    async def astream_chat() -> str:
        return "".join([r.delta or "" async for r in await llama.astream_chat(HELLO)])

    outcomes: list[Any] = []
    for run in (
        lambda: "".join(str(c.content) for c in chat.stream("hi")),
        lambda: "".join(r.delta or "" for r in llama.stream_chat(HELLO)),
    ):
        try:
            outcomes.append(run())
        except GPTProtoError as error:
            outcomes.append(error)
    for arun in (astream, astream_chat):
        try:
            outcomes.append(await arun())
        except GPTProtoError as error:
            outcomes.append(error)
    return outcomes


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
async def test_a_json_error_body_with_status_200_raises_the_typed_error(content_type):
    outcomes = await every_stream(answer(content_type, json.dumps(BALANCE).encode()))
    assert all(isinstance(o, InsufficientBalanceError) for o in outcomes), outcomes
    assert "Insufficient balance" in str(outcomes[0])


async def test_a_json_error_without_a_known_message_field_is_still_an_error():
    body = json.dumps({"error": {"code": 4011}}).encode()
    outcomes = await every_stream(answer("application/json", body))
    assert all(isinstance(o, ServerError) and "4011" in (o.body or "") for o in outcomes)


async def test_a_json_error_keeps_the_status_code_the_body_names():
    body = json.dumps({"error": {"message": "Invalid token", "code": 401}}).encode()
    outcomes = await every_stream(answer("application/json", body))
    assert all(isinstance(o, AuthenticationError) for o in outcomes), outcomes


async def test_json_that_is_no_error_is_an_unexpected_response():
    outcomes = await every_stream(answer("application/json", b'{"choices": []}'))
    assert all(isinstance(o, UnexpectedResponseError) for o in outcomes), outcomes


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/plain"])
async def test_html_or_other_types_are_an_unexpected_response_with_an_excerpt(content_type):
    outcomes = await every_stream(answer(content_type, HTML))
    assert all(isinstance(o, UnexpectedResponseError) for o in outcomes), outcomes
    assert "502 Bad Gateway" in (outcomes[0].body or "")
    assert outcomes[0].status_code == 200


@pytest.mark.parametrize(
    "content_type", ["text/event-stream", "Text/Event-Stream; charset=utf-8", None]
)
async def test_event_streams_and_untyped_answers_are_read_as_sse(content_type):
    body = sse(CHUNK, "[DONE]").content
    outcomes = await every_stream(answer(content_type, body))
    assert outcomes == ["Hello"] * 4


def test_the_check_reads_the_media_type_alone():
    assert is_event_stream({"content-type": "text/event-stream;charset=UTF-8"})
    assert not is_event_stream({"content-type": "application/json"})
    error = not_an_event_stream(200, {"content-type": "application/json"}, b"[" * 60_000)
    assert isinstance(error, UnexpectedResponseError)
