"""A server that echoes the key back never gets it into an error we raise (live emulator).

The emulator's scripted faults answer with a body (or raw text, or headers) we choose, before
authentication, so each test has it echo the client's own canary key the way a careless
gateway might: in a 401 message, a 5xx page, a request id, an HTTP-200 error body, a stream
error event.
"""

from __future__ import annotations

import traceback

import pytest

from gptproto_core import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.chat import CHAT_PATH
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.errors import (
    REDACTED,
    APIError,
    AuthenticationError,
    GPTProtoError,
    ServerError,
)
from gptproto_core.retry import RetryPolicy
from langchain_gptproto import ChatGPTProto

CANARY = "sk-canary-live-5e1f0c9a8b7d6e42"
FAST = RetryPolicy(initial_delay=0.01, max_delay=0.02, jitter=lambda: 1.0)
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say 'pong'"}]}
ECHO_401 = {"error": {"message": f"Invalid API key: {CANARY}", "type": "401", "code": CANARY}}


def everything_shown(error: BaseException) -> str:
    formatted = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    attributes = [repr(value) for value in vars(error).values()]
    return "\n".join([str(error), repr(error), repr(error.args), formatted, *attributes])


def assert_clean(error: GPTProtoError) -> None:
    shown = everything_shown(error)
    assert CANARY not in shown
    assert REDACTED in shown  # the echo was there, and was replaced


def client(server) -> GPTProtoClient:
    return GPTProtoClient(api_key=CANARY, base_url=server.url, retry_policy=FAST)


def test_a_401_echoing_the_key(gptproto_emulator):
    gptproto_emulator.add_fault(status=401, body=ECHO_401, headers={"X-Request-Id": CANARY})
    with client(gptproto_emulator) as sync, pytest.raises(AuthenticationError) as caught:
        sync.request_json("POST", CHAT_PATH, json=BODY)
    assert_clean(caught.value)
    assert caught.value.request_id == REDACTED


def test_a_retried_5xx_page_echoing_the_key(gptproto_emulator):
    page = f"<html>upstream rejected Authorization: Bearer {CANARY}</html>"
    gptproto_emulator.add_fault(status=502, raw=page, times=3)
    with client(gptproto_emulator) as sync, pytest.raises(ServerError) as caught:
        sync.request_json("POST", CHAT_PATH, json=BODY)
    assert_clean(caught.value)
    assert gptproto_emulator.counters()["requests"][f"POST {CHAT_PATH}"] == 3


def test_an_http_200_error_body_echoing_the_key(gptproto_emulator):
    gptproto_emulator.add_fault(status=200, body={"code": 4, "message": f"bad token {CANARY}"})
    with client(gptproto_emulator) as sync, pytest.raises(APIError) as caught:
        sync.request_json("POST", CHAT_PATH, json=BODY)
    assert_clean(caught.value)


def test_a_stream_error_event_echoing_the_key(gptproto_emulator):
    # Built by the chat stream parser, outside the client: redacted all the same.
    event = f'data: {{"error":{{"message":"key {CANARY} is blocked","type":"403"}}}}\n\n'
    headers = {"Content-Type": "text/event-stream"}
    gptproto_emulator.add_fault(status=200, raw=event, headers=headers)
    parser = ChatStreamParser()
    with client(gptproto_emulator) as sync, pytest.raises(APIError) as caught:
        for sse in sync.stream_events(CHAT_PATH, json={**BODY, "stream": True}):
            parser.feed(sse.data)
    assert_clean(caught.value)


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
async def test_the_async_client_on_both_transports(gptproto_emulator, transport):
    gptproto_emulator.add_fault(status=401, body=ECHO_401)
    aclient = AsyncGPTProtoClient(
        api_key=CANARY, base_url=gptproto_emulator.url, retry_policy=FAST, transport=transport
    )
    async with aclient:
        with pytest.raises(AuthenticationError) as caught:
            await aclient.request_json("POST", CHAT_PATH, json=BODY)
    assert_clean(caught.value)


def test_the_langchain_error_echoing_the_key(gptproto_emulator):
    gptproto_emulator.add_fault(status=401, body=ECHO_401)
    llm = ChatGPTProto(model="gpt-4o", api_key=CANARY, base_url=gptproto_emulator.url)
    with pytest.raises(AuthenticationError) as caught:
        llm.invoke("hi")
    assert_clean(caught.value)
