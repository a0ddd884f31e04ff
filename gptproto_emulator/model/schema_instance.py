"""Build a value that fits a JSON schema from the literals of the user's text.

Rules (docs/emulator.md): integer → next integer literal; number → next numeric literal;
boolean → default or false; string → quoted phrase, else default, else the longest run of
Capitalized Words, else the text (trimmed to 100 characters); enum → the first value named in
the text, else the first value; array → one item; object → required properties, plus optional
ones when the text holds a literal for them; ``anyOf``/``oneOf`` → first non-null branch;
``$ref`` → resolved in ``$defs``/``definitions``.

With the tool results (``results``, newest first): a string property with an id name (``task_id``,
``taskId``, ``id``) takes its value from the result first (``task_id='…'``, else a ``- U1: …``
line whose label the user named), and an optional one is added when the result has a value for
it; any other string property uses ``<name>=<value>`` from the result only where it would
otherwise fall back to the whole text.

    >>> props = {"input": {"type": "integer"}}
    >>> schema = {"type": "object", "properties": props, "required": ["input"]}
    >>> build_instance(schema, Literals("magic_function(3)"))
    {'input': 3}
"""

from __future__ import annotations

import re
from typing import Any

from gptproto_emulator.model.literals import Literals
from gptproto_emulator.model.result_values import ResultValues, is_id_name

Schema = dict[str, Any]
_MAX_DEPTH = 12
_TEXT_LIMIT = 100
_FORMAT_DEFAULTS = {
    "date": ("1970-01-01", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    "date-time": (
        "1970-01-01T00:00:00Z",
        re.compile(r"\b\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-][\d:]+)?"),
    ),
    "time": ("00:00:00", re.compile(r"\b\d{2}:\d{2}(?::\d{2})?\b")),
    "email": ("user@example.com", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    "uri": ("https://example.com/", re.compile(r"https?://\S+")),
    "uuid": ("00000000-0000-0000-0000-000000000000", re.compile(r"\b[0-9a-fA-F-]{36}\b")),
}


def build_instance(schema: Schema, literals: Literals, results: ResultValues | None = None) -> Any:
    """A value valid for ``schema`` (the root of its ``$ref``s), filled from ``literals`` and,
    for the properties named above, from the tool results ``results``."""
    return _Builder(schema, literals, results).build(schema, 0)


class _Builder:
    def __init__(self, root: Schema, literals: Literals, results: ResultValues | None) -> None:
        self.root = root
        self.literals = literals
        self.results = results

    def resolve(self, schema: Any) -> Schema:
        """Follow ``$ref`` and pick the first non-null ``anyOf``/``oneOf`` branch."""
        for _ in range(_MAX_DEPTH):
            if not isinstance(schema, dict):
                return {}
            if isinstance(schema.get("$ref"), str):
                schema = self.lookup(schema["$ref"])
                continue
            branches = schema.get("anyOf") or schema.get("oneOf")
            if isinstance(branches, list) and branches:
                merged = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
                chosen = next((b for b in branches if not _is_null(b)), branches[0])
                schema = {**merged, **self.resolve(chosen)}
                continue
            if isinstance(schema.get("allOf"), list):
                merged = {k: v for k, v in schema.items() if k != "allOf"}
                for part in schema["allOf"]:
                    merged = _merge(merged, self.resolve(part))
                schema = merged
                continue
            return schema
        return {}

    def lookup(self, ref: str) -> Any:
        node: Any = self.root
        for key in ref.removeprefix("#").strip("/").split("/"):
            if not key:
                continue
            node = (
                node.get(key.replace("~1", "/").replace("~0", "~"))
                if isinstance(node, dict)
                else None
            )
        return node

    def build(self, schema: Any, depth: int, name: str | None = None) -> Any:
        """A value for ``schema``; ``name`` is the property it fills, if any."""
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self.enum(schema["enum"])
        kind = _type_of(schema)
        if depth >= _MAX_DEPTH:
            return _empty(kind)
        if kind == "object":
            return self.object(schema, depth)
        if kind == "array":
            return self.array(schema, depth)
        if kind == "integer":
            return self.integer(schema)
        if kind == "number":
            return self.number(schema)
        if kind == "boolean":
            default = schema.get("default")
            return default if isinstance(default, bool) else False
        if kind == "null":
            return None
        return self.string(schema, name)

    def enum(self, values: list[Any]) -> Any:
        named = self.literals.mentioned(v for v in values if v is not None)
        if named is not None:
            return named
        return next((v for v in values if v is not None), values[0])

    def object(self, schema: Schema, depth: int) -> dict[str, Any]:
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return {}
        required = [k for k in schema.get("required", []) if k in properties]
        values: dict[str, Any] = {}
        for name in required:
            values[name] = self.build(properties[name], depth + 1, name)
        for name, sub in properties.items():
            if name not in values and self.has_literal(sub, name):
                values[name] = self.build(sub, depth + 1, name)
        return {name: values[name] for name in properties if name in values}

    def array(self, schema: Schema, depth: int) -> list[Any]:
        items = schema.get("items", {})
        count = max(1, _int(schema.get("minItems"), 1))
        maximum = schema.get("maxItems")
        if isinstance(maximum, int):
            count = min(count, maximum)
        if isinstance(schema.get("prefixItems"), list):
            return [self.build(item, depth + 1) for item in schema["prefixItems"]]
        return [self.build(items, depth + 1) for _ in range(count)]

    def integer(self, schema: Schema) -> int:
        value = self.literals.take_integer()
        if value is None:
            default = schema.get("default")
            if isinstance(default, int) and not isinstance(default, bool):
                return default
            value = 0
        low, high = _bounds(schema, step=1)
        if low is not None and value < low:
            value = int(-(-low // 1))
        if high is not None and value > high:
            value = int(high // 1)
        return value

    def number(self, schema: Schema) -> int | float:
        value = self.literals.take_number()
        if value is None:
            default = schema.get("default")
            if isinstance(default, int | float) and not isinstance(default, bool):
                return default
            value = 0
        low, high = _bounds(schema, step=0.001)
        if low is not None and value < low:
            value = low
        if high is not None and value > high:
            value = high
        return value

    def string(self, schema: Schema, name: str | None) -> str:
        value = self.result_id(name)
        if value is None and self.results is not None and name is not None:
            # A value a tool result hands over by name (`image='https://...'`) is
            # what a model copies into the next call, before any phrase of the user's.
            value = self.results.keyed(name)
        if value is not None:
            return _fit(schema, value)
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt in _FORMAT_DEFAULTS:
            fallback, pattern = _FORMAT_DEFAULTS[fmt]
            found = pattern.search(self.literals.text)
            return found.group(0) if found else fallback
        value = self.literals.take_phrase(media=is_media_name(name))
        if value is not None and not _matches(schema, value):
            value = None
        if value is None and isinstance(schema.get("default"), str):
            value = schema["default"]
        if value is None:
            value = self.literals.take_run()
        if value is None:
            value = self.literals.text.strip()[:_TEXT_LIMIT]
        return _fit(schema, value)

    def result_id(self, name: str | None) -> str | None:
        """The value the tool results give the id property ``name``, if any."""
        if self.results is None or name is None or not is_id_name(name):
            return None
        return self.results.take_id(name)

    def has_literal(self, schema: Any, name: str) -> bool:
        """Whether the text (or, for an id, the tool results) holds a value for an
        optional property."""
        schema = self.resolve(schema)
        if isinstance(schema.get("enum"), list):
            return self.literals.mentioned(v for v in schema["enum"] if v is not None) is not None
        kind = _type_of(schema)
        if kind == "integer":
            return self.literals.has_integer()
        if kind == "number":
            return self.literals.has_number()
        if kind == "string":
            if self.results is not None and is_id_name(name) and self.results.has_id(name):
                return True
            return (
                "format" not in schema
                and "pattern" not in schema
                and self.literals.has_phrase(media=is_media_name(name))
            )
        return False


_MEDIA_NAME = re.compile(
    r"(?:^|[_-])(?:image|images|url|uri|file|frame|mask|audio|video|photo|picture)$", re.IGNORECASE
)


def is_media_name(name: str | None) -> bool:
    """Whether a property takes a file: ``image``, ``end_image``, ``first_frame``, ``audio_url``.

    >>> [is_media_name(n) for n in ("image", "first_frame", "image_url", "prompt", "imagery")]
    [True, True, True, False, False]
    """
    return name is not None and bool(_MEDIA_NAME.search(name))


def _matches(schema: Schema, value: str) -> bool:
    """Whether ``value`` fits the schema's ``pattern`` (a model does not send a size of "a fox")."""
    pattern = schema.get("pattern")
    if not isinstance(pattern, str):
        return True
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True


def _fit(schema: Schema, value: str) -> str:
    """``value`` padded or cut to the schema's ``minLength`` / ``maxLength``."""
    low = _int(schema.get("minLength"), 0)
    high = schema.get("maxLength")
    if len(value) < low:
        value = value + "x" * (low - len(value))
    if isinstance(high, int) and len(value) > high:
        value = value[:high]
    return value


def _type_of(schema: Schema) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "string"


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def _merge(left: Schema, right: Schema) -> Schema:
    merged = {**left, **right}
    if isinstance(left.get("properties"), dict) and isinstance(right.get("properties"), dict):
        merged["properties"] = {**left["properties"], **right["properties"]}
    required = list(left.get("required", [])) + list(right.get("required", []))
    if required:
        merged["required"] = list(dict.fromkeys(required))
    return merged


def _bounds(schema: Schema, *, step: float) -> tuple[float | None, float | None]:
    low = schema.get("minimum")
    high = schema.get("maximum")
    exclusive_low = schema.get("exclusiveMinimum")
    exclusive_high = schema.get("exclusiveMaximum")
    if isinstance(exclusive_low, int | float) and not isinstance(exclusive_low, bool):
        low = exclusive_low + step
    if isinstance(exclusive_high, int | float) and not isinstance(exclusive_high, bool):
        high = exclusive_high - step
    return (
        low if isinstance(low, int | float) else None,
        high if isinstance(high, int | float) else None,
    )


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _empty(kind: str) -> Any:
    return {
        "object": {},
        "array": [],
        "integer": 0,
        "number": 0,
        "boolean": False,
        "null": None,
    }.get(kind, "")
