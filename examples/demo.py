"""The `make demo` tour: ChatGPTProto against the local emulator (or the live service).

Offline and keyless by default: it starts the gptproto emulator on 127.0.0.1 and talks to it.
With GPTPROTO_API_KEY set and GPTPROTO_BASE_URL unset, the same calls go to gptproto.com.

    uv run python examples/demo.py
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessageChunk, HumanMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from langchain_gptproto import ChatGPTProto

sys.path.insert(0, str(Path(__file__).resolve().parent))
from llamaindex_agent import run_llamaindex_agent
from media_agent import run_media_agent
from rag_demo import run_rag
from song_video_agent import run_song_video_agent

BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)


@tool
def get_weather(location: str) -> str:
    """Get the current weather at a location."""
    return f"It is sunny and 22 °C in {location}."


class Trip(BaseModel):
    """A day trip suggestion."""

    destination: str = Field(description="Where to go")
    days: int = Field(description="How many days")


@contextmanager
def gptproto_endpoint() -> Iterator[tuple[str, str, Any]]:
    """(base_url, api_key, emulator): the live service if a key is set, else a local emulator."""
    key, url = os.environ.get("GPTPROTO_API_KEY"), os.environ.get("GPTPROTO_BASE_URL")
    if key and not url:
        yield "https://gptproto.com", key, None
        return
    from gptproto_emulator import EmulatorServer

    with EmulatorServer() as server:
        yield server.url, server.api_key, server


def heading(text: str) -> None:
    print(f"\n\033[1m== {text}\033[0m")


def usage_line(usage: object) -> str:
    if not isinstance(usage, dict):
        return "usage: (none)"
    return (
        f"usage: {usage['input_tokens']} in / {usage['output_tokens']} out / "
        f"{usage['total_tokens']} total"
    )


def main() -> int:
    with gptproto_endpoint() as (base_url, api_key, emulator):
        where = f"the local emulator at {base_url}" if emulator else base_url
        print(f"gptproto-integrations demo — talking to {where}")

        heading("1. Doubao vision: what is in the boardwalk photo?")
        doubao = ChatGPTProto(
            model="doubao-1-5-vision-pro-32k-250115",
            max_tokens=5000,
            base_url=base_url,
            api_key=api_key,
        )
        reply = doubao.invoke(
            [
                HumanMessage(
                    content=[
                        {"type": "text", "text": "Doubao,What is in this image?"},
                        {"type": "image_url", "image_url": {"url": BOARDWALK}},
                    ]
                )
            ]
        )
        print(reply.text)
        print(usage_line(reply.usage_metadata))

        heading("2. Streaming from Claude, with usage at the end")
        claude = ChatGPTProto(
            model="claude-sonnet-4-5-20250929", base_url=base_url, api_key=api_key
        )
        full: AIMessageChunk | None = None
        for chunk in claude.stream("Describe a 'boardwalk at sunrise' in one sentence."):
            print(chunk.text, end="", flush=True)
            full = chunk if full is None else full + chunk
        print()
        print(usage_line(full.usage_metadata if full else None))

        heading("3. Tool calling round trip (gpt-4o + get_weather)")
        with_tools = ChatGPTProto(model="gpt-4o", base_url=base_url, api_key=api_key).bind_tools(
            [get_weather]
        )
        question = HumanMessage("What is the weather in Madison, Wisconsin?")
        call = with_tools.invoke([question])
        print("model asked for:", call.tool_calls)
        results = [get_weather.invoke(tool_call) for tool_call in call.tool_calls]
        for result in results:
            print("tool said:", result.content)
        answer = with_tools.invoke([question, call, *results])
        print("final answer:", answer.text)

        heading("4. Structured output (Gemini, json_schema)")
        gemini = ChatGPTProto(model="gemini-2.5-pro", base_url=base_url, api_key=api_key)
        trip = gemini.with_structured_output(Trip).invoke(
            "Plan a trip to 'Lake Mendota' for 2 days."
        )
        print(repr(trip))

        heading("5. o3 over /v1/responses, with its reasoning summary")
        o3 = ChatGPTProto(
            model="o3",
            reasoning_effort="low",
            reasoning_summary="auto",
            base_url=base_url,
            api_key=api_key,
        )
        answer = o3.invoke("Is 1,001 a prime number?")
        print("reasoning summary:", answer.additional_kwargs.get("reasoning_content"))
        print("answer:", answer.text)
        print(usage_line(answer.usage_metadata))

        heading("6. Reasoning (claude thinking model)")
        thinker = ChatGPTProto(
            model="claude-sonnet-4-5-20250929-thinking", base_url=base_url, api_key=api_key
        )
        thought = thinker.invoke("Why do boardwalks protect wetlands?")
        print("reasoning:", thought.additional_kwargs.get("reasoning_content"))
        print("answer:", thought.text)
        print(usage_line(thought.usage_metadata))

        heading("7. LlamaIndex FunctionAgent with a Python tool")
        run_llamaindex_agent(base_url, api_key)

        heading("8. An agent makes a Midjourney picture, then upscales U1 (with progress bars)")
        if emulator is not None:
            emulator.set_clock_speed(10)  # a job takes ~8 emulated seconds; show it in ~1 s
        run_media_agent(base_url, api_key, poll_interval=0.1 if emulator else 2.0)

        heading(
            "9. An agent writes lyrics, makes the song (Suno), then a video of its cover (Kling)"
        )
        run_song_video_agent(base_url, api_key, poll_interval=0.1 if emulator else 2.0)

        heading("10. RAG on gptproto alone: its embeddings retrieve, its chat model answers")
        run_rag(base_url, api_key)

    print("\nDone.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
