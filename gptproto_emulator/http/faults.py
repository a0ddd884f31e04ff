"""Scripted faults: what the next matching request(s) get instead of a normal answer.

A fault is queued with ``POST /__emulator__/faults`` (or ``EmulatorServer.add_fault``) and
applies to the next ``times`` requests whose method and path match, before authentication and
normal handling:

    {"path": "/v1/chat/completions", "method": "POST", "times": 1, "status": 429,
     "headers": {"Retry-After": "1"}, "body": null, "raw": null, "delay_ms": 0,
     "drop_connection": false, "malformed": false, "stream_error_after": null,
     "drop_after_handling": false}

Order of effects: ``delay_ms``, then ``drop_connection``, ``malformed``,
``status``/``body``/``raw``; ``stream_error_after`` (alone) lets the request through and cuts
its SSE stream after N chunks; ``drop_after_handling`` (alone) lets the request be handled in
full (a media job is created and counted) and then drops the connection instead of answering.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.types import Send

from gptproto_emulator.http.errors import error_body_for_status, json_bytes

_FIELDS = {
    "path",
    "method",
    "times",
    "status",
    "headers",
    "body",
    "raw",
    "delay_ms",
    "drop_connection",
    "malformed",
    "stream_error_after",
    "drop_after_handling",
}


class FaultSpecError(ValueError):
    """A fault description that cannot be used; the message names the field."""


class DropConnection(Exception):
    """Raised after a partial response to make the server close the TCP connection."""


@dataclass
class Fault:
    """One queued fault. ``path`` may end in ``*`` (glob); ``None`` path/method match anything."""

    path: str | None = None
    method: str | None = None
    times: int = 1
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    raw: str | None = None
    delay_ms: int = 0
    drop_connection: bool = False
    malformed: bool = False
    stream_error_after: int | None = None
    drop_after_handling: bool = False

    def matches(self, method: str, path: str) -> bool:
        """Whether a request ``method path`` is hit by this fault."""
        if self.method is not None and self.method != method:
            return False
        if self.path is None or self.path == path:
            return True
        return "*" in self.path and fnmatch.fnmatchcase(path, self.path)

    def to_json(self) -> dict[str, Any]:
        """The fault as the admin endpoint accepts it (``drop_after_handling`` only when set)."""
        spec = asdict(self)
        if not self.drop_after_handling:
            del spec["drop_after_handling"]
        return spec


def parse_fault(spec: Any) -> Fault:
    """Build a :class:`Fault` from its JSON description, or raise :class:`FaultSpecError`."""
    if not isinstance(spec, dict):
        raise FaultSpecError("A fault must be a JSON object")
    unknown = sorted(set(spec) - _FIELDS)
    if unknown:
        raise FaultSpecError(f"Unknown fault field(s): {', '.join(unknown)}")
    fault = Fault(
        path=_optional_str(spec, "path"),
        method=_optional_str(spec, "method"),
        times=_int(spec, "times", default=1, minimum=1),
        status=_optional_int(spec, "status", minimum=100, maximum=599),
        headers=_headers(spec.get("headers")),
        body=spec.get("body"),
        raw=_optional_str(spec, "raw"),
        delay_ms=_int(spec, "delay_ms", default=0, minimum=0),
        drop_connection=_bool(spec, "drop_connection"),
        malformed=_bool(spec, "malformed"),
        stream_error_after=_optional_int(spec, "stream_error_after", minimum=0),
        drop_after_handling=_bool(spec, "drop_after_handling"),
    )
    if fault.method is not None:
        fault.method = fault.method.upper()
    if fault.body is not None and fault.raw is not None:
        raise FaultSpecError("Give either 'body' or 'raw', not both")
    return fault


def _optional_str(spec: dict[str, Any], name: str) -> str | None:
    value = spec.get(name)
    if value is not None and not isinstance(value, str):
        raise FaultSpecError(f"'{name}' must be a string")
    return value


def _optional_int(
    spec: dict[str, Any], name: str, *, minimum: int, maximum: int | None = None
) -> int | None:
    value = spec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FaultSpecError(f"'{name}' must be an integer >= {minimum}")
    if maximum is not None and value > maximum:
        raise FaultSpecError(f"'{name}' must be an integer <= {maximum}")
    return value


def _int(spec: dict[str, Any], name: str, *, default: int, minimum: int) -> int:
    value = _optional_int(spec, name, minimum=minimum)
    return default if value is None else value


def _bool(spec: dict[str, Any], name: str) -> bool:
    value = spec.get(name, False)
    if not isinstance(value, bool):
        raise FaultSpecError(f"'{name}' must be true or false")
    return value


def _headers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise FaultSpecError("'headers' must be an object of strings")
    return {str(k): v for k, v in value.items()}


async def apply_fault(fault: Fault, send: Send, body: bytes) -> bool:
    """Play ``fault`` on a raw ASGI ``send``; return ``True`` when the request was answered."""
    if fault.delay_ms:
        await asyncio.sleep(fault.delay_ms / 1000)
    if fault.drop_connection:
        await drop_connection(send)
    if fault.malformed:
        await _send_malformed(fault, send, wants_stream(body))
        return True
    if fault.status is None and fault.body is None and fault.raw is None:
        return False
    status = 200 if fault.status is None else fault.status
    if fault.raw is not None:
        payload, content_type = fault.raw.encode("utf-8"), "text/plain; charset=utf-8"
    else:
        default = error_body_for_status(status) if status >= 400 else {}
        payload = json_bytes(default if fault.body is None else fault.body)
        content_type = "application/json"
    await send_bytes(send, status, payload, content_type, fault.headers)
    return True


def wants_stream(body: bytes) -> bool:
    """Whether a JSON request body asks for ``"stream": true``."""
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return isinstance(parsed, dict) and parsed.get("stream") is True


async def send_bytes(
    send: Send, status: int, payload: bytes, content_type: str, extra: dict[str, str] | None = None
) -> None:
    """Send a complete response with raw ASGI messages."""
    headers = {"content-type": content_type, "content-length": str(len(payload))}
    headers.update({k.lower(): v for k, v in (extra or {}).items()})
    raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload, "more_body": False})


async def _send_malformed(fault: Fault, send: Send, stream: bool) -> None:
    if stream:
        payload = (
            b'data: {"id":"chatcmpl-malformed","object":"chat.completion.chu\n\ndata: [DONE]\n\n'
        )
        await send_bytes(send, 200, payload, "text/event-stream; charset=utf-8", fault.headers)
    else:
        payload = b'{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,'
        await send_bytes(send, 200, payload, "application/json", fault.headers)


async def drop_connection(send: Send) -> None:
    """Promise 1000 bytes, send 12, then make the server close the connection."""
    start_headers = [(b"content-type", b"application/json"), (b"content-length", b"1000")]
    await send({"type": "http.response.start", "status": 200, "headers": start_headers})
    await send({"type": "http.response.body", "body": b'{"id":"chatc', "more_body": True})
    raise DropConnection("connection dropped by a scripted emulator fault")


class _HideDroppedConnections(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DropConnection)


def quiet_dropped_connections() -> None:
    """Keep uvicorn from logging a traceback for every scripted dropped connection."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _HideDroppedConnections) for f in logger.filters):
        logger.addFilter(_HideDroppedConnections())
