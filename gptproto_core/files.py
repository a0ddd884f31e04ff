"""Files in and out of media operations, one way for every vendor.

    ref = file_reference("cat.png", field="image", kinds=("image",), max_bytes=10 * MB)
    upload = open_upload(FileRef(ref, kinds=("image",), max_bytes=10 * MB), field="image")
    saved = download(task.outputs[0], "out/")     # any output URL; or: await adownload(...)

An input file is a local path, raw bytes, a data URI or an http(s) URL. `file_reference` checks it
where that costs nothing (a path exists, is small enough and of the right type; a data URI decodes)
so bad input is refused before any request; a URL is fetched only when the request is sent, with a
size cap, a content-type check and a timeout, through a client that carries no gptproto key.
Uploads are streamed from disk; results are streamed to disk (`Sink`), never held whole.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import mimetypes
import secrets
import tempfile
from collections.abc import AsyncIterable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import urlsplit

import httpx

from gptproto_core.errors import APIConnectionError, APITimeoutError, InvalidInputError

__all__ = [
    "MB",
    "FileParts",
    "FileRef",
    "SavedFile",
    "Sink",
    "Upload",
    "adownload",
    "afetch_data_uri",
    "aopen_upload",
    "default_output_dir",
    "download",
    "fetch_data_uri",
    "file_parts",
    "file_reference",
    "inline_reference",
    "open_upload",
    "sniff",
]

MB = 1024 * 1024


class HasURL(Protocol):
    """Anything with a `url`, such as a task's `Output`."""

    @property
    def url(self) -> str: ...


def default_output_dir() -> Path:
    """Where binary results go when no `output_dir` is given: a folder in the temp directory."""
    return Path(tempfile.gettempdir()) / "gptproto-outputs"


DOWNLOAD_TIMEOUT = 60.0
_CHUNK = 64 * 1024


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


@dataclass(frozen=True)
class SavedFile:
    """A binary result written to disk."""

    path: Path
    content_type: str
    size: int


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB // 10 else f"{n:,} bytes"


def _limit(size: int, max_bytes: int | None, field: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InvalidInputError(
            f"{field}: the file is {_size(size)}; the limit is {_size(max_bytes)}. "
            "Send a smaller file."
        )


_KIND_WORDS = {"image": "an image", "video": "a video"}


def _kind_ok(content_type: str, kinds: Sequence[str], field: str, what: str) -> None:
    major = content_type.split("/", 1)[0]
    if kinds and major not in kinds and content_type not in kinds:
        wanted = " or ".join(_KIND_WORDS.get(kind, kind) for kind in kinds)
        raise InvalidInputError(
            f"{field}: {what} is {content_type}, not {wanted}; give a file of that type"
        )


def _guess(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


_UNKNOWN = "application/octet-stream"


def _decode_data_uri(value: str, field: str) -> tuple[bytes, str]:
    head, sep, payload = value.partition(",")
    content_type = head[len("data:") :].split(";", 1)[0] or "application/octet-stream"
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
        _limit(len(value), max_bytes, field)
        sniffed = sniff(value)
        if sniffed:  # unknown bytes pass: the server judges them
            _kind_ok(sniffed, kinds, field, "the content")
        return value
    text = value.strip()
    if text.startswith(("http://", "https://")):
        return text
    if text.startswith("data:"):
        content, content_type = _decode_data_uri(text, field)
        _limit(len(content), max_bytes, field)
        _kind_ok(content_type, kinds, field, "the data URI")
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
    _limit(path.stat().st_size, max_bytes, field)
    _kind_ok(_guess(path.name), kinds, field, f"file {path.name!r}")
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
        return Upload(name, sniffed or "application/octet-stream", content=value)
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
    return Upload(ref.filename or path.name, _guess(path.name), path=path)


def inline_reference(value: str | bytes) -> str:
    """A checked reference as a JSON field takes it: a URL or data URI as it is, a local file
    or bytes as a base64 data URI (for vendors whose JSON bodies carry images)."""
    if isinstance(value, bytes):
        kind = sniff(value) or _UNKNOWN
        return f"data:{kind};base64,{base64.b64encode(value).decode()}"
    if value.startswith(("http://", "https://", "data:")):
        return value
    path = Path(value)
    return f"data:{_guess(path.name)};base64,{base64.b64encode(path.read_bytes()).decode()}"


def fetch_data_uri(
    url: str, *, kinds: Sequence[str] = ("image",), max_bytes: int | None = 10 * MB
) -> str:
    """`url`'s content as a base64 data URI, for vendors whose JSON takes only data URIs.

    Fetched without the gptproto key, capped and type-checked like any download."""
    with tempfile.TemporaryDirectory(prefix="gptproto-") as folder:
        saved = download(url, folder, kinds=kinds, max_bytes=max_bytes, field="image")
        return _as_data_uri(saved)


async def afetch_data_uri(
    url: str, *, kinds: Sequence[str] = ("image",), max_bytes: int | None = 10 * MB
) -> str:
    with tempfile.TemporaryDirectory(prefix="gptproto-") as folder:
        saved = await adownload(url, folder, kinds=kinds, max_bytes=max_bytes, field="image")
        return _as_data_uri(saved)


def _as_data_uri(saved: SavedFile) -> str:
    content = saved.path.read_bytes()
    kind = saved.content_type if "/" in saved.content_type else (sniff(content) or _UNKNOWN)
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


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


def _target(url: str, dest: str | Path, content_type: str, unique: bool | str) -> Path:
    """`dest` itself, or a file in the directory `dest` named after the URL.

    `unique` adds a part to the name, for API answers whose URL is the same every call: the
    given text (a digest of the request, so the same request names the same file), or random.
    """
    dest = Path(dest)
    if dest.is_dir() or str(dest).endswith(("/", "\\")) or unique:
        dest.mkdir(parents=True, exist_ok=True)
        name = Path(urlsplit(url).path).name or "download"
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, extension(content_type).lstrip(".")
        if unique:
            stem = f"{stem}-{unique if isinstance(unique, str) else secrets.token_hex(4)}"
        return dest / (f"{stem}.{ext}" if ext else stem)
    dest.parent.mkdir(parents=True, exist_ok=True)
    return dest


class Sink:
    """Writes a response body to disk as its chunks arrive; over `max_bytes` the file is removed.

    Sync and async downloads share it: only the loop that feeds it differs.
    """

    def __init__(
        self,
        response: httpx.Response,
        dest: str | Path,
        *,
        max_bytes: int | None = None,
        field: str = "download",
        unique: bool | str = False,
    ) -> None:
        self.content_type = (
            response.headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        )
        declared = response.headers.get("content-length")
        if declared and declared.isdigit():
            _limit(int(declared), max_bytes, field)
        self.path = _target(str(response.request.url), dest, self.content_type, unique)
        self.size, self.max_bytes, self.field = 0, max_bytes, field
        self._out = self.path.open("wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.abort()
            _limit(self.size, self.max_bytes, self.field)
        self._out.write(chunk)

    def abort(self) -> None:
        self._out.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> SavedFile:
        self._out.close()
        return SavedFile(self.path, self.content_type, self.size)

    def fill(self, chunks: Iterable[bytes]) -> SavedFile:
        """Write every chunk and close; on any failure no partial file is left behind."""
        try:
            for chunk in chunks:
                self.write(chunk)
        except BaseException:
            self.abort()
            raise
        return self.close()

    async def afill(self, chunks: AsyncIterable[bytes]) -> SavedFile:
        """`fill` for an async body."""
        try:
            async for chunk in chunks:
                self.write(chunk)
        except BaseException:
            self.abort()
            raise
        return self.close()


def download(
    url: str | HasURL,
    dest: str | Path,
    *,
    max_bytes: int | None = None,
    kinds: Sequence[str] = (),
    timeout: float = DOWNLOAD_TIMEOUT,
    http: httpx.Client | None = None,
    field: str = "download",
) -> SavedFile:
    """Save `url` to `dest` (a file, or a directory to put it in) without holding it in memory.

    `url` may be a task's `Output`. The request carries no gptproto key: results live on
    vendors' CDNs, not on gptproto.
    """
    url = url if isinstance(url, str) else url.url
    client = http or httpx.Client(timeout=timeout, follow_redirects=True)
    try:
        with client.stream("GET", url) as response:
            _check(response, url, kinds, field)
            sink = Sink(response, dest, max_bytes=max_bytes, field=field)
            return sink.fill(response.iter_bytes(_CHUNK))
    except httpx.TimeoutException as exc:
        raise APITimeoutError(f"{field}: downloading {url} timed out ({exc})") from None
    except httpx.TransportError as exc:
        raise APIConnectionError(f"{field}: could not download {url}: {exc}") from None
    finally:
        if http is None:
            client.close()


async def adownload(
    url: str | HasURL,
    dest: str | Path,
    *,
    max_bytes: int | None = None,
    kinds: Sequence[str] = (),
    timeout: float = DOWNLOAD_TIMEOUT,
    field: str = "download",
) -> SavedFile:
    """`download` for async code; the file is written as the chunks arrive."""
    url = url if isinstance(url, str) else url.url
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
        try:
            async with client.stream("GET", url) as response:
                _check(response, url, kinds, field)
                sink = Sink(response, dest, max_bytes=max_bytes, field=field)
                return await sink.afill(response.aiter_bytes(_CHUNK))
        except httpx.TimeoutException as exc:
            raise APITimeoutError(f"{field}: downloading {url} timed out ({exc})") from None
        except httpx.TransportError as exc:
            raise APIConnectionError(f"{field}: could not download {url}: {exc}") from None


def _check(response: httpx.Response, url: str, kinds: Sequence[str], field: str) -> None:
    if response.status_code >= 400:
        raise InvalidInputError(
            f"{field}: {url} answered HTTP {response.status_code}; give a URL that can be fetched"
        )
    content_type = response.headers.get("content-type", "application/octet-stream")
    _kind_ok(content_type.split(";")[0].strip(), kinds, field, f"{url}")
