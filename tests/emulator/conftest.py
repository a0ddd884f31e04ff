"""Fixtures for the emulator's media route tests: a clock that all but stands still (so each
status is exact) and a keyed client. Modules that need another set-up define their own."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gptproto_emulator import EmulatorServer


@pytest.fixture
def emulator(gptproto_emulator: EmulatorServer) -> EmulatorServer:
    """The emulator with its clock nearly frozen: tests move time with `advance_clock`."""
    gptproto_emulator.set_clock_speed(1e-6)
    return gptproto_emulator


@pytest.fixture
def http(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """A client of the emulator that sends its key."""
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.url, headers=headers, timeout=10) as client:
        yield client
