"""What the sync and async clients decide alike: headers, URLs, error classes, retry delays
and body checks. The clients in `client.py` only move bytes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import httpx
from pydantic import SecretStr

from gptproto_core.config import AuthScheme, ClientConfig
from gptproto_core.errors import (
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
from gptproto_core.files import Upload
from gptproto_core.retry import DEFAULT_POLICY, Failure, RequestKind, RetryPolicy, retry_delay

__all__ = ["ClientCore", "Retry", "connection_error"]

logger = logging.getLogger("gptproto")
_USER_AGENT = "gptproto-integrations/0.1"


class Retry(Exception):
    """Internal signal: wait `delay` seconds, then send the same request again."""

    def __init__(self, delay: float, cause: Exception) -> None:
        self.delay = delay
        self.cause = cause


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
            raise Retry(delay, error)
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
        error = connection_error(exc, self.config.redact)
        if delay is not None:
            logger.info("gptproto: %s, retrying in %.2fs", type(exc).__name__, delay)
            raise Retry(delay, error)
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


def connection_error(exc: httpx.TransportError, redact: Any) -> APIConnectionError:
    detail = redact(str(exc)) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request to gptproto timed out ({type(exc).__name__}): {detail}")
    return APIConnectionError(f"could not talk to gptproto ({type(exc).__name__}): {detail}")
