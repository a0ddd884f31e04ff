"""Helpers shared by the media tool cassette tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from llama_index_instrumentation import get_dispatcher
from llama_index_instrumentation.event_handlers import BaseEventHandler
from pydantic import Field

from langchain_gptproto.tools import PROGRESS_EVENT
from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import GPTProtoTaskProgressEvent
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


class CollectProgress(BaseEventHandler):
    """Collects GPTProtoToolSpec's progress instrumentation events."""

    events: list[GPTProtoTaskProgressEvent] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "CollectProgress"

    def handle(self, event: Any, **kwargs: Any) -> None:
        if isinstance(event, GPTProtoTaskProgressEvent):
            self.events.append(event)


@contextmanager
def collected_progress() -> Iterator[list[GPTProtoTaskProgressEvent]]:
    handler = CollectProgress()
    root = get_dispatcher()
    root.add_event_handler(handler)
    try:
        yield handler.events
    finally:
        root.event_handlers.remove(handler)


def spec_tools(target: Target, **kwargs: Any) -> dict[str, Any]:
    """GPTProtoToolSpec's tools by name, aimed at the target and polling fast."""
    spec = GPTProtoToolSpec(
        api_key=target.api_key, base_url=target.base_url, poll_interval=0.01, **kwargs
    )
    return {tool.metadata.name: tool for tool in spec.to_tool_list()}
