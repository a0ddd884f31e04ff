"""When to retry: the one rule, and how long to wait. Nothing else in the package decides.

    delay = retry_delay(RequestKind.READ, error, attempt=0, max_retries=2)
    if delay is not None:
        time.sleep(delay)

The rule, applied to an error status or a transport failure (a 2xx answer is never retried: the
server answered, whatever its body says):
- `FINAL_ERRORS` are never retried: a retry cannot change a wrong key, a refused permission or
  balance, a bad request, a content refusal, a missing resource or a body we cannot read.
- A connection that was never established (`APIConnectionError.request_sent` False) and a 429
  are retried for every request: the server surely did not take it.
- Reads and chat calls (`RequestKind.READ`) are also retried on a broken connection, a timeout,
  408 and every 5xx. A job submission costs money, so it is retried on nothing else.
- A stream that has already given events to the caller is never replayed (`partial=True`).
The wait is exponential backoff with jitter, or the server's `Retry-After` (capped).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from gptproto_core.errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    GPTProtoError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    TaskFailedError,
    TaskTimeoutError,
    UnexpectedResponseError,
)

__all__ = ["FINAL_ERRORS", "RequestKind", "RetryPolicy", "is_retryable", "retry_delay"]


class RequestKind(Enum):
    READ = "read"  # chat completions, polls, lookups: safe to send again
    SUBMIT = "submit"  # creates a paid job: never send twice unless it surely did not arrive


# Errors no retry can change. Subclasses count: InsufficientBalanceError is a
# PermissionDeniedError, ContentPolicyError a BadRequestError.
FINAL_ERRORS: tuple[type[GPTProtoError], ...] = (
    AuthenticationError,
    PermissionDeniedError,
    BadRequestError,
    NotFoundError,
    UnexpectedResponseError,
    ConfigurationError,
    InvalidInputError,
    TaskFailedError,
    TaskTimeoutError,
)
_RETRYABLE_STATUS_READ = frozenset({408, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff shape; `jitter` returns a factor in [0.5, 1] (injectable for tests)."""

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: Callable[[], float] = lambda: random.uniform(0.5, 1.0)


DEFAULT_POLICY = RetryPolicy()


def is_retryable(kind: RequestKind, error: GPTProtoError, *, partial: bool = False) -> bool:
    """Whether sending the request again could succeed and cannot do harm (the module's rule)."""
    if partial or isinstance(error, FINAL_ERRORS):
        return False
    if isinstance(error, APIConnectionError):
        return kind is RequestKind.READ or not error.request_sent
    if not isinstance(error, APIError) or error.status_code is None:
        return False
    if error.status_code == 429:
        return True
    if kind is RequestKind.SUBMIT:
        return False
    return error.status_code in _RETRYABLE_STATUS_READ or error.status_code >= 500


def retry_delay(
    kind: RequestKind,
    error: GPTProtoError,
    *,
    attempt: int,
    max_retries: int,
    partial: bool = False,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> float | None:
    """Seconds to wait before retry number `attempt + 1`, or None when we must not retry."""
    if attempt >= max_retries or not is_retryable(kind, error, partial=partial):
        return None
    retry_after = error.retry_after if isinstance(error, APIError) else None
    if retry_after is not None:
        return min(max(retry_after, 0.0), policy.max_retry_after)
    backoff = min(policy.initial_delay * (2**attempt), policy.max_delay)
    return float(backoff * policy.jitter())
