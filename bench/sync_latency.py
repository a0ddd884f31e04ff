"""Sync latency: one small chat per call, every client interleaved call by call.

The floor is ``httpx.Client.post`` + ``response.json()``; each client's "cost above the floor"
is its median minus the floor's median, measured in the same run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.payloads import CHAT_PATH, EXPECTED_ECHO, MODEL, USER_TEXT, chat_payload
from bench.stats import median, percentile

FLOOR = "raw httpx (post + .json())"
CHATGPTPROTO = "ChatGPTProto.invoke"
CHATOPENAI = "ChatOpenAI.invoke"
GPTPROTO_LLAMA = "GPTProto.chat (LlamaIndex)"
OPENAILIKE = "OpenAILike.chat (LlamaIndex)"


@dataclass
class SyncClient:
    name: str
    call: Callable[[], Any]
    text: Callable[[Any], str]
    close: Callable[[], None] = lambda: None


@dataclass
class SyncRow:
    name: str
    calls: int
    median_us: float
    p10_us: float
    p90_us: float
    above_floor_us: float = 0.0


@dataclass
class SyncReport:
    rows: list[SyncRow]
    calls: int
    warmup: int
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, name: str) -> SyncRow | None:
        return next((r for r in self.rows if r.name == name), None)


def _raw_httpx(url: str, key: str) -> SyncClient:
    import httpx

    client = httpx.Client(timeout=30.0)
    target = url + CHAT_PATH
    headers = {"Authorization": f"Bearer {key}"}
    payload = chat_payload()

    def call() -> Any:
        return client.post(target, json=payload, headers=headers).json()

    return SyncClient(FLOOR, call, lambda b: b["choices"][0]["message"]["content"], client.close)


def _core(url: str, key: str) -> SyncClient:
    from gptproto_core import GPTProtoClient

    client = GPTProtoClient(api_key=key, base_url=url, max_retries=0, timeout=30.0)
    payload = chat_payload()

    def call() -> Any:
        return client.request_json("POST", CHAT_PATH, json=payload)

    name = "GPTProtoClient.request_json (core)"
    return SyncClient(name, call, lambda b: b["choices"][0]["message"]["content"], client.close)


def _openai_sdk(url: str, key: str) -> SyncClient:
    from openai import OpenAI

    client = OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=30.0)
    messages: Any = chat_payload()["messages"]

    def call() -> Any:
        return client.chat.completions.create(model=MODEL, messages=messages)

    name = "openai SDK chat.completions.create"
    return SyncClient(name, call, lambda r: r.choices[0].message.content, client.close)


def _chatgptproto(url: str, key: str) -> SyncClient:
    from langchain_gptproto import ChatGPTProto

    llm = ChatGPTProto(model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=30.0)
    return SyncClient(CHATGPTPROTO, lambda: llm.invoke(USER_TEXT), lambda m: m.text)


def _chatgptproto_generate(url: str, key: str) -> SyncClient:
    """``_generate`` directly: our code without LangChain's invoke machinery around it."""
    from langchain_core.messages import BaseMessage, HumanMessage

    from langchain_gptproto import ChatGPTProto

    llm = ChatGPTProto(model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=30.0)
    messages: list[BaseMessage] = [HumanMessage(USER_TEXT)]
    name = "ChatGPTProto._generate (no invoke wrapper)"
    return SyncClient(
        name, lambda: llm._generate(messages), lambda r: r.generations[0].message.text
    )


def _chatopenai(url: str, key: str) -> SyncClient:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    llm = ChatOpenAI(
        model=MODEL, base_url=f"{url}/v1", api_key=SecretStr(key), max_retries=0, timeout=30.0
    )
    return SyncClient(CHATOPENAI, lambda: llm.invoke(USER_TEXT), lambda m: m.text)


def _openai_like(url: str, key: str) -> SyncClient:
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
    return SyncClient(OPENAILIKE, lambda: llm.chat(messages), lambda r: r.message.content or "")


def _gptproto_llama(url: str, key: str) -> SyncClient:
    from llama_index.core.llms import ChatMessage

    from llama_index_gptproto import GPTProto

    llm = GPTProto(model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=30.0)
    messages = [ChatMessage(role="user", content=USER_TEXT)]
    return SyncClient(GPTPROTO_LLAMA, lambda: llm.chat(messages), lambda r: r.message.content or "")


FACTORIES: list[Callable[[str, str], SyncClient]] = [
    _raw_httpx,
    _core,
    _openai_sdk,
    _chatgptproto_generate,
    _chatgptproto,
    _chatopenai,
    _gptproto_llama,
    _openai_like,
]


def build_clients(url: str, key: str) -> tuple[list[SyncClient], dict[str, str]]:
    """Every client that can be built and answers correctly; the others with the reason."""
    clients: list[SyncClient] = []
    skipped: dict[str, str] = {}
    for factory in FACTORIES:
        label = factory.__name__.lstrip("_")
        try:
            client = factory(url, key)
            answer = client.text(client.call())
        except Exception as exc:
            skipped[label] = f"{type(exc).__name__}: {exc}"[:300]
            continue
        if EXPECTED_ECHO not in answer:
            skipped[client.name] = f"unexpected answer: {answer[:120]!r}"
            client.close()
            continue
        clients.append(client)
    return clients, skipped


def run(url: str, key: str, calls: int, warmup: int) -> SyncReport:
    """Warm every client up, then ``calls`` rounds of one call per client (start rotates)."""
    clients, skipped = build_clients(url, key)
    try:
        for client in clients:
            for _ in range(warmup):
                client.call()
        samples: list[list[float]] = [[] for _ in clients]
        count = len(clients)
        clock = time.perf_counter_ns
        for i in range(calls):
            for j in range(count):
                k = (i + j) % count
                call = clients[k].call
                start = clock()
                call()
                samples[k].append((clock() - start) / 1000.0)
    finally:
        for client in clients:
            client.close()
    rows = [
        SyncRow(c.name, len(s), median(s), percentile(s, 0.1), percentile(s, 0.9))
        for c, s in zip(clients, samples, strict=True)
    ]
    floor = next((r.median_us for r in rows if r.name == FLOOR), float("nan"))
    for row in rows:
        row.above_floor_us = row.median_us - floor
    return SyncReport(rows, calls, warmup, skipped)
