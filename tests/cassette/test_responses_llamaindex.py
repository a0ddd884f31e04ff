"""GPTProto (LlamaIndex) in Responses mode (`/v1/responses`, API.md §3.6–3.7), from cassettes.

Recorded against the emulator (`make record`); its scripted model answers Responses requests by the
same rules as chat, with a reasoning item first for o-series models.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from llama_index.core.agent.workflow import AgentStream, FunctionAgent, ToolCallResult
from llama_index.core.base.llms.types import (
    AudioBlock,
    ChatMessage,
    DocumentBlock,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
)
from llama_index.core.prompts import PromptTemplate
from llama_index.core.tools import FunctionTool
from llama_index.core.types import PydanticProgramMode
from pydantic import BaseModel, Field

from gptproto_core.chat import CHAT_PATH
from gptproto_core.errors import InvalidInputError, ServerError
from gptproto_core.responses import RESPONSES_PATH
from llama_index_gptproto import GPTProto
from tests.conftest import DATA, Target

pytestmark = pytest.mark.vcr

BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
PDF_URL = "https://www.bt.cn/data/api-doc.pdf"
WEB_SEARCH = {"type": "web_search_preview"}
STORY = "Tell me a three sentence bedtime story about a unicorn."  # API.md §3.6-§3.7
QUESTION = "What is 6 times 7? Use the multiply tool."


def llm(target: Target, model: str, **kwargs: Any) -> GPTProto:
    return GPTProto(model=model, api_key=target.api_key, base_url=target.base_url, **kwargs)


def user(*blocks: Any) -> list[ChatMessage]:
    items = [TextBlock(text=b) if isinstance(b, str) else b for b in blocks]
    return [ChatMessage(role=MessageRole.USER, blocks=items)]


def sent(vcr: Any) -> list[tuple[str, dict[str, Any]]]:
    """(path, body) of every request the test made."""
    return [(request.path, json.loads(request.body)) for request in vcr.requests]


def get_weather(location: str) -> str:
    """Get the current weather at a location."""
    return f"It is sunny and 22 degrees in {location}."


def multiply(a: int, b: int) -> int:
    """Multiply two integers and return the product."""
    return a * b


WEATHER = FunctionTool.from_defaults(get_weather)


class Joke(BaseModel):
    """A joke with its setup and punchline."""

    setup: str = Field(description="The question")
    punchline: str = Field(description="The answer")


# --- reasoning and routing -------------------------------------------------------------------


def test_o3_reasoning_summary_becomes_a_thinking_block(gptproto_target, vcr):
    reply = llm(gptproto_target, "o3", reasoning_summary="auto").chat(user("Why is the sky blue?"))
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH
    assert body == {
        "model": "o3",
        "input": "Why is the sky blue?",
        "reasoning": {"summary": "auto"},
    }
    thinking, text = reply.message.blocks
    assert isinstance(thinking, ThinkingBlock) and isinstance(text, TextBlock)
    assert (thinking.content or "").startswith("The user asked:")
    usage = reply.additional_kwargs
    assert thinking.num_tokens == usage["completion_tokens_details"]["reasoning_tokens"] > 0
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0}
    assert reply.raw["object"] == "response" and reply.raw["model"] == "o3"


@pytest.mark.parametrize(
    ("model", "settings", "call", "path"),
    [
        ("o3", {}, {}, RESPONSES_PATH),
        ("gpt-4.1", {}, {}, CHAT_PATH),
        ("gpt-4.1", {"reasoning_effort": "low"}, {}, RESPONSES_PATH),
        ("gpt-4o", {}, {"tools": [WEB_SEARCH]}, RESPONSES_PATH),
        ("gpt-4.1", {"use_responses_api": True}, {}, RESPONSES_PATH),
        ("o3", {"use_responses_api": False}, {}, CHAT_PATH),
        ("gpt-4.1", {}, {"use_responses_api": True}, RESPONSES_PATH),
    ],
    ids=[
        "o3",
        "gpt-4.1",
        "gpt-4.1+reasoning",
        "gpt-4o+web_search",
        "gpt-4.1+on",
        "o3+off",
        "gpt-4.1+on-per-call",
    ],
)
def test_automatic_routing(gptproto_target, vcr, model, settings, call, path):
    reply = llm(gptproto_target, model, **settings).chat(
        user("What was a positive news story from today?"), **call
    )
    ((sent_path, body),) = sent(vcr)
    assert sent_path == path
    assert ("input" in body, "messages" in body) == (path == RESPONSES_PATH, path == CHAT_PATH)
    assert "use_responses_api" not in body
    if "reasoning_effort" in settings:
        assert body["reasoning"] == {"effort": "low"}
    if "tools" in call:
        assert body["tools"] == [WEB_SEARCH]
        assert "search.emulator.invalid" in (reply.message.content or "")
    assert reply.additional_kwargs["total_tokens"] > 0


# --- streaming and async ---------------------------------------------------------------------


def test_stream_has_thinking_deltas_before_text_and_usage_on_the_last(gptproto_target, vcr):
    model = llm(gptproto_target, "o3", reasoning_summary="auto")
    responses = list(model.stream_chat(user("Why is the 'sky' blue?")))
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH and body["stream"] is True and "stream_options" not in body
    thinking = [i for i, r in enumerate(responses) if r.additional_kwargs.get("thinking_delta")]
    text = [i for i, r in enumerate(responses) if r.delta]
    assert thinking and text and max(thinking) < min(text)
    with_usage = [i for i, r in enumerate(responses) if "total_tokens" in r.additional_kwargs]
    assert with_usage == [len(responses) - 1]
    final = responses[-1]
    assert "".join(r.delta or "" for r in responses) == final.message.content
    summary = "".join(r.additional_kwargs.get("thinking_delta", "") for r in responses)
    thinking_block = final.message.blocks[0]
    assert isinstance(thinking_block, ThinkingBlock) and thinking_block.content == summary
    reasoning_tokens = final.additional_kwargs["completion_tokens_details"]["reasoning_tokens"]
    assert thinking_block.num_tokens == reasoning_tokens > 0
    assert final.raw["finish_reason"] == "stop" and final.raw["usage"] == final.additional_kwargs


async def test_async_chat_stream_and_complete(gptproto_target, vcr):
    model = llm(gptproto_target, "gpt-4.1", use_responses_api=True)
    reply = await model.achat(user("Say 'async hello'"))
    streamed = [r async for r in await model.astream_chat(user("Say 'async stream'"))]
    completion = await model.acomplete("Say 'async complete'")
    assert "async hello" in (reply.message.content or "")
    assert "async stream" in (streamed[-1].message.content or "")
    assert "async complete" in completion.text
    assert [path for path, _ in sent(vcr)] == [RESPONSES_PATH] * 3


def test_an_error_mid_stream_raises_a_typed_error(gptproto_target, vcr):
    if gptproto_target.emulator:  # only while recording; the cassette holds the broken stream
        gptproto_target.emulator.add_fault(path=RESPONSES_PATH, stream_error_after=5)
    received: list[Any] = []
    with pytest.raises(ServerError, match="interrupted"):
        received.extend(
            llm(gptproto_target, "o3", reasoning_summary="auto").stream_chat(user("Hi"))
        )
    assert received and received[0].additional_kwargs["thinking_delta"]
    assert len(vcr.requests) == 1  # a started stream is never replayed


# --- tools and agents ------------------------------------------------------------------------


def test_tool_loop_sends_function_call_and_output_items(gptproto_target, vcr):
    model = llm(gptproto_target, "gpt-4.1", use_responses_api=True)
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
    assert final.message.content == (
        "Based on the tool result: It is sunny and 22 degrees in San Francisco, CA."
    )
    (_, opening), (_, follow_up) = sent(vcr)
    assert (
        opening["tools"][0]["type"] == "function" and opening["tools"][0]["name"] == "get_weather"
    )
    assert opening["parallel_tool_calls"] is False
    assert follow_up["input"][1:] == [
        {
            "type": "function_call",
            "call_id": call.tool_id,
            "name": "get_weather",
            "arguments": '{"location": "San Francisco, CA"}',
        },
        {
            "type": "function_call_output",
            "call_id": call.tool_id,
            "output": "It is sunny and 22 degrees in San Francisco, CA.",
        },
    ]


@pytest.mark.parametrize(
    ("model", "settings"),
    [("o3", {"reasoning_summary": "auto"}), ("gpt-4.1", {"use_responses_api": True})],
)
async def test_function_agent_runs_a_tool_in_responses_mode(gptproto_target, vcr, model, settings):
    agent = FunctionAgent(llm=llm(gptproto_target, model, **settings), tools=[multiply])
    handler = agent.run(QUESTION)
    events = [event async for event in handler.stream_events()]
    answer = str((await handler).response.content)
    assert answer == "Based on the tool result: 42"
    (result,) = [e for e in events if isinstance(e, ToolCallResult)]
    assert (result.tool_name, result.tool_kwargs, result.tool_output.content) == (
        "multiply",
        {"a": 6, "b": 7},
        "42",
    )
    streamed = [e for e in events if isinstance(e, AgentStream)]
    assert "".join(e.delta for e in streamed) == answer
    thinking = "".join(e.thinking_delta or "" for e in streamed)
    if model == "o3":
        assert "decided to call multiply" in thinking
        assert "decided to answer from the tool result" in thinking
    else:
        assert thinking == ""
    (first_path, first), (second_path, second) = sent(vcr)
    assert first_path == second_path == RESPONSES_PATH
    assert first["stream"] is True and first["tools"][0]["name"] == "multiply"
    assert second["input"][-1] == {
        "type": "function_call_output",
        "call_id": result.tool_id,
        "output": "42",
    }


# --- structured output -----------------------------------------------------------------------


def test_structured_predict_sends_the_schema_as_text_format(gptproto_target, vcr):
    model = llm(gptproto_target, "o3")
    joke = model.structured_predict(
        Joke, PromptTemplate("Tell me a joke about '{topic}'."), topic="cats"
    )
    assert isinstance(joke, Joke) and joke.setup == "cats"
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH and "response_format" not in body
    assert body["text"]["format"]["type"] == "json_schema"
    assert body["text"]["format"]["name"] == "Joke"


def test_structured_predict_by_function_calling(gptproto_target, vcr):
    model = llm(
        gptproto_target,
        "gpt-4.1",
        use_responses_api=True,
        pydantic_program_mode=PydanticProgramMode.FUNCTION,
    )
    joke = model.structured_predict(
        Joke, PromptTemplate("Tell me a joke about '{topic}'."), topic="dogs"
    )
    assert isinstance(joke, Joke) and joke.setup == "dogs"
    ((path, body),) = sent(vcr)
    assert path == RESPONSES_PATH
    assert body["tool_choice"] == "required" and body["tools"][0]["name"] == "Joke"


def test_streamed_structured_output(gptproto_target, vcr):
    model = llm(gptproto_target, "o3")
    prompt = PromptTemplate("Tell me a joke about '{topic}'.")
    partials = list(model.stream_structured_predict(Joke, prompt, topic="birds"))
    assert isinstance(partials[-1], Joke) and partials[-1].setup == "birds"
    assert sent(vcr)[0][1]["text"]["format"]["name"] == "Joke"


# --- input and output forms ------------------------------------------------------------------


def test_images_and_pdfs_by_url_and_data_become_input_parts(gptproto_target, vcr):
    png = (DATA / "sample.png").read_bytes()
    pdf = (DATA / "sample.pdf").read_bytes()
    reply = llm(gptproto_target, "gpt-4.1", use_responses_api=True).chat(
        user(
            "Describe these",
            ImageBlock(url=BOARDWALK),
            ImageBlock(image=png, image_mimetype="image/png"),
            DocumentBlock(url=PDF_URL),
            DocumentBlock(data=pdf, title="sample.pdf"),
        )
    )
    ((_, body),) = sent(vcr)
    (item,) = body["input"]
    text, image_url, image_data, file_url, file_data = item["content"]
    assert text == {"type": "input_text", "text": "Describe these"}
    assert image_url == {"type": "input_image", "image_url": BOARDWALK}
    assert image_data["type"] == "input_image"
    assert image_data["image_url"].startswith("data:image/png;base64,")
    assert file_url == {"type": "input_file", "file_url": PDF_URL}
    assert file_data["type"] == "input_file" and file_data["filename"] == "sample.pdf"
    assert file_data["file_data"].startswith("data:application/pdf;base64,")
    assert "32x24 PNG image" in (reply.message.content or "")  # the model saw the picture


def test_audio_is_refused_before_any_request(vcr):
    # Gemini hears audio on chat completions; /v1/responses has no audio part.
    model = GPTProto(model="gemini-2.5-pro", api_key="sk-test-000000", use_responses_api=True)
    audio = AudioBlock(audio=(DATA / "sample.wav").read_bytes(), format="wav")
    with pytest.raises(InvalidInputError, match="'input_audio' cannot be sent to /v1/responses"):
        model.chat(user("What is this sound?", audio))
    assert len(vcr.requests) == 0


def test_plain_string_output_of_a_relay(gptproto_target, vcr):
    if gptproto_target.emulator:  # the relay form of API.md §3.6, while recording
        gptproto_target.emulator.state.responses.configure(plain_output=True)
    reply = llm(gptproto_target, "gpt-4.1", use_responses_api=True).chat(
        user("Tell me a three sentence bedtime story about a unicorn.")
    )
    assert isinstance(reply.raw["output"], str)
    assert reply.message.content == reply.raw["output"]
    assert reply.additional_kwargs["total_tokens"] > 0


def test_max_tokens_is_sent_as_max_output_tokens(gptproto_target, vcr):
    reply = llm(gptproto_target, "o3", max_tokens=40).chat(
        user("Tell me a long story about 'boardwalks' and the sea.")
    )
    ((_, body),) = sent(vcr)
    assert body["max_output_tokens"] == 40 and "max_tokens" not in body
    assert reply.raw["status"] == "incomplete"
    assert reply.additional_kwargs["completion_tokens"] == 40


def test_deep_research_answers_the_documented_body(gptproto_target, vcr):
    # API.md §3.7: gptproto's o-series example sends no tools; gptproto's docs are the authority.
    model = llm(gptproto_target, "o3-deep-research")
    reply = model.chat(user(STORY))
    assert reply.message.content
    searched = model.chat(user("Research the history of boardwalks"), tools=[WEB_SEARCH])
    assert "search.emulator.invalid" in (searched.message.content or "")
    (path, body), (_, with_search) = sent(vcr)
    assert path == RESPONSES_PATH and body == {"model": "o3-deep-research", "input": STORY}
    assert with_search["tools"] == [WEB_SEARCH]
