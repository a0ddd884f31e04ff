"""Files into media operations, one way for every vendor.

    ref = file_reference("cat.png", field="image", kinds=("image",), max_bytes=10 * MB)
    upload = open_upload(FileRef(ref, kinds=("image",), max_bytes=10 * MB), field="image")

An input file is a local path, raw bytes, a data URI or an http(s) URL. `file_reference` checks it
where that costs nothing (a path exists, is small enough and of the right type; a data URI decodes)
so bad input is refused before any request; a URL is fetched only when the request is sent, with a
size cap, a content-type check and a timeout, through a client that carries no gptproto key
(downloads.py). Uploads are streamed from disk. Results go to disk through downloads.py.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from gptproto_core.downloads import DOWNLOAD_TIMEOUT, adownload, download
from gptproto_core.errors import InvalidInputError
from gptproto_core.media_types import (
    MB,
    UNKNOWN_TYPE,
    check_kind,
    check_size,
    extension,
    guess_type,
    sniff,
)

__all__ = [
    "MB",
    "FileParts",
    "FileRef",
    "Upload",
    "aopen_upload",
    "file_parts",
    "file_reference",
    "inline_reference",
    "open_upload",
]


@dataclass(frozen=True)
class FileRef:
    """A checked file reference in a `Request`: resolved to bytes only when it is sent."""

    value: str | bytes
    kinds: tuple[str, ...] = ()
    max_bytes: int | None = None
    filename: str | None = None


@dataclass(frozen=True)
class Upload:
    """One multipart file part: a name, a content type, and where its bytes come from."""

    filename: str
    content_type: str
    path: Path | None = None
    content: bytes | None = None
    temporary: bool = False  # a downloaded URL: removed once sent

    def open(self) -> IO[bytes]:
        """A fresh reader (a retry sends the file again from its start)."""
        if self.path is not None:
            return self.path.open("rb")
        import io

        return io.BytesIO(self.content or b"")

    def discard(self) -> None:
        if self.temporary and self.path is not None:
            self.path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the download's own temporary directory
                self.path.parent.rmdir()


def _decode_data_uri(value: str, field: str) -> tuple[bytes, str]:
    head, sep, payload = value.partition(",")
    content_type = head[len("data:") :].split(";", 1)[0] or UNKNOWN_TYPE
    if not sep or ";base64" not in head:
        raise InvalidInputError(f"{field}: a data URI must be base64 (data:<type>;base64,<data>)")
    try:
        return base64.b64decode(payload, validate=True), content_type
    except (binascii.Error, ValueError):
        raise InvalidInputError(f"{field}: the data URI's base64 does not decode") from None


def file_reference(
    value: str | bytes,
    *,
    field: str,
    kinds: Sequence[str] = (),
    max_bytes: int | None = None,
) -> str | bytes:
    """`value` checked as far as it can be without a request; paths come back absolute."""
    if isinstance(value, bytes):
        check_size(len(value), max_bytes, field)
        sniffed = sniff(value)
        if sniffed:  # unknown bytes pass: the server judges them
            check_kind(sniffed, kinds, field, "the content")
        return value
    text = value.strip()
    if text.startswith(("http://", "https://")):
        return text
    if text.startswith("data:"):
        content, content_type = _decode_data_uri(text, field)
        check_size(len(content), max_bytes, field)
        check_kind(content_type, kinds, field, "the data URI")
        return text
    try:
        path = Path(text).expanduser().resolve()
        found = path.is_file()
    except (OSError, ValueError):  # e.g. a base64 string far too long for a file name
        found = False
    if not found:
        raise InvalidInputError(
            f"{field}: {text[:80]!r} is neither an http(s) URL, a data URI, nor a readable file"
        )
    check_size(path.stat().st_size, max_bytes, field)
    check_kind(guess_type(path.name), kinds, field, f"file {path.name!r}")
    return str(path)


def open_upload(
    ref: FileRef, *, field: str, http: httpx.Client | None = None, timeout: float = DOWNLOAD_TIMEOUT
) -> Upload:
    """The bytes behind a reference, ready to stream; a URL is downloaded first (capped)."""
    value = ref.value
    if isinstance(value, bytes):
        # Servers tell formats by the file name: known bytes get a type and an extension.
        sniffed = sniff(value)
        name = ref.filename or (f"{field}{extension(sniffed)}" if sniffed else field)
        return Upload(name, sniffed or UNKNOWN_TYPE, content=value)
    if value.startswith("data:"):
        content, content_type = _decode_data_uri(value, field)
        ext = extension(content_type)
        return Upload(ref.filename or f"{field}{ext}", content_type, content=content)
    if value.startswith(("http://", "https://")):
        saved = download(
            value,
            tempfile.mkdtemp(prefix="gptproto-"),
            max_bytes=ref.max_bytes,
            kinds=ref.kinds,
            timeout=timeout,
            http=http,
            field=field,
        )
        return Upload(saved.path.name, saved.content_type, path=saved.path, temporary=True)
    path = Path(value)
    return Upload(ref.filename or path.name, guess_type(path.name), path=path)


def inline_reference(value: str | bytes) -> str:
    """A checked reference as a JSON field takes it: a URL or data URI as it is, a local file
    or bytes as a base64 data URI (for vendors whose JSON bodies carry images)."""
    if isinstance(value, bytes):
        kind = sniff(value) or UNKNOWN_TYPE
        return f"data:{kind};base64,{base64.b64encode(value).decode()}"
    if value.startswith(("http://", "https://", "data:")):
        return value
    path = Path(value)
    return f"data:{guess_type(path.name)};base64,{base64.b64encode(path.read_bytes()).decode()}"


FileParts = Mapping[str, "FileRef | Sequence[FileRef]"]
"""Multipart file fields of a request: one reference, or several under the same name."""


def file_parts(files: FileParts | None) -> list[tuple[str, FileRef]]:
    """(field, reference) pairs in order; a sequence repeats its field name."""
    pairs: list[tuple[str, FileRef]] = []
    for name, value in (files or {}).items():
        refs = [value] if isinstance(value, FileRef) else list(value)
        pairs += [(name, ref) for ref in refs]
    return pairs


async def aopen_upload(ref: FileRef, *, field: str, timeout: float = DOWNLOAD_TIMEOUT) -> Upload:
    """`open_upload` for async code: a URL is downloaded without blocking the loop."""
    if isinstance(ref.value, str) and ref.value.startswith(("http://", "https://")):
        saved = await adownload(
            ref.value,
            tempfile.mkdtemp(prefix="gptproto-"),
            max_bytes=ref.max_bytes,
            kinds=ref.kinds,
            timeout=timeout,
            field=field,
        )
        return Upload(saved.path.name, saved.content_type, path=saved.path, temporary=True)
    return open_upload(ref, field=field)
