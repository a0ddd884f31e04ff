"""A tool-calling agent that writes lyrics, makes a Suno song of them and a Kling video of the
song's cover art, with a progress bar per job.

Offline and keyless by default (the local emulator, its clock sped up); with GPTPROTO_API_KEY set
and GPTPROTO_BASE_URL unset it talks to gptproto.com.

    uv run python examples/song_video_agent.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.tools import BaseTool

from langchain_gptproto import ChatGPTProto, GPTProtoToolkit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from media_agent import ProgressBar

REQUEST = (
    "Write lyrics with suno_generate_lyrics about 'a lighthouse keeper', then make the song with "
    "suno_generate_music, then make a video of its cover image with kling_image_to_video."
)


def run_song_video_agent(base_url: str, api_key: str, poll_interval: float = 2.0) -> list[str]:
    """Let gpt-4o drive the Suno and Kling tools until it answers; return the URLs made."""
    toolkit = GPTProtoToolkit(
        api_key=api_key, base_url=base_url, poll_interval=poll_interval, include=["suno", "kling"]
    )
    tools: dict[str, BaseTool] = {tool.name: tool for tool in toolkit.get_tools()}
    agent = ChatGPTProto(model="gpt-4o", api_key=api_key, base_url=base_url).bind_tools(
        list(tools.values())
    )
    messages: list[BaseMessage] = [HumanMessage(REQUEST)]
    urls: list[str] = []
    print(f"user: {REQUEST}")
    for _ in range(8):  # a bounded loop: an agent that never stops is a bug
        reply = agent.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            print(f"agent: {reply.text}")
            break
        for call in reply.tool_calls:
            shown = {
                k: (v if len(str(v)) < 60 else f"{str(v)[:57]}...") for k, v in call["args"].items()
            }
            print(f"agent calls {call['name']}({shown})")
            result = tools[call["name"]].invoke(call, {"callbacks": [ProgressBar()]})
            messages.append(result)
            if result.artifact is not None:
                urls += [f"{o.kind}: {o.url}" for o in result.artifact.outputs]
    for url in urls:
        print(f"  made {url}")
    return urls


def main() -> None:
    key, url = os.environ.get("GPTPROTO_API_KEY"), os.environ.get("GPTPROTO_BASE_URL")
    if key and not url:
        run_song_video_agent("https://gptproto.com", key)
        return
    from gptproto_core.emulator import EmulatorServer

    with EmulatorServer() as server:
        server.set_clock_speed(10)
        run_song_video_agent(server.url, server.api_key, poll_interval=0.1)


if __name__ == "__main__":
    main()
