"""Checks a ``POST /v1/responses`` body and names the first field that breaks the contract.

API.md §3.6/§3.7 require ``model`` and ``input`` and say "OpenAI Responses semantics
otherwise": every other rule here is OpenAI's (UPSTREAM) — flat function tools, ``text.format``
instead of ``response_format``, ``reasoning.effort``/``summary`` values. One OpenAI rule is not
kept: OpenAI's deep-research models refuse a request without a data-source tool, but gptproto's
own o-series example (§3.7) is ``{"model": "o3-deep-research", "input": "…"}`` with no tools,
and gptproto's docs are the authority over upstream, so that body is answered.

    >>> validate_responses_request({"model": "gpt-4.1", "input": "Hi"}).input
    [{'role': 'user', 'content': 'Hi'}]
"""

from __future__ import annotations

from typing import Any

from gptproto_emulator.chat.validation import RequestError
from gptproto_emulator.responses.input import TOOL_NAME, validate_input
from gptproto_emulator.responses.request import (
    TOOL_TYPES,
    WEB_SEARCH_TYPES,
    JSONObject,
    ResponsesRequest,
)

EFFORTS = ("minimal", "low", "medium", "high")
SUMMARIES = ("auto", "concise", "detailed")
FORMATS = ("text", "json_object", "json_schema")
VERBOSITIES = ("low", "medium", "high")
CONTEXT_SIZES = ("low", "medium", "high")
MAX_METADATA_KEYS = 16


def validate_responses_request(body: Any) -> ResponsesRequest:
    """Return the body as :class:`ResponsesRequest`, or raise :class:`RequestError`."""
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object")
    _moved_fields(body)
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        raise RequestError("'model' is required and must be a non-empty string")
    items = validate_input(body.get("input"))
    tools = _tools(body.get("tools"))
    request = ResponsesRequest(
        model=model,
        input=items,
        instructions=_optional(body, "instructions", str, "a string"),
        tools=tools,
        tool_choice=_tool_choice(body.get("tool_choice"), tools),
        parallel_tool_calls=_bool(body, "parallel_tool_calls", default=True),
        reasoning=_reasoning(body.get("reasoning")),
        max_output_tokens=_max_output_tokens(body.get("max_output_tokens")),
        temperature=_number(body, "temperature", 2.0),
        top_p=_number(body, "top_p", 1.0),
        text_format=_text_format(body.get("text")),
        verbosity=_verbosity(body.get("text")),
        stream=_bool(body, "stream"),
        store=_bool(body, "store", default=True),
        metadata=_metadata(body.get("metadata")),
        previous_response_id=_optional(body, "previous_response_id", str, "a string"),
    )
    return request


def _moved_fields(body: JSONObject) -> None:
    """Chat-completions fields a Responses client must not send (OpenAI's own 400s)."""
    if body.get("response_format") is not None:
        raise RequestError(
            "Unsupported parameter: 'response_format'. In the Responses API, this parameter "
            "has moved to 'text.format'"
        )
    if body.get("input") is None and body.get("messages") is not None:
        raise RequestError("'input' is required: the Responses API takes 'input', not 'messages'")


# scalars ------------------------------------------------------------------------------------------


def _optional(body: JSONObject, name: str, kind: type, what: str) -> Any:
    value = body.get(name)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise RequestError(f"Invalid '{name}': expected {what}")
    return value


def _bool(body: JSONObject, name: str, *, default: bool = False) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise RequestError(f"Invalid '{name}': expected true or false")
    return value


def _number(body: JSONObject, name: str, high: float) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= high:
        raise RequestError(f"Invalid '{name}': expected a number between 0 and {high:g}")
    return float(value)


def _max_output_tokens(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RequestError("Invalid 'max_output_tokens': expected a positive integer")
    return value


def _metadata(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise RequestError("Invalid 'metadata': expected an object of string values")
    if len(value) > MAX_METADATA_KEYS:
        raise RequestError(f"Invalid 'metadata': at most {MAX_METADATA_KEYS} keys")
    return {str(k): v for k, v in value.items()}


# reasoning and text format ------------------------------------------------------------------------


def _reasoning(value: Any) -> JSONObject | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RequestError("Invalid 'reasoning': expected an object with 'effort' and/or 'summary'")
    if value.get("effort") is not None and value["effort"] not in EFFORTS:
        raise RequestError(f"Invalid 'reasoning.effort': expected one of {', '.join(EFFORTS)}")
    if value.get("summary") is not None and value["summary"] not in SUMMARIES:
        raise RequestError(f"Invalid 'reasoning.summary': expected one of {', '.join(SUMMARIES)}")
    return value


def _text_format(text: Any) -> JSONObject:
    if text is None:
        return {"type": "text"}
    if not isinstance(text, dict):
        raise RequestError("Invalid 'text': expected an object with 'format'")
    fmt = text.get("format")
    if fmt is None:
        return {"type": "text"}
    if not isinstance(fmt, dict) or fmt.get("type") not in FORMATS:
        raise RequestError(f"Invalid 'text.format.type': expected one of {', '.join(FORMATS)}")
    if fmt["type"] == "json_schema":
        _json_schema_format(fmt)
    return fmt


def _json_schema_format(fmt: JSONObject) -> None:
    if "json_schema" in fmt and "schema" not in fmt:
        raise RequestError(
            "Invalid 'text.format.schema': the Responses API takes 'name' and 'schema' directly "
            "in 'text.format', not nested under 'json_schema'"
        )
    name = fmt.get("name")
    if not isinstance(name, str) or not TOOL_NAME.match(name):
        raise RequestError("Invalid 'text.format.name': expected 1-64 letters, digits, '_' or '-'")
    if not isinstance(fmt.get("schema"), dict):
        raise RequestError("Invalid 'text.format.schema': expected a JSON schema object")
    if fmt.get("strict") is not None and not isinstance(fmt["strict"], bool):
        raise RequestError("Invalid 'text.format.strict': expected true or false")


def _verbosity(text: Any) -> str | None:
    value = text.get("verbosity") if isinstance(text, dict) else None
    if value is not None and value not in VERBOSITIES:
        raise RequestError(f"Invalid 'text.verbosity': expected one of {', '.join(VERBOSITIES)}")
    return value


# tools --------------------------------------------------------------------------------------------


def _tools(value: Any) -> list[JSONObject]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RequestError("Invalid 'tools': expected a list of tools")
    for index, tool in enumerate(value):
        _tool(tool, f"tools[{index}]")
    return value


def _tool(tool: Any, where: str) -> None:
    kind = tool.get("type") if isinstance(tool, dict) else None
    if not isinstance(tool, dict) or kind not in TOOL_TYPES:
        raise RequestError(
            f"Invalid '{where}.type': {kind!r} is not supported; expected one of "
            f"{', '.join(TOOL_TYPES)}"
        )
    if kind == "function":
        _function_tool(tool, where)
    elif kind in WEB_SEARCH_TYPES:
        size = tool.get("search_context_size")
        if size is not None and size not in CONTEXT_SIZES:
            raise RequestError(
                f"Invalid '{where}.search_context_size': expected one of {', '.join(CONTEXT_SIZES)}"
            )
    elif kind == "file_search":
        ids = tool.get("vector_store_ids")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise RequestError(f"Invalid '{where}.vector_store_ids': expected a list of ids")
    elif not isinstance(tool.get("server_label"), str) or not tool["server_label"]:
        raise RequestError(f"Invalid '{where}.server_label': an mcp tool needs a 'server_label'")


def _function_tool(tool: JSONObject, where: str) -> None:
    if "name" not in tool and isinstance(tool.get("function"), dict):
        raise RequestError(
            f"Invalid '{where}.name': the Responses API takes a flat function tool "
            '{"type": "function", "name", "parameters", ...}, not the chat-completions '
            "nested 'function' object"
        )
    name = tool.get("name")
    if not isinstance(name, str) or not TOOL_NAME.match(name):
        raise RequestError(f"Invalid '{where}.name': expected 1-64 letters, digits, '_' or '-'")
    if tool.get("parameters") is not None and not isinstance(tool["parameters"], dict):
        raise RequestError(f"Invalid '{where}.parameters': expected a JSON schema object")
    if tool.get("description") is not None and not isinstance(tool["description"], str):
        raise RequestError(f"Invalid '{where}.description': expected a string")
    if tool.get("strict") is not None and not isinstance(tool["strict"], bool):
        raise RequestError(f"Invalid '{where}.strict': expected true or false")


def _tool_choice(choice: Any, tools: list[JSONObject]) -> str | JSONObject:
    if choice is None:
        return "auto"
    if choice in ("none", "auto"):
        return str(choice)
    if choice == "required":
        if not tools:
            raise RequestError("Invalid 'tool_choice': 'required' needs 'tools'")
        return "required"
    if isinstance(choice, dict) and choice.get("type") == "function":
        name = choice.get("name")
        if name is None and isinstance(choice.get("function"), dict):
            raise RequestError(
                "Invalid 'tool_choice.name': the Responses API takes "
                '{"type": "function", "name": ...}, not a nested \'function\' object'
            )
        if isinstance(name, str) and name in {t.get("name") for t in tools}:
            return choice
        raise RequestError(f"Invalid 'tool_choice.name': {name!r} is not one of the offered tools")
    raise RequestError(
        "Invalid 'tool_choice': expected 'none', 'auto', 'required' or "
        '{"type": "function", "name": ...}'
    )
