"""The one boundary between a server's body and our code: bounded JSON, typed failures.

    @reads_body("chat completion")
    def parse_chat_completion(body: Any) -> ChatResult: ...

    data = loads_bounded(event.data)          # depth and number size bounded

A body may be anything a relay sends: wrong types, nulls, NaN, 60,000 levels of nesting, numbers
of a thousand digits. Parsers coerce what is merely the wrong type; whatever they still cannot
read leaves through `reads_body` as `UnexpectedResponseError` with an excerpt of the body, so no
`AttributeError`, `TypeError`, `RecursionError` or pydantic `ValidationError` escapes the package.
"""

from __future__ import annotations

import functools
import json
import math
import re
import reprlib
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from gptproto_core.errors import GPTProtoError, UnexpectedResponseError, excerpt

__all__ = [
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "as_mapping",
    "as_text",
    "check_depth",
    "excerpt_of",
    "finite_int",
    "loads_bounded",
    "reads_body",
]

# Deeper bodies are refused: real replies nest a dozen levels, and the frameworks' own
# validation and copying recurse once or more per level (Python's limit is 1,000 frames).
MAX_DEPTH = 100
# Longer integer literals are refused: no count or id needs them, and float() overflows on them.
MAX_INT_DIGITS = 40

_P = ParamSpec("_P")
_R = TypeVar("_R")
_repr = reprlib.Repr()
_repr.maxlevel = 4
_repr.maxstring = 200


def reads_body(what: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Any failure of the wrapped reader other than a `GPTProtoError` becomes
    `UnexpectedResponseError`; the body excerpt comes from the last positional argument
    (a body, an SSE data string, or a parsed result with a `raw` body)."""

    def decorate(reader: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(reader)
        def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            try:
                return reader(*args, **kwargs)
            except GPTProtoError:
                raise
            except Exception as exc:  # the boundary: a body must not crash us any other way
                source = args[-1] if args else None
                raise UnexpectedResponseError(
                    f"gptproto sent a {what} we cannot read ({type(exc).__name__})",
                    body=excerpt_of(source),
                ) from exc

        return guarded

    return decorate


def excerpt_of(value: Any) -> str:
    """A short, safe text of a body of any shape (never raises)."""
    raw = getattr(value, "raw", None)
    if isinstance(raw, Mapping) and raw:
        value = raw
    if isinstance(value, bytes):
        return excerpt(value[:1000].decode("utf-8", "replace"))
    if isinstance(value, str):
        return excerpt(value)
    try:
        return excerpt(json.dumps(value, default=str, ensure_ascii=False)[:1000])
    except (TypeError, ValueError, RecursionError):
        return excerpt(_repr.repr(value))


def _bounded_int(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {len(literal)} digits")
    return int(literal)


_LONG_DIGITS = re.compile(rf"\d{{{MAX_INT_DIGITS + 1}}}")
_LONG_DIGITS_BYTES = re.compile(_LONG_DIGITS.pattern.encode())


def loads_bounded(data: str | bytes, what: str = "body") -> Any:
    """`json.loads` that refuses deep nesting and huge integers with `UnexpectedResponseError`.

    The checks cost nothing on ordinary bodies (a stream's chunks are parsed by the thousand):
    integers go through the bounded parser only when the text holds a long run of digits, and
    the depth is walked only when the text has more brackets than the limit allows.
    """
    digits = _LONG_DIGITS_BYTES if isinstance(data, bytes) else _LONG_DIGITS
    try:
        if digits.search(data) is None:  # type: ignore[arg-type]
            value = json.loads(data)
        else:
            value = json.loads(data, parse_int=_bounded_int)
    except (ValueError, RecursionError) as exc:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        raise UnexpectedResponseError(
            f"gptproto sent a {what} that is not readable JSON ({exc})", body=excerpt(text[:1000])
        ) from None
    brackets = (b"{", b"[") if isinstance(data, bytes) else ("{", "[")
    if data.count(brackets[0]) + data.count(brackets[1]) > MAX_DEPTH:  # type: ignore[arg-type]
        check_depth(value, what)
    return value


def check_depth(value: Any, what: str = "body") -> None:
    """Refuse a decoded body nested deeper than `MAX_DEPTH` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Any = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth > MAX_DEPTH:
            raise UnexpectedResponseError(
                f"gptproto sent a {what} nested deeper than {MAX_DEPTH} levels",
                body=excerpt_of(value),
            )
        stack.extend((c, depth + 1) for c in children if isinstance(c, Mapping | list | tuple))


def as_mapping(value: Any) -> Mapping[str, Any]:
    """The value if it is an object, else an empty one (a null or a wrong type reads as absent)."""
    return value if isinstance(value, Mapping) else {}


def as_text(value: Any) -> str | None:
    """Ids, names and reasons as text: a string as it is, a number as its digits, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return None


def finite_int(value: Any) -> int | None:
    """A token count: ints and finite floats; bools, NaN, Infinity and other types are None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return None
