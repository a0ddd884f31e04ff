"""LangChain messages to gptproto wire messages, and gptproto replies back to messages.

Building a message from a reply is a reader of a server body: `reads_body` turns a pydantic
`ValidationError` there into the core's `UnexpectedResponseError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import InputTokenDetails, OutputTokenDetails, UsageMetadata
from langchain_core.messages.tool import invalid_tool_call, tool_call, tool_call_chunk

from gptproto_core.body_guard import reads_body
from gptproto_core.chat import ChatResult, Usage
from gptproto_core.chat_stream import ChatDelta
from gptproto_core.content import MediaKind, media_part, normalize_part, text_part
from gptproto_core.drawn_images import carry_drawn_images
from gptproto_core.errors import InvalidInputError
from gptproto_core.media_links import OutputImage
from gptproto_core.models import ModelInfo

__all__ = ["delta_to_chunk", "result_to_message", "to_wire_messages"]

PROVIDER = "gptproto"
_SKIPPED_BLOCKS = frozenset({"reasoning", "thinking", "tool_call", "tool_call_chunk", "tool_use"})
_IMAGE_BLOCKS = frozenset({"image", "image_url"})


def to_wire_messages(
    messages: Sequence[BaseMessage], info: ModelInfo | None = None
) -> list[dict[str, Any]]:
    """Wire messages; images an AI message holds go to the next user turn (`drawn_images`)."""
    wire: list[dict[str, Any]] = []
    drawn: list[tuple[int, list[dict[str, Any]]]] = []
    for message in messages:
        wire.extend(_to_wire(message))
        if isinstance(message, AIMessage) and not isinstance(message.content, str):
            images = _drawn_images(message.content)
            if images:
                drawn.append((len(wire) - 1, images))
    if drawn:
        carry_drawn_images(wire, drawn, info)
    return wire


def _drawn_images(content: list[Any]) -> list[dict[str, Any]]:
    blocks = (b for b in content if isinstance(b, Mapping) and b.get("type") in _IMAGE_BLOCKS)
    return [part for part in map(_part, blocks) if part is not None]


def _to_wire(message: BaseMessage) -> list[dict[str, Any]]:
    if isinstance(message, SystemMessage):
        return [_with_name({"role": "system", "content": _content(message.content)}, message)]
    if isinstance(message, HumanMessage):
        return _human(message)
    if isinstance(message, AIMessage):
        return [_assistant(message)]
    if isinstance(message, ToolMessage):
        return [_tool_result(message.tool_call_id, message.content)]
    if isinstance(message, ChatMessage):
        return [{"role": message.role, "content": _content(message.content)}]
    if isinstance(message, FunctionMessage):
        return [{"role": "tool", "tool_call_id": message.name, "content": str(message.content)}]
    raise InvalidInputError(f"message type {type(message).__name__} is not supported")


def _with_name(wire: dict[str, Any], message: BaseMessage) -> dict[str, Any]:
    if message.name:
        wire["name"] = message.name
    return wire


def _human(message: HumanMessage) -> list[dict[str, Any]]:
    """A human turn; Anthropic `tool_result` blocks in it become tool messages first."""
    if isinstance(message.content, str):
        return [_with_name({"role": "user", "content": message.content}, message)]
    results = [
        b for b in message.content if isinstance(b, Mapping) and b.get("type") == "tool_result"
    ]
    rest = [b for b in message.content if b not in results]
    wire = [_tool_result(str(b.get("tool_use_id")), b.get("content", "")) for b in results]
    if rest:
        wire.append(_with_name({"role": "user", "content": _content(rest)}, message))
    return wire


def _tool_result(call_id: str, content: Any) -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": _tool_content(content)}


def _tool_content(content: Any) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    parts = _content(content)
    if isinstance(parts, list) and all(p.get("type") == "text" for p in parts):
        return "".join(p["text"] for p in parts)
    return parts


def _assistant(message: AIMessage) -> dict[str, Any]:
    text = message.content if isinstance(message.content, str) else _text_only(message.content)
    wire: dict[str, Any] = {"role": "assistant", "content": text or None}
    calls = [
        {
            "id": call["id"],
            "type": "function",
            "function": {"name": call["name"], "arguments": json.dumps(call["args"])},
        }
        for call in message.tool_calls
    ]
    calls += [
        {
            "id": call.get("id"),
            "type": "function",
            "function": {"name": call.get("name") or "", "arguments": call.get("args") or ""},
        }
        for call in message.invalid_tool_calls
    ]
    if not calls and not isinstance(message.content, str):
        calls = _anthropic_tool_uses(message.content)
    if calls:
        wire["tool_calls"] = calls
    elif wire["content"] is None:
        wire["content"] = ""
    return _with_name(wire, message)


def _anthropic_tool_uses(content: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": block.get("id"),
            "type": "function",
            "function": {
                "name": block.get("name"),
                "arguments": json.dumps(block.get("input", {})),
            },
        }
        for block in content
        if isinstance(block, Mapping) and block.get("type") == "tool_use"
    ]


def _text_only(content: list[Any]) -> str:
    return "".join(
        block if isinstance(block, str) else str(block.get("text", ""))
        for block in content
        if isinstance(block, str) or block.get("type") == "text"
    )


def _content(content: str | list[Any]) -> str | list[dict[str, Any]]:
    if isinstance(content, str):
        return content
    parts = [_part(block) for block in content]
    return [part for part in parts if part is not None]


def _part(block: Any) -> dict[str, Any] | None:
    """One LangChain block (standard v1, v0 `source_type`, OpenAI or Anthropic format)."""
    if isinstance(block, str):
        return text_part(block)
    kind = block.get("type")
    if kind in _SKIPPED_BLOCKS:
        return None
    if (
        kind in ("image", "file", "audio", "video")
        and "source" not in block
        and "file" not in block
    ):
        return _standard_media(kind, block)
    return normalize_part(block)


def _standard_media(kind: MediaKind, block: Mapping[str, Any]) -> dict[str, Any]:
    source_type = block.get("source_type")
    url = block.get("url") if source_type in (None, "url") else None
    data = block.get("base64") or (block.get("data") if source_type == "base64" else None)
    if block.get("file_id") or source_type == "id":
        raise InvalidInputError(f"{kind} blocks by file id are not supported by gptproto chat")
    extras = block.get("extras") or {}
    metadata = block.get("metadata") or {}
    filename = block.get("filename") or extras.get("filename") or metadata.get("filename")
    if url is None and data is None:
        raise InvalidInputError(f"a {kind} block needs 'url' or 'base64' data")
    return media_part(kind, url=url, data=data, mime_type=block.get("mime_type"), filename=filename)


# --- replies ----------------------------------------------------------------------------------


def usage_metadata(usage: Usage | None) -> UsageMetadata | None:
    if usage is None:
        return None
    inputs = InputTokenDetails()
    if usage.cache_read is not None:
        inputs["cache_read"] = usage.cache_read
    if usage.cache_creation is not None:
        inputs["cache_creation"] = usage.cache_creation
    if usage.audio_input is not None:
        inputs["audio"] = usage.audio_input
    outputs = OutputTokenDetails()
    if usage.reasoning is not None:
        outputs["reasoning"] = usage.reasoning
    if usage.audio_output is not None:
        outputs["audio"] = usage.audio_output
    return UsageMetadata(
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        total_tokens=usage.total_tokens,
        input_token_details=inputs,
        output_token_details=outputs,
    )


def _image_block(image: OutputImage) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "image"}
    if image.data is not None:
        block["base64"] = image.data
    else:
        block["url"] = image.url
    if image.mime_type:
        block["mime_type"] = image.mime_type
    return block


def _with_images(text: str, images: list[OutputImage]) -> str | list[str | dict[str, Any]]:
    if not images:
        return text
    blocks: list[str | dict[str, Any]] = [{"type": "text", "text": text}] if text else []
    return blocks + [_image_block(image) for image in images]


def _metadata(
    model: str | None, finish_reason: str | None, response_id: str | None
) -> dict[str, Any]:
    meta: dict[str, Any] = {"model_provider": PROVIDER}
    if model:
        meta["model_name"] = model
    if finish_reason:
        meta["finish_reason"] = finish_reason
    if response_id:
        meta["id"] = response_id
    return meta


@reads_body("reply")
def result_to_message(result: ChatResult) -> AIMessage:
    extra: dict[str, Any] = {}
    if result.reasoning:
        extra["reasoning_content"] = result.reasoning
    calls = [
        tool_call(name=c.name, args=c.arguments, id=c.id) for c in result.tool_calls if not c.error
    ]
    invalid = [
        invalid_tool_call(name=c.name, args=c.raw_arguments, id=c.id, error=c.error)
        for c in result.tool_calls
        if c.error
    ]
    return AIMessage(
        content=_with_images(result.text, result.images),
        additional_kwargs=extra,
        tool_calls=calls,
        invalid_tool_calls=invalid,
        usage_metadata=usage_metadata(result.usage),
        response_metadata=_metadata(result.model, result.finish_reason, result.id),
        id=result.id,
    )


@reads_body("streamed reply")
def delta_to_chunk(delta: ChatDelta, *, final: bool = False) -> AIMessageChunk:
    """A streamed delta; only the final one carries usage and response metadata."""
    extra: dict[str, Any] = {"reasoning_content": delta.reasoning} if delta.reasoning else {}
    chunks = [
        tool_call_chunk(name=c.name, args=c.arguments, id=c.id, index=c.index)
        for c in delta.tool_call_chunks
    ]
    if not final:
        return AIMessageChunk(content=delta.text, additional_kwargs=extra, tool_call_chunks=chunks)
    return AIMessageChunk(
        content=_with_images(delta.text, delta.images),
        additional_kwargs=extra,
        tool_call_chunks=chunks,
        usage_metadata=usage_metadata(delta.usage),
        response_metadata=_metadata(delta.model, delta.finish_reason, delta.id),
        id=delta.id,
        chunk_position="last",
    )
