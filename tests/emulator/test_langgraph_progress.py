"""Media progress reaches LangGraph's custom stream: a real StateGraph (and the prebuilt ToolNode)
running a Kling tool against the emulator yields progress chunks from `stream_mode="custom"`,
with Kling's status-only polls estimated and marked as such."""

from __future__ import annotations

from typing import Any, TypedDict

import pytest
from langchain_core.messages import AIMessage
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from langchain_gptproto import GPTProtoToolkit

pytestmark = pytest.mark.emulator

ARGS = {"prompt": "a plane overhead", "model": "kling-video-std-10-v1-6"}


class State(TypedDict):
    task_id: str


@pytest.fixture
def tool(gptproto_emulator):
    gptproto_emulator.set_clock_speed(200)
    toolkit = GPTProtoToolkit(
        api_key=gptproto_emulator.api_key,
        base_url=gptproto_emulator.url,
        poll_interval=0.05,
        timeout=60,
        include=["kling_text_to_video"],
    )
    return toolkit.get_tools()[0]


def _progress(chunks: list[Any]) -> list[dict[str, Any]]:
    return [c for c in chunks if isinstance(c, dict) and c.get("event") == "gptproto_task_progress"]


def _graph(tool: Any) -> Any:
    def make_video(state: State) -> State:
        return {"task_id": tool.invoke(ARGS)}

    return StateGraph(State).add_node(make_video).add_edge(START, "make_video").compile()


def test_a_state_graph_streams_progress_chunks_during_the_job(tool):
    progress = _progress(list(_graph(tool).stream({"task_id": ""}, stream_mode="custom")))
    assert len(progress) > 0
    assert progress[-1]["status"] == "succeeded" and progress[-1]["progress"] == 1.0
    running = [p for p in progress if p["status"] in ("queued", "running")]
    assert running and all(p["estimated"] for p in running)  # Kling reports no percentage
    values = [p["progress"] for p in running]
    assert values == sorted(values) and max(values) < 1


async def test_the_prebuilt_tool_node_streams_them_async(tool):
    call = {"name": tool.name, "args": ARGS, "id": "call-1", "type": "tool_call"}
    graph = StateGraph(MessagesState).add_node("tools", ToolNode([tool]))
    graph = graph.add_edge(START, "tools").compile()
    chunks = [
        c
        async for c in graph.astream(
            {"messages": [AIMessage(content="", tool_calls=[call])]}, stream_mode="custom"
        )
    ]
    progress = _progress(chunks)
    assert len(progress) > 0 and {p["task_id"] for p in progress} == {progress[0]["task_id"]}


def test_outside_a_graph_the_tool_runs_without_a_writer(tool):
    assert "video" in tool.invoke(ARGS).lower()


async def test_llamaindex_events_carry_the_estimate_flag(gptproto_emulator):
    from llama_index_gptproto import GPTProtoToolSpec
    from tests.cassette._media import collected_progress

    gptproto_emulator.set_clock_speed(200)
    spec = GPTProtoToolSpec(
        api_key=gptproto_emulator.api_key,
        base_url=gptproto_emulator.url,
        poll_interval=0.05,
        include=["kling_text_to_video"],
    )
    with collected_progress() as events:
        await spec.to_tool_list()[0].acall(**ARGS)
    running = [e for e in events if e.status in ("queued", "running")]
    assert running and all(e.estimated for e in running)
    assert [e.progress for e in running] == sorted(e.progress for e in running)
    assert events[-1].status == "succeeded" and not events[-1].estimated
