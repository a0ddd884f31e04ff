"""ChatGPTProto in Responses mode (`/v1/responses`, API.md §3.6–3.7), replayed from cassettes.

Recorded against the emulator (`make record`); its scripted model answers Responses requests by the
same rules as chat, with a reasoning item first for o-series models.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import pytest
from langchain_core.exceptions import ModelAPIError
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from gptproto_core.chat import CHAT_PATH
from gptproto_core.errors import InvalidInputError, ServerError
from gptproto_core.responses import RESPONSES_PATH
from langchain_gptproto import ChatGPTProto
from tests.conftest import DATA, Target

pytestmark = pytest.mark.vcr

BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
PDF_URL = "https://www.bt.cn/data/api-doc.pdf"
WEB_SEARCH = {"type": "web_search_preview"}
STORY = "Tell me a three sentence bedtime story about a unicorn."  # API.md §3.6-§3.7


def llm(target: Target, model: str, **kwargs: Any) -> ChatGPTProto:
    return ChatGPTProto(model=model, api_key=target.api_key, base_url=target.base_url, **kwargs)


def sent(vcr: Any) -> list[tuple[str, dict[str, Any]]]:
    """(path, body) of every request the test made."""
    return [(request.path, json.loads(request.body)) for request in vcr.requests]


@tool
def get_weather(location: str) -> str:
    """Get the current weather at a location."""
    return f"It is sunny and 22 degrees in {location}."


@tool
def render_chart(title: str) -> list[dict[str, Any]]:
    """Render a bar chart with the given title and return it as an image."""
    png = base64.b64encode((DATA / "sample.png").read_bytes()).decode()
    return [
        {"type": "text", "text": f"Chart {title!r} rendered."},
        {"type": "image", "base64": png, "mime_type": "image/png"},
    ]


class Joke(BaseModel):
    """A joke with its setup and punchline."""

    setup: str = Field(description="The question")
    punchline: str = Field(description="The answer")


# --- reasoning and routing -------------------------------------------------------------------


def test_o3_answers_with_its_reasoning_summary_as_a_reasoning_block(gptproto_target, vcr):
    reply = llm(gptproto_target, "o3", reasoning_summary="auto").invoke("Why is the sky blue?")
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH
    assert body == {
        "model": "o3",
        "input": "Why is the sky blue?",
        "reasoning": {"summary": "auto"},
    }
    reasoning = [b for b in reply.content_blocks if b["type"] == "reasoning"]
    assert len(reasoning) == 1 and reasoning[0]["reasoning"].startswith("The user asked:")
    assert reply.additional_kwargs["reasoning_content"] == reasoning[0]["reasoning"]
    assert "Why is the sky blue?" in reply.text
    usage = reply.usage_metadata
    assert usage is not None and usage["output_token_details"]["reasoning"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert usage["input_token_details"] == {"cache_read": 0}
    assert reply.response_metadata["finish_reason"] == "stop"
    assert reply.response_metadata["model_name"] == "o3"


@pytest.mark.parametrize(
    ("model", "settings", "tools", "path"),
    [
        ("o3", {}, None, RESPONSES_PATH),
        ("gpt-4.1", {}, None, CHAT_PATH),
        ("gpt-4.1", {"reasoning_effort": "low"}, None, RESPONSES_PATH),
        ("gpt-4o", {}, [WEB_SEARCH], RESPONSES_PATH),
        ("gpt-4.1", {"use_responses_api": True}, None, RESPONSES_PATH),
        ("o3", {"use_responses_api": False}, None, CHAT_PATH),
    ],
    ids=["o3", "gpt-4.1", "gpt-4.1+reasoning", "gpt-4o+web_search", "gpt-4.1+on", "o3+off"],
)
def test_automatic_routing(gptproto_target, vcr, model, settings, tools, path):
    chat = llm(gptproto_target, model, **settings)
    runnable = chat.bind_tools(tools) if tools else chat
    reply = runnable.invoke("What was a positive news story from today?")
    ((sent_path, body),) = sent(vcr)
    assert sent_path == path
    assert ("input" in body, "messages" in body) == (path == RESPONSES_PATH, path == CHAT_PATH)
    if "reasoning_effort" in settings:
        assert body["reasoning"] == {"effort": "low"}
    if tools:
        assert body["tools"] == [WEB_SEARCH]
        assert "search.emulator.invalid" in reply.text  # the emulator's web-search answer
    assert reply.usage_metadata is not None


# --- streaming -------------------------------------------------------------------------------


def test_stream_has_reasoning_before_text_and_usage_on_one_chunk(gptproto_target, vcr):
    chunks = list(
        llm(gptproto_target, "o3", reasoning_summary="auto").stream("Why is the 'sky' blue?")
    )
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH and body["stream"] is True and "stream_options" not in body
    reasoning = [i for i, c in enumerate(chunks) if c.additional_kwargs.get("reasoning_content")]
    text = [i for i, c in enumerate(chunks) if c.text]
    assert reasoning and text and max(reasoning) < min(text)
    assert [i for i, c in enumerate(chunks) if c.usage_metadata] == [len(chunks) - 1]
    full = sum(chunks[1:], chunks[0])
    assert isinstance(full, AIMessageChunk) and "'sky'" in full.text
    assert full.additional_kwargs["reasoning_content"].startswith("The user asked:")
    assert [b["type"] for b in full.content_blocks] == ["reasoning", "text"]
    usage = full.usage_metadata
    assert usage is not None
    assert 0 < usage["output_token_details"]["reasoning"] < usage["output_tokens"]
    assert full.response_metadata["finish_reason"] == "stop"


async def test_async_invoke_and_stream(gptproto_target, vcr):
    model = llm(gptproto_target, "gpt-4.1", use_responses_api=True)
    reply = await model.ainvoke("Say 'async hello'")
    chunks = [chunk async for chunk in model.astream("Say 'async stream'")]
    assert "async hello" in reply.text
    assert "async stream" in "".join(c.text for c in chunks)
    assert sum(1 for c in chunks if c.usage_metadata) == 1
    assert [path for path, _ in sent(vcr)] == [RESPONSES_PATH, RESPONSES_PATH]


def test_an_error_mid_stream_raises_a_typed_error(gptproto_target, vcr):
    if gptproto_target.emulator:  # only while recording; the cassette holds the broken stream
        gptproto_target.emulator.add_fault(path=RESPONSES_PATH, stream_error_after=5)
    received: list[AIMessageChunk] = []
    with pytest.raises(ServerError, match="interrupted") as caught:
        received.extend(llm(gptproto_target, "o3", reasoning_summary="auto").stream("Hi"))
    assert isinstance(caught.value, ModelAPIError)
    assert received and received[0].additional_kwargs["reasoning_content"]
    assert len(vcr.requests) == 1  # a started stream is never replayed


# --- tools -----------------------------------------------------------------------------------


def test_multi_turn_tool_loop(gptproto_target, vcr):
    model = llm(gptproto_target, "gpt-4.1", use_responses_api=True).bind_tools([get_weather])
    question = HumanMessage("What is the weather in San Francisco, CA?")
    first = model.invoke([question])
    (call,) = first.tool_calls
    assert (call["name"], call["args"]) == ("get_weather", {"location": "San Francisco, CA"})
    assert first.response_metadata["finish_reason"] == "tool_calls"
    result = get_weather.invoke(call)
    assert isinstance(result, ToolMessage)
    final = model.invoke([question, first, result])
    assert (
        final.text == "Based on the tool result: It is sunny and 22 degrees in San Francisco, CA."
    )
    (_, opening), (_, follow_up) = sent(vcr)
    assert (
        opening["tools"][0]["type"] == "function" and opening["tools"][0]["name"] == "get_weather"
    )
    assert follow_up["input"] == [
        {"role": "user", "content": "What is the weather in San Francisco, CA?"},
        {
            "type": "function_call",
            "call_id": call["id"],
            "name": "get_weather",
            "arguments": '{"location": "San Francisco, CA"}',
        },
        {"type": "function_call_output", "call_id": call["id"], "output": result.content},
    ]


def test_streamed_tool_call_is_assembled(gptproto_target, vcr):
    model = llm(gptproto_target, "o3").bind_tools([get_weather], tool_choice="get_weather")
    chunks = list(model.stream("What is the weather in San Francisco, CA?"))
    assert sum(1 for c in chunks if c.tool_call_chunks) > 2  # arguments arrive in pieces
    full = sum(chunks[1:], chunks[0])
    assert isinstance(full, AIMessageChunk)
    assert [(c["name"], c["args"]) for c in full.tool_calls] == [
        ("get_weather", {"location": "San Francisco, CA"})
    ]
    assert full.response_metadata["finish_reason"] == "tool_calls"
    ((_, body),) = sent(vcr)
    assert body["tool_choice"] == {"type": "function", "name": "get_weather"}


def test_an_image_returned_by_a_tool_goes_back_as_an_input_image(gptproto_target, vcr):
    model = llm(gptproto_target, "gpt-4.1", use_responses_api=True).bind_tools([render_chart])
    question = HumanMessage('Use render_chart to draw "Sales".')
    first = model.invoke([question])
    result = render_chart.invoke(first.tool_calls[0])
    model.invoke([question, first, result])
    output = sent(vcr)[1][1]["input"][-1]["output"]
    assert output[0] == {"type": "input_text", "text": "Chart 'Sales' rendered."}
    assert output[1]["type"] == "input_image"
    assert output[1]["image_url"].startswith("data:image/png;base64,")


# --- structured output -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "method"),
    [("gpt-4.1", "json_schema"), ("gpt-4.1", "function_calling"), ("o3", None)],
)
def test_structured_output(gptproto_target, vcr, model, method):
    chat = llm(gptproto_target, model, use_responses_api=True if model == "gpt-4.1" else None)
    out = chat.with_structured_output(Joke, method=method, include_raw=True).invoke(
        "Tell me a joke about 'cats'. Reply in JSON with setup and punchline."
    )
    assert isinstance(out["parsed"], Joke) and out["parsing_error"] is None
    assert isinstance(out["raw"], AIMessage)
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH and "response_format" not in body
    if method == "function_calling":
        assert body["tool_choice"] == {"type": "function", "name": "Joke"}
        assert body["tools"][0]["name"] == "Joke"
    else:  # json_schema, o3's default
        assert body["text"]["format"]["type"] == "json_schema"
        assert body["text"]["format"]["name"] == "Joke"
        assert body["text"]["format"]["schema"]["required"] == ["setup", "punchline"]


# --- input and output forms ------------------------------------------------------------------


def test_images_and_pdfs_by_url_and_data_become_input_parts(gptproto_target, vcr):
    png = base64.b64encode((DATA / "sample.png").read_bytes()).decode()
    pdf = base64.b64encode((DATA / "sample.pdf").read_bytes()).decode()
    message = HumanMessage(
        content=[
            {"type": "text", "text": "Describe these"},
            {"type": "image", "url": BOARDWALK},
            {"type": "image", "base64": png, "mime_type": "image/png"},
            {"type": "file", "url": PDF_URL, "mime_type": "application/pdf"},
            {
                "type": "file",
                "base64": pdf,
                "mime_type": "application/pdf",
                "filename": "sample.pdf",
            },
        ]
    )
    reply = llm(gptproto_target, "gpt-4.1", use_responses_api=True).invoke([message])
    ((_, body),) = sent(vcr)
    (item,) = body["input"]
    assert item["role"] == "user"
    text, image_url, image_data, file_url, file_data = item["content"]
    assert text == {"type": "input_text", "text": "Describe these"}
    assert image_url == {"type": "input_image", "image_url": BOARDWALK}
    assert image_data == {"type": "input_image", "image_url": f"data:image/png;base64,{png}"}
    assert file_url == {"type": "input_file", "file_url": PDF_URL}
    assert file_data == {
        "type": "input_file",
        "file_data": f"data:application/pdf;base64,{pdf}",
        "filename": "sample.pdf",
    }
    assert "32x24 PNG image" in reply.text  # the model saw the picture


def test_audio_is_refused_before_any_request(vcr):
    wav = base64.b64encode((DATA / "sample.wav").read_bytes()).decode()
    message = HumanMessage(
        content=[
            {"type": "text", "text": "What is this sound?"},
            {"type": "audio", "base64": wav, "mime_type": "audio/wav"},
        ]
    )
    # Gemini hears audio on chat completions; /v1/responses has no audio part.
    model = ChatGPTProto(model="gemini-2.5-pro", api_key="sk-test-000000", use_responses_api=True)
    with pytest.raises(InvalidInputError, match="'input_audio' cannot be sent to /v1/responses"):
        model.invoke([message])
    assert len(vcr.requests) == 0


def test_plain_string_output_of_a_relay(gptproto_target, vcr):
    if gptproto_target.emulator:  # the relay form of API.md §3.6, while recording
        gptproto_target.emulator.state.responses.configure(plain_output=True)
    reply = llm(gptproto_target, "gpt-4.1", use_responses_api=True).invoke(
        "Tell me a three sentence bedtime story about a unicorn."
    )
    assert isinstance(json.loads(vcr.responses[0]["body"]["string"])["output"], str)
    assert reply.text.endswith(
        'You said: "Tell me a three sentence bedtime story about a unicorn.".'
    )
    assert reply.usage_metadata is not None and reply.usage_metadata["total_tokens"] > 0


def test_max_tokens_is_max_output_tokens_and_stop_is_not_sent(gptproto_target, vcr, caplog):
    model = llm(gptproto_target, "o3", max_tokens=40, stop=["\n\n"])
    with caplog.at_level(logging.WARNING, logger="gptproto"):
        reply = model.invoke("Tell me a long story about 'boardwalks' and the sea.")
    ((_, body),) = sent(vcr)
    assert body["max_output_tokens"] == 40 and "max_tokens" not in body and "stop" not in body
    assert "no stop sequences" in caplog.text
    # Reasoning tokens count first, as OpenAI does; the text is cut to the rest of the budget.
    assert reply.response_metadata["finish_reason"] == "length"
    assert reply.usage_metadata is not None and reply.usage_metadata["output_tokens"] == 40


def test_deep_research_answers_the_documented_body(gptproto_target, vcr):
    # API.md §3.7: gptproto's o-series example sends no tools; gptproto's docs are the authority.
    model = llm(gptproto_target, "o3-deep-research")
    reply = model.invoke(STORY)
    assert reply.text and reply.response_metadata["finish_reason"] == "stop"
    searched = model.bind_tools([WEB_SEARCH]).invoke("Research the history of boardwalks")
    assert "search.emulator.invalid" in searched.text
    (path, body), (_, with_search) = sent(vcr)
    assert path == RESPONSES_PATH and body == {"model": "o3-deep-research", "input": STORY}
    assert with_search["tools"] == [WEB_SEARCH]
