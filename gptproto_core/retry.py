"""When to retry, as one pure function.

    delay = retry_delay(RequestKind.READ, attempt=0, max_retries=2, status=503)
    if delay is not None:
        time.sleep(delay)

Reads and chat calls are retried on connection failures, timeouts, 408, 429 and 5xx. A job
submission costs money, so it is retried only where the server certainly did not take the job:
the connection was never established, or the server answered 429.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

__all__ = ["Failure", "RequestKind", "RetryPolicy", "retry_delay"]


class RequestKind(Enum):
    READ = "read"  # chat completions, polls, lookups: safe to send again
    SUBMIT = "submit"  # creates a paid job: never send twice unless it surely did not arrive


class Failure(Enum):
    CONNECT = "connect"  # no connection was established: the request never left
    READ = "read"  # the connection broke or timed out after the request was sent


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff shape; `jitter` returns a factor in [0.5, 1] (injectable for tests)."""

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: Callable[[], float] = lambda: random.uniform(0.5, 1.0)


DEFAULT_POLICY = RetryPolicy()
_RETRYABLE_STATUS_READ = frozenset({408, 409, 429, 500, 502, 503, 504, 520, 522, 524})


def retry_delay(
    kind: RequestKind,
    *,
    attempt: int,
    max_retries: int,
    status: int | None = None,
    failure: Failure | None = None,
    retry_after: float | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> float | None:
    """Seconds to wait before retry number `attempt + 1`, or None when we must not retry."""
    if attempt >= max_retries:
        return None
    if not _retryable(kind, status, failure):
        return None
    if retry_after is not None and status in (429, 503, 408):
        return min(max(retry_after, 0.0), policy.max_retry_after)
    backoff = min(policy.initial_delay * (2**attempt), policy.max_delay)
    return float(backoff * policy.jitter())


def _retryable(kind: RequestKind, status: int | None, failure: Failure | None) -> bool:
    if failure is Failure.CONNECT:
        return True
    if status == 429:
        return True
    if kind is RequestKind.SUBMIT:
        return False
    if failure is Failure.READ:
        return True
    return status is not None and (status in _RETRYABLE_STATUS_READ or status >= 500)
