"""The HTTP clients: configuration, auth, pooled httpx connections and retries.

    with GPTProtoClient() as client:                      # key from GPTPROTO_API_KEY
        body = client.request_json("POST", "/v1/chat/completions", json=payload)

Everything that decides (headers, URLs, error classes, retry delays, body checks) lives in
`_ClientCore`; `GPTProtoClient` and `AsyncGPTProtoClient` only move bytes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from types import TracebackType
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from gptproto_core import transport as _transport
from gptproto_core.config import AuthScheme, ClientConfig
from gptproto_core.errors import (
    OK_CODES,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ContentPolicyError,
    InsufficientBalanceError,
    UnexpectedResponseError,
    error_from_body,
    error_from_response,
    excerpt,
)
from gptproto_core.retry import DEFAULT_POLICY, Failure, RequestKind, RetryPolicy, retry_delay
from gptproto_core.sse import ServerSentEvent, SSEDecoder

__all__ = ["AsyncGPTProtoClient", "GPTProtoClient", "RequestKind"]

logger = logging.getLogger("gptproto")
_USER_AGENT = "gptproto-integrations/0.1"


class _Retry(Exception):
    """Internal signal: wait `delay` seconds, then send the same request again."""

    def __init__(self, delay: float, cause: Exception) -> None:
        self.delay = delay
        self.cause = cause


class _ClientCore:
    """Configuration and every decision shared by the sync and async clients."""

    def __init__(
        self,
        *,
        api_key: str | SecretStr | None,
        base_url: str | None,
        timeout: float | None,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
        auth_scheme: AuthScheme,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self.retry_policy = retry_policy or DEFAULT_POLICY
        self.config = ClientConfig.resolve(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            auth_scheme=auth_scheme,
        )
        self._headers = {
            "User-Agent": _USER_AGENT,
            "Accept": "application/json",
            **self.config.default_headers,
            "Authorization": self.config.auth_header(),
        }

    @property
    def base_url(self) -> str:
        return self.config.base_url

    @property
    def max_retries(self) -> int:
        return self.config.max_retries

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key=SecretStr('**********'))"

    def _url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def _request_args(
        self, json_body: Any, extra_headers: Mapping[str, str] | None
    ) -> dict[str, Any]:
        headers = dict(self._headers)
        if extra_headers:
            headers.update(extra_headers)
        if json_body is None:
            return {"headers": headers}
        headers["Content-Type"] = "application/json"
        content = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
        return {"headers": headers, "content": content}

    def _redacted(self, error: APIError) -> APIError:
        error.message = self.config.redact(error.message)
        if error.body:
            error.body = self.config.redact(error.body)
        return error

    def _decode(self, response: httpx.Response, ok_codes: frozenset[object] | None) -> Any:
        """The JSON body of a 2xx answer, or a typed error for anything we cannot accept.

        `ok_codes=None` leaves a body's own `code` field to the caller (vendor modules that
        know what each code means)."""
        if not response.content.strip():
            return None  # e.g. a 204, or midjourney-proxy's empty answer for an unknown task
        try:
            body = json.loads(response.content)
        except ValueError:
            text = response.content.decode("utf-8", "replace")
            raise self._redacted(
                UnexpectedResponseError(
                    "gptproto sent a body that is not JSON",
                    status_code=response.status_code,
                    body=excerpt(text),
                )
            ) from None
        if ok_codes is None:
            return body
        error = error_from_body(body, ok_codes=ok_codes, headers=response.headers)
        if error is not None:
            raise self._redacted(error)
        return body

    def _status_error(self, response: httpx.Response) -> APIError:
        return self._redacted(
            error_from_response(response.status_code, response.content, response.headers)
        )

    def _on_status(self, response: httpx.Response, kind: RequestKind, attempt: int) -> APIError:
        """Raise `_Retry` if this error status may be retried, else return the error."""
        error = self._status_error(response)
        if isinstance(error, _FINAL_ERRORS):
            return error
        delay = retry_delay(
            kind,
            attempt=attempt,
            max_retries=self.max_retries,
            status=response.status_code,
            retry_after=getattr(error, "retry_after", None),
            policy=self.retry_policy,
        )
        if delay is not None:
            logger.info("gptproto: HTTP %s, retrying in %.2fs", response.status_code, delay)
            raise _Retry(delay, error)
        return error

    def _on_transport_error(
        self, exc: httpx.TransportError, kind: RequestKind, attempt: int
    ) -> Exception:
        failure = Failure.CONNECT if _never_sent(exc) else Failure.READ
        delay = retry_delay(
            kind,
            attempt=attempt,
            max_retries=self.max_retries,
            failure=failure,
            policy=self.retry_policy,
        )
        error = _connection_error(exc, self.config.redact)
        if delay is not None:
            logger.info("gptproto: %s, retrying in %.2fs", type(exc).__name__, delay)
            raise _Retry(delay, error)
        return error


# Answers that a retry cannot change, whatever their status code says.
_FINAL_ERRORS = (ContentPolicyError, InsufficientBalanceError, AuthenticationError)


def _never_sent(exc: httpx.TransportError) -> bool:
    """True when the request surely did not reach the server (safe to resubmit a job)."""
    cause = exc.__cause__
    if cause is not None and type(cause).__module__.startswith("aiohttp"):
        # httpx-aiohttp maps every aiohttp connection error, a server hang-up after the
        # request was sent included, to ConnectTimeout: only a failed connect is "never sent".
        return any(c.__name__ == "ClientConnectorError" for c in type(cause).__mro__)
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _connection_error(exc: httpx.TransportError, redact: Any) -> APIConnectionError:
    detail = redact(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request to gptproto timed out ({type(exc).__name__}): {detail}")
    return APIConnectionError(f"could not talk to gptproto ({type(exc).__name__}): {detail}")


class GPTProtoClient(_ClientCore):
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
    ) -> Any:
        """Send one request (retrying as `kind` allows) and return its decoded JSON body."""
        args = self._request_args(json, headers)
        url = self._url(path)
        attempt = 0
        while True:
            try:
                return self._attempt(method, url, params, args, kind, attempt, ok_codes)
            except _Retry as retry:
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
    ) -> Any:
        try:
            response = self._http.request(method, url, params=params, **args)
        except httpx.TransportError as exc:
            raise self._on_transport_error(exc, kind, attempt) from None
        if response.status_code >= 400:
            raise self._on_status(response, kind, attempt)
        return self._decode(response, ok_codes)

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
            except _Retry as retry:
                time.sleep(retry.delay)
                attempt += 1
            except httpx.TransportError as exc:
                if started:
                    raise _connection_error(exc, self.config.redact) from None
                try:
                    raise self._on_transport_error(exc, RequestKind.READ, attempt) from None
                except _Retry as retry:
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


class AsyncGPTProtoClient(_ClientCore):
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
    ) -> Any:
        """Send one request (retrying as `kind` allows) and return its decoded JSON body."""
        args = self._request_args(json, headers)
        url = self._url(path)
        attempt = 0
        while True:
            try:
                return await self._attempt(method, url, params, args, kind, attempt, ok_codes)
            except _Retry as retry:
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
    ) -> Any:
        try:
            response = await self._http.request(method, url, params=params, **args)
        except httpx.TransportError as exc:
            raise self._on_transport_error(exc, kind, attempt) from None
        if response.status_code >= 400:
            raise self._on_status(response, kind, attempt)
        return self._decode(response, ok_codes)

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
            except _Retry as retry:
                await asyncio.sleep(retry.delay)
                attempt += 1
            except httpx.TransportError as exc:
                if started:
                    raise _connection_error(exc, self.config.redact) from None
                try:
                    raise self._on_transport_error(exc, RequestKind.READ, attempt) from None
                except _Retry as retry:
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
