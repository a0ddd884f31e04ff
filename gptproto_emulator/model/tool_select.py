"""Which offered tools the scripted model calls (rules 1 and 2 of docs/emulator.md).

A tool's score is the number of content words (≥ 3 letters, not stop words, names split on ``_`` and
camelCase) it shares with the last user message; a tool named exactly in the text wins outright.
The tools the last user message names exactly, in order, are its *plan*: with "then" or "after
that" between the names the plan is sequential (one call per turn), and after tool results the
next planned tool not yet called since that message is called before any text answer.

    >>> tools = [{"type": "function", "function": {"name": "get_weather"}}]
    >>> [t["function"]["name"] for t in select_tools(tools, "auto", True, "Weather in Paris?")]
    ['get_weather']
    >>> tools.append({"type": "function", "function": {"name": "get_time"}})
    >>> text = "Use get_weather, then get_time."
    >>> def names(*args): return [t["function"]["name"] for t in select_tools(tools, *args)]
    >>> names("auto", True, text), names("auto", True, text, ["get_weather"], True)
    (['get_weather'], ['get_time'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from gptproto_emulator.model.words import content_words

JSONObject = dict[str, Any]
_SEQUENCE = re.compile(r"(?<!\w)(?:then|after\s+that)(?!\w)", re.IGNORECASE)


def select_tools(
    tools: list[JSONObject],
    tool_choice: str | JSONObject | None,
    parallel: bool,
    text: str,
    called: Sequence[str] = (),
    after_results: bool = False,
) -> list[JSONObject]:
    """The tools to call, in order; empty for a text answer.

    ``called`` names the tools called since the last user message; ``after_results`` says the
    conversation ends with tool results.
    """
    if not tools or tool_choice == "none":
        return []
    if isinstance(tool_choice, dict):
        name = tool_choice["function"]["name"]
        return [t for t in tools if t["function"]["name"] == name][:1]
    named = named_tools(tools, text)
    sequential = is_sequential(tools, text)
    pending = [t for t in named if t["function"]["name"] not in called]
    if pending and (after_results or sequential):
        return pending[:1]
    if after_results and tool_choice != "required":
        return []
    if len(named) >= 2 and parallel and not sequential:
        return named
    if named:
        return named[:1]
    best, score = best_tool(tools, text)
    if tool_choice == "required":
        return [best]
    return [best] if score > 0 else []


def named_tools(tools: list[JSONObject], text: str) -> list[JSONObject]:
    """Tools whose exact name appears in ``text``, in order of first appearance."""
    return [tool for _, tool in _mentions(tools, text)]


def is_sequential(tools: list[JSONObject], text: str) -> bool:
    """Whether ``text`` names two or more tools with "then" or "after that" between the names."""
    found = _mentions(tools, text)
    if len(found) < 2:
        return False
    first, last = found[0][0], found[-1][0]
    return bool(_SEQUENCE.search(text, first.end(), last.start()))


def plan_clause(tools: list[JSONObject], text: str, name: str) -> str:
    """The part of a sequential plan's ``text`` that belongs to the tool ``name``.

    "Draw 'a fox' with draw, then find 'dance' with search" gives ``draw`` the text up to the end
    of its name and ``search`` the text after ``draw`` (the last named tool keeps the rest), so
    each call reads its own quoted values. Anything else gets the whole text.

        >>> tools = [{"function": {"name": n}} for n in ("draw", "search")]
        >>> text = "Draw 'a fox' with draw, then find 'dance' with search."
        >>> plan_clause(tools, text, "draw"), plan_clause(tools, text, "search")
        ("Draw 'a fox' with draw", ", then find 'dance' with search.")
    """
    if not is_sequential(tools, text):
        return text
    found = _mentions(tools, text)
    names = [tool["function"]["name"] for _, tool in found]
    if name not in names:
        return text
    index = names.index(name)
    start = found[index - 1][0].end() if index > 0 else 0
    end = found[index][0].end() if index < len(found) - 1 else len(text)
    return text[start:end]


def _mentions(tools: list[JSONObject], text: str) -> list[tuple[re.Match[str], JSONObject]]:
    """Each named tool with its first mention, in order of appearance."""
    found: list[tuple[re.Match[str], JSONObject]] = []
    for tool in tools:
        name = tool["function"]["name"]
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        if match:
            found.append((match, tool))
    found.sort(key=lambda pair: pair[0].start())
    return found


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
