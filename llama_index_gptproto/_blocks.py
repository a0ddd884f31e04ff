"""LlamaIndex content blocks as gptproto content parts, through the core's `media_part`.

    block_to_part(ImageBlock(url="https://example.com/cat.png"))
    # {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}

URLs are forwarded, never downloaded; bytes and local paths become base64 data URIs. Blocks that
carry no input for the model (thinking, tool calls, cache points) give None.
"""

from __future__ import annotations

import base64
from io import IOBase
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from llama_index.core.base.llms.types import (
    AudioBlock,
    CachePoint,
    CitableBlock,
    CitationBlock,
    DocumentBlock,
    ImageBlock,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
    VideoBlock,
)
from llama_index.core.utils import resolve_binary

from gptproto_core.content import MediaKind, media_part, read_media_file, text_part
from gptproto_core.errors import InvalidInputError

__all__ = ["block_to_part", "blocks_to_parts"]

_NO_INPUT = (ThinkingBlock, ToolCallBlock, CachePoint)
_DEFAULT_DOCUMENT_TITLE = "input_document"  # what DocumentBlock sets when given no title


def blocks_to_parts(blocks: list[Any]) -> list[dict[str, Any]]:
    """Every block that carries input, in order, as wire parts."""
    parts: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, CitableBlock):
            parts.extend(blocks_to_parts(list(block.content)))
        elif isinstance(block, CitationBlock):
            parts.extend(blocks_to_parts([block.cited_content]))
        else:
            part = block_to_part(block)
            if part is not None:
                parts.append(part)
    return parts


def block_to_part(block: Any) -> dict[str, Any] | None:
    if isinstance(block, TextBlock):
        return text_part(block.text)
    if isinstance(block, ImageBlock):
        part = _media("image", block.url, block.image, block.path, block.image_mimetype)
        if block.detail:
            part["image_url"]["detail"] = block.detail
        return part
    if isinstance(block, DocumentBlock):
        return _media(
            "file",
            block.url,
            block.data,
            block.path,
            block.document_mimetype,
            filename=_document_name(block),
        )
    if isinstance(block, AudioBlock):
        mime = f"audio/{block.format}" if block.format else None
        return _media("audio", block.url, block.audio, block.path, mime)
    if isinstance(block, VideoBlock):
        return _media("video", block.url, block.video, block.path, block.video_mimetype)
    if isinstance(block, _NO_INPUT):
        return None
    raise InvalidInputError(f"content block {type(block).__name__} is not supported by gptproto")


def _media(
    kind: MediaKind,
    url: Any,
    data: bytes | IOBase | None,
    path: Any,
    mime_type: str | None,
    *,
    filename: str | None = None,
) -> dict[str, Any]:
    """Data first, then a local path, then the URL as given (forwarded, not fetched)."""
    if data is not None:
        encoded = _base64(data)
        return media_part(kind, data=encoded, mime_type=mime_type, filename=filename)
    if path is not None:
        raw, guessed = read_media_file(path)
        return media_part(kind, data=raw, mime_type=mime_type or guessed, filename=filename)
    if url is not None:
        return media_part(kind, url=str(url), mime_type=mime_type, filename=filename)
    raise InvalidInputError(f"a {kind} block needs a url, a path or data")


def _base64(data: bytes | IOBase) -> str:
    """Blocks keep bytes base64-encoded after validation; a stream is read and encoded."""
    if isinstance(data, IOBase):
        data.seek(0)
        return base64.b64encode(data.read()).decode("ascii")
    return resolve_binary(data, as_base64=True).read().decode("ascii")


def _document_name(block: DocumentBlock) -> str | None:
    """The block's own title, else the file name in its path or URL (API.md §4 `filename`)."""
    if block.title and block.title != _DEFAULT_DOCUMENT_TITLE:
        return block.title
    if block.path is not None:
        return Path(str(block.path)).name or None
    if block.url is not None:
        return PurePosixPath(urlsplit(str(block.url)).path).name or None
    return None
