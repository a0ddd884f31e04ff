"""Function calling for GPTProto: request fields for tools, and tool calls read back.

fields = tool_request(tools, tool_required=True, tool_choice=None, parallel=False)
# {"tools": [...], "tool_choice": "required", "parallel_tool_calls": False}
tool_selections(response)   # [ToolSelection(tool_id=..., tool_name=..., tool_kwargs=...)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from llama_index.core.base.llms.types import ChatResponse, ToolCallBlock
from llama_index.core.llms.llm import ToolSelection
from llama_index.core.llms.utils import parse_partial_json

from gptproto_core.chat import normalize_tool_choice

if TYPE_CHECKING:
    from llama_index.core.tools.types import BaseTool

__all__ = ["keep_first_tool_call", "tool_request", "tool_selections"]


def tool_request(
    tools: Sequence[BaseTool],
    *,
    tool_required: bool,
    tool_choice: str | Mapping[str, Any] | None,
    parallel: bool,
) -> dict[str, Any]:
    """`tools`, `tool_choice` and `parallel_tool_calls` for the request body.

    `tool_choice` takes a tool name, "auto", "none", "required"/"any" or an OpenAI-style dict and
    wins over `tool_required`. Schemas are sent as the tools describe them: no `strict` flag and
    no `additionalProperties` added, which some upstreams reject.
    """
    specs = [tool.metadata.to_openai_tool(skip_length_check=True) for tool in tools]
    if not specs:
        return {}
    names = [spec["function"]["name"] for spec in specs]
    choice = normalize_tool_choice(tool_choice, names)
    if choice is None and tool_required:
        choice = "required"
    fields: dict[str, Any] = {"tools": specs}
    if choice is not None:
        fields["tool_choice"] = choice
    if not parallel:
        fields["parallel_tool_calls"] = False  # parallel calls are the API's default
    return fields


def tool_selections(response: ChatResponse, error_on_no_tool_call: bool) -> list[ToolSelection]:
    """The tool calls in a reply; on a streamed chunk, arguments may still be partial JSON."""
    selections = [
        ToolSelection(
            tool_id=block.tool_call_id or "",
            tool_name=block.tool_name,
            tool_kwargs=_arguments(block.tool_kwargs),
        )
        for block in response.message.blocks
        if isinstance(block, ToolCallBlock)
    ]
    if not selections and error_on_no_tool_call:
        raise ValueError("Expected at least one tool call, but the reply has none.")
    return selections


def _arguments(kwargs: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(kwargs, dict):
        return kwargs
    try:
        parsed = parse_partial_json(kwargs) if kwargs.strip() else {}
    except (ValueError, TypeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def keep_first_tool_call(response: ChatResponse) -> None:
    """Drop every tool call after the first (when parallel calls were not allowed)."""
    message = response.message
    calls = [i for i, block in enumerate(message.blocks) if isinstance(block, ToolCallBlock)]
    for index in reversed(calls[1:]):
        del message.blocks[index]
    wire_calls = message.additional_kwargs.get("tool_calls")
    if isinstance(wire_calls, list):
        del wire_calls[1:]
