"""Shared by the chat-completions and Responses standard suites."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

Detail = Literal[
    "audio_input", "audio_output", "reasoning_output", "cache_read_input", "cache_creation_input"
]
# Long enough (> 1,024 tokens) for prompt caching to apply on the second identical request.
LONG_SYSTEM = " ".join(f"Rule {n}: answer politely and cite the rule number." for n in range(260))


def run(llm: BaseChatModel, messages: list[BaseMessage], stream: bool) -> AIMessage:
    """Invoke, or stream and add the chunks up."""
    if not stream:
        result = llm.invoke(messages)
        assert isinstance(result, AIMessage)
        return result
    full: Any = None
    for chunk in llm.stream(messages):
        full = chunk if full is None else full + chunk
    assert isinstance(full, AIMessage)
    return full
