"""What the scripted model "sees" in a non-text part, and what that part costs in prompt tokens.

Images (API.md §3.5, §5.4, §13.2), PDFs as ``file`` or ``file_url`` parts (§4), audio clips.
Only ``data:`` URIs are decoded; a URL is described by its address and never fetched.

    >>> inspect_part({"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}).description
    'an image at https://x.test/a.png'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gptproto_emulator.model.media_probe import (
    decode_base64,
    parse_data_uri,
    probe_image,
    probe_pdf,
    probe_wav,
)

IMAGE_UNKNOWN_TOKENS = 765
IMAGE_BASE_TOKENS = 85
IMAGE_TILE_TOKENS = 170
PDF_PAGE_TOKENS = 500
AUDIO_TOKENS_PER_SECOND = 10


@dataclass(frozen=True)
class Attachment:
    """A description for the answer and the part's token cost (audio tokens counted apart)."""

    description: str
    tokens: int
    audio_tokens: int = 0


def inspect_part(part: dict[str, Any]) -> Attachment:
    """Describe and price one validated non-text content part."""
    kind = part["type"]
    if kind == "image_url":
        return _image(part["image_url"]["url"])
    if kind == "file":
        file = part["file"]
        return _file(file.get("file_data"), file.get("file_id"), file.get("filename"))
    if kind == "file_url":
        return _document_url(part["file_url"]["url"], None)
    if kind == "input_audio":
        audio = part["input_audio"]
        return _audio(audio["data"], audio["format"])
    return Attachment("", 0)


@lru_cache(maxsize=256)
def _image(url: str) -> Attachment:
    if not url.startswith("data:"):
        return Attachment(f"an image at {url}", IMAGE_UNKNOWN_TOKENS)
    decoded = parse_data_uri(url)
    if decoded is None:
        return Attachment("an unreadable image (bad data URI)", IMAGE_UNKNOWN_TOKENS)
    info = probe_image(decoded.data)
    if info is None:
        return Attachment(
            f"an image I cannot read ({decoded.mime or 'unknown type'}, {len(decoded.data)} bytes)",
            IMAGE_UNKNOWN_TOKENS,
        )
    tokens = image_tokens(info.width, info.height)
    return Attachment(f"a {info.width}x{info.height} {info.kind} image", tokens)


def image_tokens(width: int, height: int) -> int:
    """OpenAI-style tile count: fit in 2048x2048, shortest side at most 768, 512px tiles."""
    if width <= 0 or height <= 0:
        return IMAGE_BASE_TOKENS
    scale = min(1.0, 2048 / max(width, height))
    w, h = width * scale, height * scale
    scale = min(1.0, 768 / min(w, h))
    w, h = w * scale, h * scale
    tiles = math.ceil(w / 512) * math.ceil(h / 512)
    return IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * tiles


@lru_cache(maxsize=64)
def _file(file_data: str | None, file_id: str | None, filename: str | None) -> Attachment:
    if not file_data:
        return Attachment(f"the uploaded file {file_id}", PDF_PAGE_TOKENS)
    if not file_data.startswith("data:"):
        return _document_url(file_data, filename)
    decoded = parse_data_uri(file_data)
    if decoded is None:
        return Attachment("an unreadable file (bad data URI)", PDF_PAGE_TOKENS)
    pdf = probe_pdf(decoded.data)
    if pdf is None:
        name = f"named {filename} " if filename else ""
        size = f"({decoded.mime or 'unknown type'}, {len(decoded.data)} bytes)"
        return Attachment(f"a file {name}{size}", max(1, len(decoded.data) // 4))
    pages = "page" if pdf.pages == 1 else "pages"
    description = f"a PDF document of {pdf.pages} {pages}"
    if pdf.text:
        description += f' that begins "{pdf.text[:80]}"'
    return Attachment(description, PDF_PAGE_TOKENS * pdf.pages)


def _document_url(url: str, filename: str | None) -> Attachment:
    looks_pdf = url.lower().split("?")[0].endswith(".pdf") or (filename or "").lower().endswith(
        ".pdf"
    )
    what = "a PDF document" if looks_pdf else "a document"
    return Attachment(f"{what} at {url}", PDF_PAGE_TOKENS)


@lru_cache(maxsize=64)
def _audio(data: str, fmt: str) -> Attachment:
    raw = decode_base64(data) or b""
    wav = probe_wav(raw) if fmt.lower() == "wav" else None
    if wav is None:
        seconds = max(1.0, len(raw) / 16_000)
        return Attachment(
            f"an {fmt.upper()} audio clip of {len(raw)} bytes",
            0,
            math.ceil(seconds * AUDIO_TOKENS_PER_SECOND),
        )
    tokens = max(1, math.ceil(wav.seconds * AUDIO_TOKENS_PER_SECOND))
    return Attachment(f"a WAV audio clip of {wav.seconds:.1f} s", 0, tokens)
