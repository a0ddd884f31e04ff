"""Which HTTP transport the clients use, and one vocabulary of failures for all of them.

The sync client uses httpx's own pool. The async client prefers an aiohttp-backed httpx
transport when `httpx-aiohttp` is installed: at concurrency 50 on loopback it serves several
times the requests per second of httpx's default async pool (bench/, docs/performance.md).
`transport="httpx"` forces the plain httpx pool.

Whatever the transport, a failure leaves it as an `httpx.HTTPError` (`TRANSPORT_ERRORS`):
httpx-aiohttp lets some aiohttp exceptions through (a bad Content-Length, chunk size or status
line is an `aiohttp.ClientResponseError`) and maps others loosely (a server hang-up after the
request was sent becomes `ConnectTimeout`), so `_TypedTransport` maps every aiohttp exception
again from its own type. The client turns these into our errors in one place.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import contextmanager
from typing import Literal

import httpx

__all__ = [
    "TRANSPORT_ERRORS",
    "async_client",
    "has_aiohttp_transport",
    "httpx_type",
    "sync_client",
]

# More kept-alive connections make httpcore slower per request (it scans the whole pool).
_LIMITS = httpx.Limits(max_connections=200, max_keepalive_connections=20, keepalive_expiry=30)
TransportName = Literal["auto", "httpx", "aiohttp"]
# What a request or a stream can raise once the transports are typed: httpx's transport errors
# plus DecodingError (a body whose Content-Encoding lies), which is not a TransportError.
TRANSPORT_ERRORS: tuple[type[httpx.HTTPError], ...] = (httpx.HTTPError,)


def has_aiohttp_transport() -> bool:
    return importlib.util.find_spec("httpx_aiohttp") is not None


def sync_client(timeout: float) -> httpx.Client:
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), limits=_LIMITS)


def async_client(timeout: float, transport: TransportName = "auto") -> httpx.AsyncClient:
    """An `httpx.AsyncClient`; on aiohttp's transport when asked or when `auto` finds it."""
    http_timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    if transport == "aiohttp" or (transport == "auto" and has_aiohttp_transport()):
        from httpx_aiohttp import AiohttpTransport

        typed = _TypedTransport(AiohttpTransport(limits=_LIMITS))
        return httpx.AsyncClient(timeout=http_timeout, transport=typed)
    return httpx.AsyncClient(timeout=http_timeout, limits=_LIMITS)


class _TypedTransport(httpx.AsyncBaseTransport):
    """An aiohttp-backed transport whose every failure, streaming included, is an httpx error."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with _typed_errors(request):
            response = await self._inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)  # an async transport's
        response.stream = _TypedStream(response.stream, request)
        return response

    async def aclose(self) -> None:
        with _typed_errors(None):
            await self._inner.aclose()


class _TypedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        read_timeout = self._request.extensions.get("timeout", {}).get("read")
        chunks = self._inner.__aiter__()
        with _typed_errors(self._request):
            while True:
                try:
                    chunk = await _within(read_timeout, chunks.__anext__(), self._request)
                except StopAsyncIteration:
                    return
                yield chunk

    async def aclose(self) -> None:
        with _typed_errors(self._request):
            await self._inner.aclose()


def httpx_type(exc: Exception) -> type[Exception]:
    """What `exc` means in httpx's words: its own type, or for an aiohttp failure (bare, or
    wrapped loosely by httpx-aiohttp in a client the caller built) the type its aiohttp type
    names.

    >>> httpx_type(httpx.ReadTimeout("slow"))
    <class 'httpx.ReadTimeout'>
    """
    source = _aiohttp_source(exc)
    return type(exc) if source is None else _from_aiohttp(source)


async def _within(
    seconds: float | None, next_chunk: Awaitable[bytes], request: httpx.Request
) -> bytes:
    """The next chunk, or `ReadTimeout` after `seconds` without one.

    aiohttp's own `sock_read` timer is not enough: after a bad chunk header in the middle of a
    body, its C parser drops the timer and never fails the body, which then waits forever."""
    if seconds is None:
        return await next_chunk
    try:
        return await asyncio.wait_for(next_chunk, seconds)
    except asyncio.TimeoutError as exc:
        if _aiohttp_source(exc) is not None:
            raise  # aiohttp's own read timeout, typed by `_typed_errors`
        raise httpx.ReadTimeout(f"no data for {seconds}s", request=request) from None


@contextmanager
def _typed_errors(request: httpx.Request | None) -> Iterator[None]:
    """Re-raise an aiohttp failure as the httpx error it means; anything else passes unchanged."""
    try:
        yield
    except Exception as exc:
        source = _aiohttp_source(exc)
        if source is None:
            raise
        mapped = _from_aiohttp(source)
        raise mapped(f"{type(source).__name__}: {source}", request=request) from source


def _aiohttp_source(exc: Exception) -> Exception | None:
    for candidate in (exc, exc.__cause__):
        if isinstance(candidate, Exception) and type(candidate).__module__.startswith("aiohttp"):
            return candidate
    return None


def _from_aiohttp(exc: Exception) -> type[httpx.TransportError]:
    for aiohttp_type, httpx_type in _aiohttp_table():
        if isinstance(exc, aiohttp_type):
            return httpx_type
    return httpx.ReadError  # an aiohttp failure we do not know: the exchange broke


@functools.cache
def _aiohttp_table() -> tuple[tuple[type[BaseException], type[httpx.TransportError]], ...]:
    """aiohttp's exceptions, most specific first, to the httpx error that means the same."""
    import aiohttp
    from aiohttp import http_exceptions

    return (
        # No connection was made: the request never left (a submission may be sent again).
        (aiohttp.ClientConnectorError, httpx.ConnectError),
        (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
        (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
        (aiohttp.ClientHttpProxyError, httpx.ProxyError),
        # Broken framing (Content-Length, chunk size, status line), a truncated body.
        (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
        (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
        (http_exceptions.HttpProcessingError, httpx.RemoteProtocolError),
        (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
        (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
        # A hang-up or reset after the request may have been sent.
        (aiohttp.ClientConnectionError, httpx.ReadError),
    )
