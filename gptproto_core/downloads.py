"""Results to disk: any output URL streamed to a file (`Sink`), capped, type-checked and fetched
without the gptproto key, since results live on vendors' CDNs.

    saved = download(task.outputs[0], "out/")     # or: await adownload(...)
"""

from __future__ import annotations

import base64
import secrets
import tempfile
from collections.abc import AsyncIterable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from gptproto_core.errors import APIConnectionError, APITimeoutError, InvalidInputError
from gptproto_core.media_types import MB, UNKNOWN_TYPE, check_kind, check_size, extension, sniff

__all__ = [
    "DOWNLOAD_TIMEOUT",
    "HasURL",
    "SavedFile",
    "Sink",
    "adownload",
    "afetch_data_uri",
    "default_output_dir",
    "download",
    "fetch_data_uri",
]


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
class SavedFile:
    """A binary result written to disk."""

    path: Path
    content_type: str
    size: int


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
    kind = saved.content_type if "/" in saved.content_type else (sniff(content) or UNKNOWN_TYPE)
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


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
        self.content_type = response.headers.get("content-type", UNKNOWN_TYPE).split(";")[0].strip()
        declared = response.headers.get("content-length")
        if declared and declared.isdigit():
            check_size(int(declared), max_bytes, field)
        self.path = _target(str(response.request.url), dest, self.content_type, unique)
        self.size, self.max_bytes, self.field = 0, max_bytes, field
        self._out = self.path.open("wb")

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.abort()
            check_size(self.size, self.max_bytes, self.field)
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
    content_type = response.headers.get("content-type", UNKNOWN_TYPE)
    check_kind(content_type.split(";")[0].strip(), kinds, field, f"{url}")
