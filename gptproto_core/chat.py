"""`/v1/chat/completions`: request payloads and replies, shared by sync and async callers.

    payload = build_chat_payload("gpt-4o", [{"role": "user", "content": "Hi"}], max_tokens=50)
    result = parse_chat_completion(client.request_json("POST", CHAT_PATH, json=payload))
    result.text, result.usage

Streaming replies go through `chat_stream.ChatStreamParser`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gptproto_core.body_guard import (
    as_mapping,
    as_text,
    check_depth,
    excerpt_of,
    finite_int,
    loads_bounded,
    reads_body,
)
from gptproto_core.errors import InvalidInputError, UnexpectedResponseError, excerpt
from gptproto_core.media_links import OutputImage, images_from_field, split_images

__all__ = [
    "CHAT_PATH",
    "ChatResult",
    "ToolCall",
    "Usage",
    "build_chat_payload",
    "normalize_tool_choice",
    "parse_chat_completion",
    "parse_tool_arguments",
    "parse_usage",
]

CHAT_PATH = "/v1/chat/completions"


@dataclass(slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0
    cache_read: int | None = None
    cache_creation: int | None = None
    reasoning: int | None = None
    audio_input: int | None = None
    audio_output: int | None = None


@dataclass(slots=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]
    raw_arguments: str
    error: str | None = None  # set when the arguments are not a JSON object


@dataclass(slots=True)
class ChatResult:
    id: str | None
    model: str | None
    text: str
    reasoning: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    images: list[OutputImage] = field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)


def normalize_tool_choice(
    tool_choice: str | bool | Mapping[str, Any] | None, tool_names: Sequence[str]
) -> str | dict[str, Any] | None:
    """LangChain-style choices (`"any"`, `True`, a tool name) as the OpenAI wire value."""
    if tool_choice is None or tool_choice is False:
        return None
    if isinstance(tool_choice, Mapping):
        return dict(tool_choice)
    if tool_choice is True:
        if len(tool_names) == 1:
            return _named_choice(tool_names[0])
        return "required"
    if tool_choice in ("auto", "none", "required"):
        return tool_choice
    if tool_choice == "any":
        return "required"
    if tool_choice not in tool_names:
        raise InvalidInputError(
            f"tool_choice names {tool_choice!r}, which is not among the bound tools "
            f"{list(tool_names)}; use one of those, 'auto', 'any', 'none' or True"
        )
    return _named_choice(tool_choice)


def _named_choice(name: str) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name}}


def build_chat_payload(
    model: str,
    messages: Sequence[Mapping[str, Any]],
    *,
    stream: bool = False,
    stream_usage: bool = True,
    temperature: float | None = None,
    max_tokens: int | None = None,
    top_p: float | None = None,
    stop: str | Sequence[str] | None = None,
    tools: Sequence[Mapping[str, Any]] | None = None,
    tool_choice: str | dict[str, Any] | None = None,
    parallel_tool_calls: bool | None = None,
    response_format: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON body; `max_tokens` is sent as `max_tokens`, as gptproto's examples do."""
    if not model:
        raise InvalidInputError("model is required, e.g. model='gpt-4o'")
    if not messages:
        raise InvalidInputError("at least one message is required")
    payload: dict[str, Any] = {"model": model, "messages": list(messages)}
    optional: dict[str, Any] = {
        "temperature": temperature,
        "max_tokens": max_tokens,
        "top_p": top_p,
        "stop": ([stop] if isinstance(stop, str) else list(stop)) if stop else None,
        "tools": list(tools) if tools else None,
        "tool_choice": tool_choice if tools else None,
        "parallel_tool_calls": parallel_tool_calls if tools else None,
        "response_format": dict(response_format) if response_format else None,
    }
    payload.update((key, value) for key, value in optional.items() if value is not None)
    if stream:
        payload["stream"] = True
        if stream_usage:
            payload["stream_options"] = {"include_usage": True}
    if extra:
        payload.update(extra)
    return payload


def parse_usage(raw: Any) -> Usage | None:
    """OpenAI usage with its details, plus the top-level cache fields of Anthropic relays."""
    if not isinstance(raw, Mapping):
        return None
    prompt = finite_int(raw.get("prompt_tokens", raw.get("input_tokens"))) or 0
    completion = finite_int(raw.get("completion_tokens", raw.get("output_tokens"))) or 0
    prompt_details = as_mapping(raw.get("prompt_tokens_details") or raw.get("input_tokens_details"))
    completion_details = as_mapping(
        raw.get("completion_tokens_details") or raw.get("output_tokens_details")
    )
    cache_read = finite_int(prompt_details.get("cached_tokens"))
    anthropic_read = finite_int(raw.get("cache_read_input_tokens"))
    if anthropic_read is not None:
        cache_read = max(cache_read or 0, anthropic_read)
    return Usage(
        input_tokens=prompt,
        output_tokens=completion,
        total_tokens=finite_int(raw.get("total_tokens")) or prompt + completion,
        cache_read=cache_read,
        cache_creation=finite_int(raw.get("cache_creation_input_tokens"))
        or finite_int(prompt_details.get("cache_creation_tokens")),
        reasoning=finite_int(completion_details.get("reasoning_tokens")),
        audio_input=finite_int(prompt_details.get("audio_tokens")),
        audio_output=finite_int(completion_details.get("audio_tokens")),
    )


def parse_tool_arguments(raw: str | Mapping[str, Any] | None) -> tuple[dict[str, Any], str | None]:
    """(arguments, error): an empty string means no arguments; bad JSON is reported, not raised."""
    if isinstance(raw, Mapping):
        return dict(raw), None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}, None
    if not isinstance(raw, str):
        return {}, f"arguments are not a JSON object: {excerpt_of(raw)}"
    try:
        value = loads_bounded(raw, "tool call's arguments")
    except UnexpectedResponseError as exc:
        return {}, f"arguments are not valid JSON: {exc.message}"
    if not isinstance(value, dict):
        return {}, f"arguments are not a JSON object: {excerpt(raw)}"
    return value, None


def _tool_calls(raw: Any) -> list[ToolCall]:
    calls: list[ToolCall] = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(item, Mapping):
            continue
        function = as_mapping(item.get("function"))
        raw_arguments = function.get("arguments")
        arguments, error = parse_tool_arguments(raw_arguments)
        text = raw_arguments if isinstance(raw_arguments, str) else _json_text(raw_arguments)
        calls.append(
            ToolCall(
                id=as_text(item.get("id")) or f"call_{index}",
                name=as_text(function.get("name")) or "",
                arguments=arguments,
                raw_arguments=text,
                error=error,
            )
        )
    return calls


def _json_text(value: Any) -> str:
    return json.dumps(value or {}, default=str)


def reasoning_of(message: Mapping[str, Any]) -> str | None:
    """Reasoning text under either name relays use for it."""
    value = message.get("reasoning_content")
    if value is None:
        value = message.get("reasoning")
    return value if isinstance(value, str) and value else None


@reads_body("chat completion")
def parse_chat_completion(body: Any) -> ChatResult:
    """A `chat.completion` body as a `ChatResult`; anything unreadable raises a typed error."""
    choices = body.get("choices") if isinstance(body, Mapping) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
        raise UnexpectedResponseError("chat completion without choices", body=excerpt_of(body))
    check_depth(body, "chat completion")
    choice = choices[0]
    message = as_mapping(choice.get("message"))
    content = message.get("content")
    text = content if isinstance(content, str) else _text_of_parts(content)
    text, images = split_images(text)
    images.extend(images_from_field(message.get("images")))
    return ChatResult(
        id=as_text(body.get("id")),
        model=as_text(body.get("model")),
        text=text,
        reasoning=reasoning_of(message),
        tool_calls=_tool_calls(message.get("tool_calls")),
        images=images,
        finish_reason=as_text(choice.get("finish_reason")),
        usage=parse_usage(body.get("usage")),
        raw=body,
    )


def _text_of_parts(content: Any) -> str:
    if not isinstance(content, list):
        return ""
    return "".join(
        part["text"]
        for part in content
        if isinstance(part, Mapping)
        and part.get("type") in ("text", "output_text")
        and isinstance(part.get("text"), str)
    )
