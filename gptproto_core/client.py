"""The HTTP clients: configuration, auth, pooled httpx connections and retries.

    with GPTProtoClient() as client:                      # key from GPTPROTO_API_KEY
        body = client.request_json("POST", "/v1/chat/completions", json=payload)

Everything that decides (headers, URLs, error classes, retry delays, body checks) lives in
`_client_core.ClientCore`; `GPTProtoClient` and `AsyncGPTProtoClient` only move bytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Mapping
from contextlib import ExitStack, aclosing, closing
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx
from pydantic import SecretStr

from gptproto_core import transport as _transport
from gptproto_core._client_core import Budget, ClientCore, Retry
from gptproto_core.config import AsyncTransport, AuthScheme, ClientSettings, as_secret
from gptproto_core.downloads import SavedFile, Sink
from gptproto_core.errors import OK_CODES, APIError, ConfigurationError
from gptproto_core.files import FileParts, aopen_upload, file_parts, open_upload
from gptproto_core.retry import RequestKind, RetryPolicy
from gptproto_core.sse import ServerSentEvent, SSEDecoder
from gptproto_core.stream_check import is_event_stream, not_an_event_stream

__all__ = ["AsyncGPTProtoClient", "GPTProtoClient", "RequestKind"]

_CHUNK = 64 * 1024
_Sync = TypeVar("_Sync", bound="GPTProtoClient")
_Async = TypeVar("_Async", bound="AsyncGPTProtoClient")


class GPTProtoClient(ClientCore):
    """Blocking client over one pooled `httpx.Client`.

    >>> client = GPTProtoClient(api_key="sk-...", base_url="http://127.0.0.1:8787")
    >>> client = GPTProtoClient.from_settings(ClientSettings(api_key="sk-...", auth_scheme="raw"))
    """

    def __init__(
        self,
        *,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        auth_scheme: AuthScheme | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
        settings: ClientSettings | None = None,
    ) -> None:
        keywords = ClientSettings(
            api_key=as_secret(api_key),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers or {},
            auth_scheme=auth_scheme,
        )
        _start(self, _one_of(settings, keywords), retry_policy)
        self._owns_http = http_client is None
        self._http = http_client or _transport.sync_client(self.config.timeout)
        if self._owns_http:
            # A client dropped without close() still releases its pooled sockets.
            weakref.finalize(self, self._http.close)

    @classmethod
    def from_settings(
        cls: type[_Sync],
        settings: ClientSettings,
        *,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> _Sync:
        """A client on `settings` (checked now: ConfigurationError names what to fix)."""
        return cls(settings=settings, retry_policy=retry_policy, http_client=http_client)

    def request_json(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        kind: RequestKind = RequestKind.READ,
        ok_codes: frozenset[object] | None = OK_CODES,
        headers: Mapping[str, str] | None = None,
        files: FileParts | None = None,
        data: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        text: bool = False,
    ) -> Any:
        """Send one request (retrying as `kind` allows) and return its decoded JSON body.

        With `files` the body is multipart (`data` its other fields), streamed from disk; a file
        given by URL is downloaded once, before the first attempt. `timeout` bounds the whole
        call, retries included; `text` returns the body as a str instead (answers that are not
        JSON, such as subtitles).
        """
        budget = Budget(timeout, self.config.timeout)
        uploads = [(name, open_upload(ref, field=name)) for name, ref in file_parts(files)]
        url = self._url(path)
        attempt = 0
        try:
            while True:
                with ExitStack() as opened:
                    args = self._body_args(json, headers, data, uploads, opened)
                    if budget.end is not None:
                        args["timeout"] = budget.timeout()
                    try:
                        return self._attempt(
                            method, url, params, args, kind, attempt, ok_codes, text
                        )
                    except Retry as retry:
                        budget.check(retry)
                        time.sleep(retry.delay)
                        attempt += 1
        finally:
            for _, upload in uploads:
                upload.discard()

    def request_file(
        self,
        method: str,
        path: str,
        *,
        dest: str | Path,
        json: Any = None,
        kind: RequestKind = RequestKind.READ,
        max_bytes: int | None = None,
        timeout: float | None = None,
    ) -> SavedFile:
        """Send one request and stream its binary answer into the directory `dest`."""
        budget = Budget(timeout, self.config.timeout)
        args = self._request_args(json, {"Accept": "*/*"})
        url = self._url(path)
        attempt = 0
        while True:
            if budget.end is not None:
                args["timeout"] = budget.timeout()
            try:
                with self._http.stream(method, url, **args) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise self._on_status(response, kind, attempt)
                    sink = Sink(response, dest, max_bytes=max_bytes, unique=_digest(args))
                    return sink.fill(response.iter_bytes(_CHUNK))
            except Retry as retry:
                budget.check(retry)
                time.sleep(retry.delay)
                attempt += 1
            except _transport.TRANSPORT_ERRORS as exc:
                try:
                    raise self._on_transport_error(exc, kind, attempt) from None
                except Retry as retry:
                    budget.check(retry)
                    time.sleep(retry.delay)
                    attempt += 1

    def _attempt(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        args: dict[str, Any],
        kind: RequestKind,
        attempt: int,
        ok_codes: frozenset[object] | None,
        text: bool = False,
    ) -> Any:
        try:
            response = self._http.request(method, url, params=params, **args)
        except _transport.TRANSPORT_ERRORS as exc:
            raise self._on_transport_error(exc, kind, attempt) from None
        if response.status_code >= 400:
            raise self._on_status(response, kind, attempt)
        return response.text if text else self._decode(response, ok_codes)

    def stream_events(
        self,
        path: str,
        *,
        json: Any,
        headers: Mapping[str, str] | None = None,
        kind: RequestKind = RequestKind.READ,
        timeout: float | None = None,
    ) -> Iterator[ServerSentEvent]:
        """POST and yield Server-Sent Events; retried only before the first event arrives (and,
        for a job submission `kind`, only where the server surely did not take it). `timeout`
        bounds the whole stream, retries included: a read waits at most what was left of it
        when the stream opened, and once it has passed the next event is an `APITimeoutError`
        (the request was sent)."""
        args = self._request_args(json, {"Accept": "text/event-stream", **(headers or {})})
        url = self._url(path)
        budget = Budget(timeout, self.config.timeout)
        attempt = 0
        while True:
            if budget.end is not None:
                args["timeout"] = budget.timeout()
            try:
                with closing(self._stream_once(url, args, attempt, kind)) as events:
                    for event in events:
                        budget.check_stream()
                        yield event
                return
            except Retry as retry:
                budget.check(retry)
                time.sleep(retry.delay)
                attempt += 1

    def _stream_once(
        self, url: str, args: dict[str, Any], attempt: int, kind: RequestKind
    ) -> Generator[ServerSentEvent, None, None]:
        started = False
        try:
            with self._http.stream("POST", url, **args) as response:
                if response.status_code >= 400:
                    response.read()
                    raise self._on_status(response, kind, attempt)
                if not is_event_stream(response.headers):
                    response.read()
                    raise _not_a_stream(response)
                decoder = SSEDecoder()
                for chunk in response.iter_bytes():
                    for event in decoder.feed(chunk):
                        started = True
                        yield event
                yield from decoder.flush()
        except _transport.TRANSPORT_ERRORS as exc:
            raise self._on_transport_error(exc, kind, attempt, partial=started) from None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> GPTProtoClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncGPTProtoClient(ClientCore):
    """Non-blocking twin of `GPTProtoClient`; same arguments, same answers.

    `transport="auto"` uses an aiohttp-backed httpx transport when `httpx-aiohttp` is
    installed (several times the throughput under concurrency, see docs/performance.md).
    In `ClientSettings` the same choice is called `async_transport`.
    """

    def __init__(
        self,
        *,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        auth_scheme: AuthScheme | None = None,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: AsyncTransport = "auto",
        settings: ClientSettings | None = None,
    ) -> None:
        keywords = ClientSettings(
            api_key=as_secret(api_key),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers or {},
            auth_scheme=auth_scheme,
            async_transport=transport,
        )
        chosen = _one_of(settings, keywords)
        _start(self, chosen, retry_policy)
        self._owns_http = http_client is None
        self._http = http_client or _transport.async_client(
            self.config.timeout, chosen.async_transport
        )

    @classmethod
    def from_settings(
        cls: type[_Async],
        settings: ClientSettings,
        *,
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> _Async:
        """A client on `settings` (checked now: ConfigurationError names what to fix)."""
        return cls(settings=settings, retry_policy=retry_policy, http_client=http_client)

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        kind: RequestKind = RequestKind.READ,
        ok_codes: frozenset[object] | None = OK_CODES,
        headers: Mapping[str, str] | None = None,
        files: FileParts | None = None,
        data: Mapping[str, Any] | None = None,
        timeout: float | None = None,
        text: bool = False,
    ) -> Any:
        """Send one request (retrying as `kind` allows) and return its decoded JSON body."""
        budget = Budget(timeout, self.config.timeout)
        uploads = [(name, await aopen_upload(ref, field=name)) for name, ref in file_parts(files)]
        url = self._url(path)
        attempt = 0
        try:
            while True:
                with ExitStack() as opened:
                    args = self._body_args(json, headers, data, uploads, opened)
                    if budget.end is not None:
                        args["timeout"] = budget.timeout()
                    try:
                        return await self._attempt(
                            method, url, params, args, kind, attempt, ok_codes, text
                        )
                    except Retry as retry:
                        budget.check(retry)
                        await asyncio.sleep(retry.delay)
                        attempt += 1
        finally:
            for _, upload in uploads:
                upload.discard()

    async def request_file(
        self,
        method: str,
        path: str,
        *,
        dest: str | Path,
        json: Any = None,
        kind: RequestKind = RequestKind.READ,
        max_bytes: int | None = None,
        timeout: float | None = None,
    ) -> SavedFile:
        """Send one request and stream its binary answer into the directory `dest`."""
        budget = Budget(timeout, self.config.timeout)
        args = self._request_args(json, {"Accept": "*/*"})
        url = self._url(path)
        attempt = 0
        while True:
            if budget.end is not None:
                args["timeout"] = budget.timeout()
            try:
                async with self._http.stream(method, url, **args) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise self._on_status(response, kind, attempt)
                    sink = Sink(response, dest, max_bytes=max_bytes, unique=_digest(args))
                    return await sink.afill(response.aiter_bytes(_CHUNK))
            except Retry as retry:
                budget.check(retry)
                await asyncio.sleep(retry.delay)
                attempt += 1
            except _transport.TRANSPORT_ERRORS as exc:
                try:
                    raise self._on_transport_error(exc, kind, attempt) from None
                except Retry as retry:
                    budget.check(retry)
                    await asyncio.sleep(retry.delay)
                    attempt += 1

    async def _attempt(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        args: dict[str, Any],
        kind: RequestKind,
        attempt: int,
        ok_codes: frozenset[object] | None,
        text: bool = False,
    ) -> Any:
        try:
            response = await self._http.request(method, url, params=params, **args)
        except _transport.TRANSPORT_ERRORS as exc:
            raise self._on_transport_error(exc, kind, attempt) from None
        if response.status_code >= 400:
            raise self._on_status(response, kind, attempt)
        return response.text if text else self._decode(response, ok_codes)

    async def stream_events(
        self,
        path: str,
        *,
        json: Any,
        headers: Mapping[str, str] | None = None,
        kind: RequestKind = RequestKind.READ,
        timeout: float | None = None,
    ) -> AsyncIterator[ServerSentEvent]:
        """POST and yield Server-Sent Events; retried only before the first event arrives (and,
        for a job submission `kind`, only where the server surely did not take it). `timeout`
        bounds the whole stream, as for `GPTProtoClient.stream_events`."""
        args = self._request_args(json, {"Accept": "text/event-stream", **(headers or {})})
        url = self._url(path)
        budget = Budget(timeout, self.config.timeout)
        attempt = 0
        while True:
            if budget.end is not None:
                args["timeout"] = budget.timeout()
            try:
                # aclosing: a caller that stops early closes the response now, not at GC.
                async with aclosing(self._stream_once(url, args, attempt, kind)) as events:
                    async for event in events:
                        budget.check_stream()
                        yield event
                return
            except Retry as retry:
                budget.check(retry)
                await asyncio.sleep(retry.delay)
                attempt += 1

    async def _stream_once(
        self, url: str, args: dict[str, Any], attempt: int, kind: RequestKind
    ) -> AsyncGenerator[ServerSentEvent, None]:
        started = False
        try:
            async with self._http.stream("POST", url, **args) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise self._on_status(response, kind, attempt)
                if not is_event_stream(response.headers):
                    await response.aread()
                    raise _not_a_stream(response)
                decoder = SSEDecoder()
                async for chunk in response.aiter_bytes():
                    for event in decoder.feed(chunk):
                        started = True
                        yield event
                for event in decoder.flush():
                    yield event
        except _transport.TRANSPORT_ERRORS as exc:
            raise self._on_transport_error(exc, kind, attempt, partial=started) from None

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncGPTProtoClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _digest(args: dict[str, Any]) -> str:
    """A short name part from the request body: the same request saves to the same file name."""
    return hashlib.sha256(bytes(args.get("content") or b"")).hexdigest()[:10]


def _not_a_stream(response: httpx.Response) -> APIError:
    return not_an_event_stream(response.status_code, response.headers, response.content)


def _one_of(settings: ClientSettings | None, keywords: ClientSettings) -> ClientSettings:
    """`settings=` or the setting keywords: taking one silently would drop the other."""
    if settings is None:
        return keywords
    if keywords != ClientSettings():
        raise ConfigurationError(
            "pass either settings=ClientSettings(...) or the setting keywords, not both"
        )
    return settings


def _start(client: ClientCore, settings: ClientSettings, retry_policy: RetryPolicy | None) -> None:
    """Configure the shared core from checked settings (`resolve()` raises ConfigurationError)."""
    # ClientCore resolves once more (its signature is keyword-based); final values stay as they are.
    ClientCore.__init__(client, **settings.resolve().arguments(), retry_policy=retry_policy)
