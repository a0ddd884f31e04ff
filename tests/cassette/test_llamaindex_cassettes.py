"""GPTProto end to end, replayed from cassettes recorded against the emulator (`make record`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from llama_index.core.base.llms.types import (
    AudioBlock,
    ChatMessage,
    DocumentBlock,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.prompts import PromptTemplate
from llama_index.core.tools import FunctionTool
from pydantic import BaseModel, Field

from gptproto_core.errors import AuthenticationError
from llama_index_gptproto import GPTProto
from tests.conftest import DATA, Target

pytestmark = pytest.mark.vcr

BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
PDF_URL = "https://www.bt.cn/data/api-doc.pdf"


def llm(target: Target, model: str = "gpt-4o", **kwargs: Any) -> GPTProto:
    return GPTProto(model=model, api_key=target.api_key, base_url=target.base_url, **kwargs)


def user(*blocks: Any) -> list[ChatMessage]:
    items = [TextBlock(text=b) if isinstance(b, str) else b for b in blocks]
    return [ChatMessage(role=MessageRole.USER, blocks=items)]


def sent_bodies(vcr: Any) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in vcr.requests]


def get_weather(location: str) -> str:
    """Get the current weather at a location."""
    return f"It is sunny and 22 degrees in {location}."


def get_time(city: str) -> str:
    """Get the local time in a city."""
    return f"It is 10:00 in {city}."


WEATHER = FunctionTool.from_defaults(get_weather)
TIME = FunctionTool.from_defaults(get_time)


class Joke(BaseModel):
    """A joke with its setup and punchline."""

    setup: str = Field(description="The question")
    punchline: str = Field(description="The answer")


JOKE_PROMPT = "Tell me a joke about '{topic}'."


# --- chat, complete, stream, async -----------------------------------------------------------


def test_seed_doubao_image_block_sends_the_documented_body(gptproto_target, vcr):
    model = llm(gptproto_target, "doubao-1-5-vision-pro-32k-250115", max_tokens=5000)
    reply = model.chat(user("Doubao,What is in this image?", ImageBlock(url=BOARDWALK)))
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
    assert BOARDWALK in (reply.message.content or "")
    usage = reply.additional_kwargs
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 765


def test_chat_and_complete(gptproto_target, vcr):
    model = llm(gptproto_target)
    reply = model.chat(user("Say 'hello chat'"))
    assert "hello chat" in (reply.message.content or "")
    assert reply.message.role == MessageRole.ASSISTANT
    assert reply.raw["model"] == "gpt-4o"
    completion = model.complete("Say 'hello complete'")
    assert "hello complete" in completion.text
    assert completion.additional_kwargs["total_tokens"] > 0


def test_stream_carries_usage_on_the_final_response_only(gptproto_target, vcr):
    responses = list(
        llm(gptproto_target).stream_chat(user("Tell me about 'boardwalks' in one line"))
    )
    assert len(responses) > 2
    assert sent_bodies(vcr)[0]["stream_options"] == {"include_usage": True}
    assert [bool(r.additional_kwargs) for r in responses] == [False] * (len(responses) - 1) + [True]
    final = responses[-1]
    assert "".join(r.delta or "" for r in responses) == final.message.content
    assert "boardwalks" in (final.message.content or "")
    assert final.additional_kwargs["completion_tokens"] > 0
    assert final.raw["finish_reason"] == "stop"


def test_stream_usage_can_be_switched_off(gptproto_target, vcr):
    responses = list(llm(gptproto_target, stream_usage=False).stream_chat(user("Hi")))
    assert "stream_options" not in sent_bodies(vcr)[0]
    assert not any(r.additional_kwargs for r in responses)


def test_stream_complete(gptproto_target, vcr):
    chunks = list(llm(gptproto_target).stream_complete("Say 'streamed completion'"))
    assert "streamed completion" in chunks[-1].text
    assert chunks[-1].additional_kwargs["total_tokens"] > 0


async def test_async_chat_stream_and_complete(gptproto_target, vcr):
    model = llm(gptproto_target, "grok-4")
    reply = await model.achat(user("Say 'hello async'"))
    assert "hello async" in (reply.message.content or "")
    responses = [r async for r in await model.astream_chat(user("Say 'hello stream'"))]
    assert "hello stream" in (responses[-1].message.content or "")
    assert responses[-1].additional_kwargs["total_tokens"] > 0
    completion = await model.acomplete("Say 'async complete'")
    assert "async complete" in completion.text
    chunks = [c async for c in await model.astream_complete("Say 'async stream complete'")]
    assert "async stream complete" in chunks[-1].text


def test_stop_and_max_tokens(gptproto_target, vcr):
    cut = llm(gptproto_target, max_tokens=5).chat(user("Count 'one two three four five six'"))
    assert cut.raw["choices"][0]["finish_reason"] == "length"
    stopped = llm(gptproto_target).chat(user("Repeat 'alpha beta gamma'"), stop=["beta"])
    assert "beta" not in (stopped.message.content or "")
    assert sent_bodies(vcr)[1]["stop"] == ["beta"]


def test_wrong_key_raises_the_core_error_without_the_key(gptproto_target, vcr):
    bad = "sk-wrong-key-1234567890"
    model = GPTProto(model="gpt-4o", api_key=bad, base_url=gptproto_target.base_url)
    with pytest.raises(AuthenticationError) as caught:
        model.chat(user("Hi"))
    assert caught.value.status_code == 401
    assert bad not in str(caught.value) and bad not in repr(caught.value)


# --- tools ------------------------------------------------------------------------------------


def test_tool_round_trip(gptproto_target, vcr):
    model = llm(gptproto_target, "claude-sonnet-4-5-20250929")
    question = ChatMessage(role="user", content="What is the weather in San Francisco, CA?")
    first = model.chat_with_tools([WEATHER], user_msg=question)
    (call,) = model.get_tool_calls_from_response(first)
    assert (call.tool_name, call.tool_kwargs) == ("get_weather", {"location": "San Francisco, CA"})
    result = ChatMessage(
        role="tool",
        content=get_weather(**call.tool_kwargs),
        additional_kwargs={"tool_call_id": call.tool_id},
    )
    final = model.chat_with_tools([WEATHER], chat_history=[question, first.message, result])
    assert "sunny" in (final.message.content or "")
    assert sent_bodies(vcr)[1]["messages"][1]["tool_calls"][0]["id"] == call.tool_id


def test_streamed_tool_calls_are_assembled(gptproto_target, vcr):
    model = llm(gptproto_target)
    responses = list(
        model.stream_chat_with_tools(
            [WEATHER, TIME],
            user_msg="Use get_weather for 'Paris' and get_time for 'Rome'",
            allow_parallel_tool_calls=True,
        )
    )
    calls = model.get_tool_calls_from_response(responses[-1])
    assert [(c.tool_name, c.tool_kwargs) for c in calls] == [
        ("get_weather", {"location": "Paris"}),
        ("get_time", {"city": "Rome"}),
    ]
    assert len({c.tool_id for c in calls}) == 2
    assert responses[-1].raw["finish_reason"] == "tool_calls"


def test_parallel_calls_off_sends_the_flag_and_keeps_one_call(gptproto_target, vcr):
    model = llm(gptproto_target)
    reply = model.chat_with_tools(
        [WEATHER, TIME], user_msg="Use get_weather and get_time for 'Oslo'"
    )
    assert sent_bodies(vcr)[0]["parallel_tool_calls"] is False
    assert len(model.get_tool_calls_from_response(reply)) == 1


@pytest.mark.parametrize(
    ("kwargs", "expected", "calls"),
    [
        ({"tool_required": True}, "required", 1),
        ({"tool_choice": "get_time"}, {"type": "function", "function": {"name": "get_time"}}, 1),
        ({"tool_choice": "none"}, "none", 0),
    ],
    ids=["required", "named", "none"],
)
def test_tool_choice_values(gptproto_target, vcr, kwargs, expected, calls):
    model = llm(gptproto_target)
    reply = model.chat_with_tools([WEATHER, TIME], user_msg="Hello there", **kwargs)
    assert sent_bodies(vcr)[0]["tool_choice"] == expected
    found = model.get_tool_calls_from_response(reply, error_on_no_tool_call=False)
    assert len(found) == calls
    if kwargs.get("tool_choice") == "get_time":
        assert found[0].tool_name == "get_time"


# --- structured output -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "method"),
    [
        ("gpt-4o", "json_schema"),
        ("claude-sonnet-4-5-20250929", "function_calling"),
        ("gemini-2.5-pro", "json_schema"),
        ("grok-4", "json_schema"),
        ("doubao-seed-1-6-250615", "function_calling"),
        ("deepseek-chat", "function_calling"),
    ],
)
def test_structured_predict_method_follows_the_catalogue(gptproto_target, vcr, model, method):
    joke = llm(gptproto_target, model).structured_predict(
        Joke, PromptTemplate(JOKE_PROMPT), topic="cats"
    )
    assert isinstance(joke, Joke) and joke.setup == "cats"
    body = sent_bodies(vcr)[0]
    if method == "json_schema":
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["name"] == "Joke"
        assert "tools" not in body
    else:
        assert body["tool_choice"] == "required"
        assert body["tools"][0]["function"]["name"] == "Joke"
        assert "response_format" not in body


def test_as_structured_llm(gptproto_target, vcr):
    structured = llm(gptproto_target).as_structured_llm(Joke)
    reply = structured.chat(user("Tell me a joke about 'owls'"))
    assert isinstance(reply.raw, Joke) and reply.raw.setup == "owls"
    assert json.loads(reply.message.content or "")["setup"] == "owls"


@pytest.mark.parametrize("model", ["gpt-4o", "claude-sonnet-4-5-20250929"])
def test_streamed_structured_output(gptproto_target, vcr, model):
    partials = list(
        llm(gptproto_target, model).stream_structured_predict(
            Joke, PromptTemplate(JOKE_PROMPT), topic="bees"
        )
    )
    assert len(partials) > 1
    assert isinstance(partials[-1], Joke) and partials[-1].setup == "bees"


async def test_async_structured_output(gptproto_target, vcr):
    model = llm(gptproto_target, "gemini-2.5-pro")
    joke = await model.astructured_predict(Joke, PromptTemplate(JOKE_PROMPT), topic="cows")
    assert isinstance(joke, Joke) and joke.setup == "cows"
    stream = await model.astream_structured_predict(Joke, PromptTemplate(JOKE_PROMPT), topic="ants")
    partials = [p async for p in stream]
    assert isinstance(partials[-1], Joke) and partials[-1].setup == "ants"


# --- multimodal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "gpt-4o",
        "claude-sonnet-4-5-20250929",
        "gemini-2.5-pro",
        "grok-4",
        "doubao-seed-1-6-250615",
    ],
)
def test_image_by_url_reaches_every_vision_family(gptproto_target, vcr, model):
    reply = llm(gptproto_target, model).chat(
        user("What is in this image?", ImageBlock(url=BOARDWALK))
    )
    part = sent_bodies(vcr)[0]["messages"][0]["content"][1]
    assert part == {"type": "image_url", "image_url": {"url": BOARDWALK}}
    assert f"an image at {BOARDWALK}" in (reply.message.content or "")


@pytest.mark.parametrize("model", ["gpt-4o", "claude-sonnet-4-5-20250929", "gemini-2.5-pro"])
def test_pdf_by_url_reaches_every_pdf_family(gptproto_target, vcr, model):
    reply = llm(gptproto_target, model).chat(user("Summarize", DocumentBlock(url=PDF_URL)))
    part = sent_bodies(vcr)[0]["messages"][0]["content"][1]
    assert part == {"type": "file", "file": {"filename": "api-doc.pdf", "file_data": PDF_URL}}
    assert f"a PDF document at {PDF_URL}" in (reply.message.content or "")


def test_image_bytes_and_path_are_sent_as_data_uris(gptproto_target, vcr):
    model = llm(gptproto_target)
    png = (DATA / "sample.png").read_bytes()
    by_bytes = model.chat(user("Describe 'bytes'", ImageBlock(image=png)))
    by_path = model.chat(user("Describe 'path'", ImageBlock(path=DATA / "sample.png")))
    assert "32x24 PNG image" in (by_bytes.message.content or "")
    assert "32x24 PNG image" in (by_path.message.content or "")
    urls = [b["messages"][0]["content"][1]["image_url"]["url"] for b in sent_bodies(vcr)]
    assert urls[0] == urls[1] and urls[0].startswith("data:image/png;base64,")


def test_pdf_by_url_and_by_data_use_the_documented_file_part(gptproto_target, vcr):
    model = llm(gptproto_target, "claude-sonnet-4-5-20250929", max_tokens=1000)
    by_url = model.chat(user("Summarize the contents of this document", DocumentBlock(url=PDF_URL)))
    pdf = (DATA / "sample.pdf").read_bytes()
    by_data = model.chat(user("Summarize this", DocumentBlock(data=pdf, title="sample.pdf")))
    parts = [body["messages"][0]["content"][1] for body in sent_bodies(vcr)]
    assert parts[0] == {"type": "file", "file": {"filename": "api-doc.pdf", "file_data": PDF_URL}}
    assert parts[1]["file"]["filename"] == "sample.pdf"
    assert parts[1]["file"]["file_data"].startswith("data:application/pdf;base64,")
    assert PDF_URL in (by_url.message.content or "")
    assert "1 page" in (by_data.message.content or "")


def test_audio_block_reaches_a_model_that_hears(gptproto_target, vcr):
    model = llm(gptproto_target, "gemini-2.5-pro")
    reply = model.chat(user("Transcribe", AudioBlock(audio=(DATA / "sample.wav").read_bytes())))
    part = sent_bodies(vcr)[0]["messages"][0]["content"][1]
    assert part["type"] == "input_audio" and part["input_audio"]["format"] == "wav"
    assert "WAV audio clip" in (reply.message.content or "")


def test_gemini_image_reply_becomes_an_image_block(gptproto_target, vcr):
    reply = llm(gptproto_target, "gemini-2.5-flash-image-preview").chat(
        user("Draw a 'nano banana' dish")
    )
    images = [b for b in reply.message.blocks if isinstance(b, ImageBlock)]
    assert len(images) == 1 and images[0].image_mimetype == "image/png"
    assert images[0].resolve_image().read().startswith(b"\x89PNG")
    assert "data:image" not in (reply.message.content or "")


def test_url_image_reply_is_an_image_block_while_streaming(gptproto_target, vcr):
    responses = list(llm(gptproto_target, "gpt-4o-image").stream_chat(user("Draw a 'red kite'")))
    images = [b for b in responses[-1].message.blocks if isinstance(b, ImageBlock)]
    assert len(images) == 1 and str(images[0].url).startswith("https://emulator.invalid/cdn/")


# --- reasoning --------------------------------------------------------------------------------


def test_reasoning_is_a_thinking_block_with_its_token_count(gptproto_target, vcr):
    reply = llm(gptproto_target, "claude-sonnet-4-5-20250929-thinking").chat(
        user("Why is the sky blue?")
    )
    thinking = reply.message.blocks[0]
    assert isinstance(thinking, ThinkingBlock) and thinking.content
    assert (
        thinking.num_tokens
        == reply.additional_kwargs["completion_tokens_details"]["reasoning_tokens"]
        > 0
    )


def test_streamed_reasoning_arrives_as_thinking_deltas_before_text(gptproto_target, vcr):
    responses = list(
        llm(gptproto_target, "deepseek-reasoner").stream_chat(user("Why is the sky blue?"))
    )
    kinds = [
        "thinking" if r.additional_kwargs.get("thinking_delta") else "text" if r.delta else ""
        for r in responses
    ]
    kinds = [k for k in kinds if k]
    assert kinds[0] == "thinking" and "text" in kinds
    assert kinds.index("text") > max(i for i, k in enumerate(kinds) if k == "thinking")
    final = responses[-1]
    joined = "".join(r.additional_kwargs.get("thinking_delta", "") for r in responses)
    assert isinstance(final.message.blocks[0], ThinkingBlock)
    assert final.message.blocks[0].content == joined


def test_tool_call_blocks_in_history_are_sent_back(gptproto_target, vcr):
    model = llm(gptproto_target, "deepseek-reasoner")
    question = ChatMessage(role="user", content="What is the weather in 'Lima'?")
    first = model.chat_with_tools([WEATHER], user_msg=question)
    assert any(isinstance(b, ToolCallBlock) for b in first.message.blocks)
    (call,) = model.get_tool_calls_from_response(first)
    result = ChatMessage(
        role="tool", content="Cloudy, 18 degrees.", additional_kwargs={"tool_call_id": call.tool_id}
    )
    final = model.chat_with_tools([WEATHER], chat_history=[question, first.message, result])
    assistant = sent_bodies(vcr)[1]["messages"][1]
    assert assistant["tool_calls"][0]["id"] == call.tool_id
    assert assistant["reasoning_content"] == first.message.blocks[0].content
    assert "Cloudy" in (final.message.content or "")
