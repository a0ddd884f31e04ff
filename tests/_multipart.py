"""A vcrpy matcher for multipart bodies: parts compared field by field, not byte for byte.

The boundary is random per request, so two sends of the same form never match as bytes.
`multipart_body` compares (name, filename, content type, content) of every part, in order,
and falls back to vcrpy's own `body` matcher for anything that is not multipart.
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from vcr.matchers import body as plain_body

__all__ = ["is_multipart", "multipart_body", "parts"]

Part = tuple[str | None, str | None, str, bytes]


def _content_type(request: Any) -> str:
    headers = {k.lower(): v for k, v in dict(request.headers).items()}
    value = headers.get("content-type", "")
    return str(value[0] if isinstance(value, list) else value)


def is_multipart(request: Any) -> bool:
    return _content_type(request).startswith("multipart/form-data")


def parts(request: Any) -> list[Part]:
    """The request's parts, in order."""
    raw = request.body or b""
    raw = raw.encode() if isinstance(raw, str) else raw
    head = b"Content-Type: " + _content_type(request).encode() + b"\r\n\r\n"
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    return [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True) or b"",
        )
        for part in message.iter_parts()
    ]


def multipart_body(r1: Any, r2: Any) -> None:
    """vcrpy matcher: raises AssertionError when the bodies differ."""
    if is_multipart(r1) and is_multipart(r2):
        assert parts(r1) == parts(r2)
    else:
        plain_body(r1, r2)
