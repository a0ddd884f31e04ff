"""POST /v1/responses with stream=true: OpenAI Responses event names, order and faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

RESPONSES = "/v1/responses"
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}, "days": {"type": "integer"}},
        "required": ["location", "days"],
    },
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def parse(response: httpx.Response) -> list[dict[str, Any]]:
    """The events of an SSE body, checking framing: ``event:`` equals the data's ``type``."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    text = response.text
    assert text.endswith("\n\n") and "[DONE]" not in text
    events = []
    for block in text[:-2].split("\n\n"):
        name_line, data_line = block.split("\n")
        assert name_line.startswith("event: ") and data_line.startswith("data: ")
        event = json.loads(data_line[len("data: ") :])
        assert event["type"] == name_line[len("event: ") :]
        events.append(event)
    return events


def stream(http: httpx.Client, input: Any = "Tell me a story", **extra: Any) -> list[Any]:
    payload = {"model": extra.pop("model", "gpt-4.1"), "input": input, "stream": True, **extra}
    events = parse(http.post(RESPONSES, json=payload))
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    return events


def names(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def joined(events: list[dict[str, Any]], kind: str) -> str:
    return "".join(e["delta"] for e in events if e["type"] == kind)


def test_text_stream_order_and_final_response(http: httpx.Client) -> None:
    events = stream(http)
    kinds = names(events)
    assert kinds[:5] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
    ]
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    deltas = [e for e in events if e["type"] == "response.output_text.delta"]
    assert len(deltas) > 3
    created = events[0]["response"]
    assert created["status"] == "in_progress" and created["output"] == []
    assert created["usage"] is None
    final = events[-1]["response"]
    assert final["id"] == created["id"] and final["status"] == "completed"
    text = final["output"][0]["content"][0]["text"]
    assert joined(events, "response.output_text.delta") == text
    item_id = final["output"][0]["id"]
    assert all(e["item_id"] == item_id and e["output_index"] == 0 for e in deltas)
    assert all(e["content_index"] == 0 for e in deltas)
    assert events[2]["item"]["status"] == "in_progress" and events[2]["item"]["content"] == []
    done = next(e for e in events if e["type"] == "response.output_text.done")
    assert done["text"] == text
    assert events[-2]["item"] == final["output"][0]


def test_stream_and_plain_call_agree(http: httpx.Client) -> None:
    plain = http.post(RESPONSES, json={"model": "gpt-4.1", "input": "Same answer"}).json()
    final = stream(http, "Same answer")[-1]["response"]
    assert final["output"][0]["content"] == plain["output"][0]["content"]  # ids hash the body
    assert final["usage"] == plain["usage"]
    assert final["usage"]["total_tokens"] == (
        final["usage"]["input_tokens"] + final["usage"]["output_tokens"]
    )


def test_function_call_argument_deltas_make_valid_json(http: httpx.Client) -> None:
    events = stream(http, "Weather in San Francisco, CA for 5 days?", tools=[WEATHER])
    added = next(e for e in events if e["type"] == "response.output_item.added")
    assert added["item"]["type"] == "function_call" and added["item"]["arguments"] == ""
    deltas = [e for e in events if e["type"] == "response.function_call_arguments.delta"]
    assert len(deltas) >= 2
    arguments = joined(events, "response.function_call_arguments.delta")
    assert json.loads(arguments) == {"location": "San Francisco, CA", "days": 5}
    done = next(e for e in events if e["type"] == "response.function_call_arguments.done")
    assert done["arguments"] == arguments and done["item_id"] == added["item"]["id"]
    (call,) = events[-1]["response"]["output"]
    assert call["arguments"] == arguments and call["name"] == "get_weather"
    assert "response.output_text.delta" not in names(events)


def test_parallel_calls_stream_one_item_each(http: httpx.Client) -> None:
    magic = {"type": "function", "name": "magic_function"}
    events = stream(http, "Use get_weather and magic_function for Paris 2", tools=[WEATHER, magic])
    added = [e for e in events if e["type"] == "response.output_item.added"]
    assert [e["output_index"] for e in added] == [0, 1]
    for index in (0, 1):
        pieces = [
            e["delta"]
            for e in events
            if e["type"] == "response.function_call_arguments.delta" and e["output_index"] == index
        ]
        json.loads("".join(pieces) or "{}")


def test_reasoning_summary_events(http: httpx.Client) -> None:
    events = stream(http, "Why?", model="o4-mini", reasoning={"summary": "detailed"})
    kinds = names(events)
    assert kinds[2:5] == [
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
    ]
    start = kinds.index("response.reasoning_summary_text.done")
    assert kinds[start : start + 3] == [
        "response.reasoning_summary_text.done",
        "response.reasoning_summary_part.done",
        "response.output_item.done",
    ]
    final = events[-1]["response"]
    summary = final["output"][0]["summary"][0]["text"]
    assert joined(events, "response.reasoning_summary_text.delta") == summary
    assert events[start]["text"] == summary and events[start]["summary_index"] == 0
    assert final["usage"]["output_tokens_details"]["reasoning_tokens"] > 0
    assert final["output"][1]["type"] == "message"


def test_web_search_stream_has_search_and_annotation_events(http: httpx.Client) -> None:
    events = stream(http, "Unicorn news", tools=[{"type": "web_search_preview"}])
    kinds = names(events)
    assert kinds[2:7] == [
        "response.output_item.added",
        "response.web_search_call.in_progress",
        "response.web_search_call.searching",
        "response.web_search_call.completed",
        "response.output_item.done",
    ]
    (annotation,) = [e for e in events if e["type"] == "response.output_text.annotation.added"]
    final = events[-1]["response"]
    assert annotation["annotation"] == final["output"][1]["content"][0]["annotations"][0]


def test_truncated_stream_ends_with_response_incomplete(http: httpx.Client) -> None:
    events = stream(http, max_output_tokens=4)
    assert events[-1]["type"] == "response.incomplete"
    final = events[-1]["response"]
    assert final["status"] == "incomplete"
    assert final["incomplete_details"] == {"reason": "max_output_tokens"}
    text = final["output"][0]["content"][0]["text"]
    assert joined(events, "response.output_text.delta") == text == "I am the gptprot"


@pytest.mark.parametrize("after", [0, 3, 1000])
def test_stream_error_after_cuts_the_stream(
    http: httpx.Client, gptproto_emulator: EmulatorServer, after: int
) -> None:
    gptproto_emulator.add_fault(RESPONSES, stream_error_after=after)
    events = parse(
        http.post(RESPONSES, json={"model": "gpt-4.1", "input": "Hi there", "stream": True})
    )
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    *before, error, failed = events
    if after == 1000:  # more events than the stream has: all but the terminal one
        assert before[-1]["type"] == "response.output_item.done"
    else:
        assert len(before) == after
    assert "response.completed" not in names(before)
    assert error["type"] == "error" and error["code"] == "server_error" and error["message"]
    assert failed["type"] == "response.failed"
    assert failed["response"]["status"] == "failed"
    assert failed["response"]["error"]["code"] == "server_error"
    assert stream(http, "Hi there")[-1]["type"] == "response.completed"


def test_429_before_a_stream(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.add_fault(RESPONSES, status=429, headers={"Retry-After": "1"})
    response = http.post(RESPONSES, json={"model": "gpt-4.1", "input": "Hi", "stream": True})
    assert response.status_code == 429
    assert response.json()["error"]["type"] == "rate_limit_error"


def test_a_stream_request_still_validates(http: httpx.Client) -> None:
    body = {"model": "o3", "input": "x", "stream": True, "response_format": {"type": "text"}}
    response = http.post(RESPONSES, json=body)
    assert response.status_code == 400
    assert "'response_format'" in response.json()["error"]["message"]
