"""Shared test setup: where cassettes live, how they are scrubbed, and whom they talk to.

Cassette tests replay `cassettes/<test module>/` in CI (`--record-mode=none`). `make record`
re-records them against the local emulator, or against the live service when
GPTPROTO_API_KEY and GPTPROTO_BASE_URL are both set.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests._multipart import multipart_body

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "cassettes"
DATA = Path(__file__).resolve().parent / "data"
# gptproto's documentation as the project keeps it: shared/ beside the repository (read-only in CI).
# gptproto's docs (the seed page, the Postman export): the shared copy beside the repo is the
# authority when present (as in CI); a clone on its own uses the snapshot kept in tests/data.
_SHARED_REFERENCE = ROOT.parent / "shared" / "reference"
REFERENCE = _SHARED_REFERENCE if _SHARED_REFERENCE.is_dir() else DATA / "reference"

# Replays never reach this address: every answer comes from the cassette.
REPLAY_BASE_URL = "http://127.0.0.1:8787"
REPLAY_API_KEY = "sk-replay-0000"
_SECRET_HEADERS = (
    "authorization",
    "x-api-key",
    "api-key",
    "x-goog-api-key",
    "cookie",
    "set-cookie",
)
_KEY_PATTERN = re.compile(rb"sk-[A-Za-z0-9_-]{6,}")


@dataclass(frozen=True)
class Target:
    base_url: str
    api_key: str
    live: bool = False
    emulator: Any = None  # the EmulatorServer while recording against it, else None

    def script_next_job(self, vendor: str, fate: str, reason: str | None = None, **kw: Any) -> None:
        """Script a job's fate on the emulator; a no-op on replay (the cassette holds it)."""
        if self.emulator is not None:
            self.emulator.script_next_job(vendor, fate, reason, **kw)

    def set_response_shape(self, vendor: str, shape: str) -> None:
        """Answer a vendor's tasks in one tolerated shape; a no-op on replay (as above)."""
        if self.emulator is not None:
            self.emulator.set_response_shape(vendor, shape)

    def set_clock(self, *, speed: float | None = None, advance: float = 0.0) -> None:
        """Slow down or jump the emulator's clock while recording (e.g. to catch a job midway);
        a no-op on replay (the cassette holds the answers)."""
        if self.emulator is not None:
            if speed is not None:
                self.emulator.set_clock_speed(speed)
            if advance:
                self.emulator.advance_clock(advance)


def _scrub(data: Any) -> Any:
    if isinstance(data, bytes):
        return _KEY_PATTERN.sub(b"sk-REDACTED", data)
    if isinstance(data, str):
        return _KEY_PATTERN.sub(b"sk-REDACTED", data.encode()).decode()
    return data


def _scrub_request(request: Any) -> Any:
    request.body = _scrub(request.body)
    request.uri = re.sub(r"([?&]key=)[^&]+", r"\1REDACTED", request.uri)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body") or {}
    if "string" in body:
        body["string"] = _scrub(body["string"])
    response["headers"] = {
        k: v for k, v in response.get("headers", {}).items() if k.lower() not in _SECRET_HEADERS
    }
    return response


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    # Multipart boundaries are random: bodies are matched part by part (tests/_multipart.py).
    vcr.register_matcher("multipart_body", multipart_body)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [(name, None) for name in _SECRET_HEADERS],
        "filter_query_parameters": [("key", None)],
        "before_record_request": _scrub_request,
        "before_record_response": _scrub_response,
        # Host and port differ between the emulator, the live service and replays.
        "match_on": ["method", "path", "query", "multipart_body"],
        "decode_compressed_response": True,
        "record_on_exception": False,
    }


@pytest.fixture
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(CASSETTES / request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def gptproto_target(request: pytest.FixtureRequest, record_mode: str) -> Target:
    """Where cassette tests send requests: nowhere on replay, else the emulator or live."""
    if record_mode == "none":
        return Target(REPLAY_BASE_URL, REPLAY_API_KEY)
    live_url, live_key = os.environ.get("GPTPROTO_BASE_URL"), os.environ.get("GPTPROTO_API_KEY")
    if live_url and live_key:
        return Target(live_url, live_key, live=True)
    emulator = request.getfixturevalue("gptproto_emulator")
    # Media jobs take seconds of emulated time; recordings should not.
    emulator.set_clock_speed(500)
    return Target(emulator.url, emulator.api_key, emulator=emulator)


@pytest.fixture
def gptproto_env(gptproto_target: Target, monkeypatch: pytest.MonkeyPatch) -> Target:
    """Point GPTPROTO_BASE_URL / GPTPROTO_API_KEY at the target for code that reads the env."""
    monkeypatch.setenv("GPTPROTO_BASE_URL", gptproto_target.base_url)
    monkeypatch.setenv("GPTPROTO_API_KEY", gptproto_target.api_key)
    return gptproto_target
