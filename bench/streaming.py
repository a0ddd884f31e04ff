"""Streaming: one ~2,000-chunk answer per call, clients interleaved round by round.

The floor reads the SSE body with ``httpx.Client.stream`` + ``iter_lines()`` and counts the
``data:`` lines, parsing nothing. Per-chunk cost above it = (t_client - t_floor) / chunks, where
chunks is the number of SSE events of the stream (every client gets the same stream).

Wall time hides client work that overlaps with the server producing the stream (the floor is
bound by the server's pace), so the client's own CPU time per stream is reported as well.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.payloads import (
    CHAT_PATH,
    MODEL,
    stream_messages_langchain,
    stream_messages_llama_index,
    stream_payload,
)
from bench.stats import median

FLOOR = "raw httpx iter_lines()"
CHATGPTPROTO = "ChatGPTProto.stream"
CHATOPENAI = "ChatOpenAI.stream"
GPTPROTO_LLAMA = "GPTProto.stream_chat (LlamaIndex)"
OPENAILIKE = "OpenAILike.stream_chat (LlamaIndex)"


@dataclass
class StreamClient:
    name: str
    count: Callable[[], int]
    """Read one whole stream; return how many chunks the client yielded."""
    text: Callable[[], str]
    """Read one whole stream (untimed); return the streamed text, for checking."""
    close: Callable[[], None] = lambda: None


@dataclass
class StreamRow:
    name: str
    rounds: int
    chunks_yielded: int
    median_ms: float
    min_ms: float
    cpu_median_ms: float
    above_floor_us_per_chunk: float = 0.0
    cpu_above_floor_us_per_chunk: float = 0.0


@dataclass
class StreamReport:
    rows: list[StreamRow]
    sse_events: int
    content_chunks: int
    rounds: int
    expected_chars: int
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, name: str) -> StreamRow | None:
        return next((r for r in self.rows if r.name == name), None)


def _raw_stream(url: str, key: str) -> tuple[Any, Callable[[], Any]]:
    import httpx

    client = httpx.Client(timeout=60.0)
    target = url + CHAT_PATH
    headers = {"Authorization": f"Bearer {key}"}
    payload = stream_payload()

    def open_stream() -> Any:
        return client.stream("POST", target, json=payload, headers=headers)

    return client, open_stream


def _raw_lines(url: str, key: str) -> StreamClient:
    client, open_stream = _raw_stream(url, key)

    def count() -> int:
        n = 0
        with open_stream() as response:
            for line in response.iter_lines():
                if line.startswith("data:") and line != "data: [DONE]":
                    n += 1
        return n

    return StreamClient(FLOOR, count, lambda: _raw_text(open_stream), client.close)


def _raw_text(open_stream: Callable[[], Any]) -> str:
    parts: list[str] = []
    with open_stream() as response:
        for line in response.iter_lines():
            if line.startswith("data: ") and line != "data: [DONE]":
                for choice in json.loads(line[6:]).get("choices") or []:
                    parts.append(choice["delta"].get("content") or "")
    return "".join(parts)


def _raw_json(url: str, key: str) -> StreamClient:
    """The floor plus ``json.loads`` of every event: the parsing nobody can avoid."""
    client, open_stream = _raw_stream(url, key)

    def count() -> int:
        n = 0
        with open_stream() as response:
            for line in response.iter_lines():
                if line.startswith("data: ") and line != "data: [DONE]":
                    json.loads(line[6:])
                    n += 1
        return n

    name = "raw httpx iter_lines() + json.loads"
    return StreamClient(name, count, lambda: _raw_text(open_stream), client.close)


def _core(url: str, key: str) -> StreamClient:
    from gptproto_core import GPTProtoClient

    client = GPTProtoClient(api_key=key, base_url=url, max_retries=0, timeout=60.0)
    payload = stream_payload()

    def count() -> int:
        n = 0
        for event in client.stream_events(CHAT_PATH, json=payload):
            if event.data != "[DONE]":
                n += 1
        return n

    def text() -> str:
        parts: list[str] = []
        for event in client.stream_events(CHAT_PATH, json=payload):
            if event.data != "[DONE]":
                for choice in json.loads(event.data).get("choices") or []:
                    parts.append(choice["delta"].get("content") or "")
        return "".join(parts)

    return StreamClient("GPTProtoClient.stream_events (core)", count, text, client.close)


def _langchain(name: str, llm: Any) -> StreamClient:
    messages = stream_messages_langchain()

    def count() -> int:
        n = 0
        for _chunk in llm.stream(messages):
            n += 1
        return n

    def text() -> str:
        return "".join(chunk.text for chunk in llm.stream(messages))

    return StreamClient(name, count, text)


def _chatgptproto(url: str, key: str) -> StreamClient:
    from langchain_gptproto import ChatGPTProto

    llm = ChatGPTProto(
        model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=60.0, stream_usage=True
    )
    return _langchain(CHATGPTPROTO, llm)


def _chatopenai(url: str, key: str) -> StreamClient:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    llm = ChatOpenAI(
        model=MODEL,
        base_url=f"{url}/v1",
        api_key=SecretStr(key),
        max_retries=0,
        timeout=60.0,
        stream_usage=True,
    )
    return _langchain(CHATOPENAI, llm)


def _openai_like(url: str, key: str) -> StreamClient:
    from llama_index.llms.openai_like import OpenAILike  # type: ignore[import-untyped]

    llm = OpenAILike(
        model=MODEL,
        api_base=f"{url}/v1",
        api_key=key,
        is_chat_model=True,
        max_retries=0,
        timeout=60.0,
    )
    return _llama_index(OPENAILIKE, llm)


def _gptproto_llama(url: str, key: str) -> StreamClient:
    """Our LlamaIndex LLM; it yields one extra final response (no delta) carrying the usage."""
    from llama_index_gptproto import GPTProto

    llm = GPTProto(model=MODEL, api_key=key, base_url=url, max_retries=0, timeout=60.0)
    return _llama_index(GPTPROTO_LLAMA, llm)


def _llama_index(name: str, llm: Any) -> StreamClient:
    messages = stream_messages_llama_index()

    def count() -> int:
        n = 0
        for _response in llm.stream_chat(messages):
            n += 1
        return n

    def text() -> str:
        return "".join(r.delta or "" for r in llm.stream_chat(messages))

    return StreamClient(name, count, text)


FACTORIES: list[Callable[[str, str], StreamClient]] = [
    _raw_lines,
    _raw_json,
    _core,
    _chatgptproto,
    _chatopenai,
    _gptproto_llama,
    _openai_like,
]


def describe_stream(url: str, key: str) -> tuple[int, int, str]:
    """(SSE events without [DONE], events that carry content, the streamed text), untimed."""
    import httpx

    events = content = 0
    parts: list[str] = []
    headers = {"Authorization": f"Bearer {key}"}
    with (
        httpx.Client(timeout=60.0) as client,
        client.stream("POST", url + CHAT_PATH, json=stream_payload(), headers=headers) as response,
    ):
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            events += 1
            for choice in json.loads(line[6:]).get("choices") or []:
                if choice["delta"].get("content"):
                    content += 1
                    parts.append(choice["delta"]["content"])
    return events, content, "".join(parts)


def run(url: str, key: str, rounds: int) -> StreamReport:
    """Check every client's text once, then ``rounds`` interleaved rounds of one stream each."""
    events, content, expected = describe_stream(url, key)
    clients: list[StreamClient] = []
    skipped: dict[str, str] = {}
    try:
        for factory in FACTORIES:
            label = factory.__name__.lstrip("_")
            try:
                client = factory(url, key)
                got = client.text()
            except Exception as exc:
                skipped[label] = f"{type(exc).__name__}: {exc}"[:300]
                continue
            if got != expected:
                skipped[client.name] = f"streamed text differs ({len(got)} vs {len(expected)})"
                client.close()
                continue
            clients.append(client)
        for client in clients:  # warm-up
            client.count()
        times: list[list[float]] = [[] for _ in clients]
        cpu: list[list[float]] = [[] for _ in clients]
        yielded = [0] * len(clients)
        for i in range(rounds):
            for j in range(len(clients)):
                k = (i + j) % len(clients)
                cpu_start = time.process_time_ns()
                start = time.perf_counter_ns()
                yielded[k] = clients[k].count()
                times[k].append((time.perf_counter_ns() - start) / 1e6)
                cpu[k].append((time.process_time_ns() - cpu_start) / 1e6)
    finally:
        for client in clients:
            client.close()
    rows = [
        StreamRow(c.name, len(t), n, median(t), min(t), median(u))
        for c, t, u, n in zip(clients, times, cpu, yielded, strict=True)
    ]
    floor = next((r for r in rows if r.name == FLOOR), None)
    for row in rows:
        if floor is not None:
            per_chunk = 1000.0 / max(events, 1)
            row.above_floor_us_per_chunk = (row.median_ms - floor.median_ms) * per_chunk
            row.cpu_above_floor_us_per_chunk = (row.cpu_median_ms - floor.cpu_median_ms) * per_chunk
    return StreamReport(rows, events, content, rounds, len(expected), skipped)
