"""A vcrpy matcher for multipart bodies: field by field, not byte for byte (the boundary is
random per request). Other bodies compare as vcrpy's own `body` matcher does.

    vcr.register_matcher("multipart_body", multipart_body)
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from vcr.matchers import body as raw_body


def _content_type(request: Any) -> str:
    headers = {k.lower(): v for k, v in dict(request.headers).items()}
    value = headers.get("content-type", "")
    return value[0] if isinstance(value, list) else str(value)


def multipart_fields(request: Any) -> list[tuple[Any, ...]] | None:
    """(name, filename, content type, bytes) per part, in order; None for other bodies."""
    content_type = _content_type(request)
    if not content_type.startswith("multipart/form-data"):
        return None
    body = request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    return [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type() if part.get_filename() else None,
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]


def multipart_body(r1: Any, r2: Any) -> None:
    """Raise AssertionError unless the two bodies carry the same fields and files."""
    first, second = multipart_fields(r1), multipart_fields(r2)
    if first is None or second is None:
        raw_body(r1, r2)
        return
    assert first == second, "multipart bodies differ"
