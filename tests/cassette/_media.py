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


def run_langchain_agent(target: Target, include: list[str], request: str) -> tuple[Any, list[Any]]:
    """A ChatGPTProto agent loop over the toolkit's tools: the last reply and the tool results."""
    from langchain_core.messages import BaseMessage, HumanMessage

    from langchain_gptproto import ChatGPTProto, GPTProtoToolkit

    toolkit = GPTProtoToolkit(
        api_key=target.api_key, base_url=target.base_url, poll_interval=0.01, include=include
    )
    tools = {tool.name: tool for tool in toolkit.get_tools()}
    agent = ChatGPTProto(
        model="gpt-4o", api_key=target.api_key, base_url=target.base_url
    ).bind_tools(list(tools.values()))
    messages: list[BaseMessage] = [HumanMessage(request)]
    results: list[Any] = []
    for _ in range(6):
        reply = agent.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            break
        for call in reply.tool_calls:
            result = tools[call["name"]].invoke(call)
            results.append(result)
            messages.append(result)
    return reply, results


async def run_llamaindex_agent(
    target: Target, include: list[str], request: str
) -> tuple[Any, list[Any]]:
    """A FunctionAgent over the spec's tools: the final result and the tool-call events."""
    from llama_index.core.agent.workflow import FunctionAgent, ToolCallResult

    from llama_index_gptproto import GPTProto

    spec = GPTProtoToolSpec(
        api_key=target.api_key,
        base_url=target.base_url,
        poll_interval=0.01,
        include=include,
        include_images=False,
    )
    llm = GPTProto(model="gpt-4o", api_key=target.api_key, base_url=target.base_url)
    handler = FunctionAgent(tools=spec.to_tool_list(), llm=llm).run(request)
    calls = [event async for event in handler.stream_events() if isinstance(event, ToolCallResult)]
    return await handler, calls
