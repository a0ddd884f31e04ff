"""Prompt-prefix cache behind ``usage.prompt_tokens_details.cached_tokens`` (OpenAI semantics).

Each request is cut into message prefixes; a prefix's key chains the hash of the previous
prefix with the canonical JSON of the next message (the first link holds the model name and the
tools). A prefix seen before with at least 1024 tokens counts as cached, rounded down to a
multiple of 128.

    >>> cache = PrefixCache()
    >>> cache.lookup_and_store(["a", "b"], [600, 1300])
    0
    >>> cache.lookup_and_store(["a", "b"], [600, 1300])
    1280
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

MIN_CACHED_PREFIX = 1024
CACHE_GRANULARITY = 128


def prefix_keys(model: str, tools: Any, messages: Sequence[Any]) -> list[str]:
    """One key per prefix ``messages[:i+1]``, chained so the cost stays linear."""
    head = json.dumps([model, tools], sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(head.encode("utf-8")).digest()
    keys: list[str] = []
    for message in messages:
        canonical = json.dumps(message, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(digest + canonical.encode("utf-8")).digest()
        keys.append(digest.hex())
    return keys


def cacheable(tokens: int) -> int:
    """Tokens of a prefix that a cache can hold: 0 below 1024, else rounded down to 128."""
    if tokens < MIN_CACHED_PREFIX:
        return 0
    return tokens // CACHE_GRANULARITY * CACHE_GRANULARITY


class PrefixCache:
    """A bounded, thread-safe map from prefix key to that prefix's token count."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self._entries: OrderedDict[str, int] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def lookup_and_store(self, keys: Sequence[str], prefix_tokens: Sequence[int]) -> int:
        """Cached tokens of the longest prefix seen before; then remember all prefixes."""
        with self._lock:
            cached = 0
            for key in reversed(keys):
                if key in self._entries:
                    cached = cacheable(self._entries[key])
                    break
            for key, tokens in zip(keys, prefix_tokens, strict=True):
                self._entries[key] = tokens
                self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
            return cached

    def clear(self) -> None:
        """Forget every prefix."""
        with self._lock:
            self._entries.clear()
