"""Reading media request bodies: the JSON object, then typed fields that name themselves in errors.

``null`` counts as absent for every optional field. A broken field raises :class:`FieldError`,
whose message names the field; the route turns it into its vendor's error body.

    >>> required_str({"prompt": "Cat"}, "prompt")
    'Cat'
    >>> optional_choice({"mode": "fast"}, "mode", ("std", "pro"))
    Traceback (most recent call last):
    ...
    gptproto_emulator.media.fields.FieldError: 'mode' must be one of: std, pro
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request

from gptproto_emulator.http.middleware import BODY_KEY

JSONObject = dict[str, Any]
_DATA_URI = re.compile(r"^data:[\w.+-]+/[\w.+-]+(;[\w=.+-]+)*;base64,", re.IGNORECASE)


class FieldError(ValueError):
    """A request body that breaks the documented contract; the message names the field."""


async def json_object(request: Request) -> JSONObject:
    """The request body as a JSON object (the middleware has already read it)."""
    body = request.scope.get(BODY_KEY)
    if not isinstance(body, bytes):
        body = await request.body()
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise FieldError(f"The request body is not valid JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise FieldError("The request body must be a JSON object")
    return payload


def required_str(body: JSONObject, name: str, *, allow_empty: bool = False) -> str:
    """A string field that must be present (and non-blank unless ``allow_empty``)."""
    value = body.get(name)
    if value is None:
        raise FieldError(f"'{name}' is required")
    if not isinstance(value, str):
        raise FieldError(f"'{name}' must be a string")
    if not allow_empty and not value.strip():
        raise FieldError(f"'{name}' must not be empty")
    return value


def optional_str(body: JSONObject, name: str) -> str | None:
    """A string field that may be absent or null."""
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise FieldError(f"'{name}' must be a string")
    return value


def optional_bool(body: JSONObject, name: str) -> bool | None:
    """A boolean field that may be absent or null."""
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise FieldError(f"'{name}' must be true or false")
    return value


def optional_number(
    body: JSONObject, name: str, *, minimum: float | None = None, maximum: float | None = None
) -> float | None:
    """A number field (int or float, not bool) within ``[minimum, maximum]``."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(f"'{name}' must be a number")
    if minimum is not None and value < minimum:
        raise FieldError(f"'{name}' must be >= {minimum}")
    if maximum is not None and value > maximum:
        raise FieldError(f"'{name}' must be <= {maximum}")
    return float(value)


def optional_int(body: JSONObject, name: str, *, minimum: int, maximum: int) -> int | None:
    """An integer field within ``[minimum, maximum]``."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"'{name}' must be an integer")
    if not minimum <= value <= maximum:
        raise FieldError(f"'{name}' must be an integer from {minimum} to {maximum}")
    return value


def optional_choice(body: JSONObject, name: str, choices: Sequence[str]) -> str | None:
    """A string field that must be one of ``choices``."""
    value = optional_str(body, name)
    if value is not None and value not in choices:
        raise FieldError(f"'{name}' must be one of: {', '.join(choices)}")
    return value


def optional_object(body: JSONObject, name: str) -> JSONObject | None:
    """An object field that may be absent or null."""
    value = body.get(name)
    if value is not None and not isinstance(value, dict):
        raise FieldError(f"'{name}' must be an object")
    return value


def is_data_uri(value: object) -> bool:
    """A ``data:<mime>;base64,...`` URI."""
    return isinstance(value, str) and bool(_DATA_URI.match(value))


def is_image_ref(value: object) -> bool:
    """A ``data:<mime>;base64,...`` URI or an ``http(s)://`` URL."""
    if not isinstance(value, str):
        return False
    return bool(_DATA_URI.match(value)) or value.startswith(("https://", "http://"))


def image_ref(body: JSONObject, name: str, *, required: bool = True) -> str | None:
    """An image given as a data URI or a URL; an empty string counts as absent."""
    value = optional_str(body, name)
    if not value:
        if required:
            raise FieldError(f"'{name}' is required (a data:image/...;base64 URI or a URL)")
        return None
    if not is_image_ref(value):
        raise FieldError(f"'{name}' must be a data:<mime>;base64,... URI or an http(s) URL")
    return value
