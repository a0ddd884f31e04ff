"""pytest plugin (entry point ``gptproto_emulator``): a live emulator per test session.

    def test_chat(gptproto_emulator):
        r = httpx.post(f"{gptproto_emulator.url}/v1/chat/completions", ...)

``gptproto_emulator_env`` is the same server with ``GPTPROTO_BASE_URL`` / ``GPTPROTO_API_KEY``
set for the test (through ``monkeypatch``), so code built with no arguments reaches it.
``gptproto_emulator`` is function-scoped: it resets faults, counters, last requests and the
prompt cache of the one session-wide server before each test. The emulator, Starlette and
uvicorn load only when a test uses it; until then the plugin's one effect on a test run is the
``emulator`` marker it registers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from gptproto_emulator.http.server import EmulatorServer


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``emulator`` marker."""
    config.addinivalue_line("markers", "emulator: runs against a live local emulator on 127.0.0.1")


@pytest.fixture(scope="session")
def _gptproto_emulator_server() -> Iterator[EmulatorServer]:
    """One emulator for the whole session, on a free loopback port."""
    from gptproto_emulator.http.server import EmulatorServer

    server = EmulatorServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def gptproto_emulator(_gptproto_emulator_server: EmulatorServer) -> EmulatorServer:
    """The session's emulator, reset for this test."""
    _gptproto_emulator_server.reset()
    return _gptproto_emulator_server


@pytest.fixture
def gptproto_emulator_env(
    gptproto_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> EmulatorServer:
    """The reset emulator, with the environment pointing at it for this test."""
    from gptproto_emulator.environment import environment_for

    for name, value in environment_for(gptproto_emulator).items():
        monkeypatch.setenv(name, value)
    return gptproto_emulator
