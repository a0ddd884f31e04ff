"""The README's LlamaIndex agents, offline: a Midjourney picture and a lyrics → song plan, each
ending in a text answer with no extra tool call (the attachment turn that carries a tool's images
is read as part of the tool results, not as a new request)."""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.agent.workflow import FunctionAgent, ToolCall

from llama_index_gptproto import GPTProto, GPTProtoToolSpec
from tests.conftest import Target

pytestmark = pytest.mark.vcr

MODEL = "claude-sonnet-4-5-20250929"


def agent(target: Target, include: list[str]) -> FunctionAgent:
    # Images shown to the model, so the agent sends LlamaIndex's attachment turn.
    spec = GPTProtoToolSpec(
        api_key=target.api_key,
        base_url=target.base_url,
        poll_interval=0.01,
        include=include,
        include_images=True,
    )
    llm = GPTProto(model=MODEL, api_key=target.api_key, base_url=target.base_url)
    return FunctionAgent(tools=spec.to_tool_list(), llm=llm)


async def run(agent: FunctionAgent, question: str) -> tuple[str, list[str]]:
    handler = agent.run(question)
    calls = [e.tool_name async for e in handler.stream_events() if type(e) is ToolCall]
    result = await handler
    return str(result.response.content), calls


def submissions(target: Target) -> dict[str, int] | None:
    return target.emulator.counters()["submissions"] if target.emulator is not None else None


async def test_midjourney_picture_agent(gptproto_target: Target, vcr: Any) -> None:
    text, calls = await run(
        agent(gptproto_target, ["midjourney"]),
        "Make a picture of 'a red fox in the snow' with midjourney_imagine",
    )
    assert calls == ["midjourney_imagine"]
    assert text.startswith("Based on the tool result:")
    assert "Midjourney imagine succeeded" in text
    assert "U1: MJ::JOB::upsample::1::" in text
    chats = [r for r in vcr.requests if r.path.endswith("/chat/completions")]
    assert len(chats) == 2  # the call, then the answer: the attachment turn asks for nothing
    answer_request = chats[-1].body.decode()
    assert "Attachments returned by tool call" in answer_request  # the turn was really sent
    assert submissions(gptproto_target) in (None, {"POST /mj/submit/imagine": 1})


async def test_lyrics_then_song_agent(gptproto_target: Target, vcr: Any) -> None:
    text, calls = await run(
        agent(gptproto_target, ["suno"]),
        "Write lyrics about 'a rainy night in Tokyo' with suno_generate_lyrics, "
        "then make a song of them with suno_generate_music",
    )
    assert calls == ["suno_generate_lyrics", "suno_generate_music"]
    assert text.startswith("Based on the tool result:")
    assert "Suno generate succeeded" in text
    assert "tokyo" in text.lower()
    assert submissions(gptproto_target) in (
        None,
        {"POST /v1/suno/submit/lyrics": 1, "POST /suno/generate": 1},
    )
