"""Core results and stream deltas → LlamaIndex ChatResponses, and tool calls read back."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ImageBlock,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)

from gptproto_core.chat import parse_chat_completion
from llama_index_gptproto import GPTProto
from llama_index_gptproto._responses import ResponseStream, result_to_response
from llama_index_gptproto._tools import keep_first_tool_call

LLM = GPTProto(model="gpt-4o", api_key="sk-test-000000")
PNG_B64 = base64.b64encode(b"\x89PNG\r\n\x1a\n0000").decode()


def body(message: dict[str, Any], usage: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "model": "gpt-4o",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": usage
        or {
            "prompt_tokens": 20,
            "completion_tokens": 30,
            "total_tokens": 50,
            "prompt_tokens_details": {"cached_tokens": 3},
            "completion_tokens_details": {"reasoning_tokens": 9},
        },
    }


def chunk(delta: dict[str, Any] | None = None, **extra: Any) -> str:
    choices = [] if delta is None else [{"index": 0, "delta": delta}]
    return json.dumps({"id": "c1", "model": "gpt-4o", "choices": choices, **extra})


def run_stream(*events: str) -> list[ChatResponse]:
    stream = ResponseStream()
    out = [r for r in (stream.feed(e) for e in [*events, "[DONE]"]) if r is not None]
    assert stream.done
    return [*out, stream.finish()]


def selections(response: ChatResponse) -> list[tuple[str, str, dict[str, Any]]]:
    calls = LLM.get_tool_calls_from_response(response, error_on_no_tool_call=False)
    return [(c.tool_id, c.tool_name, c.tool_kwargs) for c in calls]


# --- one reply --------------------------------------------------------------------------------


def test_reply_blocks_usage_and_raw():
    reply = body(
        {
            "role": "assistant",
            "content": f"Done.\n![image](data:image/png;base64,{PNG_B64})",
            "reasoning_content": "Thinking it over.",
            "tool_calls": [
                {
                    "id": "call_a",
                    "type": "function",
                    "function": {"name": "f", "arguments": '{"x": 1}'},
                }
            ],
        }
    )
    response = result_to_response(parse_chat_completion(reply))
    thinking, text, image, call = response.message.blocks
    assert isinstance(thinking, ThinkingBlock) and thinking.content == "Thinking it over."
    assert thinking.num_tokens == 9
    assert isinstance(text, TextBlock) and text.text == "Done.\n"
    assert isinstance(image, ImageBlock) and image.image_mimetype == "image/png"
    assert image.image == PNG_B64.encode()
    assert isinstance(call, ToolCallBlock) and call.tool_kwargs == {"x": 1}
    assert response.additional_kwargs == {
        "prompt_tokens": 20,
        "completion_tokens": 30,
        "total_tokens": 50,
        "prompt_tokens_details": {"cached_tokens": 3},
        "completion_tokens_details": {"reasoning_tokens": 9},
    }
    assert response.raw is reply
    assert selections(response) == [("call_a", "f", {"x": 1})]
    assert (
        response.message.additional_kwargs["tool_calls"][0]["function"]["arguments"] == '{"x": 1}'
    )


def test_image_url_in_a_reply_is_an_image_block_and_stays_in_the_text():
    reply = body({"role": "assistant", "content": "![image](https://cdn.test/a.png)"})
    response = result_to_response(parse_chat_completion(reply))
    image = response.message.blocks[-1]
    assert isinstance(image, ImageBlock) and str(image.url) == "https://cdn.test/a.png"
    assert response.message.content == "![image](https://cdn.test/a.png)"


def test_invalid_tool_arguments_stay_a_string_and_read_as_empty():
    reply = body(
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c", "type": "function", "function": {"name": "f", "arguments": "[1]"}}
            ],
        }
    )
    response = result_to_response(parse_chat_completion(reply))
    assert response.message.blocks[-1].tool_kwargs == "[1]"
    assert selections(response) == [("c", "f", {})]


def test_no_tool_call_raises_only_when_asked_to():
    response = ChatResponse(message=ChatMessage(role="assistant", content="hi"))
    assert LLM.get_tool_calls_from_response(response, error_on_no_tool_call=False) == []
    with pytest.raises(ValueError, match="at least one tool call"):
        LLM.get_tool_calls_from_response(response)


def test_only_the_first_call_is_kept_when_parallel_calls_are_off():
    calls = [
        {"id": i, "type": "function", "function": {"name": "f", "arguments": "{}"}} for i in "abc"
    ]
    reply = body({"role": "assistant", "content": None, "tool_calls": calls})
    response = result_to_response(parse_chat_completion(reply))
    keep_first_tool_call(response)
    assert [b.tool_call_id for b in response.message.blocks[1:]] == ["a"]
    assert [c["id"] for c in response.message.additional_kwargs["tool_calls"]] == ["a"]


# --- streams ------------------------------------------------------------------------------------


def test_stream_text_deltas_are_cumulative_and_usage_is_on_the_final_response_only():
    responses = run_stream(
        chunk({"role": "assistant", "content": ""}),
        chunk({"content": "Hello "}),
        chunk({"content": "world"}),
        chunk({}, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}]),
        chunk(None, usage={"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}),
    )
    assert [r.delta for r in responses] == ["Hello ", "world", ""]
    assert [r.message.content for r in responses] == ["Hello ", "Hello world", "Hello world"]
    assert [bool(r.additional_kwargs) for r in responses] == [False, False, True]
    final = responses[-1]
    assert final.additional_kwargs == {
        "prompt_tokens": 5,
        "completion_tokens": 2,
        "total_tokens": 7,
    }
    assert final.raw == {
        "id": "c1",
        "model": "gpt-4o",
        "finish_reason": "stop",
        "usage": final.additional_kwargs,
    }


def test_stream_reasoning_is_a_thinking_delta_per_chunk_and_a_thinking_block():
    responses = run_stream(
        chunk({"reasoning_content": "Let me "}),
        chunk({"reasoning_content": "think."}),
        chunk({"content": "Answer."}),
    )
    assert [r.additional_kwargs.get("thinking_delta") for r in responses] == [
        "Let me ",
        "think.",
        None,
        None,
    ]
    thinking = responses[-1].message.blocks[0]
    assert isinstance(thinking, ThinkingBlock) and thinking.content == "Let me think."


def _call(index: int | None, call_id: str | None, name: str | None, args: str) -> dict[str, Any]:
    call: dict[str, Any] = {"function": {"arguments": args}}
    if index is not None:
        call["index"] = index
    if call_id is not None:
        call["id"] = call_id
        call["type"] = "function"
    if name is not None:
        call["function"]["name"] = name
    return call


def test_two_complete_calls_in_one_chunk_are_both_kept():
    responses = run_stream(
        chunk(
            {
                "tool_calls": [
                    _call(0, "call_a", "get_weather", '{"city": "Paris"}'),
                    _call(1, "call_b", "get_time", '{"tz": "CET"}'),
                ]
            }
        )
    )
    assert selections(responses[-1]) == [
        ("call_a", "get_weather", {"city": "Paris"}),
        ("call_b", "get_time", {"tz": "CET"}),
    ]


def test_an_id_repeated_on_every_chunk_is_not_glued():
    responses = run_stream(
        chunk({"tool_calls": [_call(0, "call_a", "get_weather", "")]}),
        chunk({"tool_calls": [_call(0, "call_a", "get_weather", '{"city": ')]}),
        chunk({"tool_calls": [_call(0, "call_a", None, '"Paris"}')]}),
    )
    assert selections(responses[-1]) == [("call_a", "get_weather", {"city": "Paris"})]


def test_calls_without_an_index_are_told_apart_by_id_and_name():
    responses = run_stream(
        chunk({"tool_calls": [_call(None, "call_a", "f", '{"n": 1}')]}),
        chunk({"tool_calls": [_call(None, "call_b", "g", '{"n": ')]}),
        chunk({"tool_calls": [_call(None, None, None, "2}")]}),
    )
    assert selections(responses[-1]) == [("call_a", "f", {"n": 1}), ("call_b", "g", {"n": 2})]


def test_partial_arguments_on_a_chunk_read_as_the_partial_object():
    responses = run_stream(
        chunk({"tool_calls": [_call(0, "call_a", "f", '{"city": "Par')]}),
        chunk({"tool_calls": [_call(0, None, None, 'is", "days": 3}')]}),
    )
    first = responses[0].message.blocks[-1]
    assert isinstance(first, ToolCallBlock) and isinstance(first.tool_kwargs, str)
    # LlamaIndex's own partial-JSON reader: the keys so far, an unfinished string as None.
    assert selections(responses[0]) == [("call_a", "f", {"city": None})]
    assert selections(responses[-1]) == [("call_a", "f", {"city": "Paris", "days": 3})]


def test_streamed_images_arrive_on_the_final_response():
    responses = run_stream(
        chunk({"content": "Here: ![image](data:image/png;base64,"}),
        chunk({"content": f"{PNG_B64})"}),
    )
    final = responses[-1]
    assert isinstance(final.message.blocks[-1], ImageBlock)
    assert "data:image" not in (final.message.content or "")
