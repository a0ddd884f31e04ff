"""Point code that reads ``GPTPROTO_BASE_URL`` / ``GPTPROTO_API_KEY`` at a local emulator.

    >>> from gptproto_emulator import emulator_environment
    >>> with emulator_environment() as server:       # doctest: +SKIP
    ...     ChatGPTProto(model="gpt-4o").invoke("Hi")  # no arguments: the environment says where

Outside pytest this is the whole on-ramp; in pytest the ``gptproto_emulator_env`` fixture does
the same through ``monkeypatch``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gptproto_emulator.http.server import EmulatorServer

BASE_URL_VAR = "GPTPROTO_BASE_URL"
API_KEY_VAR = "GPTPROTO_API_KEY"


def environment_for(server: EmulatorServer) -> dict[str, str]:
    """The variables that point the client libraries at ``server``."""
    return {BASE_URL_VAR: server.url, API_KEY_VAR: server.api_key}


@contextmanager
def emulator_environment(server: EmulatorServer | None = None) -> Iterator[EmulatorServer]:
    """Start an emulator (or use ``server``, already started), set the two variables, and
    restore them, and stop the emulator it started, on exit."""
    from gptproto_emulator.http.server import EmulatorServer

    own = server is None
    running = EmulatorServer().start() if server is None else server
    saved = {name: os.environ.get(name) for name in (BASE_URL_VAR, API_KEY_VAR)}
    try:
        os.environ.update(environment_for(running))
        yield running
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if own:
            running.stop()
