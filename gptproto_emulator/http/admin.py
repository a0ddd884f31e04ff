"""Admin routes under ``/__emulator__/`` (no API key): faults, counters, reset, health,
last request, clock. They are test scripting, not part of the gptproto API (no API.md section).

    curl -X POST localhost:8787/__emulator__/faults \
         -d '{"path": "/v1/chat/completions", "status": 429}'
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.errors import invalid_request_body, json_bytes, not_found_body
from gptproto_emulator.http.faults import FaultSpecError, parse_fault
from gptproto_emulator.http.state import EmulatorState

ADMIN = "/__emulator__"


def _json(value: Any, status: int = 200) -> Response:
    return Response(json_bytes(value), status, media_type="application/json")


async def _read_json(request: Request) -> Any:
    body = await request.body()
    return json.loads(body) if body.strip() else None


def admin_routes(state: EmulatorState) -> list[BaseRoute]:
    """The admin routes bound to ``state`` (emulator-only: API.md has no section for them)."""

    async def add_faults(request: Request) -> Response:
        """Queue one fault (an object) or several (a list); see :mod:`faults` for the fields."""
        try:
            spec = await _read_json(request)
            specs = spec if isinstance(spec, list) else [spec]
            faults = [parse_fault(s) for s in specs]
        except (ValueError, FaultSpecError) as exc:
            return _json(invalid_request_body(f"Invalid fault: {exc}"), 400)
        for fault in faults:
            state.add_fault(fault)
        return _json({"queued": len(faults), "faults": _pending(state)})

    async def list_faults(request: Request) -> Response:
        """The faults still queued."""
        return _json({"faults": _pending(state)})

    async def clear_faults(request: Request) -> Response:
        """Drop every queued fault."""
        return _json({"cleared": state.clear_faults()})

    async def counters(request: Request) -> Response:
        """Requests per ``METHOD /path`` (and media submissions per endpoint)."""
        return _json(state.counters())

    async def reset(request: Request) -> Response:
        """Clear faults, counters, last requests and the prompt cache."""
        state.reset()
        return _json({"ok": True})

    async def health(request: Request) -> Response:
        """Liveness probe."""
        return _json({"ok": True})

    async def last_request(request: Request) -> Response:
        """The last request on ``?path=...``: method, query, headers (keys redacted), body."""
        path = request.query_params.get("path", "")
        record = state.last_request(path)
        if record is None:
            return _json(not_found_body(f"No request recorded for path {path!r}"), 404)
        return _json(record.to_json())

    async def clock(request: Request) -> Response:
        """Read the emulated clock, or change it with ``{"speed": 10}`` / ``{"advance_s": 60}``."""
        if request.method == "POST":
            try:
                spec = await _read_json(request) or {}
                if "speed" in spec:
                    state.clock.set_speed(float(spec["speed"]))
                if "advance_s" in spec:
                    state.clock.advance(float(spec["advance_s"]))
            except (ValueError, TypeError, AttributeError) as exc:
                return _json(invalid_request_body(f"Invalid clock change: {exc}"), 400)
        return _json({"now": state.clock.now(), "speed": state.clock.speed})

    return [
        Route(f"{ADMIN}/faults", add_faults, methods=["POST"]),
        Route(f"{ADMIN}/faults", list_faults, methods=["GET"]),
        Route(f"{ADMIN}/faults", clear_faults, methods=["DELETE"]),
        Route(f"{ADMIN}/counters", counters, methods=["GET"]),
        Route(f"{ADMIN}/reset", reset, methods=["POST"]),
        Route(f"{ADMIN}/health", health, methods=["GET"]),
        Route(f"{ADMIN}/last-request", last_request, methods=["GET"]),
        Route(f"{ADMIN}/clock", clock, methods=["GET", "POST"]),
    ]


def _pending(state: EmulatorState) -> list[dict[str, Any]]:
    return [f.to_json() for f in state.pending_faults()]
