"""Content parts for `/v1/chat/completions`, and the check that a model can take them.

    media_part("image", url="https://example.com/cat.png")
    media_part("file", data=pdf_base64, mime_type="application/pdf", filename="report.pdf")

Adapters turn their own block types into calls of `media_part`; OpenAI- and Anthropic-format
dicts go through `normalize_part`. PDFs use the `file` part of API.md §4 (example one) for
both URLs and base64 data; see docs/api-choices.md.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from gptproto_core.errors import InvalidInputError
from gptproto_core.models import ModelInfo

__all__ = [
    "MediaKind",
    "check_model_accepts",
    "data_uri",
    "media_part",
    "normalize_part",
    "read_media_file",
    "text_part",
]

MediaKind = Literal["image", "file", "audio", "video"]
_AUDIO_FORMATS = {"audio/wav": "wav", "audio/x-wav": "wav", "audio/mpeg": "mp3", "audio/mp3": "mp3"}


def text_part(text: str) -> dict[str, Any]:
    return {"type": "text", "text": text}


def data_uri(data: str | bytes, mime_type: str) -> str:
    """`data:<mime>;base64,<data>`; bytes are encoded, a string is taken as base64 already."""
    encoded = base64.b64encode(data).decode() if isinstance(data, bytes) else data
    return f"data:{mime_type};base64,{encoded}"


def read_media_file(path: str | Path) -> tuple[bytes, str]:
    """The bytes and MIME type of a local file, with an error that names the path."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise InvalidInputError(f"no readable file at {str(file)!r}")
    mime, _ = mimetypes.guess_type(file.name)
    return file.read_bytes(), mime or "application/octet-stream"


def media_part(
    kind: MediaKind,
    *,
    url: str | None = None,
    data: str | bytes | None = None,
    mime_type: str | None = None,
    filename: str | None = None,
) -> dict[str, Any]:
    """One content part of the kind gptproto documents for this media (API.md §3.5, §4, §5.5)."""
    if (url is None) == (data is None):
        raise InvalidInputError(f"a {kind} block needs exactly one of a URL or base64 data")
    if kind == "image":
        return {
            "type": "image_url",
            "image_url": {"url": url or data_uri(data or "", _mime(mime_type, "image/png"))},
        }
    if kind == "file":
        mime = _mime(mime_type, "application/pdf")
        name = filename or ("document.pdf" if mime == "application/pdf" else "file")
        return {
            "type": "file",
            "file": {"filename": name, "file_data": url or data_uri(data or "", mime)},
        }
    if kind == "audio":
        if data is None:
            raise InvalidInputError(
                "audio must be sent as base64 data; chat completions take no audio URLs"
            )
        audio_format = _AUDIO_FORMATS.get(
            _mime(mime_type, "audio/wav"), _mime(mime_type, "wav").split("/")[-1]
        )
        encoded = base64.b64encode(data).decode() if isinstance(data, bytes) else data
        return {"type": "input_audio", "input_audio": {"data": encoded, "format": audio_format}}
    if kind == "video":
        return {
            "type": "video_url",
            "video_url": {"url": url or data_uri(data or "", _mime(mime_type, "video/mp4"))},
        }
    raise InvalidInputError(f"unknown media kind {kind!r}")


def _mime(mime_type: str | None, default: str) -> str:
    return (mime_type or default).lower()


def normalize_part(part: Mapping[str, Any] | str) -> dict[str, Any]:
    """An OpenAI- or Anthropic-format part as the wire part gptproto expects."""
    if isinstance(part, str):
        return text_part(part)
    kind = part.get("type")
    if kind == "text":
        return {"type": "text", "text": str(part.get("text", ""))}
    if kind == "image_url":
        image = part.get("image_url")
        url = image if isinstance(image, str) else (image or {}).get("url")
        if not isinstance(url, str) or not url:
            raise InvalidInputError("an image_url part needs image_url.url")
        out: dict[str, Any] = {"url": url}
        if isinstance(image, Mapping) and image.get("detail"):
            out["detail"] = image["detail"]
        return {"type": "image_url", "image_url": out}
    if kind in ("file", "input_audio", "file_url"):
        return dict(part)
    if kind in ("image", "document") and isinstance(part.get("source"), Mapping):
        return _anthropic_part(kind, part["source"])
    raise InvalidInputError(
        f"content block type {kind!r} is not supported; use text, image_url, file, "
        "input_audio, or a standard image/file/audio block"
    )


def _anthropic_part(kind: str, source: Mapping[str, Any]) -> dict[str, Any]:
    media: MediaKind = "image" if kind == "image" else "file"
    source_type = source.get("type")
    if source_type == "url":
        return media_part(media, url=str(source.get("url")))
    if source_type == "base64":
        return media_part(media, data=str(source.get("data")), mime_type=source.get("media_type"))
    if source_type == "text" and kind == "document":
        return text_part(str(source.get("data", "")))
    raise InvalidInputError(f"Anthropic {kind} source type {source_type!r} is not supported")


_NEEDS = {
    "image_url": ("image_input", "image"),
    "file": ("pdf_input", "PDF/file"),
    "file_url": ("pdf_input", "PDF/file"),
    "input_audio": ("audio_input", "audio"),
    "video_url": ("video_input", "video"),
}


def check_model_accepts(info: ModelInfo, messages: Iterable[Mapping[str, Any]]) -> None:
    """Refuse, before any request, a part the catalogue says this model cannot read."""
    for message in messages:
        content = message.get("content")
        if not isinstance(content, list):
            continue
        for part in content:
            need = _NEEDS.get(part.get("type", "")) if isinstance(part, Mapping) else None
            if need and not getattr(info, need[0]):
                raise InvalidInputError(
                    f"model {info.name!r} does not accept {need[1]} input; remove that block "
                    f"or choose a model that does (for example gpt-4o or gemini-2.5-pro)"
                )
