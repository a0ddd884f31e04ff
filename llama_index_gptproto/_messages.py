"""LlamaIndex chat messages as gptproto wire messages (`/v1/chat/completions`, API.md §3.4–3.5).

    to_wire_messages([ChatMessage(role="user", content="Hi")], model_info("gpt-4o"))
    # [{"role": "user", "content": "Hi"}]

Three rules go beyond a one-to-one mapping:
- Tool messages are text-only on chat completions. Images, documents and audio a tool returns
  are moved to one `user` message right after the run of tool messages, when the model takes
  that kind of input; otherwise a short note stands in for them.
- Reasoning (`ThinkingBlock`) is sent back as `reasoning_content` on assistant tool-call turns
  after the last user message, for reasoning models: the tool loop in progress, where thinking
  models expect their own reasoning back. Reasoning of finished turns is not resent.
- Images an assistant message holds (an image model's pictures) go to the next user message as
  image parts, as LangChain's adapter sends them (`gptproto_core.drawn_images`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)

from gptproto_core.content import check_model_accepts, text_part
from gptproto_core.drawn_images import carry_drawn_images
from gptproto_core.errors import InvalidInputError
from gptproto_core.models import ModelInfo
from llama_index_gptproto._blocks import block_to_part, blocks_to_parts

__all__ = ["to_wire_messages"]

_ASSISTANT = frozenset({MessageRole.ASSISTANT, MessageRole.CHATBOT, MessageRole.MODEL})
_TOOL = frozenset({MessageRole.TOOL, MessageRole.FUNCTION})


def to_wire_messages(messages: Sequence[ChatMessage], info: ModelInfo) -> list[dict[str, Any]]:
    wire: list[dict[str, Any]] = []
    attachments: list[dict[str, Any]] = []  # media from the current run of tool messages
    drawn: list[tuple[int, list[dict[str, Any]]]] = []  # images of assistant messages
    last_user = max((i for i, m in enumerate(messages) if m.role == MessageRole.USER), default=-1)
    for index, message in enumerate(messages):
        role = message.role
        if role in _TOOL:
            wire.append(_tool_message(message, info, attachments))
            continue
        if attachments:
            wire.append({"role": "user", "content": attachments})
            attachments = []
        if role in _ASSISTANT:
            wire.append(_assistant(message, info.reasoning and index > last_user))
            images = _drawn_images(message)
            if images:
                drawn.append((len(wire) - 1, images))
        elif role == MessageRole.USER:
            wire.append({"role": "user", "content": _user_content(message)})
        elif role in (MessageRole.SYSTEM, MessageRole.DEVELOPER):
            wire.append({"role": role.value, "content": _text_only(message, role.value)})
        else:
            raise InvalidInputError(f"message role {role.value!r} is not supported by gptproto")
    if attachments:
        wire.append({"role": "user", "content": attachments})
    if drawn:
        carry_drawn_images(wire, drawn, info)
    return wire


def _drawn_images(message: ChatMessage) -> list[dict[str, Any]]:
    images = (block_to_part(b) for b in message.blocks if isinstance(b, ImageBlock))
    return [part for part in images if part is not None]


def _user_content(message: ChatMessage) -> str | list[dict[str, Any]]:
    blocks = message.blocks
    if len(blocks) == 1 and isinstance(blocks[0], TextBlock):
        return blocks[0].text  # the common case, and the documented plain-string form
    parts = blocks_to_parts(blocks)
    if all(part["type"] == "text" for part in parts):
        return "\n".join(part["text"] for part in parts)
    return parts


def _text_only(message: ChatMessage, role: str) -> str:
    parts = blocks_to_parts(message.blocks)
    if any(part["type"] != "text" for part in parts):
        raise InvalidInputError(f"{role} messages take text only; put media in a user message")
    return "\n".join(part["text"] for part in parts)


def _tool_message(
    message: ChatMessage, info: ModelInfo, attachments: list[dict[str, Any]]
) -> dict[str, Any]:
    call_id = message.additional_kwargs.get("tool_call_id")
    if not call_id:
        raise InvalidInputError(
            "a tool message needs additional_kwargs['tool_call_id'] naming the call it answers"
        )
    parts = blocks_to_parts(message.blocks)
    text = "\n".join(part["text"] for part in parts if part["type"] == "text")
    media = [part for part in parts if part["type"] != "text"]
    if media:
        kept = [part for part in media if _accepts(info, part)]
        if kept:
            attachments.append(text_part(f"Attachments returned by tool call {call_id}:"))
            attachments.extend(kept)
        note = _media_note(len(kept), len(media) - len(kept), info.name)
        text = f"{text}\n{note}" if text else note
    return {"role": "tool", "tool_call_id": str(call_id), "content": text}


def _accepts(info: ModelInfo, part: dict[str, Any]) -> bool:
    try:
        check_model_accepts(info, [{"content": [part]}])
    except InvalidInputError:
        return False
    return True


def _media_note(kept: int, dropped: int, model: str) -> str:
    notes = []
    if kept:
        notes.append(f"[{kept} attachment(s) follow in the next user message]")
    if dropped:
        notes.append(f"[{dropped} attachment(s) omitted: {model} cannot read them]")
    return " ".join(notes)


def _assistant(message: ChatMessage, send_reasoning: bool) -> dict[str, Any]:
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    reasoning: list[str] = []
    for block in message.blocks:
        if isinstance(block, TextBlock):
            texts.append(block.text)
        elif isinstance(block, ToolCallBlock):
            calls.append(_wire_call(block))
        elif isinstance(block, ThinkingBlock) and block.content:
            reasoning.append(block.content)
    if not calls:
        calls = _legacy_calls(message.additional_kwargs.get("tool_calls"))
    text = "\n".join(t for t in texts if t)
    wire: dict[str, Any] = {"role": "assistant", "content": text or (None if calls else "")}
    if calls:
        wire["tool_calls"] = calls
        if send_reasoning and reasoning:
            wire["reasoning_content"] = "".join(reasoning)
    return wire


def _wire_call(block: ToolCallBlock) -> dict[str, Any]:
    kwargs = block.tool_kwargs
    arguments = kwargs if isinstance(kwargs, str) else json.dumps(kwargs, ensure_ascii=False)
    return {
        "id": block.tool_call_id or "",
        "type": "function",
        "function": {"name": block.tool_name, "arguments": arguments},
    }


def _legacy_calls(raw: Any) -> list[dict[str, Any]]:
    """`additional_kwargs["tool_calls"]` as other integrations store them (dicts, SDK objects)."""
    calls: list[dict[str, Any]] = []
    for call in raw if isinstance(raw, list) else []:
        data = call.model_dump() if hasattr(call, "model_dump") else call
        if isinstance(data, Mapping) and isinstance(data.get("function"), Mapping):
            function = data["function"]
            calls.append(
                {
                    "id": str(data.get("id") or ""),
                    "type": "function",
                    "function": {
                        "name": str(function.get("name") or ""),
                        "arguments": function.get("arguments") or "{}",
                    },
                }
            )
    return calls
