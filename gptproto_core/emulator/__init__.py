"""A local fake of the gptproto API for offline tests, cassette recording, demos and benchmarks.

    >>> from gptproto_core.emulator import EmulatorServer
    >>> with EmulatorServer() as server:             # doctest: +SKIP
    ...     print(server.url, server.api_key)

It is written from ``API.md`` alone and imports nothing from the client side of ``gptproto_core``.
Starlette and uvicorn are imported only when the server or the app is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gptproto_core.emulator.auth import DEFAULT_API_KEY

if TYPE_CHECKING:
    from gptproto_core.emulator.app import create_app
    from gptproto_core.emulator.server import EmulatorServer
    from gptproto_core.emulator.state import EmulatorState

__all__ = ["DEFAULT_API_KEY", "EmulatorServer", "EmulatorState", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "EmulatorServer":
        from gptproto_core.emulator.server import EmulatorServer

        return EmulatorServer
    if name == "create_app":
        from gptproto_core.emulator.app import create_app

        return create_app
    if name == "EmulatorState":
        from gptproto_core.emulator.state import EmulatorState

        return EmulatorState
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
