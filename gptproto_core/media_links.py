"""Images that chat models put in their replies (API.md §3.1, §5.5).

Image models answer with markdown images whose target is a URL or a base64 data URI, or with a
`message.images` array. `split_images` takes data-URI images out of the text (they can be
megabytes) and keeps URL links in it, returning every image found either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["OutputImage", "images_from_field", "split_images"]

_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\((\S+?)\)")
_DATA_URI = re.compile(r"^data:(image/[\w.+-]+);base64,(.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class OutputImage:
    """An image in a reply: a URL, or base64 `data` with its MIME type."""

    url: str | None = None
    data: str | None = None
    mime_type: str | None = None

    @classmethod
    def from_target(cls, target: str) -> OutputImage:
        match = _DATA_URI.match(target)
        if match:
            return cls(data=match.group(2), mime_type=match.group(1))
        return cls(url=target, mime_type=_mime_from_url(target))


def _mime_from_url(url: str) -> str | None:
    lowered = url.lower().split("?", 1)[0]
    for ext, mime in (
        (".png", "image/png"),
        (".jpg", "image/jpeg"),
        (".jpeg", "image/jpeg"),
        (".webp", "image/webp"),
        (".gif", "image/gif"),
    ):
        if lowered.endswith(ext):
            return mime
    return None


def split_images(text: str) -> tuple[str, list[OutputImage]]:
    """(text without data-URI images, every markdown image in order)."""
    if "![" not in text:
        return text, []
    images = [OutputImage.from_target(m.group(1)) for m in _MARKDOWN_IMAGE.finditer(text)]
    cleaned = _MARKDOWN_IMAGE.sub(
        lambda m: "" if m.group(1).startswith("data:") else m.group(0), text
    )
    return cleaned, images


def images_from_field(items: Any) -> list[OutputImage]:
    """Read a `message.images` array: `[{"type":"image_url","image_url":{"url":...}}, ...]`."""
    if not isinstance(items, Iterable) or isinstance(items, str | bytes | Mapping):
        return []
    found: list[OutputImage] = []
    for item in items:
        target: Any = item
        if isinstance(item, Mapping):
            target = item.get("image_url", item.get("url"))
            if isinstance(target, Mapping):
                target = target.get("url")
        if isinstance(target, str) and target:
            found.append(OutputImage.from_target(target))
    return found
