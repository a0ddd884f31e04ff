"""The chat request after validation: plain data the scripted model and the token counter read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSONObject = dict[str, Any]


@dataclass(frozen=True)
class ChatRequest:
    """A validated ``POST /v1/chat/completions`` body (API.md §3.4)."""

    model: str
    messages: list[JSONObject]
    tools: list[JSONObject] = field(default_factory=list)
    tool_choice: str | JSONObject | None = None
    parallel_tool_calls: bool = True
    response_format: JSONObject | None = None
    stop: list[str] = field(default_factory=list)
    max_tokens: int | None = None
    stream: bool = False
    include_usage: bool = False

    @property
    def forced_tool(self) -> str | None:
        """The tool named by ``tool_choice``, if any."""
        if isinstance(self.tool_choice, dict):
            name: str = self.tool_choice["function"]["name"]
            return name
        return None

    def tool_named(self, name: str) -> JSONObject | None:
        """The offered tool called ``name``."""
        return next((t for t in self.tools if t["function"]["name"] == name), None)
