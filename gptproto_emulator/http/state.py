"""Everything an emulator instance remembers: keys, faults, counters, last requests, caches, clock,
media jobs.

One :class:`EmulatorState` belongs to one app; the server thread and the test thread both use
it, so every mutable part sits behind a lock.

    >>> state = EmulatorState(api_keys=["sk-test"])
    >>> state.count_request("POST", "/v1/chat/completions")
    >>> state.counters()["requests"]
    {'POST /v1/chat/completions': 1}
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gptproto_emulator.http.auth import DEFAULT_API_KEY
from gptproto_emulator.http.clock import Clock
from gptproto_emulator.http.faults import Fault
from gptproto_emulator.media.jobs import JobBook
from gptproto_emulator.model.prompt_cache import PrefixCache
from gptproto_emulator.responses.store import ResponseStore

_REDACTED_HEADERS = {"authorization", "x-goog-api-key", "api-key", "x-api-key"}
_MAX_RECORDED_TEXT = 64_000


@dataclass(frozen=True)
class RequestRecord:
    """The last request seen on a path, kept for debugging (secrets redacted)."""

    method: str
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def to_json(self) -> dict[str, Any]:
        """JSON view: headers with keys redacted, body parsed when it is JSON."""
        headers = {name: _redact(name, value) for name, value in self.headers}
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": headers,
            "body": _body_view(self.body),
        }


def _redact(name: str, value: str) -> str:
    if name not in _REDACTED_HEADERS:
        return value
    if value.lower().startswith("bearer "):
        return "Bearer <redacted>"
    return "<redacted>"


def _body_view(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body[:_MAX_RECORDED_TEXT].decode("utf-8", errors="replace")


class EmulatorState:
    """Mutable state of one emulator; safe to use from the server thread and a test thread."""

    def __init__(self, api_keys: Iterable[str] | None = None, *, clock_speed: float = 1.0) -> None:
        keys = tuple(api_keys) if api_keys is not None else (DEFAULT_API_KEY,)
        if not keys:
            raise ValueError("at least one API key is required")
        self._keys = keys
        self._key_set = frozenset(keys)
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._requests: dict[str, int] = {}
        self._submissions: dict[str, int] = {}
        self._last: dict[str, RequestRecord] = {}
        self._initial_speed = clock_speed
        self.prefix_cache = PrefixCache()
        self.clock = Clock(clock_speed)
        self.jobs = JobBook()
        self.responses = ResponseStore()

    @property
    def api_keys(self) -> tuple[str, ...]:
        """The accepted keys, first one being the one to hand out."""
        return self._keys

    def accepts(self, key: str) -> bool:
        """Whether ``key`` is an accepted API key."""
        return key in self._key_set

    def __contains__(self, key: object) -> bool:
        return key in self._key_set

    # faults
    def add_fault(self, fault: Fault) -> None:
        """Queue a fault behind the ones already queued."""
        with self._lock:
            self._faults.append(fault)

    def take_fault(self, method: str, path: str) -> Fault | None:
        """Use up one application of the first queued fault matching ``method path``."""
        if not self._faults:
            return None
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        del self._faults[index]
                    return fault
        return None

    def pending_faults(self) -> list[Fault]:
        """The faults still queued."""
        with self._lock:
            return list(self._faults)

    def clear_faults(self) -> int:
        """Drop every queued fault; return how many there were."""
        with self._lock:
            count = len(self._faults)
            self._faults.clear()
            return count

    # counters
    def count_request(self, method: str, path: str) -> None:
        """Count one request on ``method path``."""
        key = f"{method} {path}"
        with self._lock:
            self._requests[key] = self._requests.get(key, 0) + 1

    def count_submission(self, endpoint: str) -> None:
        """Count one accepted media-job submission (used by the media endpoints)."""
        with self._lock:
            self._submissions[endpoint] = self._submissions.get(endpoint, 0) + 1

    def counters(self) -> dict[str, dict[str, int]]:
        """``{"requests": {"POST /path": n}, "submissions": {...}}``."""
        with self._lock:
            return {"requests": dict(self._requests), "submissions": dict(self._submissions)}

    # last requests
    def record_request(self, record: RequestRecord) -> None:
        """Remember ``record`` as the last request on its path."""
        with self._lock:
            self._last[record.path] = record

    def last_request(self, path: str) -> RequestRecord | None:
        """The last request seen on ``path``."""
        with self._lock:
            return self._last.get(path)

    def reset(self) -> None:
        """Clear faults, counters, last requests, the prompt cache and the media jobs (with
        their scripted fates and options); restore the clock speed."""
        with self._lock:
            self._faults.clear()
            self._requests.clear()
            self._submissions.clear()
            self._last.clear()
        self.prefix_cache.clear()
        self.jobs.reset()
        self.responses.clear()
        self.clock.set_speed(self._initial_speed)
