"""A tool-calling agent that makes a Midjourney picture, upscales U1, and shows progress bars.

Offline and keyless by default (the local emulator, its clock sped up so a job takes about a
second); with GPTPROTO_API_KEY set and GPTPROTO_BASE_URL unset it talks to gptproto.com.

    uv run python examples/media_agent.py
"""

from __future__ import annotations

import os
import sys
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage, HumanMessage
from langchain_core.tools import BaseTool

from langchain_gptproto import ChatGPTProto, GPTProtoToolkit
from langchain_gptproto.tools import PROGRESS_EVENT

REQUEST = (
    "Make a picture of 'a red fox in the snow' with midjourney_imagine, "
    "then upscale U1 with midjourney_action."
)


class ProgressBar(BaseCallbackHandler):
    """Draws one line per job from the tools' progress events."""

    def on_custom_event(self, name: str, data: Any, **kwargs: Any) -> None:
        if name != PROGRESS_EVENT:
            return
        fraction = data["progress"] or 0.0
        filled = int(fraction * 30)
        bar = "#" * filled + "." * (30 - filled)
        label = f"{data['vendor']} {data['operation']} {data['task_id']}"
        end = "\n" if data["status"] in ("succeeded", "failed", "cancelled") else ""
        sys.stdout.write(f"\r  [{bar}] {fraction:4.0%} {data['status']:<9} {label}{end}")
        sys.stdout.flush()


def run_tool_agent(
    base_url: str, api_key: str, request: str, include: list[str], poll_interval: float
) -> list[str]:
    """Let gpt-4o drive gptproto's media tools until it answers; return what was made."""
    toolkit = GPTProtoToolkit(
        api_key=api_key, base_url=base_url, poll_interval=poll_interval, include=include
    )
    tools: dict[str, BaseTool] = {tool.name: tool for tool in toolkit.get_tools()}
    agent = ChatGPTProto(model="gpt-4o", api_key=api_key, base_url=base_url).bind_tools(
        list(tools.values())
    )
    messages: list[BaseMessage] = [HumanMessage(request)]
    made: list[str] = []
    print(f"user: {request}")
    for _ in range(8):  # a bounded loop: an agent that never stops is a bug
        reply = agent.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            print(f"agent: {reply.text}")
            break
        for call in reply.tool_calls:
            shown = {
                k: v if len(str(v)) < 60 else f"{str(v)[:57]}..." for k, v in call["args"].items()
            }
            print(f"agent calls {call['name']}({shown})")
            result = tools[call["name"]].invoke(call, {"callbacks": [ProgressBar()]})
            messages.append(result)
            if result.artifact is not None:
                made += [f"{o.kind}: {o.url}" for o in result.artifact.outputs]
    for item in made:
        print(f"  made {item}")
    return made


def run_media_agent(base_url: str, api_key: str, poll_interval: float = 2.0) -> list[str]:
    """A Midjourney picture, then its U1 upscale."""
    return run_tool_agent(base_url, api_key, REQUEST, ["midjourney"], poll_interval)


def main() -> None:
    key, url = os.environ.get("GPTPROTO_API_KEY"), os.environ.get("GPTPROTO_BASE_URL")
    if key and not url:
        run_media_agent("https://gptproto.com", key)
        return
    from gptproto_emulator import EmulatorServer

    with EmulatorServer() as server:
        server.set_clock_speed(10)
        run_media_agent(server.url, server.api_key, poll_interval=0.1)


if __name__ == "__main__":
    main()
