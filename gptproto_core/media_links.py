"""Images that chat models put in their replies (API.md §3.1, §5.5).

Image models answer with markdown images whose target is a URL or a base64 data URI, or with a
`message.images` array. `split_images` takes data-URI images out of the text (they can be
megabytes) and keeps URL links in it, returning every image found either way.

Only an http(s) URL or a base64 data URI of an image is an image: an ordinary answer that shows
markdown such as `![alt text](image.png)`, or a relay's relative link, stays text.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["OutputImage", "image_from_target", "images_from_field", "split_images"]

_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\((\S+?)\)")
_DATA_URI = re.compile(r"^data:(image/[\w.+-]+);base64,([A-Za-z0-9+/=\s]*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class OutputImage:
    """An image in a reply: a URL, or base64 `data` with its MIME type."""

    url: str | None = None
    data: str | None = None
    mime_type: str | None = None


def image_from_target(target: str) -> OutputImage | None:
    """The image a link points at, or None when the target is not one we can hand on."""
    match = _DATA_URI.match(target)
    if match:
        data = re.sub(r"\s+", "", match.group(2))
        return OutputImage(data=data, mime_type=match.group(1).lower()) if _decodes(data) else None
    if _is_web_url(target):
        return OutputImage(url=target, mime_type=_mime_from_url(target))
    return None


def _decodes(data: str) -> bool:
    try:
        return bool(base64.b64decode(data, validate=True))
    except (binascii.Error, ValueError):
        return False


def _is_web_url(target: str) -> bool:
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


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
    images: list[OutputImage] = []

    def keep_or_drop(match: re.Match[str]) -> str:
        image = image_from_target(match.group(1))
        if image is None:
            return match.group(0)  # not an image we can use: it stays text, as written
        images.append(image)
        return "" if image.data is not None else match.group(0)

    return _MARKDOWN_IMAGE.sub(keep_or_drop, text), images


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
        image = image_from_target(target) if isinstance(target, str) and target else None
        if image is not None:
            found.append(image)
    return found
