"""Streamed chat completions: SSE payloads in, tidy deltas out (sync and async alike).

    parser = ChatStreamParser()
    for event in client.stream_events(CHAT_PATH, json=payload):
        delta = parser.feed(event.data)
        ...
    last = parser.finish()          # finish_reason, usage, model, id, images: exactly once

Relays stream tool calls in many shapes: several calls in one chunk, no `index`, the same `id`
(and name) repeated in every chunk, or one `index` reused for calls with different ids.
`ToolCallAssembler` turns all of them into chunks whose index, id and name appear once per call.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gptproto_core.body_guard import as_mapping, as_text, loads_bounded, reads_body
from gptproto_core.chat import ToolCall, Usage, parse_tool_arguments, parse_usage, reasoning_of
from gptproto_core.errors import UnexpectedResponseError, error_from_body, excerpt
from gptproto_core.media_links import OutputImage, image_from_target, images_from_field

__all__ = ["ChatDelta", "ChatStreamParser", "ToolCallAssembler", "ToolCallChunk"]


@dataclass(slots=True)
class ToolCallChunk:
    index: int
    id: str | None
    name: str | None
    arguments: str


@dataclass(slots=True)
class ChatDelta:
    text: str = ""
    reasoning: str = ""
    tool_call_chunks: list[ToolCallChunk] = field(default_factory=list)
    images: list[OutputImage] = field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage | None = None
    id: str | None = None
    model: str | None = None


@dataclass(slots=True)
class _Call:
    id: str
    name: str
    arguments: str = ""


class ToolCallAssembler:
    """Gives each streamed tool call one stable index and emits its id and name once."""

    __slots__ = ("_by_id", "_by_wire_index", "_calls")

    def __init__(self) -> None:
        self._calls: list[_Call] = []
        self._by_id: dict[str, int] = {}
        self._by_wire_index: dict[int, int] = {}

    def feed(self, raw_calls: Any) -> list[ToolCallChunk]:
        chunks: list[ToolCallChunk] = []
        for raw in raw_calls if isinstance(raw_calls, list) else []:
            if isinstance(raw, Mapping):
                chunks.append(self._one(raw))
        return chunks

    def _one(self, raw: Mapping[str, Any]) -> ToolCallChunk:
        wire_index = raw.get("index")
        call_id = as_text(raw.get("id")) or None
        function = as_mapping(raw.get("function"))
        name = as_text(function.get("name")) or None
        arguments = function.get("arguments") or ""
        if not isinstance(arguments, str):
            arguments = json.dumps(arguments, default=str)
        index = self._locate(call_id, wire_index, name)
        is_new = index == len(self._calls)
        if is_new:
            self._calls.append(_Call(id=call_id or f"call_{index}", name=name or ""))
            if call_id:
                self._by_id[call_id] = index
        if isinstance(wire_index, int):
            self._by_wire_index[wire_index] = index
        call = self._calls[index]
        new_name = None
        if name and not call.name:
            call.name = new_name = name
        elif is_new:
            new_name = name
        call.arguments += arguments
        return ToolCallChunk(index, call.id if is_new else None, new_name, arguments)

    def _locate(self, call_id: str | None, wire_index: Any, name: str | None) -> int:
        if call_id is not None:
            return self._by_id.get(call_id, len(self._calls))
        if isinstance(wire_index, int):
            return self._by_wire_index.get(wire_index, len(self._calls))
        if name is not None or not self._calls:
            return len(self._calls)
        return len(self._calls) - 1

    def calls(self) -> list[ToolCall]:
        """The complete calls so far, arguments parsed (tolerant of a partial JSON tail)."""
        out: list[ToolCall] = []
        for call in self._calls:
            arguments, error = parse_tool_arguments(call.arguments)
            out.append(ToolCall(call.id, call.name, arguments, call.arguments, error))
        return out


_IMAGE_DONE = re.compile(r"!\[[^\]\n]*\]\((\S+?)\)")
_IMAGE_SO_FAR = re.compile(r"!(\[[^\]\n]*(\](\(\S*)?)?)?$")


class _ImageFilter:
    """Holds back a markdown image until it is complete, then drops data URIs from the text."""

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, text: str) -> tuple[str, list[OutputImage]]:
        if not self._pending and "!" not in text:
            return text, []
        self._pending += text
        out: list[str] = []
        images: list[OutputImage] = []
        while self._pending:
            start = self._pending.find("!")
            if start == -1:
                out.append(self._pending)
                self._pending = ""
                break
            out.append(self._pending[:start])
            self._pending = self._pending[start:]
            done = _IMAGE_DONE.match(self._pending)
            if done:
                image = image_from_target(done.group(1))
                if image is not None:
                    images.append(image)
                if image is None or image.data is None:
                    out.append(done.group(0))  # a URL link, or plain text that only looks like one
                self._pending = self._pending[done.end() :]
            elif _IMAGE_SO_FAR.match(self._pending):
                break
            else:
                out.append("!")
                self._pending = self._pending[1:]
        return "".join(out), images

    def flush(self) -> str:
        rest, self._pending = self._pending, ""
        return rest


class ChatStreamParser:
    """Feed it each SSE `data` string; it returns a `ChatDelta` or None."""

    def __init__(self) -> None:
        self.tool_calls = ToolCallAssembler()
        self._images = _ImageFilter()
        self._found_images: list[OutputImage] = []
        self._usage: Usage | None = None
        self._finish_reason: str | None = None
        self._id: str | None = None
        self._model: str | None = None
        self.done = False

    @reads_body("streamed chat chunk")
    def feed(self, data: str) -> ChatDelta | None:
        if data.strip() == "[DONE]":
            self.done = True
            return None
        body = loads_bounded(data, "streamed chat chunk")
        error = error_from_body(body)
        if error is not None:
            raise error
        if not isinstance(body, Mapping):
            raise UnexpectedResponseError("a streamed chunk is not an object", body=excerpt(data))
        self._id = self._id or as_text(body.get("id"))
        self._model = as_text(body.get("model")) or self._model
        usage = parse_usage(body.get("usage"))
        if usage is not None:
            self._usage = usage
        choices = body.get("choices")
        if not isinstance(choices, list) or not choices:
            return None
        return self._choice(choices[0])

    def _choice(self, choice: Any) -> ChatDelta | None:
        if not isinstance(choice, Mapping):
            return None
        delta = as_mapping(choice.get("delta") or choice.get("message"))
        self._finish_reason = as_text(choice.get("finish_reason")) or self._finish_reason
        content = delta.get("content")
        text, images = self._images.feed(content) if isinstance(content, str) else ("", [])
        self._found_images.extend(images)
        self._found_images.extend(images_from_field(delta.get("images")))
        reasoning = reasoning_of(delta) or ""
        chunks = self.tool_calls.feed(delta.get("tool_calls"))
        if not (text or reasoning or chunks):
            return None
        return ChatDelta(text=text, reasoning=reasoning, tool_call_chunks=chunks)

    def finish(self) -> ChatDelta:
        """The closing delta: leftover text, images, finish reason, usage, model and id."""
        return ChatDelta(
            text=self._images.flush(),
            images=self._found_images,
            finish_reason=self._finish_reason,
            usage=self._usage,
            id=self._id,
            model=self._model,
        )
