"""Helpers shared by the media tool cassette tests."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

from langchain_gptproto.tools import PROGRESS_EVENT
from tests.conftest import Target


class Progress(BaseCallbackHandler):
    """Collects the tools' progress events, as a UI would."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def on_custom_event(self, name: str, data: Any, *, run_id: UUID, **kwargs: Any) -> None:
        if name == PROGRESS_EVENT:
            self.events.append(data)


def make(cls: type, target: Target, **kwargs: Any) -> Any:
    """A tool aimed at the target, polling fast (replays and the sped-up emulator)."""
    return cls(api_key=target.api_key, base_url=target.base_url, poll_interval=0.01, **kwargs)
