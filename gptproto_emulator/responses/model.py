"""The scripted model behind ``/v1/responses``: the chat model's answer as Responses output items.

The chat rules (docs/emulator.md, "The scripted model") decide between a text answer, function
calls, an answer from tool results and JSON. This module adds what the Responses API has
around it (OpenAI semantics, UPSTREAM; API.md §3.6/§3.7 show none of it): a ``reasoning`` item
first on reasoning models, a ``web_search_call`` item and a ``url_citation`` when a web-search
tool is offered, and ``max_output_tokens`` counting reasoning tokens before the text.

    >>> from gptproto_emulator.responses.request import ResponsesRequest
    >>> messages = [{"role": "user", "content": "Hi"}]
    >>> out = respond(ResponsesRequest("gpt-4.1", messages), messages, b"seed")
    >>> out.items[0]["content"][0]["text"]
    'I am the gptproto emulator (model gpt-4.1). You said: "Hi".'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from gptproto_emulator.chat.request import ChatRequest
from gptproto_emulator.model.prompt_cache import PrefixCache, prefix_keys
from gptproto_emulator.model.reply import Reply, reply
from gptproto_emulator.model.tokens import count_prompt, text_tokens, truncate_to_tokens
from gptproto_emulator.model.transcript import last_user_text, trailing_tool_results
from gptproto_emulator.responses.request import ResponsesRequest
from gptproto_emulator.responses.shapes import (
    cite,
    function_call_item,
    message_item,
    reasoning_item,
    web_search_item,
)

JSONObject = dict[str, Any]
_ID_HEX = 48
_QUERY_LIMIT = 100


@dataclass(frozen=True)
class Outcome:
    """Output items, whether ``max_output_tokens`` cut them, token counts, and the assistant
    turn in chat form (stored for ``previous_response_id``; ``None`` when nothing was said)."""

    items: list[JSONObject]
    incomplete: bool
    output_tokens: int
    reasoning_tokens: int
    assistant: JSONObject | None


def respond(request: ResponsesRequest, messages: list[JSONObject], seed: bytes) -> Outcome:
    """Answer the chat-form ``messages``; ``seed`` (the raw body) makes every id deterministic."""
    answer = reply(_chat_request(request, messages), seed)
    text = last_user_text(messages)
    searched = bool(
        not answer.tool_calls and request.searches_web and not trailing_tool_results(messages)
    )
    items: list[JSONObject] = []
    reasoning_tokens = 0
    if request.is_reasoning:
        plan = _plan(request, answer, messages, searched)
        thought = _reasoning_text(text, len(messages), plan)
        items.append(reasoning_item(item_id(seed, "rs"), _summary(request, thought, plan)))
        reasoning_tokens = text_tokens(thought)
    budget = request.max_output_tokens
    if budget is not None and reasoning_tokens >= budget:
        return Outcome(items, True, budget, budget, None)
    if answer.tool_calls:
        return _calls(items, answer, reasoning_tokens, seed)
    if searched:
        items.append(web_search_item(item_id(seed, "ws"), _clip(text.strip(), _QUERY_LIMIT)))
    limit = None if budget is None else budget - reasoning_tokens
    cite_it = searched and request.text_format["type"] == "text"
    message, cut = _message(answer.content or "", text if cite_it else None, limit, seed)
    items.append(message)
    content: str = message["content"][0]["text"]
    tokens = reasoning_tokens + text_tokens(content)
    return Outcome(items, cut, tokens, reasoning_tokens, {"role": "assistant", "content": content})


def _message(
    content: str, cited_query: str | None, limit: int | None, seed: bytes
) -> tuple[JSONObject, bool]:
    """The message item (with a citation for ``cited_query``), cut to ``limit`` tokens."""
    annotations: list[JSONObject] = []
    if cited_query is not None:
        content, annotations = cite(content, hashlib.sha256(cited_query.encode()).hexdigest()[:16])
    cut = limit is not None and text_tokens(content) > limit
    if cut and limit is not None:
        content = truncate_to_tokens(content, limit)
        annotations = [a for a in annotations if a["end_index"] <= len(content)]
    status = "incomplete" if cut else "completed"
    return message_item(item_id(seed, "msg"), content, annotations, status), cut


def item_id(seed: bytes, prefix: str, index: int = 0) -> str:
    """``<prefix>_<48 hex>``, derived from the request body."""
    digest = hashlib.sha256(seed + f"\n{prefix}\n{index}".encode()).hexdigest()
    return f"{prefix}_{digest[:_ID_HEX]}"


def _chat_request(request: ResponsesRequest, messages: list[JSONObject]) -> ChatRequest:
    return ChatRequest(
        model=request.model,
        messages=messages,
        tools=request.chat_tools(),
        tool_choice=request.chat_tool_choice(),
        parallel_tool_calls=request.parallel_tool_calls,
        response_format=request.chat_response_format(),
    )


def _calls(items: list[JSONObject], answer: Reply, reasoning_tokens: int, seed: bytes) -> Outcome:
    tokens = reasoning_tokens
    for index, call in enumerate(answer.tool_calls):
        fc_id = item_id(seed, "fc", index)
        items.append(function_call_item(fc_id, call.id, call.name, call.arguments))
        tokens += text_tokens(call.name) + text_tokens(call.arguments)
    calls = [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
        for c in answer.tool_calls
    ]
    assistant = {"role": "assistant", "content": None, "tool_calls": calls}
    return Outcome(items, False, tokens, reasoning_tokens, assistant)


def _plan(
    request: ResponsesRequest, answer: Reply, messages: list[JSONObject], searched: bool
) -> str:
    """What the reasoning says the model decided to do."""
    fmt = request.text_format
    if answer.tool_calls:
        return "call " + " and ".join(c.name for c in answer.tool_calls)
    if trailing_tool_results(messages):
        return "answer from the tool result"
    if fmt["type"] == "json_schema":
        return f"write JSON that fits the schema '{fmt['name']}'"
    if fmt["type"] == "json_object":
        return "write a JSON object"
    return "search the web, then answer with a citation" if searched else "answer directly"


def _reasoning_text(text: str, count: int, plan: str) -> str:
    asked = f'The user asked: "{_clip(text.strip(), 80)}".' if text.strip() else "No user text."
    messages = "message" if count == 1 else "messages"
    return f"{asked} I read the {count} {messages} of the conversation and decided to {plan}."


def _summary(request: ResponsesRequest, thought: str, plan: str) -> str | None:
    """The summary text: none unless asked; ``concise`` keeps only the decision."""
    summary = request.reasoning_summary
    if summary is None:
        return None
    return f"I decided to {plan}." if summary == "concise" else thought


def responses_usage(
    request: ResponsesRequest, messages: list[JSONObject], outcome: Outcome, cache: PrefixCache
) -> JSONObject:
    """The Responses ``usage`` object; prompt tokens and caching as for chat (shared cache)."""
    prompt = count_prompt(_chat_request(request, messages))
    keys = prefix_keys(request.model, request.tools, messages)
    cached = cache.lookup_and_store(keys, prompt.prefix_tokens)
    return {
        "input_tokens": prompt.total,
        "input_tokens_details": {"cached_tokens": cached},
        "output_tokens": outcome.output_tokens,
        "output_tokens_details": {"reasoning_tokens": outcome.reasoning_tokens},
        "total_tokens": prompt.total + outcome.output_tokens,
    }


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
