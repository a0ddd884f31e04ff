"""A LlamaIndex FunctionAgent on GPTProto that calls a Python tool and answers with its result.

Offline and keyless by default: it starts the gptproto emulator on 127.0.0.1. With
GPTPROTO_API_KEY set (and GPTPROTO_BASE_URL unset) the same agent talks to gptproto.com.

    uv run python examples/llamaindex_agent.py
"""

from __future__ import annotations

import asyncio
import os

from llama_index.core.agent.workflow import AgentStream, FunctionAgent, ToolCallResult

from llama_index_gptproto import GPTProto

QUESTION = "What is 6 times 7? Use the multiply tool."


def multiply(a: int, b: int) -> int:
    """Multiply two integers and return the product."""
    return a * b


async def _ask(agent: FunctionAgent, question: str) -> str:
    handler = agent.run(question)
    async for event in handler.stream_events():
        if isinstance(event, ToolCallResult):
            print(f"  tool {event.tool_name}({event.tool_kwargs}) -> {event.tool_output.content}")
        elif isinstance(event, AgentStream) and event.thinking_delta:
            print(f"  thinking: {event.thinking_delta}")
    result = await handler
    return str(result.response.content)


def run_llamaindex_agent(base_url: str, api_key: str, model: str = "gpt-4o") -> str:
    """Build GPTProto and a FunctionAgent with one Python tool, run it, return the answer."""
    llm = GPTProto(model=model, api_key=api_key, base_url=base_url)
    agent = FunctionAgent(
        llm=llm,
        tools=[multiply],
        system_prompt="You are a careful calculator. Use tools for arithmetic.",
    )
    print(f"LlamaIndex FunctionAgent on GPTProto({model!r}): {QUESTION}")
    answer = asyncio.run(_ask(agent, QUESTION))
    print(f"  answer: {answer}")
    return answer


def main() -> None:
    key, url = os.environ.get("GPTPROTO_API_KEY"), os.environ.get("GPTPROTO_BASE_URL")
    if key and not url:
        run_llamaindex_agent("https://gptproto.com", key)
        return
    from gptproto_emulator import EmulatorServer

    with EmulatorServer() as server:
        run_llamaindex_agent(server.url, server.api_key)


if __name__ == "__main__":
    main()
