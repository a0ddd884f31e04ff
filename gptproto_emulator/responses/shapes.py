"""JSON shapes of ``/v1/responses``: output items, the ``response`` object, the relay form.

API.md §3.6 shows (UPSTREAM, OpenAI) ``{"id": "resp_…", "object": "response", "status":
"completed", "output": [{"type": "message", "role": "assistant", "content": [{"type":
"output_text", "text": "…"}]}], "usage": {…}}``; the other fields and item types follow the
OpenAI Responses API. No ``output_text`` field: that is an SDK convenience, not wire data.

    >>> message_item("msg_1", "Hi", [], "completed")["content"]
    [{'type': 'output_text', 'text': 'Hi', 'annotations': []}]
    >>> plain_output_form({"output": [message_item("msg_1", "Hi", [], "completed")]})
    {'output': 'Hi'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gptproto_emulator.responses.request import ResponsesRequest

JSONObject = dict[str, Any]
SEARCH_BASE = "https://search.emulator.invalid/results"


# output items -------------------------------------------------------------------------------------


def message_item(item_id: str, text: str, annotations: list[JSONObject], status: str) -> JSONObject:
    """An assistant ``message`` item with one ``output_text`` part."""
    part = {"type": "output_text", "text": text, "annotations": annotations}
    return {
        "id": item_id,
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": [part],
    }


def reasoning_item(item_id: str, summary: str | None) -> JSONObject:
    """A ``reasoning`` item; ``summary`` is ``[]`` unless a summary was asked for."""
    parts = [{"type": "summary_text", "text": summary}] if summary else []
    return {"id": item_id, "type": "reasoning", "summary": parts}


def function_call_item(item_id: str, call_id: str, name: str, arguments: str) -> JSONObject:
    """A ``function_call`` item (``arguments`` is a JSON string)."""
    return {
        "id": item_id,
        "type": "function_call",
        "status": "completed",
        "arguments": arguments,
        "call_id": call_id,
        "name": name,
    }


def web_search_item(item_id: str, query: str) -> JSONObject:
    """A finished ``web_search_call`` item (nothing is searched: the emulator is offline)."""
    action = {"type": "search", "query": query}
    return {"id": item_id, "type": "web_search_call", "status": "completed", "action": action}


def cite(text: str, digest: str) -> tuple[str, list[JSONObject]]:
    """``text`` plus a markdown link to a fake search result, and its ``url_citation``."""
    url = f"{SEARCH_BASE}/{digest}"
    link = f"[search.emulator.invalid]({url})"
    start = len(text) + 2
    cited = f"{text} ({link})"
    annotation = {
        "type": "url_citation",
        "start_index": start,
        "end_index": start + len(link),
        "url": url,
        "title": "Emulator search result",
    }
    return cited, [annotation]


# the response object ------------------------------------------------------------------------------


def response_body(
    response_id: str,
    created_at: int,
    request: ResponsesRequest,
    output: list[JSONObject],
    incomplete: bool,
    usage: JSONObject | None,
) -> JSONObject:
    """The final ``response`` object (status ``completed`` or ``incomplete``)."""
    details = {"reason": "max_output_tokens"} if incomplete else None
    return {
        "id": response_id,
        "object": "response",
        "created_at": created_at,
        "status": "incomplete" if incomplete else "completed",
        "error": None,
        "incomplete_details": details,
        "instructions": request.instructions,
        "max_output_tokens": request.max_output_tokens,
        "model": request.model,
        "output": output,
        "parallel_tool_calls": request.parallel_tool_calls,
        "previous_response_id": request.previous_response_id,
        "reasoning": request.reasoning_echo(),
        "store": request.store,
        "temperature": 1.0 if request.temperature is None else request.temperature,
        "text": request.text_echo(),
        "tool_choice": request.tool_choice,
        "tools": request.tools,
        "top_p": 1.0 if request.top_p is None else request.top_p,
        "truncation": "disabled",
        "usage": usage,
        "metadata": request.metadata,
    }


def in_progress_form(body: JSONObject) -> JSONObject:
    """The response as ``response.created``/``response.in_progress`` carry it."""
    return {
        **body,
        "status": "in_progress",
        "output": [],
        "usage": None,
        "incomplete_details": None,
    }


def failed_form(body: JSONObject, message: str) -> JSONObject:
    """The response as ``response.failed`` carries it after a mid-stream fault."""
    error = {"code": "server_error", "message": message}
    return {**in_progress_form(body), "status": "failed", "error": error}


def plain_output_form(body: JSONObject) -> JSONObject:
    """The relay form of API.md §3.6: ``output`` is the answer text as one plain string."""
    texts = [
        part["text"]
        for item in body["output"]
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    ]
    return {**body, "output": "".join(texts)}
