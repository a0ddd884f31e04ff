"""Token counts of chat wire messages, for trimming a history before it is sent.

    count_message_tokens("gpt-4o", [{"role": "user", "content": "Hi"}])   # 8 with tiktoken

With tiktoken installed and its encoding loadable, text is counted with `o200k_base` (GPT-4o,
GPT-4.1, GPT-5, o-series, gpt-oss) or `cl100k_base` (every other name, as langchain-openai does);
otherwise with an estimate of one token per 4 characters, rounded up. Either way every message
adds 3 tokens, a name 1, a tool call id 3, the reply priming 3 (OpenAI's cookbook rule, as
`ChatOpenAI` counts); an image part 85 at low detail, else 765 (a 1024×1024 image at high
detail; the image is never fetched); other media parts are not counted (gptproto does not say
how vendors bill them). Tools count as the tokens of their JSON definitions. Vendors other than
OpenAI tokenize differently: for them every count is an estimate.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

__all__ = ["count_message_tokens", "count_text_tokens", "encoding_name", "token_ids"]

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
TOKENS_PER_TOOL_CALL_ID = 3
REPLY_PRIMING = 3
IMAGE_TOKENS_LOW = 85
IMAGE_TOKENS = 765
CHARS_PER_TOKEN = 4
_O200K_PREFIXES = ("gpt-4o", "gpt-4.1", "gpt-5", "gpt-6", "gpt-oss", "gpt-image", "o1", "o3", "o4")


class _Encoding(Protocol):
    def encode(self, text: str, *, disallowed_special: Any = ...) -> list[int]: ...


def encoding_name(model: str) -> str:
    """The tiktoken encoding we count `model`'s text with."""
    return "o200k_base" if model.lower().startswith(_O200K_PREFIXES) else "cl100k_base"


@lru_cache(maxsize=8)
def _encoding(name: str) -> _Encoding | None:
    """tiktoken's encoding, or None without tiktoken or when it cannot be loaded (offline and not
    cached): the estimate is used then, and the load is not tried again in this process."""
    try:
        import tiktoken
    except ImportError:
        return None
    try:
        encoding: _Encoding = tiktoken.get_encoding(name)
    except Exception:  # a failed download raises whatever requests raises
        return None
    return encoding


def token_ids(model: str, text: str) -> list[int] | None:
    """tiktoken's ids for `text`, or None when tiktoken is not usable."""
    encoding = _encoding(encoding_name(model))
    return None if encoding is None else encoding.encode(text, disallowed_special=())


def count_text_tokens(model: str, text: str) -> int:
    ids = token_ids(model, text)
    return len(ids) if ids is not None else math.ceil(len(text) / CHARS_PER_TOKEN)


def count_message_tokens(
    model: str,
    messages: Sequence[Mapping[str, Any]],
    tools: Sequence[Mapping[str, Any]] | None = None,
) -> int:
    """Tokens of `messages` (chat completions wire form) and `tools` (OpenAI tool dicts)."""
    total = REPLY_PRIMING
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.items():
            if key == "tool_call_id":
                total += TOKENS_PER_TOOL_CALL_ID
            elif key == "tool_calls":
                total += sum(_call_tokens(model, call) for call in value or [])
            elif isinstance(value, list):
                total += sum(_part_tokens(model, part) for part in value)
            elif value:
                total += count_text_tokens(model, str(value))
            if key == "name":
                total += TOKENS_PER_NAME
    for tool in tools or []:
        total += count_text_tokens(model, json.dumps(tool, ensure_ascii=False))
    return total


def _call_tokens(model: str, call: Mapping[str, Any]) -> int:
    function = call.get("function") or {}
    name, arguments = str(function.get("name") or ""), str(function.get("arguments") or "")
    return count_text_tokens(model, name) + count_text_tokens(model, arguments)


def _part_tokens(model: str, part: Any) -> int:
    if isinstance(part, str):
        return count_text_tokens(model, part)
    kind = part.get("type")
    if kind == "text":
        return count_text_tokens(model, str(part.get("text", "")))
    if kind == "image_url":
        detail = (part.get("image_url") or {}).get("detail")
        return IMAGE_TOKENS_LOW if detail == "low" else IMAGE_TOKENS
    return 0
