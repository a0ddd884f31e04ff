"""Lazily built clients for long-lived objects such as chat models and tool specs.

    clients = ClientSet(ClientSettings(api_key=self.api_key, base_url=self.base_url))
    clients.sync().request_json(...)
    await clients.for_running_loop().request_json(...)
    clients.close()  /  await clients.aclose()        # what has been built so far

`ClientSet(settings)` checks the settings at once (ConfigurationError) and keeps the checked copy.
Both clients are created on first use (constructing a model stays cheap). An async client keeps
connections that belong to one event loop, so there is one per running loop.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncGenerator

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.config import ClientSettings

__all__ = ["ClientSet", "ClientSettings"]


class ClientSet:
    """One sync client and one async client per event loop, all from the same settings."""

    def __init__(self, settings: ClientSettings) -> None:
        # Checked here, so every owner fails at construction, before any request.
        self.settings = settings.validate()
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
                    self._sync = GPTProtoClient.from_settings(self.settings)
        return self._sync

    def for_running_loop(self) -> AsyncGPTProtoClient:
        loop = asyncio.get_running_loop()
        entry = self._async.get(loop)
        if entry is None:
            client = AsyncGPTProtoClient.from_settings(self.settings)
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
