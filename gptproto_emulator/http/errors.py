"""Error bodies of the emulator (API.md §2.5).

Statuses 400, 401 and 429 use the PH-ERR-A bodies (E1); 403, 500 and 503 use the PH-ERR-B
"house format" (E2, ``type`` = the status as a string); any other status gets an E2-style body
with the HTTP reason phrase.

    >>> error_body_for_status(429)["error"]["code"]
    'rate_limit_exceeded'
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

JSONObject = dict[str, Any]

_PH_ERR_A: dict[int, tuple[str, str, str]] = {
    400: ("Invalid request parameters", "invalid_request_error", "invalid_parameters"),
    401: ("Invalid API key", "authentication_error", "invalid_api_key"),
    429: ("Rate limit exceeded", "rate_limit_error", "rate_limit_exceeded"),
}
_PH_ERR_B: dict[int, str] = {
    403: "Invalid Token",
    500: "Internal server error",
    503: "Input may not meet the guidelines. Please adjust and try again.",
}


def e1_body(message: str, type_: str, code: str) -> JSONObject:
    """The E1 shape: ``{"error": {"message", "type", "code"}}``."""
    return {"error": {"message": message, "type": type_, "code": code}}


def invalid_request_body(message: str) -> JSONObject:
    """A 400 body naming what is wrong with the request (E1, ``invalid_parameters``)."""
    return e1_body(message, "invalid_request_error", "invalid_parameters")


def authentication_body(message: str) -> JSONObject:
    """A 401 body (E1, ``invalid_api_key``) whose message says what is wrong."""
    return e1_body(message, "authentication_error", "invalid_api_key")


def not_found_body(message: str) -> JSONObject:
    """A 404 body in the E1 style (the docs show no 404; code ``not_found`` is ours)."""
    return e1_body(message, "invalid_request_error", "not_found")


def error_body_for_status(status: int) -> JSONObject:
    """The default error body the docs show for ``status`` (used by scripted faults)."""
    if status in _PH_ERR_A:
        message, type_, code = _PH_ERR_A[status]
        return e1_body(message, type_, code)
    if status in _PH_ERR_B:
        return {"error": {"message": _PH_ERR_B[status], "type": str(status)}}
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return {"error": {"message": phrase, "type": str(status)}}


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, as every emulator body is written."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
