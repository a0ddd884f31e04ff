"""/v1/responses payloads and replies (API.md §3.6–3.7), without sockets."""

from __future__ import annotations

import json

import pytest

from gptproto_core.errors import InvalidInputError, ServerError
from gptproto_core.responses import (
    ResponsesStreamParser,
    build_responses_payload,
    parse_response,
    use_responses_api,
)

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather",
        "parameters": {"type": "object", "properties": {}},
    },
}


def test_single_question_is_sent_as_a_plain_string_like_the_docs():
    body = build_responses_payload(
        "gpt-4.1-2025-04-14",
        [{"role": "user", "content": "Tell me a three sentence bedtime story about a unicorn."}],
    )
    assert body == {
        "model": "gpt-4.1-2025-04-14",
        "input": "Tell me a three sentence bedtime story about a unicorn.",
    }


def test_conversation_with_parts_tools_and_results_becomes_items():
    messages = [
        {"role": "system", "content": "Be brief"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Describe this"},
                {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
                {
                    "type": "file",
                    "file": {"filename": "a.pdf", "file_data": "https://example.com/a.pdf"},
                },
                {
                    "type": "file",
                    "file": {"filename": "b.pdf", "file_data": "data:application/pdf;base64,AAA"},
                },
            ],
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "rainy"},
    ]
    body = build_responses_payload(
        "o3",
        messages,
        tools=[WEATHER, {"type": "web_search_preview"}],
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
        max_tokens=300,
        reasoning={"effort": "low", "summary": "auto"},
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "A", "schema": {"type": "object"}},
        },
    )
    assert body["input"] == [
        {"role": "system", "content": "Be brief"},
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": "Describe this"},
                {"type": "input_image", "image_url": "https://example.com/a.png"},
                {"type": "input_file", "file_url": "https://example.com/a.pdf"},
                {
                    "type": "input_file",
                    "file_data": "data:application/pdf;base64,AAA",
                    "filename": "b.pdf",
                },
            ],
        },
        {
            "type": "function_call",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"city":"Oslo"}',
        },
        {"type": "function_call_output", "call_id": "call_1", "output": "rainy"},
    ]
    assert body["tools"] == [
        {
            "type": "function",
            "name": "get_weather",
            "description": "Weather",
            "parameters": {"type": "object", "properties": {}},
        },
        {"type": "web_search_preview"},
    ]
    assert body["tool_choice"] == {"type": "function", "name": "get_weather"}
    assert body["max_output_tokens"] == 300
    assert body["reasoning"] == {"effort": "low", "summary": "auto"}
    assert body["text"] == {
        "format": {"type": "json_schema", "name": "A", "schema": {"type": "object"}}
    }


def test_audio_cannot_go_to_responses():
    with pytest.raises(InvalidInputError, match="input_audio"):
        build_responses_payload(
            "o3",
            [
                {
                    "role": "user",
                    "content": [
                        {"type": "input_audio", "input_audio": {"data": "AA", "format": "wav"}}
                    ],
                }
            ],
        )


@pytest.mark.parametrize(
    ("model", "explicit", "reasoning", "tools", "expected"),
    [
        ("o3", None, None, None, True),
        ("o4-mini", None, None, None, True),
        ("o3-deep-research", None, None, None, True),
        ("gpt-4.1", None, None, None, False),
        ("gpt-4.1", None, {"effort": "low"}, None, True),
        ("gpt-4o", None, None, [{"type": "web_search_preview"}], True),
        ("gpt-4o", None, None, [WEATHER], False),
        ("o3", False, None, None, False),
        ("gpt-4.1", True, None, None, True),
        ("claude-sonnet-4-5-20250929", None, None, None, False),
        ("grok-3-mini", None, {"effort": "low"}, None, False),
        ("deepseek-reasoner", None, {"effort": "high"}, [{"type": "web_search_preview"}], False),
        ("claude-sonnet-4-5-20250929", True, None, None, True),
    ],
)
def test_which_api(model, explicit, reasoning, tools, expected):
    assert use_responses_api(model, explicit, reasoning=reasoning, tools=tools) is expected


def test_parse_response_with_reasoning_message_and_call():
    body = {
        "id": "resp_1",
        "object": "response",
        "status": "completed",
        "model": "o3",
        "output": [
            {
                "type": "reasoning",
                "id": "rs_1",
                "summary": [
                    {"type": "summary_text", "text": "First."},
                    {"type": "summary_text", "text": "Then."},
                ],
            },
            {
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Hi"}],
            },
            {
                "type": "function_call",
                "id": "fc_1",
                "call_id": "call_9",
                "name": "f",
                "arguments": '{"a":1}',
            },
        ],
        "usage": {
            "input_tokens": 10,
            "output_tokens": 20,
            "total_tokens": 30,
            "input_tokens_details": {"cached_tokens": 4},
            "output_tokens_details": {"reasoning_tokens": 12},
        },
    }
    result = parse_response(body)
    assert (result.text, result.reasoning) == ("Hi", "First.\n\nThen.")
    assert [(c.id, c.name, c.arguments) for c in result.tool_calls] == [("call_9", "f", {"a": 1})]
    assert result.finish_reason == "tool_calls"
    assert result.usage is not None and (result.usage.cache_read, result.usage.reasoning) == (4, 12)


def test_relay_plain_string_output_and_incomplete_and_failed():
    assert parse_response({"output": "just text", "status": "completed"}).text == "just text"
    cut = parse_response(
        {
            "output": [],
            "status": "incomplete",
            "incomplete_details": {"reason": "max_output_tokens"},
        }
    )
    assert cut.finish_reason == "length"
    with pytest.raises(ServerError, match="overloaded"):
        parse_response(
            {
                "output": [],
                "status": "failed",
                "error": {"code": "server_error", "message": "overloaded"},
            }
        )


def events(*items):
    return [json.dumps(item) for item in items]


def test_stream_events_become_deltas():
    parser = ResponsesStreamParser()
    stream = events(
        {
            "type": "response.created",
            "response": {"id": "resp_2", "status": "in_progress", "output": []},
        },
        {"type": "response.reasoning_summary_part.added", "item_id": "rs", "summary_index": 0},
        {"type": "response.reasoning_summary_text.delta", "item_id": "rs", "delta": "Think"},
        {"type": "response.reasoning_summary_part.added", "item_id": "rs", "summary_index": 1},
        {"type": "response.reasoning_summary_text.delta", "item_id": "rs", "delta": "More"},
        {"type": "response.output_text.delta", "delta": "Hel"},
        {"type": "response.output_text.delta", "delta": "lo"},
        {
            "type": "response.output_item.added",
            "output_index": 2,
            "item": {
                "type": "function_call",
                "id": "fc",
                "call_id": "call_5",
                "name": "f",
                "arguments": "",
            },
        },
        {"type": "response.function_call_arguments.delta", "output_index": 2, "delta": '{"x"'},
        {"type": "response.function_call_arguments.delta", "output_index": 2, "delta": ":1}"},
        {
            "type": "response.completed",
            "response": {
                "id": "resp_2",
                "model": "o3",
                "status": "completed",
                "output": [{"type": "function_call"}],
                "usage": {"input_tokens": 3, "output_tokens": 4, "total_tokens": 7},
            },
        },
    )
    deltas = [d for d in (parser.feed(e) for e in stream) if d is not None]
    assert "".join(d.reasoning for d in deltas) == "Think\n\nMore"
    assert "".join(d.text for d in deltas) == "Hello"
    assert [(c.id, c.name, c.arguments) for c in parser.tool_calls.calls()] == [
        ("call_5", "f", {"x": 1})
    ]
    assert parser.done
    last = parser.finish()
    assert (last.finish_reason, last.id, last.model) == ("tool_calls", "resp_2", "o3")
    assert last.usage is not None and last.usage.total_tokens == 7


def test_stream_error_events_raise():
    with pytest.raises(ServerError, match="boom"):
        ResponsesStreamParser().feed(
            json.dumps({"type": "error", "code": "server_error", "message": "boom"})
        )
    with pytest.raises(ServerError, match="down"):
        ResponsesStreamParser().feed(
            json.dumps(
                {
                    "type": "response.failed",
                    "response": {
                        "status": "failed",
                        "error": {"code": "server_error", "message": "down"},
                    },
                }
            )
        )
