"""JSON shapes of a chat answer: ``chat.completion`` (API.md §3.4, §5.5) and its SSE chunks.

The one real reply gptproto shows (the Doubao "chat image mode" page, our seed) sets the shape:
an Ark-style ``id``, ``logprobs: null`` in the choice, ``service_tier: "default"``, no
``system_fingerprint``, and usage details with ``cached_tokens`` and ``reasoning_tokens`` only.

>>> from gptproto_emulator.model.reply import Reply
>>> completion_body("021", 0, "gpt-4o", Reply("Hi", "stop"), {})["choices"][0]["message"]
{'role': 'assistant', 'content': 'Hi'}
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from gptproto_emulator.model.reply import Reply

SERVICE_TIER = "default"
_WORDS_PER_PIECE = 3
_ARGUMENT_PIECE = 16
_PIECE = re.compile(rf"\s*\S+(?:\s+\S+){{0,{_WORDS_PER_PIECE - 1}}}\s*")

JSONObject = dict[str, Any]


def completion_id_for(body: bytes) -> str:
    """An id shaped like the seed's ``021752038955665e5d19…``: ``02``, a 13-digit millisecond
    stamp and 38 hex digits. Both parts come from the body's hash, so equal requests get equal
    ids (the emulator is deterministic) while the id still has the seed's form."""
    digest = hashlib.sha256(body).hexdigest()
    return f"02{int(digest[:16], 16) % 10**13:013d}{digest[16:54]}"


def completion_body(
    completion_id: str, created: int, model: str, reply: Reply, usage: JSONObject
) -> JSONObject:
    """A non-streaming ``chat.completion`` body."""
    message: JSONObject = {"role": "assistant", "content": reply.content}
    if reply.reasoning is not None:
        message["reasoning_content"] = reply.reasoning
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in reply.tool_calls
        ]
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": reply.finish_reason,
                "logprobs": None,
            }
        ],
        "service_tier": SERVICE_TIER,
        "usage": usage,
    }


def completion_chunks(
    completion_id: str, created: int, model: str, reply: Reply, usage: JSONObject | None
) -> list[JSONObject]:
    """Every ``chat.completion.chunk`` of a streamed answer; the usage chunk last if given."""

    def chunk(delta: JSONObject, finish: str | None = None) -> JSONObject:
        return {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "service_tier": SERVICE_TIER,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"reasoning_content": p}) for p in text_pieces(reply.reasoning or "")]
    chunks += [chunk({"content": p}) for p in text_pieces(reply.content or "")]
    for index, call in enumerate(reply.tool_calls):
        head = {"name": call.name, "arguments": ""}
        chunks.append(chunk({"tool_calls": [_call_delta(index, call.id, head)]}))
        for piece in argument_pieces(call.arguments):
            chunks.append(
                chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
            )
    chunks.append(chunk({}, reply.finish_reason))
    if usage is not None:
        tail = chunk({})
        tail["choices"] = []
        tail["usage"] = usage
        chunks.append(tail)
    return chunks


def _call_delta(index: int, call_id: str, function: JSONObject) -> JSONObject:
    return {"index": index, "id": call_id, "type": "function", "function": function}


def text_pieces(text: str) -> list[str]:
    """Split text into pieces of a few words; joined back they give ``text`` exactly."""
    if not text:
        return []
    pieces = _PIECE.findall(text)
    rebuilt = "".join(pieces)
    if rebuilt != text:  # leading/trailing whitespace only texts
        return [text]
    return pieces


def argument_pieces(arguments: str) -> list[str]:
    """Split a JSON argument string into fixed-size fragments."""
    return [arguments[i : i + _ARGUMENT_PIECE] for i in range(0, len(arguments), _ARGUMENT_PIECE)]
