"""Checks a chat body against the documented contract and names the first field that breaks it.

Follows API.md §3.4/§3.5 (messages, image parts), §4 (``file`` and ``file_url`` parts),
§5.4/§5.5/§6/§13 (same route, other vendors) and, where the docs say "standard OpenAI Chat
Completions semantics", OpenAI's rules for ``tools``, ``tool_choice``, ``response_format``,
``stop`` and friends.

    >>> body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    >>> validate_chat_request(body).model
    'gpt-4o'
"""

from __future__ import annotations

import re
from typing import Any

from gptproto_emulator.chat.request import ChatRequest, JSONObject

ROLES = ("system", "developer", "user", "assistant", "tool")
PART_TYPES = ("text", "image_url", "file", "file_url", "input_audio")
RESPONSE_FORMATS = ("text", "json_object", "json_schema")
_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class RequestError(ValueError):
    """The body breaks the contract; the message names the field."""


def validate_chat_request(body: Any) -> ChatRequest:
    """Return the request as :class:`ChatRequest`, or raise :class:`RequestError`."""
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object")
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        raise RequestError("'model' is required and must be a non-empty string")
    messages = _messages(body.get("messages"))
    _sampling(body)
    tools = _tools(body.get("tools"))
    tool_choice = _tool_choice(body.get("tool_choice"), tools)
    stream = _optional_bool(body, "stream")
    include_usage = _stream_options(body.get("stream_options"), stream)
    parallel = _optional_bool(body, "parallel_tool_calls", default=True)
    return ChatRequest(
        model=model,
        messages=messages,
        tools=tools,
        tool_choice=tool_choice,
        parallel_tool_calls=parallel,
        response_format=_response_format(body.get("response_format")),
        stop=_stop(body.get("stop")),
        max_tokens=_max_tokens(body),
        stream=stream,
        include_usage=include_usage,
    )


# messages -----------------------------------------------------------------------------------------


def _messages(messages: Any) -> list[JSONObject]:
    if not isinstance(messages, list) or not messages:
        raise RequestError("'messages' is required and must be a non-empty list")
    tool_call_ids: set[str] = set()
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        if not isinstance(message, dict):
            raise RequestError(f"Invalid '{where}': expected an object with 'role' and 'content'")
        role = message.get("role")
        if role not in ROLES:
            raise RequestError(f"Invalid '{where}.role': {role!r} is not one of {', '.join(ROLES)}")
        if role == "assistant":
            tool_call_ids.update(_assistant_tool_calls(message, where))
            if message.get("content") is not None:
                _content(message["content"], where)
        else:
            _content(message.get("content"), where)
        if role == "tool":
            _tool_answer(message, where, tool_call_ids)
    return messages


def _content(content: Any, where: str) -> None:
    if isinstance(content, str):
        return
    if not isinstance(content, list) or not content:
        raise RequestError(
            f"Invalid '{where}.content': expected a string or a non-empty list of content parts"
        )
    for index, part in enumerate(content):
        _part(part, f"{where}.content[{index}]")


def _part(part: Any, where: str) -> None:
    if not isinstance(part, dict):
        raise RequestError(f"Invalid '{where}': a content part must be an object with 'type'")
    kind = part.get("type")
    if kind not in PART_TYPES:
        raise RequestError(
            f"Invalid '{where}.type': {kind!r} is not supported; "
            f"expected one of {', '.join(PART_TYPES)}"
        )
    if kind == "text" and not isinstance(part.get("text"), str):
        raise RequestError(f"Invalid '{where}.text': a text part needs a string 'text'")
    if kind == "image_url" and not _has_str(part.get("image_url"), "url"):
        raise RequestError(f"Invalid '{where}.image_url': expected an object with a string 'url'")
    if kind == "file":
        file = part.get("file")
        if not (_has_str(file, "file_data") or _has_str(file, "file_id")):
            raise RequestError(
                f"Invalid '{where}.file': expected an object with 'file_data' or 'file_id'"
            )
    if kind == "file_url" and not _has_str(part.get("file_url"), "url"):
        raise RequestError(f"Invalid '{where}.file_url': expected an object with a string 'url'")
    if kind == "input_audio":
        audio = part.get("input_audio")
        if not (_has_str(audio, "data") and _has_str(audio, "format")):
            raise RequestError(
                f"Invalid '{where}.input_audio': expected an object with string 'data' and 'format'"
            )


def _has_str(value: Any, key: str) -> bool:
    return isinstance(value, dict) and isinstance(value.get(key), str) and bool(value[key])


def _assistant_tool_calls(message: JSONObject, where: str) -> list[str]:
    calls = message.get("tool_calls")
    if calls is None:
        if message.get("content") is None:
            raise RequestError(
                f"Invalid '{where}': an assistant message needs content or tool_calls"
            )
        return []
    if not isinstance(calls, list) or not calls:
        raise RequestError(f"Invalid '{where}.tool_calls': expected a non-empty list")
    ids: list[str] = []
    for index, call in enumerate(calls):
        at = f"{where}.tool_calls[{index}]"
        if not isinstance(call, dict) or not isinstance(call.get("id"), str) or not call["id"]:
            raise RequestError(f"Invalid '{at}.id': each tool call needs a string 'id'")
        if call.get("type") != "function":
            raise RequestError(f"Invalid '{at}.type': expected 'function'")
        function = call.get("function")
        if not isinstance(function, dict) or not _has_str(function, "name"):
            raise RequestError(f"Invalid '{at}.function.name': expected a non-empty string")
        if not isinstance(function.get("arguments"), str):
            raise RequestError(
                f"Invalid '{at}.function.arguments': expected a string (JSON-encoded arguments)"
            )
        ids.append(call["id"])
    return ids


def _tool_answer(message: JSONObject, where: str, known_ids: set[str]) -> None:
    call_id = message.get("tool_call_id")
    if not isinstance(call_id, str) or not call_id:
        raise RequestError(f"Invalid '{where}.tool_call_id': a tool message needs 'tool_call_id'")
    if call_id not in known_ids:
        raise RequestError(
            f"Invalid '{where}.tool_call_id': {call_id!r} does not answer a tool call "
            "of an earlier assistant message"
        )


# sampling and limits ------------------------------------------------------------------------------


def _sampling(body: JSONObject) -> None:
    for name, high in (("temperature", 2.0), ("top_p", 1.0)):
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= high:
            raise RequestError(f"Invalid '{name}': expected a number between 0 and {high:g}")
    n = body.get("n")
    if n is not None and (isinstance(n, bool) or n != 1):
        raise RequestError("Invalid 'n': only n=1 is supported")


def _max_tokens(body: JSONObject) -> int | None:
    limits: list[int] = []
    for name in ("max_tokens", "max_completion_tokens"):
        value = body.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise RequestError(f"Invalid '{name}': expected a positive integer")
        limits.append(value)
    return min(limits) if limits else None


def _stop(stop: Any) -> list[str]:
    if stop is None:
        return []
    if isinstance(stop, str):
        return [stop]
    if isinstance(stop, list) and len(stop) <= 4 and all(isinstance(s, str) for s in stop):
        return [s for s in stop if s]
    raise RequestError("Invalid 'stop': expected a string or a list of at most 4 strings")


def _optional_bool(body: JSONObject, name: str, *, default: bool = False) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise RequestError(f"Invalid '{name}': expected true or false")
    return value


def _stream_options(options: Any, stream: bool) -> bool:
    if options is None:
        return False
    if not stream:
        raise RequestError("Invalid 'stream_options': only allowed when 'stream' is true")
    if not isinstance(options, dict):
        raise RequestError("Invalid 'stream_options': expected an object")
    include = options.get("include_usage", False)
    if not isinstance(include, bool):
        raise RequestError("Invalid 'stream_options.include_usage': expected true or false")
    return include


# tools and output format --------------------------------------------------------------------------


def _tools(tools: Any) -> list[JSONObject]:
    if tools is None:
        return []
    if not isinstance(tools, list) or not tools:
        raise RequestError("Invalid 'tools': expected a non-empty list of function tools")
    for index, tool in enumerate(tools):
        where = f"tools[{index}]"
        if not isinstance(tool, dict) or tool.get("type") != "function":
            raise RequestError(f"Invalid '{where}.type': expected 'function'")
        function = tool.get("function")
        if not isinstance(function, dict):
            raise RequestError(f"Invalid '{where}.function': expected an object")
        name = function.get("name")
        if not isinstance(name, str) or not _TOOL_NAME.match(name):
            raise RequestError(
                f"Invalid '{where}.function.name': expected 1-64 letters, digits, '_' or '-'"
            )
        if "parameters" in function and not isinstance(function["parameters"], dict):
            raise RequestError(
                f"Invalid '{where}.function.parameters': expected a JSON schema object"
            )
        description = function.get("description")
        if description is not None and not isinstance(description, str):
            raise RequestError(f"Invalid '{where}.function.description': expected a string")
    return tools


def _tool_choice(choice: Any, tools: list[JSONObject]) -> str | JSONObject | None:
    if choice is None:
        return None
    names = {t["function"]["name"] for t in tools}
    if choice in ("none", "auto"):
        return str(choice)
    if choice == "required":
        if not tools:
            raise RequestError("Invalid 'tool_choice': 'required' needs 'tools'")
        return "required"
    if isinstance(choice, dict) and choice.get("type") == "function":
        function = choice.get("function")
        name = function.get("name") if isinstance(function, dict) else None
        if isinstance(name, str) and name in names:
            return choice
        raise RequestError(
            f"Invalid 'tool_choice.function.name': {name!r} is not one of the offered tools"
        )
    raise RequestError(
        "Invalid 'tool_choice': expected 'none', 'auto', 'required' or "
        '{"type": "function", "function": {"name": ...}}'
    )


def _response_format(value: Any) -> JSONObject | None:
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in RESPONSE_FORMATS:
        raise RequestError(
            f"Invalid 'response_format.type': expected one of {', '.join(RESPONSE_FORMATS)}"
        )
    if value["type"] == "json_schema":
        spec = value.get("json_schema")
        if not isinstance(spec, dict):
            raise RequestError("Invalid 'response_format.json_schema': expected an object")
        if not isinstance(spec.get("name"), str) or not spec["name"]:
            raise RequestError("Invalid 'response_format.json_schema.name': expected a string")
        if not isinstance(spec.get("schema"), dict):
            raise RequestError(
                "Invalid 'response_format.json_schema.schema': expected a JSON schema object"
            )
    return value
