"""The body boundary: bounded JSON, coercion of ids, and the guard that types every failure."""

from __future__ import annotations

import json
import math

import pytest
from langchain_core.messages import AIMessageChunk

from gptproto_core.body_guard import (
    MAX_DEPTH,
    as_text,
    check_depth,
    excerpt_of,
    finite_int,
    loads_bounded,
    reads_body,
)
from gptproto_core.chat import parse_chat_completion, parse_tool_arguments
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.errors import BadRequestError, UnexpectedResponseError
from gptproto_core.responses import ResponsesStreamParser, parse_response
from langchain_gptproto._messages import delta_to_chunk, result_to_message
from llama_index_gptproto._responses import result_to_response


def completion(**message: object) -> dict[str, object]:
    return {"id": "c1", "choices": [{"message": {"role": "assistant", **message}}]}


def test_sixty_thousand_levels_of_nesting_are_an_unexpected_response():
    with pytest.raises(UnexpectedResponseError, match="not readable JSON") as caught:
        loads_bounded("[" * 60_000 + "]" * 60_000)
    assert caught.value.body.startswith("[[[")


def test_nesting_just_past_the_bound_is_refused_and_at_the_bound_accepted():
    assert loads_bounded("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(UnexpectedResponseError, match=f"deeper than {MAX_DEPTH}"):
        loads_bounded("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


def test_a_thousand_digit_integer_is_refused_before_anything_calls_float_on_it():
    with pytest.raises(UnexpectedResponseError, match="digits"):
        loads_bounded('{"usage": {"prompt_tokens": ' + "9" * 1000 + "}}")
    assert loads_bounded('{"n": -123456}') == {"n": -123456}


def test_non_utf8_bytes_are_an_unexpected_response():
    with pytest.raises(UnexpectedResponseError):
        loads_bounded(b'{"a": "\xff\xfe"}')


def test_a_deep_decoded_body_is_refused_without_recursion():
    deep: object = "leaf"
    for _ in range(5_000):  # deeper than Python's recursion limit
        deep = [deep]
    with pytest.raises(UnexpectedResponseError):
        check_depth(deep)
    with pytest.raises(UnexpectedResponseError):
        parse_chat_completion(completion(content="hi", tool_calls=deep))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("id-1", "id-1"),
        (42, "42"),
        (3.0, "3"),
        (2.5, "2.5"),
        (True, None),
        (None, None),
        (math.nan, None),
        (math.inf, None),
        ({"a": 1}, None),
        ([1], None),
    ],
)
def test_ids_and_names_become_text_or_nothing(value, expected):
    assert as_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7),
        (7.9, 7),
        (10**400, 10**400),
        (True, None),
        (math.nan, None),
        (-math.inf, None),
        ("7", None),
        (None, None),
    ],
)
def test_token_counts_are_finite_ints_or_nothing(value, expected):
    assert finite_int(value) == expected


def test_numeric_ids_reach_both_frameworks_as_strings():
    body = completion(
        content="hi",
        tool_calls=[{"id": 7, "function": {"name": 12, "arguments": '{"a": 1}'}}],
    )
    body["id"] = 12345
    result = parse_chat_completion(body)
    assert (result.id, result.tool_calls[0].id, result.tool_calls[0].name) == ("12345", "7", "12")
    message = result_to_message(result)
    assert message.id == "12345"
    assert message.tool_calls[0]["id"] == "7"
    assert result_to_response(result).message.blocks[-1].tool_call_id == "7"


def test_a_streamed_numeric_tool_call_id_is_a_string_in_the_chunk():
    parser = ChatStreamParser()
    chunk = {"choices": [{"delta": {"tool_calls": [{"index": 0, "id": 99, "function": {}}]}}]}
    delta = parser.feed(json.dumps(chunk))
    assert delta is not None
    message = delta_to_chunk(delta)
    assert isinstance(message, AIMessageChunk)
    assert message.tool_call_chunks[0]["id"] == "99"


@pytest.mark.parametrize(
    "usage",
    [
        {"prompt_tokens": math.inf},
        {"prompt_tokens_details": [1, 2]},
        {"total_tokens": math.nan},
        {"completion_tokens_details": "many"},
        {"prompt_tokens": 10**400},
    ],
)
def test_odd_usage_reads_as_numbers(usage):
    body = completion(content="hi")
    body["usage"] = usage
    result = parse_chat_completion(body)
    assert result.usage is not None
    assert isinstance(result.usage.input_tokens, int)


@pytest.mark.parametrize("arguments", [7, [1, 2], True, "[" * 60_000])
def test_tool_arguments_of_the_wrong_kind_are_reported_not_raised(arguments):
    parsed, error = parse_tool_arguments(arguments)
    assert parsed == {}
    assert error


def test_the_guard_turns_any_other_failure_into_an_unexpected_response_with_an_excerpt():
    @reads_body("test body")
    def reader(body: object) -> object:
        raise TypeError("boom")

    with pytest.raises(UnexpectedResponseError, match=r"test body .*\(TypeError\)") as caught:
        reader({"secretless": "body"})
    assert "secretless" in (caught.value.body or "")
    assert isinstance(caught.value.__cause__, TypeError)


def test_the_guard_lets_our_own_errors_through_unchanged():
    @reads_body("test body")
    def reader(body: object) -> object:
        raise BadRequestError("no", status_code=400)

    with pytest.raises(BadRequestError):
        reader({})


def test_an_excerpt_never_raises_even_on_unprintable_bodies():
    deep: object = 1
    for _ in range(5_000):
        deep = [deep]
    assert excerpt_of(deep)
    assert excerpt_of({(1, 2): "tuple key"})
    assert excerpt_of(b"\xff" * 2000).startswith("\ufffd")


@pytest.mark.parametrize(
    "body",
    [
        {"output": 7},
        {"output": [7, None, {"type": "message", "content": 5}]},
        {"output": [], "status": "incomplete", "incomplete_details": "max_output_tokens"},
        {"output": [{"type": "function_call", "call_id": 5, "arguments": {"a": 1}}]},
    ],
)
def test_odd_responses_objects_read_as_results(body):
    result = parse_response(body)
    result_to_message(result)
    result_to_response(result)


@pytest.mark.parametrize(
    "event",
    [
        {"type": "response.reasoning_summary_part.added", "summary_index": "[DONE]"},
        {"type": "response.output_text.delta", "delta": {"not": "text"}},
        {"type": "response.output_item.added", "item": []},
        {"type": "response.completed", "response": {"output": 5, "id": 9}},
        [1, 2],
    ],
)
def test_odd_responses_events_read_without_raising(event):
    parser = ResponsesStreamParser()
    parser.feed(json.dumps(event))
    delta_to_chunk(parser.finish(), final=True)
