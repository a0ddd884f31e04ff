"""The ``POST /v1/responses`` body after validation (API.md §3.6, §3.7), plus what it implies.

API.md shows only ``model`` and ``input`` (and the Dify-plugin part shapes); every other field
follows the OpenAI Responses API (UPSTREAM). Helpers translate the Responses shapes into the chat
shapes the shared scripted model reads (flat function tools → nested ``function``,
``text.format`` → ``response_format``).

    >>> r = ResponsesRequest("o3-deep-research", [], tools=[{"type": "web_search_preview"}])
    >>> r.is_reasoning, r.is_deep_research, r.searches_web
    (True, True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gptproto_emulator.model.traits import is_reasoning_model

JSONObject = dict[str, Any]

WEB_SEARCH_TYPES = ("web_search_preview", "web_search_preview_2025_03_11", "web_search")
DATA_SOURCE_TYPES = (*WEB_SEARCH_TYPES, "file_search", "mcp")
TOOL_TYPES = ("function", *DATA_SOURCE_TYPES)


def _text_format() -> JSONObject:
    return {"type": "text"}


@dataclass(frozen=True)
class ResponsesRequest:
    """A validated Responses body; ``input`` holds items (a string input became one user item)."""

    model: str
    input: list[JSONObject]
    instructions: str | None = None
    tools: list[JSONObject] = field(default_factory=list)
    tool_choice: str | JSONObject = "auto"
    parallel_tool_calls: bool = True
    reasoning: JSONObject | None = None
    max_output_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    text_format: JSONObject = field(default_factory=_text_format)
    verbosity: str | None = None
    stream: bool = False
    store: bool = True
    metadata: dict[str, str] = field(default_factory=dict)
    previous_response_id: str | None = None

    @property
    def function_tools(self) -> list[JSONObject]:
        """The offered function tools, in the flat Responses shape."""
        return [t for t in self.tools if t["type"] == "function"]

    @property
    def searches_web(self) -> bool:
        """Whether a web-search built-in is offered and tools are allowed."""
        offered = any(t["type"] in WEB_SEARCH_TYPES for t in self.tools)
        return offered and self.tool_choice != "none"

    @property
    def is_deep_research(self) -> bool:
        """``o3-deep-research``, ``o4-mini-deep-research`` and other ``*deep-research`` names."""
        return "deep-research" in self.model.lower()

    @property
    def is_reasoning(self) -> bool:
        """o-series, ``gpt-5*``, deep-research names, or any request carrying ``reasoning``."""
        name = self.model.lower()
        return (
            self.reasoning is not None
            or is_reasoning_model(name)
            or name.startswith("gpt-5")
            or self.is_deep_research
        )

    @property
    def reasoning_summary(self) -> str | None:
        """``reasoning.summary`` (``auto``, ``concise`` or ``detailed``), if asked for."""
        summary = (self.reasoning or {}).get("summary")
        return summary if isinstance(summary, str) else None

    def reasoning_echo(self) -> JSONObject:
        """The response's ``reasoning`` field (``effort`` is ``medium`` on reasoning models
        when not given)."""
        given = self.reasoning or {}
        default = "medium" if self.is_reasoning else None
        return {"effort": given.get("effort") or default, "summary": self.reasoning_summary}

    def text_echo(self) -> JSONObject:
        """The response's ``text`` field."""
        text: JSONObject = {"format": self.text_format}
        if self.verbosity is not None:
            text["verbosity"] = self.verbosity
        return text

    def chat_tools(self) -> list[JSONObject]:
        """The function tools in the chat-completions shape the scripted model reads."""
        return [
            {"type": "function", "function": {k: v for k, v in t.items() if k != "type"}}
            for t in self.function_tools
        ]

    def chat_tool_choice(self) -> str | JSONObject:
        """``tool_choice`` in the chat-completions shape."""
        if isinstance(self.tool_choice, dict):
            return {"type": "function", "function": {"name": self.tool_choice["name"]}}
        return self.tool_choice

    def chat_response_format(self) -> JSONObject | None:
        """``text.format`` as a chat ``response_format`` (``None`` for plain text)."""
        fmt = self.text_format
        if fmt["type"] == "json_schema":
            spec = {k: v for k, v in fmt.items() if k != "type"}
            return {"type": "json_schema", "json_schema": spec}
        if fmt["type"] == "json_object":
            return {"type": "json_object"}
        return None
