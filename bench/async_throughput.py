"""Async throughput: a fixed number of small chats with ``concurrency`` of them in flight.

Every client is built inside one event loop, checked once, then measured in ``rounds`` rounds;
each round runs every client once (start rotating), after a short warm-up that refills its
connection pool. Requests per second = requests / wall time of the round.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.payloads import CHAT_PATH, EXPECTED_ECHO, MODEL, USER_TEXT, chat_payload
from bench.stats import median

CHATGPTPROTO = "ChatGPTProto.ainvoke (default transport)"
CHATOPENAI = "ChatOpenAI.ainvoke"
GPTPROTO_LLAMA = "GPTProto.achat (LlamaIndex)"
OPENAILIKE = "OpenAILike.achat (LlamaIndex)"
AIOHTTP = "raw aiohttp"
HTTPX = "raw httpx.AsyncClient (default pool)"
HTTPX_LIMITS = "raw httpx.AsyncClient (Limits 200/100: 100 kept alive)"
HTTPX_AIOHTTP = "raw httpx + AiohttpTransport"
CORE_HTTPX = 'AsyncGPTProtoClient(transport="httpx")'
CORE_AIOHTTP = 'AsyncGPTProtoClient(transport="aiohttp")'
_ROUND_TIMEOUT = 180.0


@dataclass
class AsyncClient:
    name: str
    call: Callable[[], Awaitable[Any]]
    text: Callable[[Any], str]
    aclose: Callable[[], Awaitable[None]] | None = None


@dataclass
class AsyncRow:
    name: str
    rounds_rps: list[float]
    median_rps: float
    best_rps: float
    errors: int


@dataclass
class AsyncReport:
    rows: list[AsyncRow]
    requests: int
    concurrency: int
    rounds: int
    default_transport: str
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, name: str) -> AsyncRow | None:
        return next((r for r in self.rows if r.name == name), None)


def _content(body: Any) -> str:
    return str(body["choices"][0]["message"]["content"])


async def _raw_aiohttp(url: str, key: str) -> AsyncClient:
    import aiohttp

    session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
    target = url + CHAT_PATH
    headers = {"Authorization": f"Bearer {key}"}
    payload = chat_payload()

    async def call() -> Any:
        async with session.post(target, json=payload, headers=headers) as response:
            return await response.json()

    return AsyncClient(AIOHTTP, call, _content, session.close)


def _httpx_client(url: str, key: str, name: str, client: Any) -> AsyncClient:
    target = url + CHAT_PATH
    headers = {"Authorization": f"Bearer {key}"}
    payload = chat_payload()

    async def call() -> Any:
        response = await client.post(target, json=payload, headers=headers)
        return response.json()

    return AsyncClient(name, call, _content, client.aclose)


async def _raw_httpx(url: str, key: str) -> AsyncClient:
    import httpx

    return _httpx_client(url, key, HTTPX, httpx.AsyncClient(timeout=30.0))


async def _raw_httpx_big_pool(url: str, key: str) -> AsyncClient:
    """httpx's pool keeping 100 connections alive (the default keeps 20; so does
    gptproto_core.transport): isolates the cost of a larger pool."""
    import httpx

    limits = httpx.Limits(max_connections=200, max_keepalive_connections=100, keepalive_expiry=30)
    client = httpx.AsyncClient(timeout=30.0, limits=limits)
    return _httpx_client(url, key, HTTPX_LIMITS, client)


async def _raw_httpx_aiohttp(url: str, key: str) -> AsyncClient:
    import httpx
    from httpx_aiohttp import AiohttpTransport

    client = httpx.AsyncClient(timeout=30.0, transport=AiohttpTransport())
    return _httpx_client(url, key, HTTPX_AIOHTTP, client)


async def _openai_sdk(url: str, key: str) -> AsyncClient:
    from openai import AsyncOpenAI

    client = AsyncOpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=30.0)
    messages: Any = chat_payload()["messages"]

    async def call() -> Any:
        return await client.chat.completions.create(model=MODEL, messages=messages)

    name = "openai SDK AsyncOpenAI"
    return AsyncClient(name, call, lambda r: r.choices[0].message.content, client.close)


def _core(url: str, key: str, transport: Any, name: str) -> AsyncClient:
    from gptproto_core import AsyncGPTProtoClient

    client = AsyncGPTProtoClient(
        api_key=key, base_url=url, max_retries=0, timeout=30.0, transport=transport
    )
    payload = chat_payload()

    async def call() -> Any:
        return await client.request_json("POST", CHAT_PATH, json=payload)

    return AsyncClient(name, call, _content, client.aclose)


async def _core_httpx(url: str, key: str) -> AsyncClient:
    return _core(url, key, "httpx", CORE_HTTPX)


async def _core_aiohttp(url: str, key: str) -> AsyncClient:
    return _core(url, key, "aiohttp", CORE_AIOHTTP)


async def _chatgptproto(url: str, key: str) -> AsyncClient:
    from langchain_gptproto import ChatGPTProto

    llm = ChatGPTProto(model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=30.0)
    return AsyncClient(CHATGPTPROTO, lambda: llm.ainvoke(USER_TEXT), lambda m: m.text)


async def _chatopenai(url: str, key: str) -> AsyncClient:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    llm = ChatOpenAI(
        model=MODEL, base_url=f"{url}/v1", api_key=SecretStr(key), max_retries=0, timeout=30.0
    )
    return AsyncClient(CHATOPENAI, lambda: llm.ainvoke(USER_TEXT), lambda m: m.text)


async def _openai_like(url: str, key: str) -> AsyncClient:
    from llama_index.core.llms import ChatMessage
    from llama_index.llms.openai_like import OpenAILike  # type: ignore[import-untyped]

    llm = OpenAILike(
        model=MODEL,
        api_base=f"{url}/v1",
        api_key=key,
        is_chat_model=True,
        max_retries=0,
        timeout=30.0,
    )
    messages = [ChatMessage(role="user", content=USER_TEXT)]
    return AsyncClient(OPENAILIKE, lambda: llm.achat(messages), lambda r: r.message.content or "")


async def _gptproto_llama(url: str, key: str) -> AsyncClient:
    from llama_index.core.llms import ChatMessage

    from llama_index_gptproto import GPTProto

    llm = GPTProto(model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=30.0)
    messages = [ChatMessage(role="user", content=USER_TEXT)]
    return AsyncClient(
        GPTPROTO_LLAMA, lambda: llm.achat(messages), lambda r: r.message.content or ""
    )


FACTORIES: list[Callable[[str, str], Awaitable[AsyncClient]]] = [
    _raw_aiohttp,
    _raw_httpx,
    _raw_httpx_big_pool,
    _raw_httpx_aiohttp,
    _openai_sdk,
    _core_httpx,
    _core_aiohttp,
    _chatgptproto,
    _chatopenai,
    _gptproto_llama,
    _openai_like,
]


async def _drive(
    call: Callable[[], Awaitable[Any]], total: int, concurrency: int
) -> tuple[float, int]:
    """``total`` calls by ``concurrency`` workers; (seconds, failed calls)."""
    remaining = total
    errors = 0

    async def worker() -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            try:
                await call()
            except Exception:
                errors += 1

    start = time.perf_counter()
    tasks = [asyncio.ensure_future(worker()) for _ in range(concurrency)]
    try:
        _done, pending = await asyncio.wait(tasks, timeout=_ROUND_TIMEOUT)
    finally:  # also on Ctrl-C: no worker is left running or unawaited
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    if pending:
        raise TimeoutError(f"{total} requests did not finish within {_ROUND_TIMEOUT:.0f}s")
    return time.perf_counter() - start, errors


async def _measure(
    url: str, key: str, requests: int, concurrency: int, rounds: int, warmup: int
) -> tuple[list[AsyncRow], dict[str, str]]:
    clients: list[AsyncClient] = []
    skipped: dict[str, str] = {}
    try:
        for factory in FACTORIES:
            label = factory.__name__.lstrip("_")
            try:
                client = await factory(url, key)
                answer = client.text(await client.call())
            except Exception as exc:
                skipped[label] = f"{type(exc).__name__}: {exc}"[:300]
                continue
            if EXPECTED_ECHO not in answer:
                skipped[client.name] = f"unexpected answer: {answer[:120]!r}"
                continue
            clients.append(client)
        rps: list[list[float]] = [[] for _ in clients]
        errors = [0] * len(clients)
        for i in range(rounds):
            for j in range(len(clients)):
                k = (i + j) % len(clients)
                await _drive(clients[k].call, warmup, concurrency)
                seconds, failed = await _drive(clients[k].call, requests, concurrency)
                rps[k].append(requests / seconds)
                errors[k] += failed
    finally:
        for client in clients:
            if client.aclose is not None:
                await client.aclose()
    rows = [
        AsyncRow(c.name, r, median(r), max(r), e)
        for c, r, e in zip(clients, rps, errors, strict=True)
    ]
    return rows, skipped


def default_transport() -> str:
    """Which transport ``transport="auto"`` picks here (what ChatGPTProto.ainvoke uses)."""
    from gptproto_core.transport import has_aiohttp_transport

    return "aiohttp (httpx-aiohttp installed)" if has_aiohttp_transport() else "httpx"


def run(
    url: str, key: str, requests: int, concurrency: int, rounds: int, warmup: int
) -> AsyncReport:
    rows, skipped = asyncio.run(_measure(url, key, requests, concurrency, rounds, warmup))
    return AsyncReport(rows, requests, concurrency, rounds, default_transport(), skipped)
