"""What a model name tells the emulator: reasoning output, image output, Claude-style usage.

The emulator keeps its own small pattern list (it must not share the client's model catalogue).

    >>> is_reasoning_model("claude-sonnet-4-20250514-thinking"), image_output("gpt-4o-image-vip")
    (True, 'cdn')
"""

from __future__ import annotations

from typing import Literal

_REASONING_SUBSTRINGS = ("thinking", "reasoner", "-r1", "deepseek-reasoner", "grok-3-mini")
_REASONING_PREFIXES = ("o1", "o3", "o4")


def is_reasoning_model(model: str) -> bool:
    """Models that return ``reasoning_content`` (names with thinking/reasoner/-r1, o1/o3/o4...)."""
    name = model.lower()
    return name.startswith(_REASONING_PREFIXES) or any(s in name for s in _REASONING_SUBSTRINGS)


def image_output(model: str) -> Literal["data_uri", "cdn"] | None:
    """How an image-output model returns its picture in chat (API.md §5.5, §3.1 and §12.1:
    Flux models such as ``flux-kontext-pro`` answer with a hosted image link too)."""
    name = model.lower()
    if "image" not in name and "flux" not in name:
        return None
    return "data_uri" if "gemini" in name else "cdn"


def is_claude(model: str) -> bool:
    """Claude models also report Anthropic-style cache fields in ``usage`` (API.md §4)."""
    return model.lower().startswith("claude")
