"""GPTProto's Responses mode without sockets: the route rule, the body, and replies read back.

Requests go to an in-process httpx transport; end-to-end runs are in
tests/cassette/test_responses_llamaindex.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from llama_index.core.base.llms.types import (
    AudioBlock,
    ChatMessage,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.tools import FunctionTool

from gptproto_core import GPTProtoClient
from gptproto_core.chat import CHAT_PATH
from gptproto_core.errors import InvalidInputError, ServerError
from gptproto_core.responses import RESPONSES_PATH
from llama_index_gptproto import GPTProto
from tests.conftest import DATA

KEY = "sk-test-000000"
HI = [ChatMessage(role="user", content="Hi")]
WEB_SEARCH = {"type": "web_search_preview"}


def get_weather(location: str) -> str:
    """Get the current weather at a location."""
    return f"Sunny in {location}."


WEATHER = FunctionTool.from_defaults(get_weather)

REPLY = {
    "id": "resp_1",
    "object": "response",
    "model": "o3",
    "status": "completed",
    "output": [
        {
            "id": "rs_1",
            "type": "reasoning",
            "summary": [
                {"type": "summary_text", "text": "Think"},
                {"type": "summary_text", "text": "More"},
            ],
        },
        {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Let me check.", "annotations": []}],
        },
        {
            "id": "fc_1",
            "type": "function_call",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"location": "Paris"}',
        },
    ],
    "usage": {
        "input_tokens": 20,
        "input_tokens_details": {"cached_tokens": 8},
        "output_tokens": 30,
        "output_tokens_details": {"reasoning_tokens": 12},
        "total_tokens": 50,
    },
}


def route(llm: GPTProto, messages: list[ChatMessage] = HI, **kwargs: Any) -> str:
    return llm._request(messages, False, kwargs)[0]


def body(llm: GPTProto, messages: list[ChatMessage] = HI, stream: bool = False, **kw: Any) -> Any:
    return llm._request(messages, stream, kw)[1]


def wired(llm: GPTProto, answer: Callable[[httpx.Request], httpx.Response]) -> list[httpx.Request]:
    """Send `llm`'s sync requests to an in-process transport; returns the requests it sees."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    settings = llm._clients.settings
    llm._clients._sync = GPTProtoClient(
        api_key=settings.api_key,
        base_url=settings.base_url,
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    return seen


def events(*data: dict[str, Any]) -> httpx.Response:
    text = "".join(f"event: {d['type']}\ndata: {json.dumps(d)}\n\n" for d in data)
    return httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})


# --- the rule --------------------------------------------------------------------------------


def test_the_switch_defaults_to_automatic():
    llm = GPTProto(api_key=KEY)
    assert (llm.use_responses_api, llm.reasoning_effort, llm.reasoning_summary) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("model", "settings", "call", "path"),
    [
        ("o3", {}, {}, RESPONSES_PATH),
        ("o4-mini", {}, {}, RESPONSES_PATH),
        ("o1-preview", {}, {}, RESPONSES_PATH),  # o-series by prefix
        ("o3-deep-research", {}, {}, RESPONSES_PATH),
        ("gpt-4.1", {}, {}, CHAT_PATH),
        ("gpt-4o", {}, {}, CHAT_PATH),
        ("claude-sonnet-4-5-20250929", {}, {}, CHAT_PATH),
        ("deepseek-reasoner", {}, {}, CHAT_PATH),  # reasoning on chat: not an OpenAI o-series
        ("gpt-4.1", {"reasoning_effort": "low"}, {}, RESPONSES_PATH),
        ("gpt-4.1", {"reasoning_summary": "auto"}, {}, RESPONSES_PATH),
        ("gpt-4.1", {}, {"reasoning_effort": "high"}, RESPONSES_PATH),
        ("gpt-4o", {}, {"tools": [WEB_SEARCH]}, RESPONSES_PATH),
        ("gpt-4o", {}, {"tools": [WEATHER.metadata.to_openai_tool()]}, CHAT_PATH),
        ("gpt-4.1", {"use_responses_api": True}, {}, RESPONSES_PATH),
        ("o3", {"use_responses_api": False}, {}, CHAT_PATH),
        ("gpt-4.1", {"reasoning_effort": "low", "use_responses_api": False}, {}, CHAT_PATH),
        ("o3", {}, {"use_responses_api": False}, CHAT_PATH),
        ("gpt-4.1", {"use_responses_api": False}, {"use_responses_api": True}, RESPONSES_PATH),
    ],
)
def test_which_route(model, settings, call, path):
    assert route(GPTProto(model=model, api_key=KEY, **settings), **call) == path


# --- the body --------------------------------------------------------------------------------


def test_responses_body_carries_the_settings_under_their_responses_names():
    llm = GPTProto(
        model="o3",
        api_key=KEY,
        temperature=1,
        max_tokens=500,
        reasoning_effort="high",
        reasoning_summary="detailed",
        additional_kwargs={"store": False},
    )
    assert body(llm, stream=True, top_p=0.5, metadata={"run": "1"}) == {
        "model": "o3",
        "input": "Hi",
        "temperature": 1,
        "top_p": 0.5,
        "max_output_tokens": 500,
        "reasoning": {"effort": "high", "summary": "detailed"},
        "stream": True,  # usage always comes with response.completed: no stream_options
        "store": False,
        "metadata": {"run": "1"},
    }


def test_call_time_reasoning_wins_over_the_fields():
    llm = GPTProto(model="o3", api_key=KEY, reasoning_effort="low", reasoning_summary="auto")
    assert body(llm, reasoning_effort="high")["reasoning"] == {"effort": "high", "summary": "auto"}
    assert body(llm, reasoning={"effort": "minimal"})["reasoning"] == {
        "effort": "minimal",
        "summary": "auto",
    }


def test_reasoning_effort_on_chat_completions_is_sent_as_reasoning_effort():
    llm = GPTProto(
        model="o3",
        api_key=KEY,
        use_responses_api=False,
        reasoning_effort="high",
        reasoning_summary="auto",  # chat completions has no summaries: not sent
    )
    sent = body(llm)
    assert sent["reasoning_effort"] == "high" and "reasoning" not in sent
    assert sent["messages"] == [{"role": "user", "content": "Hi"}]


def test_stop_is_not_sent_in_responses_mode_and_says_so(caplog):
    with caplog.at_level(logging.WARNING, logger="gptproto"):
        sent = body(GPTProto(model="o3", api_key=KEY), stop=["\n"])
    assert "stop" not in sent
    assert "no stop sequences" in caplog.text


def test_tools_and_tool_choice_take_the_flat_responses_shape():
    llm = GPTProto(model="o3", api_key=KEY)
    prepared = llm._prepare_chat_with_tools([WEATHER], user_msg="Paris?", tool_choice="get_weather")
    messages = prepared.pop("messages")
    sent = body(llm, messages, **prepared)
    assert sent["tools"] == [
        {
            "type": "function",
            "name": "get_weather",
            "description": WEATHER.metadata.description,
            "parameters": WEATHER.metadata.get_parameters_dict(),
        }
    ]
    assert sent["tool_choice"] == {"type": "function", "name": "get_weather"}
    assert sent["parallel_tool_calls"] is False


def test_history_becomes_items_and_reasoning_is_not_resent():
    assistant = ChatMessage(
        role=MessageRole.ASSISTANT,
        blocks=[
            ThinkingBlock(content="I should call the tool"),
            TextBlock(text=""),
            ToolCallBlock(
                tool_call_id="call_1", tool_name="get_weather", tool_kwargs={"location": "Paris"}
            ),
        ],
    )
    tool = ChatMessage(role="tool", content="Sunny", additional_kwargs={"tool_call_id": "call_1"})
    messages = [ChatMessage(role="system", content="Be brief"), *HI, assistant, tool]
    sent = body(GPTProto(model="o3", api_key=KEY), messages)
    assert sent["input"] == [
        {"role": "system", "content": "Be brief"},
        {"role": "user", "content": "Hi"},
        {
            "type": "function_call",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"location": "Paris"}',
        },
        {"type": "function_call_output", "call_id": "call_1", "output": "Sunny"},
    ]


def test_an_image_from_a_tool_follows_as_an_input_image():
    tool = ChatMessage(
        role="tool",
        blocks=[TextBlock(text="Chart drawn."), ImageBlock(path=DATA / "sample.png")],
        additional_kwargs={"tool_call_id": "call_1"},
    )
    assistant = ChatMessage(
        role=MessageRole.ASSISTANT,
        blocks=[ToolCallBlock(tool_call_id="call_1", tool_name="chart", tool_kwargs={})],
    )
    items = body(
        GPTProto(model="gpt-4.1", api_key=KEY, use_responses_api=True), [*HI, assistant, tool]
    )["input"]
    output, follow_up = items[-2], items[-1]
    assert output["type"] == "function_call_output"
    assert output["output"].startswith("Chart drawn.\n[1 attachment(s) follow")
    assert follow_up["role"] == "user"
    assert follow_up["content"][1]["type"] == "input_image"
    assert follow_up["content"][1]["image_url"].startswith("data:image/png;base64,")


def test_audio_is_refused_before_any_request():
    llm = GPTProto(model="gemini-2.5-pro", api_key=KEY, use_responses_api=True)
    seen = wired(llm, lambda _: httpx.Response(200, json=REPLY))
    audio = ChatMessage(role="user", blocks=[AudioBlock(audio=b"RIFF0000WAVE", format="wav")])
    with pytest.raises(InvalidInputError, match="input_audio"):
        llm.chat([audio])
    assert seen == []


# --- replies ---------------------------------------------------------------------------------


def test_reply_has_thinking_text_tool_calls_and_usage():
    llm = GPTProto(model="o3", api_key=KEY)
    seen = wired(llm, lambda _: httpx.Response(200, json=REPLY))
    reply = llm.chat(HI)
    assert seen[0].url.path == RESPONSES_PATH
    thinking, text, call = reply.message.blocks
    assert isinstance(thinking, ThinkingBlock) and thinking.content == "Think\n\nMore"
    assert thinking.num_tokens == 12
    assert isinstance(text, TextBlock) and text.text == "Let me check."
    assert isinstance(call, ToolCallBlock) and call.tool_kwargs == {"location": "Paris"}
    (selection,) = llm.get_tool_calls_from_response(reply)
    assert (selection.tool_id, selection.tool_name) == ("call_1", "get_weather")
    assert reply.message.additional_kwargs["tool_calls"][0]["id"] == "call_1"
    assert reply.additional_kwargs == {
        "prompt_tokens": 20,
        "completion_tokens": 30,
        "total_tokens": 50,
        "prompt_tokens_details": {"cached_tokens": 8},
        "completion_tokens_details": {"reasoning_tokens": 12},
    }
    assert reply.raw == REPLY


def test_plain_string_output_is_the_text():
    llm = GPTProto(model="gpt-4.1", api_key=KEY, use_responses_api=True)
    wired(llm, lambda _: httpx.Response(200, json={**REPLY, "output": "Just text"}))
    assert llm.complete("Hi").text == "Just text"


def test_stream_gives_thinking_deltas_then_text_and_assembles_calls():
    llm = GPTProto(model="o3", api_key=KEY)
    completed = {**REPLY, "output": REPLY["output"]}
    wired(
        llm,
        lambda _: events(
            {"type": "response.created", "response": {"id": "resp_1", "output": []}},
            {
                "type": "response.reasoning_summary_part.added",
                "item_id": "rs_1",
                "summary_index": 0,
            },
            {"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "delta": "Think"},
            {
                "type": "response.reasoning_summary_part.added",
                "item_id": "rs_1",
                "summary_index": 1,
            },
            {"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "delta": "More"},
            {"type": "response.output_text.delta", "delta": "Let me "},
            {"type": "response.output_text.delta", "delta": "check."},
            {
                "type": "response.output_item.added",
                "output_index": 2,
                "item": {"type": "function_call", "call_id": "call_1", "name": "get_weather"},
            },
            {
                "type": "response.function_call_arguments.delta",
                "output_index": 2,
                "delta": '{"loca',
            },
            {
                "type": "response.function_call_arguments.delta",
                "output_index": 2,
                "delta": 'tion": "Paris"}',
            },
            {"type": "response.completed", "response": completed},
        ),
    )
    responses = list(llm.stream_chat(HI))
    assert [r.additional_kwargs.get("thinking_delta") for r in responses[:3]] == [
        "Think",
        "\n\n",
        "More",
    ]
    assert [r.delta for r in responses if r.delta] == ["Let me ", "check."]
    final = responses[-1]
    assert final.raw == {
        "id": "resp_1",
        "model": "o3",
        "finish_reason": "tool_calls",
        "usage": final.additional_kwargs,
    }
    assert final.additional_kwargs["completion_tokens_details"] == {"reasoning_tokens": 12}
    (selection,) = llm.get_tool_calls_from_response(final)
    assert (selection.tool_name, selection.tool_kwargs) == ("get_weather", {"location": "Paris"})
    thinking = final.message.blocks[0]
    assert isinstance(thinking, ThinkingBlock) and thinking.content == "Think\n\nMore"


def test_a_failed_stream_raises_the_server_error():
    llm = GPTProto(model="o3", api_key=KEY)
    wired(
        llm,
        lambda _: events(
            {"type": "response.output_text.delta", "delta": "Hel"},
            {"type": "error", "code": "server_error", "message": "upstream went away"},
        ),
    )
    received: list[Any] = []
    with pytest.raises(ServerError, match="upstream went away"):
        received.extend(llm.stream_chat(HI))
    assert [r.delta for r in received] == ["Hel"]
