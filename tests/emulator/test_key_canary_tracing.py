"""What tracers see when a server echoes the key (issue 13, "redaction everywhere").

LangChain's debug output (`set_debug`), its callbacks (`on_llm_error`, `on_tool_error`, the
serialized model of `on_chat_model_start`) and LlamaIndex's instrumentation events and spans carry
our errors and models to LangSmith, Langfuse, Arize and friends. Each test has the emulator echo a
canary key in a 401 and in a vendor's failure text, captures everything those channels emit, and
looks for the key in it.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.globals import set_debug
from llama_index.core.llms import ChatMessage
from llama_index_instrumentation import get_dispatcher
from llama_index_instrumentation.event_handlers import BaseEventHandler
from llama_index_instrumentation.span_handlers import SimpleSpanHandler
from pydantic import Field

from gptproto_core.errors import REDACTED, AuthenticationError
from langchain_gptproto import ChatGPTProto, GPTProtoToolkit
from llama_index_gptproto import GPTProto, GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure

pytestmark = pytest.mark.emulator

CANARY = "sk-canary-trace-7d2e9f41c0b3a865"
ECHO_401 = {"error": {"message": f"Invalid API key: {CANARY}", "type": "401", "code": CANARY}}


def echo_failure(key: str) -> dict[str, str]:
    """A Midjourney task whose failure text echoes the key (the job itself needs a real key)."""
    return {"id": "1", "status": "FAILURE", "failReason": f"upstream rejected key {key}"}


class Everything(BaseCallbackHandler):
    """Every callback LangChain makes, rendered as a tracer would store it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def _keep(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.seen.append(f"{name} {args!r} {kwargs!r}")

    def on_chat_model_start(self, serialized: dict[str, Any], messages: Any, **kw: Any) -> None:
        self._keep("chat_model_start", serialized, messages, **kw)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kw: Any) -> None:
        self._keep("llm_error", error, str(error), error.args, **kw)

    def on_tool_start(self, serialized: dict[str, Any], input_str: str, **kw: Any) -> None:
        self._keep("tool_start", serialized, input_str, **kw)

    def on_tool_end(self, output: Any, **kw: Any) -> None:
        self._keep("tool_end", output, **kw)

    def on_tool_error(self, error: BaseException, **kw: Any) -> None:
        self._keep("tool_error", error, str(error), error.args, **kw)


@pytest.fixture
def debug_output(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture):
    """LangChain's debug tracer (it prints) and every log record, at DEBUG."""
    caplog.set_level(logging.DEBUG)
    set_debug(True)

    def shown() -> str:
        captured = capsys.readouterr()
        assert "[llm/" in captured.out or "[tool/" in captured.out  # the debug tracer printed
        return captured.out + captured.err + caplog.text

    try:
        yield shown
    finally:
        set_debug(False)


def test_langchain_debug_output_and_callbacks_of_a_failed_call(gptproto_emulator, debug_output):
    gptproto_emulator.add_fault(status=401, body=ECHO_401)
    llm = ChatGPTProto(model="gpt-4o", api_key=CANARY, base_url=gptproto_emulator.url)
    callbacks = Everything()
    with pytest.raises(AuthenticationError):
        llm.invoke("hi", {"callbacks": [callbacks]})
    shown = debug_output() + "\n".join(callbacks.seen)
    assert "llm_error" in shown and "chat_model_start" in shown
    assert REDACTED in shown  # the echo reached the tracers, redacted
    assert CANARY not in shown


def test_langchain_debug_output_and_callbacks_of_a_tool(gptproto_emulator, debug_output):
    gptproto_emulator.set_clock_speed(200)
    key = gptproto_emulator.api_key
    gptproto_emulator.add_fault(
        "/mj/task/*", method="GET", status=200, times=5, body=echo_failure(key)
    )
    toolkit = GPTProtoToolkit(api_key=key, base_url=gptproto_emulator.url, poll_interval=0.01)
    tool = next(t for t in toolkit.get_tools() if t.name == "midjourney_imagine")
    callbacks = Everything()
    call = {"type": "tool_call", "id": "c1", "name": tool.name, "args": {"prompt": "a fox"}}
    message = tool.invoke(call, {"callbacks": [callbacks]})
    assert message.status == "error" and "upstream rejected key" in message.text
    shown = debug_output() + "\n".join(callbacks.seen)
    assert "tool_end" in shown and "upstream rejected key" in shown
    assert key not in shown


class Events(BaseEventHandler):
    """Every LlamaIndex instrumentation event, as JSON and as repr."""

    seen: list[str] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "Events"

    def handle(self, event: Any, **kwargs: Any) -> None:
        self.seen.append(repr(event))
        self.seen.append(event.model_dump_json())


@pytest.fixture
def instrumentation():
    events, spans = Events(), SimpleSpanHandler()
    root = get_dispatcher()
    root.add_event_handler(events)
    root.add_span_handler(spans)
    try:
        yield lambda: "\n".join(events.seen + [repr(s) for s in spans.completed_spans])
    finally:
        root.event_handlers.remove(events)
        root.span_handlers.remove(spans)


async def test_llamaindex_instrumentation_of_a_failed_chat(gptproto_emulator, instrumentation):
    gptproto_emulator.add_fault(status=401, body=ECHO_401, times=2)
    llm = GPTProto(model="gpt-4o", api_key=CANARY, base_url=gptproto_emulator.url)
    with pytest.raises(AuthenticationError):
        llm.chat([ChatMessage(role="user", content="hi")])
    with pytest.raises(AuthenticationError):
        await llm.achat([ChatMessage(role="user", content="hi")])
    shown = instrumentation()
    assert "LLMChatStartEvent" in shown  # the model's settings went to the handlers
    assert CANARY not in shown


async def test_llamaindex_instrumentation_of_a_failed_tool(gptproto_emulator, instrumentation):
    gptproto_emulator.set_clock_speed(200)
    key = gptproto_emulator.api_key
    gptproto_emulator.add_fault(
        "/mj/task/*", method="GET", status=200, times=5, body=echo_failure(key)
    )
    spec = GPTProtoToolSpec(
        api_key=key, base_url=gptproto_emulator.url, poll_interval=0.01, include=["midjourney"]
    )
    tool = next(t for t in spec.to_tool_list() if t.metadata.name == "midjourney_imagine")
    with pytest.raises(ToolFailure) as caught:
        await tool.acall(prompt="a fox")
    assert "upstream rejected key" in str(caught.value)
    shown = instrumentation() + repr(caught.value) + repr(caught.value.args) + repr(spec)
    assert "GPTProtoTaskProgressEvent" in shown
    assert key not in shown
