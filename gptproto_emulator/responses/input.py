"""``input`` of ``POST /v1/responses``: check the items, then turn them into chat messages.

API.md §3.6 shows a string input and the Dify-plugin parts (``input_text``, ``input_image``,
``input_file``); the other item types (``function_call``, ``function_call_output``,
``reasoning``, ``web_search_call``, ``file_search_call``) and the role-specific part types
follow the OpenAI Responses API (UPSTREAM). The shared scripted model then reads the chat
messages exactly as it reads a chat-completions body.

    >>> parts = [{"type": "input_text", "text": "Hi"}]
    >>> chat_messages(validate_input([{"role": "user", "content": parts}]), [])
    [{'role': 'user', 'content': [{'type': 'text', 'text': 'Hi'}]}]
"""

from __future__ import annotations

import re
from typing import Any

from gptproto_emulator.chat.validation import RequestError

JSONObject = dict[str, Any]

ROLES = ("user", "assistant", "system", "developer")
INPUT_PARTS = ("input_text", "input_image", "input_file")
ASSISTANT_PARTS = ("output_text", "refusal")
IGNORED_ITEMS = ("reasoning", "web_search_call", "file_search_call")
ITEM_TYPES = ("message", "function_call", "function_call_output", *IGNORED_ITEMS)
IMAGE_DETAILS = ("low", "high", "auto")
TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def validate_input(value: Any) -> list[JSONObject]:
    """The input as a list of items (a string becomes one user message), or raise."""
    if isinstance(value, str):
        return [{"role": "user", "content": value}]
    if not isinstance(value, list) or not value:
        raise RequestError("'input' is required and must be a string or a non-empty list of items")
    for index, item in enumerate(value):
        _item(item, f"input[{index}]")
    return value


def item_type(item: JSONObject) -> str:
    """An item's type; an item with a ``role`` and no ``type`` is a message."""
    kind: str = item.get("type") or "message"
    return kind


def _item(item: Any, where: str) -> None:
    if not isinstance(item, dict):
        raise RequestError(f"Invalid '{where}': an input item must be an object")
    kind = item_type(item)
    if kind not in ITEM_TYPES:
        raise RequestError(
            f"Invalid '{where}.type': {kind!r} is not supported; expected one of "
            f"{', '.join(ITEM_TYPES)}"
        )
    if kind == "message":
        _message(item, where)
    elif kind == "function_call":
        _function_call(item, where)
    elif kind == "function_call_output":
        _function_call_output(item, where)


def _message(item: JSONObject, where: str) -> None:
    role = item.get("role")
    if role not in ROLES:
        raise RequestError(f"Invalid '{where}.role': {role!r} is not one of {', '.join(ROLES)}")
    content = item.get("content")
    if isinstance(content, str):
        return
    if not isinstance(content, list) or not content:
        raise RequestError(
            f"Invalid '{where}.content': expected a string or a non-empty list of content parts"
        )
    allowed = ASSISTANT_PARTS if role == "assistant" else INPUT_PARTS
    for index, part in enumerate(content):
        _part(part, f"{where}.content[{index}]", allowed, role)


def _part(part: Any, where: str, allowed: tuple[str, ...], role: str) -> None:
    if not isinstance(part, dict):
        raise RequestError(f"Invalid '{where}': a content part must be an object with 'type'")
    kind = part.get("type")
    if kind not in allowed:
        raise RequestError(
            f"Invalid '{where}.type': {kind!r} is not allowed in a {role} message; "
            f"expected one of {', '.join(allowed)}"
        )
    if kind in ("input_text", "output_text") and not isinstance(part.get("text"), str):
        raise RequestError(f"Invalid '{where}.text': expected a string")
    if kind == "refusal" and not isinstance(part.get("refusal"), str):
        raise RequestError(f"Invalid '{where}.refusal': expected a string")
    if kind == "input_image":
        _image(part, where)
    if kind == "input_file":
        _file(part, where)


def _image(part: JSONObject, where: str) -> None:
    if isinstance(part.get("image_url"), dict):
        raise RequestError(
            f"Invalid '{where}.image_url': expected a string (URL or data URI); the Responses "
            "API does not nest it in an object"
        )
    if not (_nonempty(part, "image_url") or _nonempty(part, "file_id")):
        raise RequestError(f"Invalid '{where}': an input_image needs 'image_url' or 'file_id'")
    detail = part.get("detail")
    if detail is not None and detail not in IMAGE_DETAILS:
        raise RequestError(f"Invalid '{where}.detail': expected one of {', '.join(IMAGE_DETAILS)}")


def _file(part: JSONObject, where: str) -> None:
    if _nonempty(part, "file_data"):
        if not part["file_data"].startswith("data:"):
            raise RequestError(f"Invalid '{where}.file_data': expected a data URI (data:...)")
        if not _nonempty(part, "filename"):
            raise RequestError(f"Invalid '{where}.filename': required with 'file_data'")
        return
    if not (_nonempty(part, "file_url") or _nonempty(part, "file_id")):
        raise RequestError(
            f"Invalid '{where}': an input_file needs 'file_url', 'file_data' (+ 'filename') "
            "or 'file_id'"
        )


def _function_call(item: JSONObject, where: str) -> None:
    if not _nonempty(item, "call_id"):
        raise RequestError(f"Invalid '{where}.call_id': a function_call needs a string 'call_id'")
    name = item.get("name")
    if not isinstance(name, str) or not TOOL_NAME.match(name):
        raise RequestError(f"Invalid '{where}.name': expected 1-64 letters, digits, '_' or '-'")
    if not isinstance(item.get("arguments"), str):
        raise RequestError(
            f"Invalid '{where}.arguments': expected a string (JSON-encoded arguments)"
        )


def _function_call_output(item: JSONObject, where: str) -> None:
    if not _nonempty(item, "call_id"):
        raise RequestError(f"Invalid '{where}.call_id': a function_call_output needs 'call_id'")
    output = item.get("output")
    if isinstance(output, str):
        return
    if not isinstance(output, list) or not output:
        raise RequestError(
            f"Invalid '{where}.output': expected a string or a non-empty list of input parts"
        )
    for index, part in enumerate(output):
        _part(part, f"{where}.output[{index}]", INPUT_PARTS, "function_call_output")


def _nonempty(value: JSONObject, key: str) -> bool:
    return isinstance(value.get(key), str) and bool(value[key])


# translation --------------------------------------------------------------------------------------


def chat_messages(items: list[JSONObject], history: list[JSONObject]) -> list[JSONObject]:
    """``history`` (the previous responses' conversation) followed by ``items`` as chat messages.

    Consecutive ``function_call`` items join the assistant message before them; a
    ``function_call_output`` must answer a call made earlier (here or in ``history``).
    """
    messages = list(history)
    known = {c["id"] for m in history for c in m.get("tool_calls") or []}
    for index, item in enumerate(items):
        kind = item_type(item)
        if kind == "message":
            messages.append(_chat_message(item))
        elif kind == "function_call":
            _add_call(messages, item)
            known.add(item["call_id"])
        elif kind == "function_call_output":
            if item["call_id"] not in known:
                raise RequestError(
                    f"Invalid 'input[{index}].call_id': {item['call_id']!r} answers no "
                    "function_call earlier in the input or in the previous response"
                )
            content = _chat_content(item["output"])
            messages.append({"role": "tool", "tool_call_id": item["call_id"], "content": content})
    return messages


def _chat_message(item: JSONObject) -> JSONObject:
    return {"role": item["role"], "content": _chat_content(item["content"])}


def _add_call(messages: list[JSONObject], item: JSONObject) -> None:
    call = {
        "id": item["call_id"],
        "type": "function",
        "function": {"name": item["name"], "arguments": item["arguments"]},
    }
    last = messages[-1] if messages else None
    if last is not None and last["role"] == "assistant":
        messages[-1] = {**last, "tool_calls": [*(last.get("tool_calls") or []), call]}
    else:
        messages.append({"role": "assistant", "content": None, "tool_calls": [call]})


def _chat_content(content: str | list[JSONObject]) -> str | list[JSONObject]:
    if isinstance(content, str):
        return content
    return [_chat_part(part) for part in content]


def _chat_part(part: JSONObject) -> JSONObject:
    """One Responses part as the chat part the attachment inspector understands."""
    kind = part["type"]
    if kind in ("input_text", "output_text"):
        return {"type": "text", "text": part["text"]}
    if kind == "refusal":
        return {"type": "text", "text": part["refusal"]}
    if kind == "input_image":
        if part.get("image_url"):
            return {"type": "image_url", "image_url": {"url": part["image_url"]}}
        return {"type": "file", "file": {"file_id": part["file_id"]}}
    if part.get("file_data"):
        file = {"file_data": part["file_data"], "filename": part["filename"]}
        return {"type": "file", "file": file}
    if part.get("file_url"):
        return {"type": "file_url", "file_url": {"url": part["file_url"]}}
    return {"type": "file", "file": {"file_id": part["file_id"]}}
