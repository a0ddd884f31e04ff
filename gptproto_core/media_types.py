"""What a media file is and whether a field takes it: sniffed types, extensions, size and kind
checks, shared by the inputs (files.py) and the downloads (downloads.py).

    >>> sniff(b"\\x89PNG\\r\\n"), extension("audio/mpeg")
    ('image/png', '.mp3')
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence

from gptproto_core.errors import InvalidInputError

__all__ = ["MB", "UNKNOWN_TYPE", "check_kind", "check_size", "extension", "guess_type", "sniff"]

MB = 1024 * 1024
UNKNOWN_TYPE = "application/octet-stream"


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB // 10 else f"{n:,} bytes"


def check_size(size: int, max_bytes: int | None, field: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InvalidInputError(
            f"{field}: the file is {_size(size)}; the limit is {_size(max_bytes)}. "
            "Send a smaller file."
        )


_KIND_WORDS = {"image": "an image", "video": "a video"}


def check_kind(content_type: str, kinds: Sequence[str], field: str, what: str) -> None:
    major = content_type.split("/", 1)[0]
    if kinds and major not in kinds and content_type not in kinds:
        wanted = " or ".join(_KIND_WORDS.get(kind, kind) for kind in kinds)
        raise InvalidInputError(
            f"{field}: {what} is {content_type}, not {wanted}; give a file of that type"
        )


def guess_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or UNKNOWN_TYPE


# Types the platform's mimetypes table may not know (it varies between systems).
_EXTENSIONS = {
    "audio/wav": ".wav",
    "audio/x-wav": ".wav",
    "audio/mpeg": ".mp3",
    "audio/mp3": ".mp3",
    "audio/aac": ".aac",
    "audio/flac": ".flac",
    "audio/ogg": ".ogg",
    "audio/opus": ".opus",
    "audio/pcm": ".pcm",
    "video/mp4": ".mp4",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
}


# Magic numbers of the formats media routes take: (offset, bytes, content type).
_MAGIC = (
    (0, b"\x89PNG", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (8, b"WEBP", "image/webp"),
    (8, b"WAVE", "audio/wav"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"\xff\xfb", "audio/mpeg"),
    (0, b"OggS", "audio/ogg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
    (0, b"GIF8", "image/gif"),
    (0, b"BM", "image/bmp"),
    (4, b"ftyp", "video/mp4"),
)


def sniff(content: bytes) -> str | None:
    """The content type that `content`'s first bytes show, if they are a known media format."""
    return next((kind for at, magic, kind in _MAGIC if content[at:].startswith(magic)), None)


def extension(content_type: str) -> str:
    return _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ""
