"""Which HTTP transport the clients use.

The sync client uses httpx's own pool. The async client prefers an aiohttp-backed httpx
transport when `httpx-aiohttp` is installed: at concurrency 50 on loopback it serves several
times the requests per second of httpx's default async pool (bench/, docs/performance.md).
`transport="httpx"` forces the plain httpx pool.
"""

from __future__ import annotations

import importlib.util
from typing import Literal

import httpx

__all__ = ["async_client", "has_aiohttp_transport", "sync_client"]

# More kept-alive connections make httpcore slower per request (it scans the whole pool).
_LIMITS = httpx.Limits(max_connections=200, max_keepalive_connections=20, keepalive_expiry=30)
TransportName = Literal["auto", "httpx", "aiohttp"]


def has_aiohttp_transport() -> bool:
    return importlib.util.find_spec("httpx_aiohttp") is not None


def sync_client(timeout: float) -> httpx.Client:
    return httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), limits=_LIMITS)


def async_client(timeout: float, transport: TransportName = "auto") -> httpx.AsyncClient:
    """An `httpx.AsyncClient`; on aiohttp's transport when asked or when `auto` finds it."""
    http_timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    if transport == "aiohttp" or (transport == "auto" and has_aiohttp_transport()):
        from httpx_aiohttp import AiohttpTransport

        return httpx.AsyncClient(timeout=http_timeout, transport=AiohttpTransport(limits=_LIMITS))
    return httpx.AsyncClient(timeout=http_timeout, limits=_LIMITS)
