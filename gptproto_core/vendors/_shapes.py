"""Reading bodies whose shape the docs do not pin down: the first value any candidate path holds.

    first({"data": {"data": {"output": ["https://v.mp4"]}}}, "output.0", "data.data.output.0")
    # 'https://v.mp4'

Runway's and higgsfield's answers are guessed from upstream and other relays (API.md §10.2,
§14.3): a reader lists every candidate path and takes the first that holds something, so a
missing field is never a `KeyError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from gptproto_core.errors import UnexpectedResponseError, excerpt

__all__ = ["first", "http_url", "percent", "reason_text", "task_id_in"]


def _step(value: Any, key: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(key)
    if isinstance(value, Sequence) and not isinstance(value, str) and key.isdigit():
        return value[int(key)] if int(key) < len(value) else None
    return None


def first(body: Any, *paths: str) -> Any:
    """The first non-empty value at a dotted path (`data.output.0`); None if none holds one."""
    for path in paths:
        value = body
        for key in path.split("."):
            value = _step(value, key)
        if value not in (None, "", [], {}):
            return value
    return None


def task_id_in(body: Any, vendor: str, *paths: str) -> str:
    """The job id of a submit answer, or `UnexpectedResponseError` with an excerpt."""
    found = first(body, *paths)
    if not isinstance(found, str | int) or isinstance(found, bool):
        raise UnexpectedResponseError(
            f"{vendor} submit answer without a task id", body=excerpt(str(body))
        )
    return str(found)


def percent(value: Any) -> float | None:
    """A progress as 0..1: `0.4`, `40` or `"40%"` (relays write it either way)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    number = number / 100 if number > 1 else number
    return min(max(number, 0.0), 1.0)


def reason_text(value: Any) -> str | None:
    """An error given as text or as `{message}` / `{detail}`; None when empty."""
    if isinstance(value, Mapping):
        value = value.get("message") or value.get("detail") or value.get("msg")
    return str(value) if value not in (None, "", {}) else None


def http_url(value: str, field: str) -> str:
    """A video given by URL: only http(s) (the routes take no uploads or data URIs)."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{field} must be an http(s) URL of the video")
    return text
