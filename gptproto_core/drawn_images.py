"""Images the model drew, sent back in the history as image parts of the next user message.

    wire = [user("Draw a cat"), assistant("Here it is"), user("Now make it blue")]
    carry_drawn_images(wire, [(1, [image_part])], model_info("gemini-2.5-flash-image"))
    # wire[2]["content"] == [label, image_part, {"type": "text", "text": "Now make it blue"}]

Chat completions take only text in assistant content, and a data URI left in that text would be
read as text: a real image as megabytes of tokens, more than an image model's whole window. As an
image part of the user turn that follows (API.md §5.5's "Image to Image" body) the model sees the
picture at an image's token cost. Both adapters call this; docs/api-choices.md has the reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gptproto_core.content import text_part
from gptproto_core.models import ModelInfo

__all__ = ["carry_drawn_images"]

Drawn = Sequence[tuple[int, list[dict[str, Any]]]]


def carry_drawn_images(
    wire: list[dict[str, Any]], drawn: Drawn, info: ModelInfo | None = None
) -> None:
    """Put each assistant message's images (`(index in wire, image parts)`) at the start of the
    next user message, in place; with no user message after it, in a user message of its own at
    the end. A model that reads no images (per `info`; None: any) gets a short note instead."""
    for index, parts in reversed(drawn):  # from the end, so earlier indexes stay valid
        if not parts:
            continue
        target = next((i for i in range(index + 1, len(wire)) if wire[i]["role"] == "user"), None)
        carried = _carried(parts, info)
        if target is None:
            wire.append({"role": "user", "content": carried})
            continue
        content = wire[target]["content"]
        rest = [text_part(content)] if isinstance(content, str) else list(content)
        wire[target] = {**wire[target], "content": carried + rest}


def _carried(parts: list[dict[str, Any]], info: ModelInfo | None) -> list[dict[str, Any]]:
    what = "The image" if len(parts) == 1 else f"The {len(parts)} images"
    if info is not None and not info.image_input:
        return [text_part(f"[{what} you drew here, omitted: {info.name} cannot read images]")]
    return [text_part(f"{what} you drew in your previous reply:"), *parts]
