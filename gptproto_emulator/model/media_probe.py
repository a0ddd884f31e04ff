r"""Cheap header readers for media the chat route is given: image size, PDF pages, WAV length.

Nothing here fetches a URL; only ``data:`` URIs are decoded.

    >>> probe_image(b"GIF89a\x02\x00\x01\x00")
    ImageInfo(kind='GIF', width=2, height=1)
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

_MAX_PDF_SCAN = 4_000_000
_PAGE_RE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_STREAM_RE = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_TEXT_RE = re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ", re.DOTALL)
_TJ_PIECE_RE = re.compile(rb"\(((?:[^()\\]|\\.)*)\)")


@dataclass(frozen=True)
class DataURI:
    """A decoded ``data:<mime>;base64,<data>`` URI."""

    mime: str
    data: bytes


@dataclass(frozen=True)
class ImageInfo:
    """Image format name and pixel size."""

    kind: str
    width: int
    height: int


@dataclass(frozen=True)
class PdfInfo:
    """Page count and the first text found in an uncompressed or Flate content stream."""

    pages: int
    text: str | None


@dataclass(frozen=True)
class AudioInfo:
    """Duration of a WAV clip in seconds."""

    seconds: float


@lru_cache(maxsize=64)
def parse_data_uri(uri: str) -> DataURI | None:
    """Decode a base64 ``data:`` URI; ``None`` when ``uri`` is not one or does not decode."""
    if not uri.startswith("data:"):
        return None
    header, sep, payload = uri.partition(",")
    if not sep or not header.endswith(";base64"):
        return None
    mime = header[5:-7].split(";")[0].strip().lower()
    try:
        data = base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None
    return DataURI(mime, data)


def decode_base64(payload: str) -> bytes | None:
    """Decode plain base64 (``input_audio.data``), ``None`` when it does not decode."""
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError):
        return None


def probe_image(data: bytes) -> ImageInfo | None:
    """Read the size of a PNG, GIF, JPEG or WebP image from its header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return ImageInfo("PNG", width, height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return ImageInfo("GIF", width, height)
    if data.startswith(b"\xff\xd8"):
        return _probe_jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _probe_webp(data)
    return None


def _probe_jpeg(data: bytes) -> ImageInfo | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return ImageInfo("JPEG", width, height)
        index += 2 + length
    return None


def _probe_webp(data: bytes) -> ImageInfo | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return ImageInfo("WebP", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return ImageInfo("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageInfo("WebP", width, height)
    return None


def probe_pdf(data: bytes) -> PdfInfo | None:
    """Count the pages of a PDF and find its first text if that is cheap."""
    if not data.startswith(b"%PDF"):
        return None
    scanned = data[:_MAX_PDF_SCAN]
    pages = max(1, len(_PAGE_RE.findall(scanned)))
    return PdfInfo(pages, _first_text(scanned))


def _first_text(data: bytes) -> str | None:
    for count, match in enumerate(_STREAM_RE.finditer(data)):
        if count >= 20:
            break
        stream = match.group(1)
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
        text = _text_in_stream(stream)
        if text:
            return text
    return None


def _text_in_stream(stream: bytes) -> str | None:
    pieces: list[bytes] = []
    for match in _TEXT_RE.finditer(stream):
        if match.group(1) is not None:
            pieces.append(match.group(1))
        else:
            pieces.append(b"".join(_TJ_PIECE_RE.findall(match.group(2))))
        if sum(len(p) for p in pieces) > 200:
            break
    raw = b" ".join(pieces).replace(b"\\(", b"(").replace(b"\\)", b")").replace(b"\\\\", b"\\")
    text = " ".join(raw.decode("latin-1").split())
    return text[:200] or None


def probe_wav(data: bytes) -> AudioInfo | None:
    """Duration of a RIFF/WAVE clip from its ``fmt `` and ``data`` chunks."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    index, byte_rate = 12, 0
    while index + 8 <= len(data):
        chunk_id = data[index : index + 4]
        (size,) = struct.unpack("<I", data[index + 4 : index + 8])
        if chunk_id == b"fmt " and index + 20 <= len(data):
            (byte_rate,) = struct.unpack("<I", data[index + 16 : index + 20])
        elif chunk_id == b"data":
            if byte_rate <= 0:
                return None
            available = min(size, len(data) - index - 8)
            return AudioInfo(available / byte_rate)
        index += 8 + size + (size & 1)
    return None
