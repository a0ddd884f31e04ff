"""Small HTTP helpers shared by the media routes: JSON answers, E1 errors, submission counting.

>>> bad_request("'prompt' is required").status_code
400
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gptproto_emulator.http.errors import invalid_request_body, json_bytes, not_found_body
from gptproto_emulator.http.origin import files_url
from gptproto_emulator.http.state import EmulatorState


def cdn() -> str:
    """Where result files live: the answering server's stand-in CDN (media/cdn.py), no key."""
    return files_url("").rstrip("/")


def json_response(value: Any, status: int = 200) -> Response:
    """A compact JSON response."""
    return Response(json_bytes(value), status, media_type="application/json")


def bad_request(message: str) -> Response:
    """400 with the E1 body of API.md §2.5 (``invalid_parameters``), naming the field."""
    return json_response(invalid_request_body(message), 400)


def not_found(message: str) -> Response:
    """404 in the E1 style (the emulator's ``not_found`` code, as for unknown routes)."""
    return json_response(not_found_body(message), 404)


def count_submission(state: EmulatorState, request: Request) -> None:
    """Count one accepted submission of a new job under ``"POST <path>"``."""
    state.count_submission(f"{request.method} {request.url.path}")


def new_uuid(state: EmulatorState, salt: str) -> str:
    """A UUID-shaped id, unique within the emulator and stable for one (salt, counter)."""
    number = state.jobs.next_number()
    digest = hashlib.sha256(f"{salt}\n{number}".encode()).digest()[:16]
    return str(uuid.UUID(bytes=digest, version=4))


def millis(seconds: float) -> int:
    """Emulated Unix seconds to integer milliseconds."""
    return int(seconds * 1000)
