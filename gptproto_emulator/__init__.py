"""A local fake of the gptproto API for offline tests, cassette recording, demos and benchmarks.

    >>> from gptproto_emulator import EmulatorServer
    >>> with EmulatorServer() as server:             # doctest: +SKIP
    ...     print(server.url, server.api_key)

It is written from ``API.md`` alone and imports nothing from ``gptproto_core`` or the adapters.
Every name loads on first use, so importing the package (or its pytest plugin) costs nothing:
Starlette and uvicorn are imported only when the server or the app is asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gptproto_emulator.environment import emulator_environment
    from gptproto_emulator.http.app import create_app
    from gptproto_emulator.http.auth import DEFAULT_API_KEY
    from gptproto_emulator.http.server import EmulatorServer
    from gptproto_emulator.http.state import EmulatorState

__all__ = [
    "DEFAULT_API_KEY",
    "EmulatorServer",
    "EmulatorState",
    "create_app",
    "emulator_environment",
]

_HOMES = {
    "DEFAULT_API_KEY": "gptproto_emulator.http.auth",
    "EmulatorServer": "gptproto_emulator.http.server",
    "EmulatorState": "gptproto_emulator.http.state",
    "create_app": "gptproto_emulator.http.app",
    "emulator_environment": "gptproto_emulator.environment",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
