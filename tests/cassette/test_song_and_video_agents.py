"""Offline agent runs across vendors: write lyrics, make a song of them, make a Kling video of
the song's cover art.

The emulator's scripted model follows the plan the user names ("... with suno_generate_lyrics,
then ... with suno_generate_music, then ... with kling_image_to_video") and copies values from
the tool results: `lyrics_id='…'` from the lyrics, `image='…'` from the song.
"""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import BaseMessage, HumanMessage, ToolMessage
from llama_index.core.agent.workflow import FunctionAgent, ToolCallResult

from langchain_gptproto import ChatGPTProto, GPTProtoToolkit
from llama_index_gptproto import GPTProto, GPTProtoToolSpec
from tests.cassette._media import Progress

pytestmark = pytest.mark.vcr

# Lower case and unquoted: the scripted model gives a quoted phrase or a Capitalized run to the
# first required string it fills, which for kling_image_to_video is `image` (see the report).
REQUEST = (
    "write lyrics with suno_generate_lyrics about a lighthouse keeper, then make the song with "
    "suno_generate_music, then make a video of its cover image with kling_image_to_video"
)
PLAN = ["suno_generate_lyrics", "suno_generate_music", "kling_image_to_video"]


def test_langchain_agent_writes_lyrics_makes_a_song_and_a_video(gptproto_target, vcr):
    toolkit = GPTProtoToolkit(
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        poll_interval=0.01,
        include=["suno", "kling"],
    )
    tools = {tool.name: tool for tool in toolkit.get_tools()}
    agent = ChatGPTProto(
        model="gpt-4o", api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    ).bind_tools(list(tools.values()))
    messages: list[BaseMessage] = [HumanMessage(REQUEST)]
    results: list[ToolMessage] = []
    progress = Progress()
    for _ in range(6):
        reply = agent.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            break
        for call in reply.tool_calls:
            result = tools[call["name"]].invoke(call, {"callbacks": [progress]})
            results.append(result)
            messages.append(result)
    assert [r.name for r in results] == PLAN and all(r.status == "success" for r in results)
    lyrics, song, video = (r.artifact for r in results)
    song_body = json.loads(next(r.body for r in vcr.requests if r.path == "/suno/generate"))
    assert song_body["prompt"] == lyrics.raw["text"] and song_body["title"] == lyrics.raw["title"]
    cover = next(o.url for o in song.outputs if o.kind == "image")
    video_body = json.loads(
        next(r.body for r in vcr.requests if r.path == "/kling/v1/videos/image2video")
    )
    assert video_body["image"] == cover
    assert video.status == "succeeded" and video.outputs[0].kind == "video"
    assert not reply.tool_calls and video.outputs[0].url in reply.text
    finished = {
        (e["vendor"], e["operation"]) for e in progress.events if e["status"] == "succeeded"
    }
    assert finished == {("suno", "lyrics"), ("suno", "generate"), ("kling", "image_to_video")}


async def test_llamaindex_function_agent_writes_lyrics_makes_a_song_and_a_video(
    gptproto_target, vcr
):
    spec = GPTProtoToolSpec(
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        poll_interval=0.01,
        include=["suno", "kling"],
        include_images=False,
    )
    llm = GPTProto(
        model="gpt-4o", api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    )
    agent = FunctionAgent(tools=spec.to_tool_list(), llm=llm)
    handler = agent.run(REQUEST)
    calls = [event async for event in handler.stream_events() if isinstance(event, ToolCallResult)]
    result = await handler
    assert [c.tool_name for c in calls] == PLAN
    lyrics, song, video = (c.tool_output.raw_output.task for c in calls)
    assert calls[1].tool_kwargs["lyrics_id"] == lyrics.id.removeprefix("lyrics/")
    cover = next(o.url for o in song.outputs if o.kind == "image")
    assert calls[2].tool_kwargs["image"] == cover
    assert video.status == "succeeded" and video.outputs[0].url in str(result.response.content)
