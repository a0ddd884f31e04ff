"""Server-sent events of ``POST /v1/responses`` with ``stream: true`` (OpenAI names, UPSTREAM).

Each event is ``event: <type>\\ndata: <json>\\n\\n``; every data object has ``type`` and
``sequence_number`` (0, 1, 2, …). There is no ``[DONE]`` line. Order: ``response.created``,
``response.in_progress``, the events of each output item, then ``response.completed`` or
``response.incomplete`` with the full response and its usage. API.md §3.6 shows no stream;
the names and fields are OpenAI's.

    >>> from gptproto_emulator.responses.shapes import message_item
    >>> body = {"status": "completed", "output": [message_item("msg_1", "Hi", [], "completed")]}
    >>> [e["type"] for e in response_events(body)][2:4]
    ['response.output_item.added', 'response.content_part.added']
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from gptproto_emulator.chat.shapes import argument_pieces, text_pieces
from gptproto_emulator.http.errors import json_bytes
from gptproto_emulator.responses.shapes import failed_form, in_progress_form

JSONObject = dict[str, Any]
STREAM_ERROR_MESSAGE = "The upstream stream was interrupted (scripted emulator fault)"


def response_events(body: JSONObject) -> list[JSONObject]:
    """Every event of the stream for the final response ``body``, numbered in order."""
    started = in_progress_form(body)
    events: list[JSONObject] = [
        {"type": "response.created", "response": started},
        {"type": "response.in_progress", "response": started},
    ]
    for index, item in enumerate(body["output"]):
        events += _item_events(index, item)
    terminal = "response.incomplete" if body["status"] == "incomplete" else "response.completed"
    events.append({"type": terminal, "response": body})
    return [{"type": e["type"], "sequence_number": n, **e} for n, e in enumerate(events)]


def _item_events(index: int, item: JSONObject) -> list[JSONObject]:
    kind = item["type"]
    if kind == "message":
        start, middle = {**item, "status": "in_progress", "content": []}, _message(index, item)
    elif kind == "reasoning":
        start, middle = {**item, "summary": []}, _reasoning(index, item)
    elif kind == "function_call":
        start, middle = {**item, "status": "in_progress", "arguments": ""}, _arguments(index, item)
    else:
        start, middle = {**item, "status": "in_progress"}, _search(index, item)
    added = {"type": "response.output_item.added", "output_index": index, "item": start}
    done = {"type": "response.output_item.done", "output_index": index, "item": item}
    return [added, *middle, done]


def _message(index: int, item: JSONObject) -> list[JSONObject]:
    events: list[JSONObject] = []
    where = {"item_id": item["id"], "output_index": index}
    for content_index, part in enumerate(item["content"]):
        at = {**where, "content_index": content_index}
        empty = {**part, "text": "", "annotations": []}
        events.append({"type": "response.content_part.added", **at, "part": empty})
        for piece in text_pieces(part["text"]):
            events.append({"type": "response.output_text.delta", **at, "delta": piece})
        for n, annotation in enumerate(part["annotations"]):
            events.append(
                {
                    "type": "response.output_text.annotation.added",
                    **at,
                    "annotation_index": n,
                    "annotation": annotation,
                }
            )
        events.append({"type": "response.output_text.done", **at, "text": part["text"]})
        events.append({"type": "response.content_part.done", **at, "part": part})
    return events


def _reasoning(index: int, item: JSONObject) -> list[JSONObject]:
    events: list[JSONObject] = []
    for summary_index, part in enumerate(item["summary"]):
        at = {"item_id": item["id"], "output_index": index, "summary_index": summary_index}
        empty = {**part, "text": ""}
        events.append({"type": "response.reasoning_summary_part.added", **at, "part": empty})
        for piece in text_pieces(part["text"]):
            events.append({"type": "response.reasoning_summary_text.delta", **at, "delta": piece})
        events.append({"type": "response.reasoning_summary_text.done", **at, "text": part["text"]})
        events.append({"type": "response.reasoning_summary_part.done", **at, "part": part})
    return events


def _arguments(index: int, item: JSONObject) -> list[JSONObject]:
    at = {"item_id": item["id"], "output_index": index}
    events = [
        {"type": "response.function_call_arguments.delta", **at, "delta": piece}
        for piece in argument_pieces(item["arguments"])
    ]
    done = {"type": "response.function_call_arguments.done", **at, "arguments": item["arguments"]}
    return [*events, done]


def _search(index: int, item: JSONObject) -> list[JSONObject]:
    at = {"item_id": item["id"], "output_index": index}
    phases = ("in_progress", "searching", "completed")
    return [{"type": f"response.web_search_call.{phase}", **at} for phase in phases]


def encode(event: JSONObject) -> bytes:
    """One SSE event: ``event: <type>`` then ``data: <json>``."""
    name: str = event["type"]
    return b"event: " + name.encode() + b"\ndata: " + json_bytes(event) + b"\n\n"


async def sse_stream(
    events: list[JSONObject], body: JSONObject, error_after: int | None = None
) -> AsyncIterator[bytes]:
    """Yield each event as its own write. ``error_after`` N (a scripted fault) sends at most N
    events, never the terminal one, then ``error`` and ``response.failed``."""
    if error_after is None:
        for event in events:
            yield encode(event)
        return
    sent = min(error_after, len(events) - 1)
    for event in events[:sent]:
        yield encode(event)
    yield encode(
        {
            "type": "error",
            "sequence_number": sent,
            "code": "server_error",
            "message": STREAM_ERROR_MESSAGE,
            "param": None,
        }
    )
    failed = failed_form(body, STREAM_ERROR_MESSAGE)
    yield encode({"type": "response.failed", "sequence_number": sent + 1, "response": failed})
