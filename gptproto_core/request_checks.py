"""Call options checked before any request: sampling ranges, token limits and tool schemas.

    check_options(temperature=0.7, top_p=None, max_tokens=512, tools=[...])  # or InvalidInputError

The ranges are the common contract of the models behind gptproto (OpenAI, Gemini and Grok take
temperature 0–2, Anthropic 0–1; top_p is a probability). A gateway that accepts more can widen
them for the whole process, or switch one check off with None (docs/api-choices.md):

    import gptproto_core.request_checks as checks
    checks.SAMPLING_RANGES["temperature"] = (0.0, 5.0)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from gptproto_core.errors import InvalidInputError

__all__ = ["SAMPLING_RANGES", "TOOL_NAME", "check_options", "check_tools"]

SAMPLING_RANGES: dict[str, tuple[float, float] | None] = {
    "temperature": (0.0, 2.0),
    "top_p": (0.0, 1.0),
}
# The function-name rule of OpenAI-compatible APIs; upstreams reject other names with a 400.
TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def check_options(
    *,
    temperature: Any,
    top_p: Any,
    max_tokens: Any,
    tools: Sequence[Any] | None,
) -> None:
    """Raise `InvalidInputError`, naming the field, for a value the API would refuse."""
    for name, value in (("temperature", temperature), ("top_p", top_p)):
        _check_range(name, value)
    if max_tokens is not None and (
        isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens <= 0
    ):
        raise InvalidInputError(
            f"max_tokens={max_tokens!r}: give a positive whole number of tokens, or leave it "
            "unset for the model's default"
        )
    check_tools(tools)


def _check_range(name: str, value: Any) -> None:
    bounds = SAMPLING_RANGES.get(name)
    if value is None or bounds is None:
        return
    low, high = bounds
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not low <= value <= high:
        raise InvalidInputError(
            f"{name}={value!r}: give a number from {low:g} to {high:g} (a gateway that takes "
            f"more can widen gptproto_core.request_checks.SAMPLING_RANGES[{name!r}])"
        )


def check_tools(tools: Sequence[Any] | None) -> None:
    """Function tools need a valid name and an object schema as `parameters`; built-in tools
    (web_search_preview, ...) are passed on as given."""
    for tool in tools or ():
        if not isinstance(tool, Mapping):
            raise InvalidInputError(f"a tool must be a dict, got {type(tool).__name__}")
        if tool.get("type", "function") != "function":
            continue
        function = tool.get("function", tool)
        if not isinstance(function, Mapping):
            raise InvalidInputError("a function tool needs a 'function' object")
        name = function.get("name")
        if not isinstance(name, str) or not TOOL_NAME.match(name):
            raise InvalidInputError(
                f"tool name {name!r}: use 1 to 64 letters, digits, '_' or '-' (e.g. 'get_weather')"
            )
        parameters = function.get("parameters")
        if parameters is not None and not _is_object_schema(parameters):
            raise InvalidInputError(
                f"tool {name!r}: 'parameters' must be a JSON object schema, "
                '{"type": "object", "properties": {...}}; wrap a single value in a property'
            )


def _is_object_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    kind = schema.get("type", "object" if "properties" in schema or not schema else None)
    return kind == "object" and isinstance(schema.get("properties", {}), Mapping)
