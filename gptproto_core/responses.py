"""`/v1/responses` (API.md §3.6–3.7): the same conversation, in Responses items.

    payload = build_responses_payload("o3", wire_messages, reasoning={"effort": "low"})
    result = parse_response(client.request_json("POST", RESPONSES_PATH, json=payload))

Adapters build chat-completions wire messages once (`content.py`, their converters); this module
translates them to Responses `input` items and reads replies back into the same `ChatResult` and
`ChatDelta` types, so everything above it works unchanged in either mode.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from gptproto_core.body_guard import (
    as_mapping,
    as_text,
    check_depth,
    excerpt_of,
    loads_bounded,
    reads_body,
)
from gptproto_core.chat import ChatResult, ToolCall, parse_tool_arguments, parse_usage
from gptproto_core.chat_stream import ChatDelta, ToolCallAssembler
from gptproto_core.errors import (
    InvalidInputError,
    UnexpectedResponseError,
    error_from_body,
)
from gptproto_core.models import model_info

__all__ = [
    "RESPONSES_PATH",
    "ResponsesStreamParser",
    "build_responses_payload",
    "parse_response",
    "use_responses_api",
]

RESPONSES_PATH = "/v1/responses"
logger = logging.getLogger("gptproto")


def use_responses_api(
    model: str,
    explicit: bool | None,
    *,
    reasoning: Mapping[str, Any] | None = None,
    tools: Sequence[Mapping[str, Any]] | None = None,
) -> bool:
    """`explicit` wins; otherwise, for OpenAI models only (API.md documents /v1/responses for
    GPT-4.1 and the o-series), o-series and deep-research models, a reasoning setting, or a
    built-in tool (web search, file search) choose Responses. Everything else stays on chat:
    Grok, DeepSeek or Claude with `reasoning_effort` take it on chat completions."""
    if explicit is not None:
        return explicit
    info = model_info(model)
    if info.family != "openai":
        return False
    builtin = any(tool.get("type", "function") != "function" for tool in tools or ())
    return bool(reasoning) or builtin or info.prefers_responses_api


# --- requests --------------------------------------------------------------------------------


def _input_part(part: Mapping[str, Any], role: str) -> dict[str, Any]:
    kind = part.get("type")
    if kind == "text":
        return {
            "type": "output_text" if role == "assistant" else "input_text",
            "text": part["text"],
        }
    if kind == "image_url":
        image = part["image_url"]
        out: dict[str, Any] = {"type": "input_image", "image_url": image["url"]}
        if image.get("detail"):
            out["detail"] = image["detail"]
        return out
    if kind == "file":
        file = part["file"]
        data = str(file.get("file_data") or "")
        if data.startswith("data:"):
            return {"type": "input_file", "file_data": data, "filename": file.get("filename")}
        if file.get("file_id"):
            return {"type": "input_file", "file_id": file["file_id"]}
        return {"type": "input_file", "file_url": data}
    if kind == "file_url":
        return {"type": "input_file", "file_url": part["file_url"]["url"]}
    raise InvalidInputError(f"content part {kind!r} cannot be sent to /v1/responses")


def _content(content: Any, role: str) -> str | list[dict[str, Any]]:
    if isinstance(content, str) or content is None:
        return content or ""
    return [_input_part(part, role) for part in content]


def _items(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    role = message["role"]
    if role == "tool":
        output: Any = message.get("content")
        if not isinstance(output, str):
            # Images and files a tool returns go back as input parts of its output (UPSTREAM:
            # `output` takes a string or input_text/input_image/input_file parts).
            parts = [_input_part(p, "user") for p in output or [] if isinstance(p, Mapping)]
            text_only = all(p["type"] == "input_text" for p in parts)
            output = "".join(p["text"] for p in parts) if text_only else parts
        return [
            {"type": "function_call_output", "call_id": message["tool_call_id"], "output": output}
        ]
    items: list[dict[str, Any]] = []
    content = message.get("content")
    if content:
        items.append({"role": role, "content": _content(content, role)})
    for call in message.get("tool_calls") or []:
        function = call["function"]
        items.append(
            {
                "type": "function_call",
                "call_id": call["id"],
                "name": function["name"],
                "arguments": function.get("arguments") or "{}",
            }
        )
    return items


def _tool(tool: Mapping[str, Any]) -> dict[str, Any]:
    if tool.get("type") != "function" or "function" not in tool:
        return dict(tool)  # a built-in tool (web_search_preview, file_search, ...) as given
    return {"type": "function", **tool["function"]}


def _tool_choice(choice: str | Mapping[str, Any] | None) -> Any:
    if isinstance(choice, Mapping) and "function" in choice:
        return {"type": "function", "name": choice["function"]["name"]}
    return choice


def _text_format(response_format: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not response_format:
        return None
    if response_format.get("type") == "json_schema":
        return {"format": {"type": "json_schema", **response_format["json_schema"]}}
    return {"format": dict(response_format)}


def build_responses_payload(
    model: str,
    messages: Sequence[Mapping[str, Any]],
    *,
    stream: bool = False,
    temperature: float | None = None,
    max_tokens: int | None = None,
    top_p: float | None = None,
    stop: str | Sequence[str] | None = None,
    tools: Sequence[Mapping[str, Any]] | None = None,
    tool_choice: str | Mapping[str, Any] | None = None,
    parallel_tool_calls: bool | None = None,
    response_format: Mapping[str, Any] | None = None,
    reasoning: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Chat-completions wire messages and options as a `/v1/responses` body."""
    if stop:
        logger.warning("gptproto: /v1/responses has no stop sequences; 'stop' is not sent")
    items = [item for message in messages for item in _items(message)]
    single_text = len(items) == 1 and items[0].get("role") == "user"
    payload: dict[str, Any] = {
        "model": model,
        "input": items[0]["content"]
        if single_text and isinstance(items[0]["content"], str)
        else items,
    }
    optional: dict[str, Any] = {
        "temperature": temperature,
        "top_p": top_p,
        "max_output_tokens": max_tokens,
        "tools": [_tool(tool) for tool in tools] if tools else None,
        "tool_choice": _tool_choice(tool_choice) if tools else None,
        "parallel_tool_calls": parallel_tool_calls if tools else None,
        "text": _text_format(response_format),
        "reasoning": {k: v for k, v in reasoning.items() if v is not None} if reasoning else None,
    }
    payload.update((key, value) for key, value in optional.items() if value is not None)
    if stream:
        payload["stream"] = True
    if extra:
        payload.update(extra)
    return payload


# --- replies ---------------------------------------------------------------------------------


def _summary_text(item: Mapping[str, Any]) -> str:
    parts = item.get("summary")
    return "\n\n".join(_part_texts(parts, None))


def _part_texts(parts: Any, kind: str | None) -> list[str]:
    """The `text` of each part (of `kind`, when given); parts of other shapes are skipped."""
    return [
        p["text"]
        for p in (parts if isinstance(parts, list) else [])
        if isinstance(p, Mapping)
        and isinstance(p.get("text"), str)
        and (kind is None or p.get("type") == kind)
    ]


def _message_text(item: Mapping[str, Any]) -> str:
    content = item.get("content")
    if isinstance(content, str):
        return content
    return "".join(_part_texts(content, "output_text"))


def _finish_reason(body: Mapping[str, Any], has_calls: bool) -> str:
    if body.get("status") == "incomplete":
        reason = as_text(as_mapping(body.get("incomplete_details")).get("reason"))
        return "length" if reason == "max_output_tokens" else reason or "incomplete"
    return "tool_calls" if has_calls else "stop"


def _raise_failure(body: Mapping[str, Any]) -> None:
    if body.get("status") == "failed" or isinstance(body.get("error"), Mapping):
        error = error_from_body({"error": body.get("error") or {"message": "the response failed"}})
        if error is not None:
            raise error


def _function_call(item: Mapping[str, Any]) -> ToolCall:
    raw_arguments = item.get("arguments")
    arguments, error = parse_tool_arguments(raw_arguments)
    call_id = as_text(item.get("call_id")) or as_text(item.get("id")) or "call_0"
    text = raw_arguments if isinstance(raw_arguments, str) else json.dumps(raw_arguments or {})
    return ToolCall(call_id, as_text(item.get("name")) or "", arguments, text, error)


@reads_body("Responses object")
def parse_response(body: Any) -> ChatResult:
    """A Response object (or a relay's plain-string `output`) as a `ChatResult`."""
    if not isinstance(body, Mapping) or "output" not in body:
        raise UnexpectedResponseError("response without output", body=excerpt_of(body))
    check_depth(body, "Responses object")
    _raise_failure(body)
    output = body["output"]
    texts: list[str] = []
    reasoning: list[str] = []
    calls: list[ToolCall] = []
    for item in [output] if isinstance(output, str) else output if isinstance(output, list) else []:
        if isinstance(item, str):
            texts.append(item)
        elif not isinstance(item, Mapping):
            continue
        elif item.get("type") == "message":
            texts.append(_message_text(item))
        elif item.get("type") == "reasoning":
            reasoning.append(_summary_text(item))
        elif item.get("type") == "function_call":
            calls.append(_function_call(item))
    return ChatResult(
        id=as_text(body.get("id")),
        model=as_text(body.get("model")),
        text="".join(texts),
        reasoning="\n\n".join(r for r in reasoning if r) or None,
        tool_calls=calls,
        finish_reason=_finish_reason(body, bool(calls)),
        usage=parse_usage(body.get("usage")),
        raw=body,
    )


class ResponsesStreamParser:
    """Responses streaming events as `ChatDelta`s; same interface as `ChatStreamParser`."""

    def __init__(self) -> None:
        self.tool_calls = ToolCallAssembler()
        self.done = False
        self._final: ChatDelta = ChatDelta()
        self._summary_parts: set[tuple[str, str]] = set()

    @reads_body("streamed Responses event")
    def feed(self, data: str) -> ChatDelta | None:
        event = as_mapping(loads_bounded(data, "streamed Responses event"))
        kind = event.get("type", "")
        if kind in ("error", "response.failed"):
            response = as_mapping(event.get("response"))
            error = error_from_body({"error": response.get("error") or event})
            if error is not None:
                raise error
        if kind == "response.output_text.delta":
            return ChatDelta(text=_delta_text(event))
        if kind == "response.reasoning_summary_text.delta":
            return ChatDelta(reasoning=_delta_text(event))
        if kind == "response.reasoning_summary_part.added":
            return self._summary_break(event)
        if kind == "response.output_item.added":
            return self._call_started(event)
        if kind == "response.function_call_arguments.delta":
            function = {"arguments": _delta_text(event)}
            raw = [{"index": event.get("output_index"), "function": function}]
            return ChatDelta(tool_call_chunks=self.tool_calls.feed(raw))
        if kind in ("response.completed", "response.incomplete"):
            self._complete(as_mapping(event.get("response")))
        return None

    def _summary_break(self, event: Mapping[str, Any]) -> ChatDelta | None:
        key = (str(as_text(event.get("item_id"))), str(as_text(event.get("summary_index")) or 0))
        first = not self._summary_parts
        self._summary_parts.add(key)
        return None if first else ChatDelta(reasoning="\n\n")

    def _call_started(self, event: Mapping[str, Any]) -> ChatDelta | None:
        item = as_mapping(event.get("item"))
        if item.get("type") != "function_call":
            return None
        raw = [
            {
                "index": event.get("output_index"),
                "id": item.get("call_id") or item.get("id"),
                "function": {"name": item.get("name"), "arguments": item.get("arguments") or ""},
            }
        ]
        return ChatDelta(tool_call_chunks=self.tool_calls.feed(raw))

    def _complete(self, response: Mapping[str, Any]) -> None:
        self.done = True
        output = response.get("output")
        has_calls = any(
            isinstance(i, Mapping) and i.get("type") == "function_call"
            for i in (output if isinstance(output, list) else [])
        )
        self._final = ChatDelta(
            finish_reason=_finish_reason(response, has_calls),
            usage=parse_usage(response.get("usage")),
            id=as_text(response.get("id")),
            model=as_text(response.get("model")),
        )

    def finish(self) -> ChatDelta:
        return self._final


def _delta_text(event: Mapping[str, Any]) -> str:
    delta = event.get("delta")
    return delta if isinstance(delta, str) else ""
