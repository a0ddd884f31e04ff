"""Which offered tools the scripted model calls (rule 2 of docs/emulator.md).

A tool's score is the number of content words (≥ 3 letters, not stop words, names split on ``_`` and
camelCase) it shares with the last user message; a tool named exactly in the text wins outright.

    >>> tools = [{"type": "function", "function": {"name": "get_weather"}}]
    >>> [t["function"]["name"] for t in select_tools(tools, "auto", True, "Weather in Paris?")]
    ['get_weather']
"""

from __future__ import annotations

import re
from typing import Any

from gptproto_core.emulator.words import content_words

JSONObject = dict[str, Any]


def select_tools(
    tools: list[JSONObject], tool_choice: str | JSONObject | None, parallel: bool, text: str
) -> list[JSONObject]:
    """The tools to call, in order; empty for a text answer."""
    if not tools or tool_choice == "none":
        return []
    if isinstance(tool_choice, dict):
        name = tool_choice["function"]["name"]
        return [t for t in tools if t["function"]["name"] == name][:1]
    named = named_tools(tools, text)
    if len(named) >= 2 and parallel:
        return named
    if named:
        return named[:1]
    best, score = best_tool(tools, text)
    if tool_choice == "required":
        return [best]
    return [best] if score > 0 else []


def named_tools(tools: list[JSONObject], text: str) -> list[JSONObject]:
    """Tools whose exact name appears in ``text``, in order of first appearance."""
    found: list[tuple[int, JSONObject]] = []
    for tool in tools:
        name = tool["function"]["name"]
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        if match:
            found.append((match.start(), tool))
    found.sort(key=lambda pair: pair[0])
    return [tool for _, tool in found]


def best_tool(tools: list[JSONObject], text: str) -> tuple[JSONObject, int]:
    """The highest-scoring tool (the first on ties) and its score."""
    wanted = content_words(text)
    best, best_score = tools[0], -1
    for tool in tools:
        score = len(tool_words(tool) & wanted)
        if score > best_score:
            best, best_score = tool, score
    return best, best_score


def tool_words(tool: JSONObject) -> set[str]:
    """Content words of a tool's name and description."""
    function = tool["function"]
    return content_words(function["name"]) | content_words(function.get("description") or "")
