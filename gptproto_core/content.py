"""Content parts for `/v1/chat/completions`, and the check that a model can take them.

    media_part("image", url="https://example.com/cat.png")
    media_part("file", data=pdf_base64, mime_type="application/pdf", filename="report.pdf")

Adapters turn their own block types into calls of `media_part`; OpenAI- and Anthropic-format
dicts go through `normalize_part`. PDFs use the `file` part of API.md §4 (example one) for
both URLs and base64 data; see docs/api-choices.md.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from gptproto_core.errors import InvalidInputError, excerpt
from gptproto_core.models import ModelInfo

__all__ = [
    "MediaKind",
    "check_model_accepts",
    "data_uri",
    "image_url",
    "media_part",
    "normalize_part",
    "read_media_file",
    "text_part",
]

_DATA_URI = re.compile(r"^data:([^;,]+);base64,(.*)$", re.DOTALL)
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
        if url is not None:
            return {"type": "image_url", "image_url": {"url": image_url(url)}}
        mime = _mime(mime_type, "image/png")
        _check_image_data(data or "", mime)
        return {"type": "image_url", "image_url": {"url": data_uri(data or "", mime)}}
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


def image_url(url: str) -> str:
    """An image URL the API can fetch: http(s) or a base64 data URI of an image; the path
    (or file:// URL) of a readable local image is read into a data URI. Else `InvalidInputError`."""
    scheme = _scheme(url)
    if scheme in ("http", "https"):
        return url
    if scheme == "data":
        match = _DATA_URI.match(url)
        if match is None:
            raise InvalidInputError(
                f"image URL {excerpt(url)!r} is a data URI but not 'data:<type>;base64,<data>'; "
                "encode the image as base64"
            )
        _check_image_data(match.group(2), match.group(1))
        return url
    path = _local_path(url, scheme)
    if path is not None:
        raw, mime = read_media_file(path)
        if mime.startswith("image/"):
            return data_uri(raw, mime)
    raise InvalidInputError(
        f"image URL {excerpt(url)!r} is neither an http(s) URL, a base64 data URI nor the path of "
        "a readable image file; give one of those"
    )


def _scheme(url: str) -> str:
    if "://" not in url and not url.startswith("data:"):
        return ""  # a path (a Windows drive letter is no scheme)
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return "invalid"


def _local_path(url: str, scheme: str) -> Path | None:
    if scheme == "file":
        path = Path(unquote(urlsplit(url).path))
    elif scheme:
        return None
    else:
        path = Path(url).expanduser()
    try:
        return path if path.is_file() else None
    except (OSError, ValueError):  # a name too long, or with a NUL byte
        return None


def _check_image_data(data: str | bytes, mime: str) -> None:
    """Image data must be of an image type and, when given as text, valid base64."""
    if not mime.lower().startswith("image/"):
        raise InvalidInputError(
            f"image data has media type {mime!r}; an image needs an image/* type (image/png, ...)"
        )
    if isinstance(data, str):
        try:
            if not base64.b64decode(re.sub(r"\s+", "", data), validate=True):
                raise ValueError("empty")
        except (binascii.Error, ValueError):
            raise InvalidInputError(
                "image data is not valid base64; pass the raw bytes, or encode them with "
                "base64.b64encode"
            ) from None


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
        out: dict[str, Any] = {"url": image_url(url)}
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
