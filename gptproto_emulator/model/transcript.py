"""Reading a validated message list: the last user turn, its text and parts, tool calls, results.

>>> last_user_text([{"role": "user", "content": [{"type": "text", "text": "Hi"}]}])
'Hi'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

JSONObject = dict[str, Any]


@dataclass(frozen=True)
class ToolResult:
    """A tool message at the end of the conversation, with the name of the tool it answers."""

    name: str
    text: str


def content_text(content: Any) -> str:
    """The text of a message ``content`` (string, or the text parts joined by newlines)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(p["text"] for p in content if p.get("type") == "text")
    return ""


def last_user_message(messages: list[JSONObject]) -> JSONObject | None:
    """The last message whose role is ``user``."""
    return next((m for m in reversed(messages) if m["role"] == "user"), None)


def last_user_text(messages: list[JSONObject]) -> str:
    """The text of the last user message ('' when there is none)."""
    message = last_user_message(messages)
    return content_text(message.get("content")) if message else ""


def last_user_parts(messages: list[JSONObject]) -> list[JSONObject]:
    """The non-text parts of the last user message."""
    message = last_user_message(messages)
    content = message.get("content") if message else None
    if not isinstance(content, list):
        return []
    return [p for p in content if p.get("type") != "text"]


def trailing_tool_results(messages: list[JSONObject]) -> list[ToolResult]:
    """The tool messages that end the conversation, oldest first (empty if it ends otherwise)."""
    names = {
        call["id"]: call["function"]["name"]
        for m in messages
        if m["role"] == "assistant"
        for call in m.get("tool_calls") or []
    }
    results: list[ToolResult] = []
    for message in reversed(messages):
        if message["role"] != "tool":
            break
        name = names.get(message["tool_call_id"], "tool")
        results.append(ToolResult(name, _tool_text(message.get("content"))))
    return list(reversed(results))


def calls_since_last_user(messages: list[JSONObject]) -> list[str]:
    """The names of the tool calls in the assistant messages after the last user message.

    >>> call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    >>> calls_since_last_user([{"role": "user", "content": "Hi"},
    ...                        {"role": "assistant", "content": None, "tool_calls": [call]}])
    ['f']
    """
    start = next((i for i in range(len(messages) - 1, -1, -1) if messages[i]["role"] == "user"), -1)
    return [
        call["function"]["name"]
        for message in messages[start + 1 :]
        if message["role"] == "assistant"
        for call in message.get("tool_calls") or []
    ]


def latest_tool_text(messages: list[JSONObject]) -> str | None:
    """The text of the most recent ``tool`` message anywhere in the conversation, if any."""
    message = next((m for m in reversed(messages) if m["role"] == "tool"), None)
    return content_text(message.get("content")) if message is not None else None


def _tool_text(content: Any) -> str:
    text = content_text(content)
    if isinstance(content, list) and any(p.get("type") != "text" for p in content):
        text = (text + " [with attachments]").strip()
    return text
