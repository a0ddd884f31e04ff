"""The requests every client sends: one small chat, one long stream.

The emulator echoes at most 300 characters of the user's text, so a long user message cannot make
a long stream. Tool results are not clipped as a whole: the answer is "Based on the tool results:
lookup: <text>; ..." with up to 500 characters per result, streamed three words per chunk.
STREAM_TOOL_RESULTS results of STREAM_WORDS short words give a stream of about 2,000 chunks.
"""

from __future__ import annotations

from typing import Any

MODEL = "gpt-4o"
CHAT_PATH = "/v1/chat/completions"
USER_TEXT = "Hello, gptproto! What is the capital of France?"
EXPECTED_ECHO = f'You said: "{USER_TEXT}"'

STREAM_TOOL_RESULTS = 40
STREAM_WORDS = 150
_TOOL_TEXT = " ".join(["ab"] * STREAM_WORDS)


def chat_payload() -> dict[str, Any]:
    """The small fixed non-streaming body (what the raw clients send)."""
    return {"model": MODEL, "messages": [{"role": "user", "content": USER_TEXT}]}


def _call_id(index: int) -> str:
    return f"call_{index:03d}"


def stream_messages_json() -> list[dict[str, Any]]:
    """A user turn, one assistant turn with N tool calls, then the N tool results."""
    calls = [
        {"id": _call_id(i), "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
        for i in range(STREAM_TOOL_RESULTS)
    ]
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Look these up."},
        {"role": "assistant", "content": None, "tool_calls": calls},
    ]
    messages += [
        {"role": "tool", "tool_call_id": _call_id(i), "content": _TOOL_TEXT}
        for i in range(STREAM_TOOL_RESULTS)
    ]
    return messages


def stream_payload() -> dict[str, Any]:
    """The long streaming body, usage chunk included (as stream_usage=True asks)."""
    return {
        "model": MODEL,
        "messages": stream_messages_json(),
        "stream": True,
        "stream_options": {"include_usage": True},
    }


def stream_messages_langchain() -> list[Any]:
    """The same conversation as LangChain messages."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    calls = [
        {"name": "lookup", "args": {}, "id": _call_id(i), "type": "tool_call"}
        for i in range(STREAM_TOOL_RESULTS)
    ]
    messages: list[Any] = [HumanMessage("Look these up."), AIMessage("", tool_calls=calls)]
    messages += [
        ToolMessage(_TOOL_TEXT, tool_call_id=_call_id(i)) for i in range(STREAM_TOOL_RESULTS)
    ]
    return messages


def stream_messages_llama_index() -> list[Any]:
    """The same conversation as LlamaIndex chat messages."""
    from llama_index.core.llms import ChatMessage

    calls = [
        {"id": _call_id(i), "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
        for i in range(STREAM_TOOL_RESULTS)
    ]
    messages = [
        ChatMessage(role="user", content="Look these up."),
        ChatMessage(role="assistant", content=None, additional_kwargs={"tool_calls": calls}),
    ]
    messages += [
        ChatMessage(
            role="tool", content=_TOOL_TEXT, additional_kwargs={"tool_call_id": _call_id(i)}
        )
        for i in range(STREAM_TOOL_RESULTS)
    ]
    return messages
