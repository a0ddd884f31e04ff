"""One exception hierarchy for everything gptproto can answer.

    try:
        body = client.request_json("POST", "/v1/chat/completions", json=payload)
    except RateLimitError as exc:
        time.sleep(exc.retry_after or 1)

The tree (`retry.FINAL_ERRORS` says which branches a retry can never change):

    GPTProtoError
    ├── ConfigurationError        (also ValueError) no key, a base URL that is not http(s)
    ├── InvalidInputError         (also ValueError) a request we refuse to send
    ├── APIError                  gptproto (or the vendor behind it) answered with an error
    │   ├── BadRequestError       400, 409, 413, 415, 422
    │   │   └── ContentPolicyError    a content filter refused the input or the output
    │   ├── AuthenticationError   401
    │   ├── PermissionDeniedError 403
    │   │   └── InsufficientBalanceError  402, or a balance/quota message
    │   ├── NotFoundError         404
    │   ├── RateLimitError        429
    │   ├── ServerError           5xx
    │   ├── UnexpectedResponseError   a body (or encoding) we cannot read
    │   └── StreamError           an error object in the middle of a stream
    ├── APIConnectionError        gptproto could not be reached, or the connection broke
    │   └── APITimeoutError
    ├── TaskFailedError           a media job ended in failure
    └── TaskTimeoutError          polling gave up; the job may still finish

`error_from_response` picks the class from a status code and any of the error bodies gptproto's
sources show (API.md §2.5, E1–E8); `error_from_body` does the same for HTTP 200 bodies that carry
an error code. Words in the message ("balance", "sensitive", ...) refine only a 400 or 403 answer
and an HTTP 200 error body that declares no other status: a 5xx stays a `ServerError`.

No error shows an API key: `register_secret` (called by `ClientConfig.resolve`) adds a key to a
process-wide registry, and every `GPTProtoError` removes registered keys from its message,
`args` and string attributes as they are set, wherever it is built. `redact(text)` does the
same for any other text (tool answers, logs).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from pydantic import SecretStr

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
    "redact",
    "register_secret",
]

_EXCERPT = 300

# --- the secret registry --------------------------------------------------------------------

REDACTED = "[REDACTED]"
# gptproto keys are `sk-` and dozens of characters. A shorter value is not registered: hiding
# every "test" or "abc" in every message would garble errors and protect nothing real.
MIN_SECRET_LENGTH = 8
# A process holds a handful of keys; the bound only keeps a key-rotating loop from growing it.
_MAX_SECRETS = 256


class _SecretRegistry:
    """The keys to hide, oldest first; bounded, thread-safe, and its repr shows none of them."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._lock = threading.Lock()
        self._secrets: dict[str, None] = {}  # an insertion-ordered set
        # Longest first, so a key that contains another key is removed whole.
        self._longest_first: tuple[str, ...] = ()

    def add(self, secret: str) -> None:
        with self._lock:
            self._secrets.pop(secret, None)
            self._secrets[secret] = None
            while len(self._secrets) > self._capacity:
                del self._secrets[next(iter(self._secrets))]
            self._longest_first = tuple(sorted(self._secrets, key=len, reverse=True))

    def redact(self, text: str) -> str:
        for secret in self._longest_first:  # a tuple: safe to read while another thread adds
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self._secrets)} secret(s)>"


_REGISTRY = _SecretRegistry(_MAX_SECRETS)


def register_secret(value: str | SecretStr | None) -> None:
    """Hide `value` from every error built from now on, and from `redact`.

    >>> register_secret("sk-live-0123456789")
    >>> redact("bad key sk-live-0123456789")
    'bad key [REDACTED]'
    """
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    secret = (value or "").strip()
    if len(secret) >= MIN_SECRET_LENGTH:
        _REGISTRY.add(secret)


def redact(text: str) -> str:
    """`text` with every registered key replaced by `[REDACTED]`."""
    return _REGISTRY.redact(text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return _REGISTRY.redact(value)
    if isinstance(value, tuple):  # `args`
        return tuple(_scrub(item) for item in value)
    return value


# --- the tree ---------------------------------------------------------------------------------


class GPTProtoError(Exception):
    """Root of every error this package raises; it never holds a registered key.

    `task_id` and `task` are set on any error raised after a media job was submitted (a poll
    that failed, a deadline): the job exists, and can be looked up again instead of paid twice.
    """

    message: str
    task_id: str | None = None
    task: Any = None  # the last known `gptproto_core.tasks.Task`
    job_may_exist: bool = False  # a submission was sent, but its answer was lost

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))
        self.message = message

    def __setattr__(self, name: str, value: Any) -> None:
        # Every attribute a subclass sets (body, code, task_id, ..., `args` too) passes here, so
        # a key echoed by a server never reaches `str`, `repr`, a traceback or an attribute.
        super().__setattr__(name, _scrub(value))


class ConfigurationError(GPTProtoError, ValueError):
    """The client is set up wrongly (no API key, a base URL that is not http(s), ...)."""


class InvalidInputError(GPTProtoError, ValueError):
    """A request we refuse to send: the message says which field to fix."""


class APIError(GPTProtoError):
    """gptproto (or the vendor behind it) answered with an error.

    `retry_after` is the server's `Retry-After` in seconds, when it sent one."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | int | None = None,
        body: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.body = body
        self.request_id = request_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        status = f"HTTP {self.status_code}: " if self.status_code else ""
        code = f" (code {self.code})" if self.code not in (None, "") else ""
        return f"{status}{self.message}{code}"


class BadRequestError(APIError):
    """400/409/413/415/422: the server rejected the request; its message says why."""


class ContentPolicyError(BadRequestError):
    """The input or output was refused by a content filter (banned word, moderation)."""


class AuthenticationError(APIError):
    """401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIError):
    """403: the key may not use this model or route."""


class InsufficientBalanceError(PermissionDeniedError):
    """402, or a 400/403 whose message speaks of balance or quota: the account cannot pay."""


class NotFoundError(APIError):
    """404: unknown route, model or task id."""


class RateLimitError(APIError):
    """429: slow down; `retry_after` is the server's hint in seconds, if it gave one."""


class ServerError(APIError):
    """5xx: gptproto or the vendor behind it failed."""


class UnexpectedResponseError(APIError):
    """A body we cannot read; `body` keeps a short excerpt of it."""


class StreamError(APIError):
    """An error object arrived in the middle of a stream."""


class APIConnectionError(GPTProtoError):
    """gptproto could not be reached, or the connection broke.

    `request_sent` is False only when no connection was made: the server surely never saw
    the request (so even a paid job submission may be sent again)."""

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        super().__init__(message)
        self.request_sent = request_sent


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


# --- from an answer to a class ----------------------------------------------------------------

# Codes that mean success in the HTTP-200 bodies of the job families (API.md §2.5).
OK_CODES: frozenset[object] = frozenset({0, 1, 200, "0", "1", "200", "success", "SUCCESS"})

_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientBalanceError,  # Payment Required
    403: PermissionDeniedError,
    404: NotFoundError,
    409: BadRequestError,
    413: BadRequestError,
    415: BadRequestError,
    422: BadRequestError,
    429: RateLimitError,
}

# Words that say more than a vague status. They refine only a 400 or 403 answer and an HTTP 200
# error body that declares no other status (PH-ERR-B's "Insufficient balance" 403, Kling's
# `1102 balance not enough`, midjourney's banned prompt). A 5xx that mentions them is still the
# server failing (a moderation *service* timing out), so it stays a retryable ServerError.
# Bare "insufficient" is not one: E1's 403 `insufficient_permissions` is about rights, not money.
HINTS: tuple[tuple[type[APIError], tuple[str, ...]], ...] = (
    (InsufficientBalanceError, ("balance", "quota", "insufficient fund", "insufficient credit")),
    (
        ContentPolicyError,
        ("guideline", "moderat", "banned", "sensitive", "nsfw", "content_policy", "content policy"),
    ),
)
_REFINABLE_STATUS = frozenset({400, 403})


def excerpt(text: str) -> str:
    """Cut a body to a length that is safe to put in an error message (keys removed first, so
    a key cut in half at the end cannot leave its first half behind)."""
    text = redact(text)
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


def _is_ok_code(code: object, ok_codes: frozenset[object]) -> bool:
    try:
        return code in ok_codes
    except TypeError:  # unhashable: a list or an object where a number belongs
        return False


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
        pass
    try:
        when = parsedate_to_datetime(value)  # the HTTP-date form
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def hinted_class(message: str, code: str | int | None = None) -> type[APIError] | None:
    """The class a hint word in `message` or `code` names, if any (see `HINTS`)."""
    lowered = f"{message} {code if code is not None else ''}".lower()
    for cls, words in HINTS:
        if any(word in lowered for word in words):
            return cls
    return None


def _class_for(
    status: int, message: str, code: str | int | None, *, refine: bool
) -> type[APIError]:
    hinted = hinted_class(message, code) if refine else None
    if hinted is not None:
        return hinted
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else APIError


def _build(
    cls: type[APIError],
    status: int,
    message: str,
    *,
    code: str | int | None,
    raw: str,
    headers: Mapping[str, str] | None,
) -> APIError:
    request_id = None
    if headers:
        request_id = headers.get("x-request-id") or headers.get("X-Request-Id")
    return cls(
        message,
        status_code=status,
        code=code,
        body=excerpt(raw),
        request_id=request_id,
        retry_after=_parse_retry_after(headers),
    )


def error_from_response(
    status: int, content: bytes | str, headers: Mapping[str, str] | None = None
) -> APIError:
    """Turn a non-2xx answer into the matching error class, whatever its body looks like."""
    raw = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    try:
        body: Any = json.loads(raw) if raw.strip() else None
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's stack
        body = None
    message = extract_message(body) or (excerpt(raw.strip()) if raw.strip() else "")
    if not message:
        message = f"gptproto answered HTTP {status} with an empty body"
    code = _error_code(body) if isinstance(body, Mapping) else None
    cls = _class_for(status, message, code, refine=status in _REFINABLE_STATUS)
    return _build(cls, status, message, code=code, raw=raw, headers=headers)


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
    # A list or object `code` cannot be one of the ok codes (and cannot be hashed to look it up).
    has_bad_code = "code" in body and code is not None and not _is_ok_code(code, ok_codes)
    if not (has_error_object or has_bad_code):
        return None
    message = extract_message(body) or f"request failed with code {code!r}"
    declared = _status_hint(body)
    status = declared or (400 if has_bad_code else 500)
    refine = declared is None or declared in _REFINABLE_STATUS
    error_code = _error_code(body)
    cls = _class_for(status, message, error_code, refine=refine)
    raw = json.dumps(body, ensure_ascii=False, default=str)
    return _build(cls, status, message, code=error_code, raw=raw, headers=headers)
