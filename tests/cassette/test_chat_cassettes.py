"""ChatGPTProto end to end, replayed from cassettes recorded against the emulator (`make record`)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from langchain_core.exceptions import ModelAuthenticationError
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from gptproto_core.errors import AuthenticationError, InvalidInputError
from langchain_gptproto import ChatGPTProto
from tests.conftest import DATA, Target

pytestmark = pytest.mark.vcr

BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
PDF_URL = "https://www.bt.cn/data/api-doc.pdf"


def llm(target: Target, model: str, **kwargs: Any) -> ChatGPTProto:
    return ChatGPTProto(model=model, api_key=target.api_key, base_url=target.base_url, **kwargs)


def sent_bodies(vcr: Any) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in vcr.requests]


@tool
def get_weather(location: str) -> str:
    """Get the current weather at a location."""
    return f"It is sunny and 22 degrees in {location}."


class Joke(BaseModel):
    """A joke with its setup and punchline."""

    setup: str = Field(description="The question")
    punchline: str = Field(description="The answer")


def test_seed_doubao_vision_request_is_the_documented_body(gptproto_target, vcr):
    model = llm(gptproto_target, "doubao-1-5-vision-pro-32k-250115", max_tokens=5000)
    reply = model.invoke(
        [
            HumanMessage(
                content=[
                    {"type": "text", "text": "Doubao,What is in this image?"},
                    {"type": "image_url", "image_url": {"url": BOARDWALK}},
                ]
            )
        ]
    )
    # API.md §13.2, byte for byte in meaning: same fields, same values, nothing added.
    assert sent_bodies(vcr) == [
        {
            "model": "doubao-1-5-vision-pro-32k-250115",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Doubao,What is in this image?"},
                        {"type": "image_url", "image_url": {"url": BOARDWALK}},
                    ],
                }
            ],
            "max_tokens": 5000,
        }
    ]
    assert BOARDWALK in reply.text
    usage = reply.usage_metadata
    assert (
        usage is not None
        and usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    )
    assert reply.response_metadata["model_name"] == "doubao-1-5-vision-pro-32k-250115"
    assert reply.response_metadata["model_provider"] == "gptproto"
    # the reply has the seed page's shape: its id form ("02", 13 digits, 38 hex digits)
    assert re.fullmatch(r"02\d{13}[0-9a-f]{38}", reply.response_metadata["id"])


def test_stream_carries_usage_on_exactly_one_chunk(gptproto_target, vcr):
    chunks = list(llm(gptproto_target, "gpt-4o").stream("Tell me about 'boardwalks' in one line"))
    assert len(chunks) > 2
    assert sum(1 for c in chunks if c.usage_metadata) == 1
    assert sum(1 for c in chunks if c.response_metadata.get("model_name")) == 1
    assert sent_bodies(vcr)[0]["stream_options"] == {"include_usage": True}
    full = sum(chunks[1:], chunks[0])
    assert isinstance(full, AIMessageChunk) and "boardwalks" in full.text
    assert full.response_metadata["finish_reason"] == "stop"


def test_stream_usage_can_be_switched_off(gptproto_target, vcr):
    chunks = list(llm(gptproto_target, "gpt-4o", stream_usage=False).stream("Hi"))
    assert "stream_options" not in sent_bodies(vcr)[0]
    assert not any(c.usage_metadata for c in chunks)


def test_tool_round_trip(gptproto_target, vcr):
    model = llm(gptproto_target, "claude-sonnet-4-5-20250929").bind_tools([get_weather])
    question = HumanMessage("What is the weather in San Francisco, CA?")
    first = model.invoke([question])
    assert [c["name"] for c in first.tool_calls] == ["get_weather"]
    assert first.tool_calls[0]["args"] == {"location": "San Francisco, CA"}
    result = get_weather.invoke(first.tool_calls[0])
    assert isinstance(result, ToolMessage)
    final = model.invoke([question, first, result])
    assert "sunny" in final.text
    tools_sent = sent_bodies(vcr)[0]["tools"]
    assert tools_sent[0]["function"]["name"] == "get_weather"


@pytest.mark.parametrize("choice", ["any", "get_weather", "none"])
def test_tool_choice_values(gptproto_target, vcr, choice):
    model = llm(gptproto_target, "gpt-4o").bind_tools([get_weather], tool_choice=choice)
    reply = model.invoke("Hello there")
    expected = {
        "any": "required",
        "none": "none",
        "get_weather": {"type": "function", "function": {"name": "get_weather"}},
    }[choice]
    assert sent_bodies(vcr)[0]["tool_choice"] == expected
    assert bool(reply.tool_calls) is (choice != "none")


def test_unknown_tool_choice_is_refused_before_sending():
    model = ChatGPTProto(model="gpt-4o", api_key="sk-test-000000")
    with pytest.raises(InvalidInputError, match="not among the bound tools"):
        model.bind_tools([get_weather], tool_choice="get_time")


@pytest.mark.parametrize("method", ["json_schema", "function_calling"])
def test_structured_output_methods(gptproto_target, vcr, method):
    model = llm(gptproto_target, "gpt-4o").with_structured_output(
        Joke, method=method, include_raw=True
    )
    out = model.invoke("Tell me a joke about 'cats'. Reply in JSON with setup and punchline.")
    assert isinstance(out["parsed"], Joke) and out["parsing_error"] is None
    assert isinstance(out["raw"], AIMessage)
    body = sent_bodies(vcr)[0]
    if method == "json_schema":
        assert body["response_format"]["json_schema"]["name"] == "Joke"
    else:
        assert body["tool_choice"] == {"type": "function", "function": {"name": "Joke"}}


def test_json_mode_returns_json_and_reports_a_schema_mismatch(gptproto_target, vcr):
    model = llm(gptproto_target, "gpt-4o")
    loose = model.with_structured_output(method="json_mode").invoke("Answer in JSON: what is 'up'?")
    assert isinstance(loose, dict) and loose
    strict = model.with_structured_output(Joke, method="json_mode", include_raw=True).invoke(
        "Answer in JSON: what is 'down'?"
    )
    # json_mode promises JSON, not this schema: the mismatch is reported, not raised.
    assert strict["parsed"] is None and strict["parsing_error"] is not None
    assert all(b["response_format"] == {"type": "json_object"} for b in sent_bodies(vcr))


def test_claude_defaults_to_function_calling_for_structured_output(gptproto_target, vcr):
    out = (
        llm(gptproto_target, "claude-sonnet-4-5-20250929")
        .with_structured_output(Joke)
        .invoke("Tell me a joke about 'dogs'")
    )
    assert isinstance(out, Joke)
    assert "response_format" not in sent_bodies(vcr)[0]


def test_claude_pdf_by_url_and_base64_use_the_documented_file_part(gptproto_target, vcr):
    pdf = base64.b64encode((DATA / "sample.pdf").read_bytes()).decode()
    model = llm(gptproto_target, "claude-sonnet-4-5-20250929", max_tokens=1000)
    by_url = model.invoke(
        [
            HumanMessage(
                content=[
                    {"type": "text", "text": "Summarize the contents of this document"},
                    {
                        "type": "file",
                        "url": PDF_URL,
                        "mime_type": "application/pdf",
                        "filename": "api-doc.pdf",
                    },
                ]
            )
        ]
    )
    by_data = model.invoke(
        [
            HumanMessage(
                content=[
                    {"type": "text", "text": "Summarize the contents of this document"},
                    {
                        "type": "file",
                        "base64": pdf,
                        "mime_type": "application/pdf",
                        "filename": "sample.pdf",
                    },
                ]
            )
        ]
    )
    parts = [body["messages"][0]["content"][1] for body in sent_bodies(vcr)]
    assert parts[0] == {"type": "file", "file": {"filename": "api-doc.pdf", "file_data": PDF_URL}}
    assert parts[1]["file"]["file_data"].startswith("data:application/pdf;base64,")
    assert PDF_URL in by_url.text
    assert "1 page" in by_data.text


def test_model_without_image_input_refuses_before_any_request(vcr):
    model = ChatGPTProto(model="doubao-1-5-pro-32k-250115", api_key="sk-test-000000")
    with pytest.raises(InvalidInputError, match="does not accept image input"):
        model.invoke([HumanMessage(content=[{"type": "image", "url": BOARDWALK}])])
    assert len(vcr.requests) == 0


def test_gemini_image_reply_becomes_an_image_block(gptproto_target, vcr):
    reply = llm(gptproto_target, "gemini-2.5-flash-image-preview").invoke(
        "Draw a 'nano banana' dish"
    )
    images = [b for b in reply.content_blocks if b["type"] == "image"]
    assert len(images) == 1
    png = base64.b64decode(images[0]["base64"])
    assert png.startswith(b"\x89PNG") and images[0]["mime_type"] == "image/png"
    assert "data:image" not in reply.text


def test_reasoning_model_reports_reasoning_text_and_tokens(gptproto_target, vcr):
    reply = llm(gptproto_target, "claude-sonnet-4-5-20250929-thinking").invoke(
        "Why is the sky blue?"
    )
    assert reply.additional_kwargs["reasoning_content"]
    assert reply.content_blocks[0]["type"] == "reasoning"
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["output_token_details"]["reasoning"] > 0


def test_streamed_reasoning_arrives_before_text(gptproto_target, vcr):
    chunks = list(llm(gptproto_target, "deepseek-reasoner").stream("Why is the sky blue?"))
    kinds = [
        "reasoning" if c.additional_kwargs.get("reasoning_content") else "text" if c.text else ""
        for c in chunks
    ]
    kinds = [k for k in kinds if k]
    assert kinds[0] == "reasoning" and "text" in kinds
    assert kinds.index("text") > max(i for i, k in enumerate(kinds) if k == "reasoning")


async def test_async_invoke_stream_and_batch(gptproto_target, vcr):
    model = llm(gptproto_target, "grok-4")
    reply = await model.ainvoke("Say 'hello async'")
    assert "hello async" in reply.text
    chunks = [c async for c in model.astream("Say 'hello stream'")]
    assert sum(1 for c in chunks if c.usage_metadata) == 1
    replies = await model.abatch(["Say 'one'", "Say 'two'"])
    assert ["one" in replies[0].text, "two" in replies[1].text] == [True, True]


def test_stop_and_max_tokens_are_sent_and_honoured(gptproto_target, vcr):
    reply = llm(gptproto_target, "gpt-4o", max_tokens=5).invoke(
        "Count 'one two three four five six'"
    )
    assert reply.response_metadata["finish_reason"] == "length"
    stopped = llm(gptproto_target, "gpt-4o").invoke("Repeat 'alpha beta gamma'", stop=["beta"])
    assert "beta" not in stopped.text
    assert sent_bodies(vcr)[1]["stop"] == ["beta"]


def test_wrong_key_raises_both_error_types_without_the_key(gptproto_target, vcr):
    bad = "sk-wrong-key-1234567890"
    model = ChatGPTProto(model="gpt-4o", api_key=bad, base_url=gptproto_target.base_url)
    with pytest.raises(AuthenticationError) as caught:
        model.invoke("Hi")
    assert isinstance(caught.value, ModelAuthenticationError)
    assert caught.value.status_code == 401
    assert bad not in str(caught.value) and bad not in repr(caught.value)
