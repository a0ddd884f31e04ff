"""Broken HTTP from a raw socket server: every transport fails with our errors, alike.

httpx and aiohttp disagree on what a bad Content-Length or chunk size is (aiohttp's
`ClientResponseError` used to escape the async client); here each transport, on the request
and on the streaming path, must raise an `APIConnectionError` (retried for reads, not for a
job submission that may have arrived) or an `UnexpectedResponseError` for a body it cannot
decode.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from gptproto_core import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.errors import APIConnectionError, GPTProtoError, UnexpectedResponseError
from gptproto_core.retry import RequestKind, RetryPolicy

FAST = RetryPolicy(initial_delay=0.01, max_delay=0.02, jitter=lambda: 1.0)
PATH = "/v1/chat/completions"
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
CLIENTS = ["sync", "httpx", "aiohttp"]
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"

BROKEN: dict[str, tuple[bytes, type[GPTProtoError]]] = {
    "bad content-length": (HEAD + b"Content-Length: abc\r\n\r\n{}", APIConnectionError),
    "bad chunk size": (
        HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        APIConnectionError,
    ),
    "bad status line": (b"HTTP/1.1 abc\r\n\r\n", APIConnectionError),
    "body shorter than content-length": (
        HEAD + b"Content-Length: 100\r\n\r\n{}",
        APIConnectionError,
    ),
    "hang-up without an answer": (b"", APIConnectionError),
    "gzip that is not gzip": (
        HEAD + b"Content-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}",
        UnexpectedResponseError,
    ),
}


class RawServer:
    """Reads each request in full, then sends `pieces` (pausing between them) and hangs up."""

    def __init__(self, *pieces: bytes, pause: float = 0.0) -> None:
        self.pieces = pieces
        self.pause = pause
        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._socket.accept()
            except OSError:  # closed by `close`
                return
            self.connections += 1
            with conn:
                _read_request(conn)
                for n, piece in enumerate(self.pieces):
                    if n:
                        time.sleep(self.pause)
                    conn.sendall(piece)

    def close(self) -> None:
        self._socket.close()


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.lower().split(b"\r\n")[1:]
            if line.startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        body += conn.recv(65536)


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    started: list[RawServer] = []

    def start(*pieces: bytes, pause: float = 0.0) -> RawServer:
        server = RawServer(*pieces, pause=pause)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


async def call(
    client: str,
    url: str,
    *,
    stream: bool = False,
    kind: RequestKind = RequestKind.READ,
    max_retries: int = 1,
    timeout: float = 5,
    seen: list[Any] | None = None,
) -> None:
    """One request (or one whole stream, events into `seen`) through the chosen client."""
    seen = [] if seen is None else seen
    options: dict[str, Any] = {"api_key": "sk-transport-test-1234", "base_url": url}
    options.update(retry_policy=FAST, max_retries=max_retries, timeout=timeout)
    if client == "sync":
        with GPTProtoClient(**options) as sync:
            if stream:
                seen.extend(sync.stream_events(PATH, json={**BODY, "stream": True}))
            else:
                sync.request_json("POST", PATH, json=BODY, kind=kind)
        return
    async with AsyncGPTProtoClient(**options, transport=client) as aclient:
        if stream:
            async for event in aclient.stream_events(PATH, json={**BODY, "stream": True}):
                seen.append(event)
        else:
            await aclient.request_json("POST", PATH, json=BODY, kind=kind)


@pytest.mark.parametrize("stream", [False, True], ids=["request", "stream"])
@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("case", BROKEN)
async def test_broken_http_is_typed_and_retried_only_when_a_retry_can_help(
    raw_server, case, client, stream
):
    reply, expected = BROKEN[case]
    if stream:  # an event stream, so the SSE reading path is what meets the broken framing
        reply = reply.replace(b"application/json", b"text/event-stream")
    server = raw_server(reply)
    with pytest.raises(expected) as caught:
        await call(client, server.url, stream=stream)
    final = issubclass(expected, UnexpectedResponseError)  # a retry cannot fix the encoding
    assert server.connections == (1 if final else 2)
    assert type(caught.value).__module__ == "gptproto_core.errors"
    assert caught.value.__cause__ is None  # no raw httpx/aiohttp exception chained for users


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("case", ["bad content-length", "hang-up without an answer"])
async def test_a_submission_that_may_have_arrived_is_not_sent_again(raw_server, case, client):
    server = raw_server(BROKEN[case][0])
    with pytest.raises(APIConnectionError) as caught:
        await call(client, server.url, kind=RequestKind.SUBMIT, max_retries=3)
    assert caught.value.request_sent is True
    assert server.connections == 1


@pytest.mark.parametrize("client", CLIENTS)
async def test_a_refused_connection_was_never_sent_so_a_submission_is_retried(client, caplog):
    closed = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    caplog.set_level(logging.INFO, logger="gptproto")
    with pytest.raises(APIConnectionError) as caught:
        await call(client, url, kind=RequestKind.SUBMIT, max_retries=2)
    assert caught.value.request_sent is False
    assert caplog.text.count("retrying in") == 2


@pytest.mark.parametrize("client", CLIENTS)
async def test_a_stream_broken_after_its_first_event_is_not_replayed(raw_server, client):
    event = b'data: {"choices":[]}\n\n'
    start = HEAD.replace(b"application/json", b"text/event-stream")
    first = start + b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(event) + event + b"\r\n"
    server = raw_server(first, b"zz\r\n", pause=0.2)
    seen: list[Any] = []
    # aiohttp's C parser never fails this body: our read timeout ends it (an APITimeoutError).
    with pytest.raises(APIConnectionError):
        await call(client, server.url, stream=True, seen=seen, timeout=1)
    assert len(seen) == 1
    assert server.connections == 1


@pytest.mark.parametrize("stream", [False, True], ids=["request", "stream"])
@pytest.mark.parametrize("client", CLIENTS)
async def test_the_emulator_lying_about_gzip_is_an_unexpected_response(
    gptproto_emulator, client, stream
):
    gptproto_emulator.add_fault(status=200, raw="{}", headers={"Content-Encoding": "gzip"})
    with pytest.raises(UnexpectedResponseError):
        await call(client, gptproto_emulator.url, stream=stream)
    assert gptproto_emulator.counters()["requests"][f"POST {PATH}"] == 1


@pytest.mark.parametrize("client", CLIENTS)
async def test_the_emulator_dropping_a_submission_mid_body_is_not_resent(gptproto_emulator, client):
    gptproto_emulator.add_fault(drop_connection=True)
    with pytest.raises(APIConnectionError) as caught:
        await call(client, gptproto_emulator.url, kind=RequestKind.SUBMIT, max_retries=3)
    assert caught.value.request_sent is True
    assert gptproto_emulator.counters()["requests"][f"POST {PATH}"] == 1
