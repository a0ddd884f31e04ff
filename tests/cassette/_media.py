"""Helpers shared by the media tool cassette tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
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


def call(cls: type, target: Target, args: dict[str, Any], **config: Any) -> ToolMessage:
    """Invoke a tool (aimed at the target) with a tool call, as an agent would."""
    tool = make(cls, target)
    message = tool.invoke(
        {"type": "tool_call", "id": "c1", "name": tool.name, "args": args}, config
    )
    assert isinstance(message, ToolMessage)
    return message


def run_langchain_agent(
    target: Target, include: list[str], request: str, progress: Progress, rounds: int = 6
) -> tuple[list[ToolMessage], AIMessage]:
    """ChatGPTProto with the toolkit's tools, looped until it answers without a tool call."""
    from langchain_gptproto import ChatGPTProto, GPTProtoToolkit

    toolkit = GPTProtoToolkit(
        api_key=target.api_key, base_url=target.base_url, poll_interval=0.01, include=include
    )
    tools = {tool.name: tool for tool in toolkit.get_tools()}
    agent = ChatGPTProto(
        model="gpt-4o", api_key=target.api_key, base_url=target.base_url
    ).bind_tools(list(tools.values()))
    messages: list[BaseMessage] = [HumanMessage(request)]
    results: list[ToolMessage] = []
    for _ in range(rounds):
        reply = agent.invoke(messages)
        assert isinstance(reply, AIMessage)
        messages.append(reply)
        if not reply.tool_calls:
            break
        for tool_call in reply.tool_calls:
            result = tools[tool_call["name"]].invoke(tool_call, {"callbacks": [progress]})
            results.append(result)
            messages.append(result)
    return results, reply
