"""Server-sent events for streamed chat answers: ``data: <json>\\n\\n`` ... ``data: [DONE]\\n\\n``.

>>> encode_event({"a": 1})
b'data: {"a":1}\\n\\n'
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from gptproto_emulator.http.errors import json_bytes

DONE = b"data: [DONE]\n\n"
STREAM_ERROR = {
    "error": {
        "message": "The upstream stream was interrupted (scripted emulator fault)",
        "type": "server_error",
        "code": "upstream_error",
    }
}


def encode_event(payload: Any) -> bytes:
    """One SSE ``data:`` event."""
    return b"data: " + json_bytes(payload) + b"\n\n"


async def event_stream(
    chunks: list[dict[str, Any]], error_after: int | None = None
) -> AsyncIterator[bytes]:
    """Yield each chunk as its own write; ``error_after`` cuts the stream with an error event."""
    for index, chunk in enumerate(chunks):
        if error_after is not None and index >= error_after:
            yield encode_event(STREAM_ERROR)
            return
        yield encode_event(chunk)
    if error_after is not None:
        yield encode_event(STREAM_ERROR)
        return
    yield DONE
