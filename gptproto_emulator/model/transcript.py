"""Reading a validated message list: the last user turn, its text and parts, tool calls, results.

>>> last_user_text([{"role": "user", "content": [{"type": "text", "text": "Hi"}]}])
'Hi'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gptproto_emulator.model.attachments import inspect_part

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


def tool_texts(messages: list[JSONObject]) -> list[str]:
    """The texts of every ``tool`` message in the conversation, newest first."""
    return [content_text(m.get("content")) for m in reversed(messages) if m["role"] == "tool"]


_ATTACHMENT_LABEL = re.compile(r"^Attachments returned by tool call (\S+?):?$")


def fold_attachment_turns(messages: list[JSONObject]) -> list[JSONObject]:
    """Read an attachment turn as part of the tool results it follows.

    Chat tool messages carry no images, so a client sends a tool's pictures in a user message
    right after the tool messages, each group labelled "Attachments returned by tool call <id>:"
    (LlamaIndex's FunctionAgent through our adapter does). That turn is no new request: its
    parts go back to the tool messages they belong to.

    >>> tool = {"role": "tool", "tool_call_id": "c1", "content": "done"}
    >>> turn = {"role": "user", "content": [
    ...     {"type": "text", "text": "Attachments returned by tool call c1:"},
    ...     {"type": "image_url", "image_url": {"url": "http://x/a.png"}}]}
    >>> [m["role"] for m in fold_attachment_turns([tool, turn])]
    ['tool']
    """
    folded: list[JSONObject] = []
    for message in messages:
        groups = _attachment_groups(message) if folded and folded[-1]["role"] == "tool" else None
        if groups is None:
            folded.append(message)
            continue
        for call_id, parts in groups.items():
            for i in range(len(folded) - 1, -1, -1):
                if folded[i]["role"] != "tool":
                    break
                if folded[i]["tool_call_id"] == call_id:
                    text = {"type": "text", "text": content_text(folded[i].get("content"))}
                    folded[i] = {**folded[i], "content": [text, *parts]}
    return folded


def _attachment_groups(message: JSONObject) -> dict[str, list[JSONObject]] | None:
    """The parts of an attachment turn by tool call id, or ``None`` if it is not one."""
    content = message.get("content")
    if message["role"] != "user" or not isinstance(content, list) or not content:
        return None
    groups: dict[str, list[JSONObject]] = {}
    current: str | None = None
    for part in content:
        if part.get("type") == "text":
            label = _ATTACHMENT_LABEL.match(part["text"].strip())
            if label is None:
                return None
            current = label[1]
            groups.setdefault(current, [])
        elif current is None:
            return None
        else:
            groups[current].append(part)
    return groups


def _tool_text(content: Any) -> str:
    """The text of a tool message, with what its attachments show (a model sees them too)."""
    text = content_text(content)
    parts = [p for p in content if p.get("type") != "text"] if isinstance(content, list) else []
    if parts:
        shown = ", ".join(inspect_part(p).description for p in parts)
        text = f"{text} [with {shown}]".strip()
    return text
