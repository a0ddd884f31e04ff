"""Deterministic token counts and the ``usage`` object (shape of API.md §5.5).

A text costs ceil(UTF-8 bytes / 4) tokens; each message adds 4, the reply priming 3; images,
PDF pages and audio seconds cost what :mod:`attachments` says. Cached tokens come from the
prompt-prefix cache.

    >>> text_tokens("abcdefgh"), text_tokens("abcdefghi")
    (2, 3)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gptproto_emulator.chat.request import ChatRequest
from gptproto_emulator.model.attachments import inspect_part
from gptproto_emulator.model.prompt_cache import PrefixCache, cacheable, prefix_keys
from gptproto_emulator.model.traits import is_claude

if TYPE_CHECKING:
    from gptproto_emulator.model.reply import Reply

MESSAGE_OVERHEAD = 4
REPLY_PRIMING = 3


def text_tokens(text: str) -> int:
    """ceil(len(UTF-8 bytes) / 4)."""
    return (len(text.encode("utf-8")) + 3) // 4


def truncate_to_tokens(text: str, tokens: int) -> str:
    """The longest prefix of ``text`` that costs at most ``tokens``."""
    return text.encode("utf-8")[: tokens * 4].decode("utf-8", errors="ignore")


@dataclass(frozen=True)
class PromptCount:
    """Prompt tokens per cumulative message prefix, plus the audio share of the whole prompt."""

    prefix_tokens: list[int]
    audio_tokens: int

    @property
    def total(self) -> int:
        """All prompt tokens, reply priming included."""
        return (self.prefix_tokens[-1] if self.prefix_tokens else 0) + REPLY_PRIMING


def count_prompt(request: ChatRequest) -> PromptCount:
    """Count the prompt message by message (tools count as part of the first prefix)."""
    running = text_tokens(json.dumps(request.tools)) if request.tools else 0
    audio = 0
    prefixes: list[int] = []
    for message in request.messages:
        tokens, audio_part = _message_tokens(message)
        running += tokens
        audio += audio_part
        prefixes.append(running)
    return PromptCount(prefixes, audio)


def _message_tokens(message: dict[str, Any]) -> tuple[int, int]:
    tokens, audio = MESSAGE_OVERHEAD, 0
    content = message.get("content")
    if isinstance(content, str):
        tokens += text_tokens(content)
    elif isinstance(content, list):
        for part in content:
            if part["type"] == "text":
                tokens += text_tokens(part["text"])
            else:
                seen = inspect_part(part)
                tokens += seen.tokens + seen.audio_tokens
                audio += seen.audio_tokens
    for call in message.get("tool_calls") or []:
        function = call["function"]
        tokens += text_tokens(function["name"]) + text_tokens(function["arguments"])
    if isinstance(message.get("name"), str):
        tokens += text_tokens(message["name"])
    return tokens, audio


def completion_tokens(reply: Reply) -> tuple[int, int]:
    """(all completion tokens, of which reasoning tokens)."""
    reasoning = text_tokens(reply.reasoning) if reply.reasoning else 0
    tokens = text_tokens(reply.content or "") + reasoning
    for call in reply.tool_calls:
        tokens += text_tokens(call.name) + text_tokens(call.arguments)
    return tokens, reasoning


def usage_for(request: ChatRequest, reply: Reply, cache: PrefixCache) -> dict[str, Any]:
    """The ``usage`` object, updating the prompt-prefix cache."""
    prompt = count_prompt(request)
    keys = prefix_keys(request.model, request.tools, request.messages)
    cached = cache.lookup_and_store(keys, prompt.prefix_tokens)
    completion, reasoning = completion_tokens(reply)
    usage: dict[str, Any] = {
        "prompt_tokens": prompt.total,
        "completion_tokens": completion,
        "total_tokens": prompt.total + completion,
        # The seed's details: cached and reasoning tokens; audio input is counted only when there
        # is some (OpenAI's field; the seed has no audio to show it).
        "prompt_tokens_details": {"cached_tokens": cached},
        "completion_tokens_details": {"reasoning_tokens": reasoning},
    }
    if prompt.audio_tokens:
        usage["prompt_tokens_details"]["audio_tokens"] = prompt.audio_tokens
    if is_claude(request.model):
        written = cacheable(prompt.prefix_tokens[-1])
        usage["cache_read_input_tokens"] = cached
        usage["cache_creation_input_tokens"] = max(0, written - cached)
    return usage
