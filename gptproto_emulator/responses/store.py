"""What ``/v1/responses`` remembers: stored conversations and the relay-form setting.

``previous_response_id`` (OpenAI Responses semantics, UPSTREAM) continues the conversation of a
stored response: its input (without ``instructions``, which do not carry over) and its output.
``plain_output`` switches non-streaming bodies to the relay form of API.md §3.6 ("some relays
return ``output`` as a plain string"). :meth:`ResponseStore.clear` runs on every emulator reset.

    >>> store = ResponseStore()
    >>> store.save("resp_1", [{"role": "user", "content": "Hi"}])
    >>> store.conversation("resp_1"), store.conversation("resp_2")
    ([{'role': 'user', 'content': 'Hi'}], None)
    >>> store.configure(plain_output=True)
    {'plain_output': True}
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

JSONObject = dict[str, Any]
SETTINGS = ("plain_output",)


class ResponseStore:
    """Bounded, thread-safe map from response id to its conversation, plus the settings."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: OrderedDict[str, tuple[JSONObject, ...]] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()
        self.plain_output = False

    def save(self, response_id: str, messages: list[JSONObject]) -> None:
        """Remember the chat-form conversation that ends with response ``response_id``."""
        with self._lock:
            self._entries[response_id] = tuple(messages)
            self._entries.move_to_end(response_id)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def conversation(self, response_id: str) -> list[JSONObject] | None:
        """The stored conversation of ``response_id``, or ``None`` if unknown."""
        with self._lock:
            messages = self._entries.get(response_id)
        return list(messages) if messages is not None else None

    def configure(self, *, plain_output: bool | None = None) -> dict[str, bool]:
        """Change the settings given; return all of them."""
        if plain_output is not None:
            self.plain_output = plain_output
        return self.settings()

    def settings(self) -> dict[str, bool]:
        """``{"plain_output": ...}``."""
        return {"plain_output": self.plain_output}

    def clear(self) -> None:
        """Forget every stored response and restore the default settings."""
        with self._lock:
            self._entries.clear()
        self.plain_output = False
