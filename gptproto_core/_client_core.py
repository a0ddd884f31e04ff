"""What the sync and async clients do alike: headers, URLs, typed errors and body checks.
Whether to retry is asked of `retry.py`; the clients in `client.py` only move bytes.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import httpx
from pydantic import SecretStr

from gptproto_core import transport as _transport
from gptproto_core.body_guard import loads_bounded
from gptproto_core.config import AuthScheme, ClientConfig
from gptproto_core.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    GPTProtoError,
    UnexpectedResponseError,
    error_from_body,
    error_from_response,
)
from gptproto_core.files import Upload
from gptproto_core.retry import DEFAULT_POLICY, RequestKind, RetryPolicy, retry_delay

__all__ = ["ClientCore", "Retry", "transport_error"]

logger = logging.getLogger("gptproto")
_USER_AGENT = "gptproto-integrations/0.1"


class Retry(Exception):
    """Internal signal: wait `delay` seconds, then send the same request again."""

    def __init__(self, delay: float, cause: Exception) -> None:
        self.delay = delay
        self.cause = cause


class Budget:
    """What is left of a caller's deadline for one request, its retries included.

    A tool's `timeout` bounds its whole call: each attempt's timeout is the smaller of the
    client's own and what is left, and no retry starts that could not finish in time.
    """

    def __init__(self, seconds: float | None, request_timeout: float) -> None:
        self.end = None if seconds is None else time.monotonic() + max(seconds, 0.0)
        self.request_timeout = request_timeout

    def left(self) -> float | None:
        return None if self.end is None else self.end - time.monotonic()

    def timeout(self) -> httpx.Timeout | None:
        """The next attempt's timeout, or None for the client's own."""
        left = self.left()
        if left is None:
            return None
        seconds = max(min(self.request_timeout, left), 0.001)
        return httpx.Timeout(seconds, connect=min(seconds, 10.0))

    def check(self, retry: Retry) -> None:
        """Raise the retry's error instead of waiting past the deadline."""
        left = self.left()
        if left is not None and retry.delay >= left:
            raise retry.cause from None

    def check_stream(self) -> None:
        """Stop a stream that still runs past the deadline (its events kept coming in time)."""
        left = self.left()
        if left is not None and left <= 0:
            raise APITimeoutError("the stream was still running at the call's deadline")


class ClientCore:
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

    def _body_args(
        self,
        json_body: Any,
        extra_headers: Mapping[str, str] | None,
        data: Mapping[str, Any] | None,
        uploads: list[tuple[str, Upload]],
        opened: ExitStack,
    ) -> dict[str, Any]:
        """JSON, or multipart with fresh readers of each file (a retry sends them again)."""
        if not uploads and data is None:
            return self._request_args(json_body, extra_headers)
        args = self._request_args(None, extra_headers)
        parts: list[tuple[str, Any]] = [
            (name, (u.filename, opened.enter_context(u.open()), u.content_type))
            for name, u in uploads
        ]
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in (data or {}).items()}
        if not parts:  # fields only: httpx picks multipart only when it has a file part
            return {**args, "files": [(k, (None, v)) for k, v in form.items()]}
        return {**args, "files": parts, "data": form}

    def _decode(self, response: httpx.Response, ok_codes: frozenset[object] | None) -> Any:
        """The JSON body of a 2xx answer, or a typed error for anything we cannot accept.

        `ok_codes=None` leaves a body's own `code` field to the caller (vendor modules that
        know what each code means)."""
        if not response.content.strip():
            return None  # e.g. a 204, or midjourney-proxy's empty answer for an unknown task
        try:
            body = loads_bounded(response.content, "body")  # deep nesting is refused, typed
        except UnexpectedResponseError as unreadable:
            unreadable.status_code = response.status_code
            raise
        if ok_codes is None:
            return body
        error = error_from_body(body, ok_codes=ok_codes, headers=response.headers)
        if error is not None:
            raise error
        return body

    def _status_error(self, response: httpx.Response) -> APIError:
        return error_from_response(response.status_code, response.content, response.headers)

    def _retry_or_error(
        self, error: GPTProtoError, kind: RequestKind, attempt: int, *, partial: bool = False
    ) -> GPTProtoError:
        """Raise `Retry` when `retry.py` allows another attempt, else return `error` to raise."""
        delay = retry_delay(
            kind,
            error,
            attempt=attempt,
            max_retries=self.max_retries,
            partial=partial,
            policy=self.retry_policy,
        )
        if delay is None:
            return error
        logger.info("gptproto: %s, retrying in %.2fs", _short(error), delay)
        raise Retry(delay, error)

    def _on_status(
        self, response: httpx.Response, kind: RequestKind, attempt: int
    ) -> GPTProtoError:
        """An error status: raise `Retry` if it may be retried, else return its typed error."""
        return self._retry_or_error(self._status_error(response), kind, attempt)

    def _on_transport_error(
        self, exc: httpx.HTTPError, kind: RequestKind, attempt: int, *, partial: bool = False
    ) -> GPTProtoError:
        """A failed exchange (`partial`: after events reached the caller): `Retry` or an error."""
        return self._retry_or_error(transport_error(exc), kind, attempt, partial=partial)


def _short(error: GPTProtoError) -> str:
    status = getattr(error, "status_code", None)
    return f"HTTP {status}" if status else type(error).__name__


def _never_sent(exc: httpx.HTTPError) -> bool:
    """True when the request surely did not reach the server (safe to resubmit a job)."""
    meaning = _transport.httpx_type(exc)
    return issubclass(meaning, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def transport_error(exc: httpx.HTTPError) -> GPTProtoError:
    """Our error for an exchange that failed below HTTP status codes (any transport)."""
    meaning = _transport.httpx_type(exc)
    detail = f"({meaning.__name__}): {exc}" if str(exc) else f"({meaning.__name__})"
    if issubclass(meaning, httpx.DecodingError | httpx.TooManyRedirects):
        # The server answered, in a form we cannot read (a Content-Encoding that lies).
        return UnexpectedResponseError(f"gptproto sent a response we cannot read {detail}")
    sent = not _never_sent(exc)
    if issubclass(meaning, httpx.TimeoutException):
        return APITimeoutError(f"request to gptproto timed out {detail}", request_sent=sent)
    return APIConnectionError(f"could not talk to gptproto {detail}", request_sent=sent)
