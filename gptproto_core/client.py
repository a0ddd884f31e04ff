"""The HTTP clients: configuration, auth, pooled httpx connections and retries.

    with GPTProtoClient() as client:                      # key from GPTPROTO_API_KEY
        body = client.request_json("POST", "/v1/chat/completions", json=payload)

Everything that decides (headers, URLs, error classes, retry delays, body checks) lives in
`_client_core.ClientCore`; `GPTProtoClient` and `AsyncGPTProtoClient` only move bytes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from gptproto_core import transport as _transport
from gptproto_core._client_core import ClientCore, Retry, connection_error
from gptproto_core.config import AuthScheme
from gptproto_core.errors import OK_CODES
from gptproto_core.files import (
    FileParts,
    SavedFile,
    Sink,
    aopen_upload,
    file_parts,
    open_upload,
)
from gptproto_core.retry import RequestKind, RetryPolicy
from gptproto_core.sse import ServerSentEvent, SSEDecoder

__all__ = ["AsyncGPTProtoClient", "GPTProtoClient", "RequestKind"]

_CHUNK = 64 * 1024


class GPTProtoClient(ClientCore):
    """Blocking client over one pooled `httpx.Client`.

    >>> client = GPTProtoClient(api_key="sk-...", base_url="http://127.0.0.1:8787")
    """

    def __init__(
        self,
        *,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        auth_scheme: AuthScheme = "bearer",
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            auth_scheme=auth_scheme,
            retry_policy=retry_policy,
        )
        self._owns_http = http_client is None
        self._http = http_client or _transport.sync_client(self.config.timeout)

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
        text: bool = False,
    ) -> Any:
        """Send one request (retrying as `kind` allows) and return its decoded JSON body.

        With `files` the body is multipart (`data` its other fields), streamed from disk; a file
        given by URL is downloaded once, before the first attempt. `text` returns the body as a
        str instead (answers that are not JSON, such as subtitles).
        """
        uploads = [(name, open_upload(ref, field=name)) for name, ref in file_parts(files)]
        url = self._url(path)
        attempt = 0
        try:
            while True:
                with ExitStack() as opened:
                    args = self._body_args(json, headers, data, uploads, opened)
                    try:
                        return self._attempt(
                            method, url, params, args, kind, attempt, ok_codes, text
                        )
                    except Retry as retry:
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
    ) -> SavedFile:
        """Send one request and stream its binary answer into the directory `dest`."""
        args = self._request_args(json, {"Accept": "*/*"})
        url = self._url(path)
        attempt = 0
        while True:
            try:
                with self._http.stream(method, url, **args) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise self._on_status(response, kind, attempt)
                    sink = Sink(response, dest, max_bytes=max_bytes, unique=True)
                    try:
                        for chunk in response.iter_bytes(_CHUNK):
                            sink.write(chunk)
                    except BaseException:
                        sink.abort()
                        raise
                    return sink.close()
            except Retry as retry:
                time.sleep(retry.delay)
                attempt += 1
            except httpx.TransportError as exc:
                try:
                    raise self._on_transport_error(exc, kind, attempt) from None
                except Retry as retry:
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
        except httpx.TransportError as exc:
            raise self._on_transport_error(exc, kind, attempt) from None
        if response.status_code >= 400:
            raise self._on_status(response, kind, attempt)
        return response.text if text else self._decode(response, ok_codes)

    def stream_events(
        self, path: str, *, json: Any, headers: Mapping[str, str] | None = None
    ) -> Iterator[ServerSentEvent]:
        """POST and yield Server-Sent Events; retried only before the first event arrives."""
        args = self._request_args(json, {"Accept": "text/event-stream", **(headers or {})})
        url = self._url(path)
        attempt = 0
        while True:
            started = False
            try:
                with self._http.stream("POST", url, **args) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise self._on_status(response, RequestKind.READ, attempt)
                    decoder = SSEDecoder()
                    for chunk in response.iter_bytes():
                        for event in decoder.feed(chunk):
                            started = True
                            yield event
                    yield from decoder.flush()
                    return
            except Retry as retry:
                time.sleep(retry.delay)
                attempt += 1
            except httpx.TransportError as exc:
                if started:
                    raise connection_error(exc, self.config.redact) from None
                try:
                    raise self._on_transport_error(exc, RequestKind.READ, attempt) from None
                except Retry as retry:
                    time.sleep(retry.delay)
                    attempt += 1

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
    """

    def __init__(
        self,
        *,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        auth_scheme: AuthScheme = "bearer",
        retry_policy: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: Literal["auto", "httpx", "aiohttp"] = "auto",
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            auth_scheme=auth_scheme,
            retry_policy=retry_policy,
        )
        self._owns_http = http_client is None
        self._http = http_client or _transport.async_client(self.config.timeout, transport)

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
        text: bool = False,
    ) -> Any:
        """Send one request (retrying as `kind` allows) and return its decoded JSON body."""
        uploads = [(name, await aopen_upload(ref, field=name)) for name, ref in file_parts(files)]
        url = self._url(path)
        attempt = 0
        try:
            while True:
                with ExitStack() as opened:
                    args = self._body_args(json, headers, data, uploads, opened)
                    try:
                        return await self._attempt(
                            method, url, params, args, kind, attempt, ok_codes, text
                        )
                    except Retry as retry:
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
    ) -> SavedFile:
        """Send one request and stream its binary answer into the directory `dest`."""
        args = self._request_args(json, {"Accept": "*/*"})
        url = self._url(path)
        attempt = 0
        while True:
            try:
                async with self._http.stream(method, url, **args) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise self._on_status(response, kind, attempt)
                    sink = Sink(response, dest, max_bytes=max_bytes, unique=True)
                    try:
                        async for chunk in response.aiter_bytes(_CHUNK):
                            sink.write(chunk)
                    except BaseException:
                        sink.abort()
                        raise
                    return sink.close()
            except Retry as retry:
                await asyncio.sleep(retry.delay)
                attempt += 1
            except httpx.TransportError as exc:
                try:
                    raise self._on_transport_error(exc, kind, attempt) from None
                except Retry as retry:
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
        except httpx.TransportError as exc:
            raise self._on_transport_error(exc, kind, attempt) from None
        if response.status_code >= 400:
            raise self._on_status(response, kind, attempt)
        return response.text if text else self._decode(response, ok_codes)

    async def stream_events(
        self, path: str, *, json: Any, headers: Mapping[str, str] | None = None
    ) -> AsyncIterator[ServerSentEvent]:
        """POST and yield Server-Sent Events; retried only before the first event arrives."""
        args = self._request_args(json, {"Accept": "text/event-stream", **(headers or {})})
        url = self._url(path)
        attempt = 0
        while True:
            started = False
            try:
                async with self._http.stream("POST", url, **args) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise self._on_status(response, RequestKind.READ, attempt)
                    decoder = SSEDecoder()
                    async for chunk in response.aiter_bytes():
                        for event in decoder.feed(chunk):
                            started = True
                            yield event
                    for event in decoder.flush():
                        yield event
                    return
            except Retry as retry:
                await asyncio.sleep(retry.delay)
                attempt += 1
            except httpx.TransportError as exc:
                if started:
                    raise connection_error(exc, self.config.redact) from None
                try:
                    raise self._on_transport_error(exc, RequestKind.READ, attempt) from None
                except Retry as retry:
                    await asyncio.sleep(retry.delay)
                    attempt += 1

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
