"""Lazily built clients for long-lived objects such as chat models and tool specs.

    clients = ClientSet(ClientSettings(api_key="sk-...", base_url=None))
    clients.sync().request_json(...)
    await clients.for_running_loop().request_json(...)
    clients.close()  /  await clients.aclose()        # what has been built so far

Both clients are created on first use (constructing a model stays cheap). An async client keeps
connections that belong to one event loop, so there is one per running loop.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import SecretStr

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.config import AuthScheme, resolve_api_key, resolve_base_url

__all__ = ["ClientSet", "ClientSettings"]


@dataclass(frozen=True)
class ClientSettings:
    api_key: SecretStr | str | None = None
    base_url: str | None = None
    timeout: float | None = None
    max_retries: int | None = None
    default_headers: Mapping[str, str] = field(default_factory=dict)
    auth_scheme: AuthScheme = "bearer"
    async_transport: Literal["auto", "httpx", "aiohttp"] = "auto"

    def validate(self) -> None:
        """Fail now, before any request, on a missing key or a bad base URL."""
        resolve_api_key(self.api_key)
        resolve_base_url(self.base_url)


class ClientSet:
    def __init__(self, settings: ClientSettings) -> None:
        self.settings = settings
        self._sync: GPTProtoClient | None = None
        self._async: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop,
            tuple[AsyncGPTProtoClient, AsyncGenerator[None, None], asyncio.Task[None]],
        ] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def sync(self) -> GPTProtoClient:
        if self._sync is None:
            with self._lock:
                if self._sync is None:
                    s = self.settings
                    self._sync = GPTProtoClient(
                        api_key=s.api_key,
                        base_url=s.base_url,
                        timeout=s.timeout,
                        max_retries=s.max_retries,
                        default_headers=s.default_headers,
                        auth_scheme=s.auth_scheme,
                    )
        return self._sync

    def for_running_loop(self) -> AsyncGPTProtoClient:
        loop = asyncio.get_running_loop()
        entry = self._async.get(loop)
        if entry is None:
            s = self.settings
            client = AsyncGPTProtoClient(
                api_key=s.api_key,
                base_url=s.base_url,
                timeout=s.timeout,
                max_retries=s.max_retries,
                default_headers=s.default_headers,
                auth_scheme=s.auth_scheme,
                transport=s.async_transport,
            )
            closer = _close_with_loop(client)
            started = loop.create_task(closer.__anext__())
            entry = self._async[loop] = (client, closer, started)
        return entry[0]

    def close(self) -> None:
        """Close the sync client; a later call builds a new one. Async clients are closed by
        `aclose()` in their loop, or when that loop shuts down."""
        with self._lock:
            client, self._sync = self._sync, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the sync client and this loop's async client (its aiohttp session too)."""
        self.close()
        entry = self._async.pop(asyncio.get_running_loop(), None)
        if entry is not None:
            _client, closer, started = entry
            await started  # the parked generator must have started for its `finally` to run
            await closer.aclose()


async def _close_with_loop(client: AsyncGPTProtoClient) -> AsyncGenerator[None, None]:
    """Parked async generator: the loop's shutdown_asyncgens() closes it, and so the client.

    asyncio.run() and pytest-asyncio call it before closing a loop, so pooled connections are
    released cleanly instead of warning about unclosed sessions at exit.
    """
    try:
        yield
    finally:
        await client.aclose()
