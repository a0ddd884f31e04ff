"""Is a streaming answer really an event stream? (API.md §2.5, §3.3)

    error = not_an_event_stream(response.status_code, response.headers, response.content)
    if error is not None:
        raise error

Gateways answer a streaming request with HTTP 200 and a JSON error (`{"error": {...}}`, e.g. for
an empty balance), or with an HTML page; read as SSE, either looks like an empty answer. A JSON
body is read as the error it carries; HTML or any other type is an `UnexpectedResponseError`.
A missing Content-Type is given the benefit of the doubt and decoded as SSE.
"""

from __future__ import annotations

from collections.abc import Mapping

from gptproto_core.body_guard import loads_bounded, reads_body
from gptproto_core.errors import (
    APIError,
    UnexpectedResponseError,
    error_from_body,
    error_from_response,
    excerpt,
)

__all__ = ["is_event_stream", "not_an_event_stream"]


def _media_type(headers: Mapping[str, str]) -> str:
    value = headers.get("content-type") or headers.get("Content-Type") or ""
    return value.split(";", 1)[0].strip().lower()


def is_event_stream(headers: Mapping[str, str]) -> bool:
    """True for `text/event-stream` and for an answer that names no type at all."""
    return _media_type(headers) in ("", "text/event-stream")


def not_an_event_stream(status: int, headers: Mapping[str, str], content: bytes) -> APIError:
    """The error a 2xx non-SSE answer to a streaming request stands for (returned, not raised)."""
    try:
        return _error_for(status, headers, content)
    except APIError as unreadable:  # the body itself defeated the reader
        return unreadable


@reads_body("JSON answer to a stream request")
def _error_for(status: int, headers: Mapping[str, str], content: bytes) -> APIError:
    media = _media_type(headers)
    text = content.decode("utf-8", "replace")
    if media == "application/json" or media.endswith("+json"):
        try:
            body = loads_bounded(content, "JSON answer to a stream request")
        except UnexpectedResponseError:
            body = None
        error = error_from_body(body, headers=headers)
        if error is None and isinstance(body, Mapping) and "error" in body:
            # An error field without a message that error_from_body recognises.
            error = error_from_response(status if status >= 400 else 500, content, headers)
        if error is not None:
            return error
        return UnexpectedResponseError(
            "gptproto answered a streaming request with JSON that is neither a stream nor an error",
            status_code=status,
            body=excerpt(text),
        )
    return UnexpectedResponseError(
        f"gptproto answered a streaming request with {media!r}, not text/event-stream",
        status_code=status,
        body=excerpt(text),
    )
