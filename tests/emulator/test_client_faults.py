"""The core clients and ChatGPTProto against scripted faults on a live emulator."""

from __future__ import annotations

import inspect
import logging

import pytest
from langchain_core.exceptions import ModelRateLimitError, ModelTimeoutError

from gptproto_core import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.chat import CHAT_PATH, parse_chat_completion
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.errors import (
    APITimeoutError,
    AuthenticationError,
    ContentPolicyError,
    InsufficientBalanceError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from gptproto_core.retry import RequestKind, RetryPolicy
from langchain_gptproto import ChatGPTProto

FAST = RetryPolicy(initial_delay=0.01, max_delay=0.02, jitter=lambda: 1.0)
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say 'pong'"}]}
CHAT = f"POST {CHAT_PATH}"


def sync_client(server, **kwargs) -> GPTProtoClient:
    return GPTProtoClient(api_key=server.api_key, base_url=server.url, retry_policy=FAST, **kwargs)


def async_client(server, **kwargs) -> AsyncGPTProtoClient:
    return AsyncGPTProtoClient(
        api_key=server.api_key, base_url=server.url, retry_policy=FAST, **kwargs
    )


def chat_requests(server) -> int:
    return server.counters()["requests"].get(CHAT, 0)


def test_429_with_retry_after_is_waited_out_and_retried(gptproto_emulator):
    gptproto_emulator.add_fault(status=429, headers={"Retry-After": "0"})
    with sync_client(gptproto_emulator) as client:
        result = parse_chat_completion(client.request_json("POST", CHAT_PATH, json=BODY))
    assert "pong" in result.text
    assert chat_requests(gptproto_emulator) == 2


def test_5xx_retried_up_to_max_retries_then_raised(gptproto_emulator):
    gptproto_emulator.add_fault(status=502, times=5)
    with sync_client(gptproto_emulator, max_retries=2) as client, pytest.raises(ServerError):
        client.request_json("POST", CHAT_PATH, json=BODY)
    assert chat_requests(gptproto_emulator) == 3


def test_dropped_connection_on_chat_is_retried(gptproto_emulator):
    gptproto_emulator.add_fault(drop_connection=True)
    with sync_client(gptproto_emulator) as client:
        client.request_json("POST", CHAT_PATH, json=BODY)
    assert chat_requests(gptproto_emulator) == 2


@pytest.mark.parametrize(
    "message",
    [
        None,  # PH-ERR-B's own 503 body: "Input may not meet the guidelines"
        "quota exceeded, retry later",
        "sensitive word filter unavailable",
        "Insufficient balance",
    ],
)
@pytest.mark.parametrize("status", [500, 503])
def test_a_5xx_is_a_server_error_retried_for_reads_whatever_its_words(
    gptproto_emulator, status, message
):
    body = None if message is None else {"error": {"message": message, "type": str(status)}}
    gptproto_emulator.add_fault(status=status, body=body, times=5)
    with sync_client(gptproto_emulator, max_retries=2) as client:
        with pytest.raises(ServerError):
            client.request_json("POST", CHAT_PATH, json=BODY)
        assert chat_requests(gptproto_emulator) == 3
        with pytest.raises(ServerError):
            client.request_json("POST", CHAT_PATH, json=BODY, kind=RequestKind.SUBMIT)
        assert chat_requests(gptproto_emulator) == 4  # a submission is never resent on a 5xx


@pytest.mark.parametrize(
    ("status", "message", "cls"),
    [
        (403, "Insufficient balance", InsufficientBalanceError),
        (400, "quota exceeded", InsufficientBalanceError),
        (400, "the prompt contains sensitive content", ContentPolicyError),
        (403, "Request Moderated", ContentPolicyError),
    ],
)
def test_a_400_or_403_with_a_hint_word_is_refined_and_final(
    gptproto_emulator, status, message, cls
):
    gptproto_emulator.add_fault(status=status, body={"error": {"message": message}}, times=3)
    with sync_client(gptproto_emulator) as client, pytest.raises(cls):
        client.request_json("POST", CHAT_PATH, json=BODY)
    assert chat_requests(gptproto_emulator) == 1


def test_malformed_body_is_a_typed_error_with_an_excerpt(gptproto_emulator):
    gptproto_emulator.add_fault(malformed=True)
    with sync_client(gptproto_emulator) as client, pytest.raises(UnexpectedResponseError) as caught:
        client.request_json("POST", CHAT_PATH, json=BODY)
    assert caught.value.body
    assert chat_requests(gptproto_emulator) == 1


def test_401_is_not_retried_and_never_shows_the_key(gptproto_emulator, caplog):
    secret = "sk-not-accepted-424242"
    caplog.set_level(logging.DEBUG)
    client = GPTProtoClient(api_key=secret, base_url=gptproto_emulator.url, retry_policy=FAST)
    with client, pytest.raises(AuthenticationError) as caught:
        client.request_json("POST", CHAT_PATH, json=BODY)
    assert chat_requests(gptproto_emulator) == 1
    assert secret not in str(caught.value) and secret not in (caught.value.body or "")
    assert secret not in caplog.text and secret not in repr(client)


def test_timeout_raises_timeout_error(gptproto_emulator):
    gptproto_emulator.add_fault(delay_ms=1500)
    client = sync_client(gptproto_emulator, timeout=0.3, max_retries=0)
    with client, pytest.raises(APITimeoutError):
        client.request_json("POST", CHAT_PATH, json=BODY)


def test_stream_error_in_the_middle_raises_after_the_first_chunks(gptproto_emulator):
    gptproto_emulator.add_fault(stream_error_after=2)
    parser = ChatStreamParser()
    seen = 0
    with sync_client(gptproto_emulator) as client, pytest.raises(ServerError):
        for event in client.stream_events(CHAT_PATH, json={**BODY, "stream": True}):
            parser.feed(event.data)
            seen += 1
    assert seen >= 2
    assert chat_requests(gptproto_emulator) == 1  # a stream that started is never replayed


def test_stream_retried_when_it_fails_before_the_first_event(gptproto_emulator):
    gptproto_emulator.add_fault(status=502)
    with sync_client(gptproto_emulator) as client:
        events = list(client.stream_events(CHAT_PATH, json={**BODY, "stream": True}))
    assert events[-1].data == "[DONE]"
    assert chat_requests(gptproto_emulator) == 2


def test_chat_model_errors_are_langchain_errors_too(gptproto_emulator):
    gptproto_emulator.add_fault(status=429, times=2, headers={"Retry-After": "0"})
    llm = ChatGPTProto(
        model="gpt-4o",
        api_key=gptproto_emulator.api_key,
        base_url=gptproto_emulator.url,
        max_retries=1,
    )
    with pytest.raises(RateLimitError) as caught:
        llm.invoke("hi")
    assert isinstance(caught.value, ModelRateLimitError)
    assert chat_requests(gptproto_emulator) == 2
    gptproto_emulator.add_fault(delay_ms=1500)
    slow = ChatGPTProto(
        model="gpt-4o",
        api_key=gptproto_emulator.api_key,
        base_url=gptproto_emulator.url,
        timeout=0.3,
        max_retries=0,
    )
    with pytest.raises(ModelTimeoutError):
        slow.invoke("hi")


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
async def test_async_client_retries_like_the_sync_one(gptproto_emulator, transport):
    gptproto_emulator.add_fault(status=500)
    gptproto_emulator.add_fault(drop_connection=True)
    async with async_client(gptproto_emulator, transport=transport) as client:
        body = await client.request_json("POST", CHAT_PATH, json=BODY)
    assert "pong" in parse_chat_completion(body).text
    assert chat_requests(gptproto_emulator) == 3
    gptproto_emulator.add_fault(stream_error_after=1)
    async with async_client(gptproto_emulator, transport=transport) as client:
        parser = ChatStreamParser()
        with pytest.raises(ServerError):
            async for event in client.stream_events(CHAT_PATH, json={**BODY, "stream": True}):
                parser.feed(event.data)


async def test_async_and_sync_give_the_same_answer(gptproto_emulator):
    with sync_client(gptproto_emulator) as client:
        sync_body = client.request_json("POST", CHAT_PATH, json=BODY)
        sync_events = [
            e.data for e in client.stream_events(CHAT_PATH, json={**BODY, "stream": True})
        ]
    async with async_client(gptproto_emulator) as aclient:
        async_body = await aclient.request_json("POST", CHAT_PATH, json=BODY)
        async_events = [
            e.data async for e in aclient.stream_events(CHAT_PATH, json={**BODY, "stream": True})
        ]
    assert parse_chat_completion(sync_body).text == parse_chat_completion(async_body).text
    assert len(sync_events) == len(async_events) and sync_events[-1] == async_events[-1] == "[DONE]"


def test_async_client_mirrors_the_sync_client_api():
    def public(cls):
        return {
            n: inspect.signature(m)
            for n, m in vars(cls).items()
            if not n.startswith("_") and callable(m)
        }

    sync_api, async_api = public(GPTProtoClient), public(AsyncGPTProtoClient)
    renamed = {"close": "aclose"}
    assert {renamed.get(n, n) for n in sync_api} == set(async_api)
    for name, signature in sync_api.items():
        other = async_api[renamed.get(name, name)]
        assert list(signature.parameters) == list(other.parameters), name
    sync_init = inspect.signature(GPTProtoClient.__init__).parameters
    async_init = inspect.signature(AsyncGPTProtoClient.__init__).parameters
    assert set(sync_init) == set(async_init) - {"transport"}
