"""One exception hierarchy for everything gptproto can answer.

    try:
        client.chat_completion(payload)
    except RateLimitError as exc:
        time.sleep(exc.retry_after or 1)

`error_from_response` picks the class from a status code and any of the error bodies gptproto's
sources show (API.md §2.5, E1–E8), including HTTP 200 bodies that carry an error code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ContentPolicyError",
    "GPTProtoError",
    "InsufficientBalanceError",
    "InvalidInputError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "StreamError",
    "TaskFailedError",
    "TaskTimeoutError",
    "UnexpectedResponseError",
    "error_from_body",
    "error_from_response",
    "extract_message",
]

_EXCERPT = 300


class GPTProtoError(Exception):
    """Root of every error this package raises.

    `task_id` and `task` are set on any error raised after a media job was submitted (a poll
    that failed, a deadline): the job exists, and can be looked up again instead of paid twice.
    """

    task_id: str | None = None
    task: Any = None  # the last known `gptproto_core.tasks.Task`

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(GPTProtoError, ValueError):
    """The client is set up wrongly (no API key, a base URL that is not http(s), ...)."""


class InvalidInputError(GPTProtoError, ValueError):
    """A request we refuse to send: the message says which field to fix."""


class APIError(GPTProtoError):
    """gptproto (or the vendor behind it) answered with an error."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | int | None = None,
        body: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.body = body
        self.request_id = request_id

    def __str__(self) -> str:
        status = f"HTTP {self.status_code}: " if self.status_code else ""
        code = f" (code {self.code})" if self.code not in (None, "") else ""
        return f"{status}{self.message}{code}"


class BadRequestError(APIError):
    """400/422: the server rejected the request; its message says why."""


class ContentPolicyError(BadRequestError):
    """The input or output was refused by a content filter (banned word, moderation)."""


class AuthenticationError(APIError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIError):
    """403: the key may not use this model or route."""


class InsufficientBalanceError(PermissionDeniedError):
    """The account has no balance left for this call."""


class NotFoundError(APIError):
    """404: unknown route, model or task id."""


class RateLimitError(APIError):
    """429: slow down; `retry_after` is the server's hint in seconds, if it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx: gptproto or the vendor behind it failed."""


class UnexpectedResponseError(APIError):
    """A body we cannot read; `body` keeps a short excerpt of it."""


class StreamError(APIError):
    """An error object arrived in the middle of a stream."""


class APIConnectionError(GPTProtoError):
    """gptproto could not be reached, or the connection broke."""


class APITimeoutError(APIConnectionError):
    """The request took longer than `timeout`."""


class TaskFailedError(GPTProtoError):
    """A media job ended in failure; `reason` is the vendor's own text."""

    def __init__(
        self, task_id: str, reason: str, *, vendor: str = "", status: str = "failed"
    ) -> None:
        who = f"{vendor} task" if vendor else "task"
        verb = "was cancelled" if status == "cancelled" else "failed"
        super().__init__(f"{who} {task_id} {verb}: {reason}")
        self.task_id = task_id
        self.reason = reason
        self.vendor = vendor
        self.status = status


class TaskTimeoutError(GPTProtoError):
    """Polling gave up; the job may still finish. Fetch it again later with `task_id`."""

    def __init__(self, task_id: str, last_status: str, waited: float) -> None:
        super().__init__(
            f"task {task_id} still {last_status} after {waited:.0f}s; "
            f"resume by fetching task id {task_id!r} later (nothing was submitted again)"
        )
        self.task_id = task_id
        self.last_status = last_status
        self.waited = waited


# Codes that mean success in the HTTP-200 bodies of the job families (API.md §2.5).
OK_CODES: frozenset[object] = frozenset({0, 1, 200, "0", "1", "200", "success", "SUCCESS"})


def excerpt(text: str) -> str:
    """Cut a body to a length that is safe to put in an error message."""
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "…"


def extract_message(body: Any) -> str | None:
    """Find the human message in any error body shape: error(str) → error.message → message → ...

    >>> extract_message({"error": {"message": "Invalid signature", "type": "401"}})
    'Invalid signature'
    """
    if not isinstance(body, Mapping):
        return None
    error = body.get("error")
    if isinstance(error, str) and error:
        return error
    if isinstance(error, Mapping):
        for key in ("message", "msg", "description"):
            value = error.get(key)
            if isinstance(value, str) and value:
                return value
    for key in ("message", "description", "msg", "detail", "task_status_msg"):
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _status_hint(body: Mapping[str, Any]) -> int | None:
    """An HTTP status carried inside the body (E2 `type:"401"`, E3/E4 `code: 401`)."""
    error = body.get("error")
    candidates: list[object] = [body.get("code")]
    if isinstance(error, Mapping):
        candidates = [error.get("code"), error.get("type"), *candidates]
    for value in candidates:
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and 400 <= value <= 599:
            return value
        if isinstance(value, str) and value.isdigit() and 400 <= int(value) <= 599:
            return int(value)
    return None


def _error_code(body: Mapping[str, Any]) -> str | int | None:
    error = body.get("error")
    if isinstance(error, Mapping):
        code = error.get("code", error.get("type"))
        if isinstance(code, str | int):
            return code
    code = body.get("code")
    return code if isinstance(code, str | int) and not isinstance(code, bool) else None


def _parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    if not headers:
        return None
    value = headers.get("retry-after") or headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        import time

        return max(0.0, when.timestamp() - time.time())


def _class_for(status: int, message: str, code: str | int | None) -> type[APIError]:
    lowered = f"{message} {code or ''}".lower()
    if "balance" in lowered or "quota" in lowered or "insufficient" in lowered:
        return InsufficientBalanceError
    if any(word in lowered for word in ("guideline", "moderat", "banned", "sensitive", "nsfw")):
        return ContentPolicyError
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 429:
        return RateLimitError
    if status in (400, 409, 413, 415, 422):
        return BadRequestError
    if status >= 500:
        return ServerError
    return APIError


def _build(
    status: int,
    message: str,
    *,
    code: str | int | None,
    raw: str,
    headers: Mapping[str, str] | None,
) -> APIError:
    cls = _class_for(status, message, code)
    request_id = None
    if headers:
        request_id = headers.get("x-request-id") or headers.get("X-Request-Id")
    kwargs: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "body": excerpt(raw),
        "request_id": request_id,
    }
    if cls is RateLimitError:
        return RateLimitError(message, retry_after=_parse_retry_after(headers), **kwargs)
    return cls(message, **kwargs)


def error_from_response(
    status: int, content: bytes | str, headers: Mapping[str, str] | None = None
) -> APIError:
    """Turn a non-2xx answer into the matching error class, whatever its body looks like."""
    raw = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    try:
        body: Any = json.loads(raw) if raw.strip() else None
    except ValueError:
        body = None
    message = extract_message(body) or (excerpt(raw.strip()) if raw.strip() else "")
    if not message:
        message = f"gptproto answered HTTP {status} with an empty body"
    code = _error_code(body) if isinstance(body, Mapping) else None
    return _build(status, message, code=code, raw=raw, headers=headers)


def error_from_body(
    body: Any,
    *,
    ok_codes: frozenset[object] = OK_CODES,
    headers: Mapping[str, str] | None = None,
) -> APIError | None:
    """An error hidden in an HTTP 200 body (`{"code": 4, "description": ...}`), else None."""
    if not isinstance(body, Mapping):
        return None
    error = body.get("error")
    has_error_object = isinstance(error, Mapping) and bool(extract_message(body))
    code = body.get("code")
    has_bad_code = "code" in body and code is not None and code not in ok_codes
    if not (has_error_object or has_bad_code):
        return None
    message = extract_message(body) or f"request failed with code {code!r}"
    status = _status_hint(body) or (400 if has_bad_code else 500)
    raw = json.dumps(body, ensure_ascii=False, default=str)
    return _build(status, message, code=_error_code(body), raw=raw, headers=headers)
