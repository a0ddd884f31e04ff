"""GPTProtoToolSpec's Runway and higgsfield functions end to end (sync and async), replayed from
cassettes recorded on the emulator."""

from __future__ import annotations

import json

import pytest

from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure
from tests.cassette._media import spec_tools
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

VIDEO = "https://example.com/performance.mp4"


async def test_runway_generate_async_with_progress_then_lookup(gptproto_target, progress):
    by_name = spec_tools(gptproto_target, include=["runway"])
    out = await by_name["runway_generate"].acall(prompt="a kitten chases a butterfly", seconds=10)
    task = out.raw_output.task
    assert task.status == "succeeded" and task.outputs[0].kind == "video"
    statuses = [e.status for e in progress if e.task_id == task.id]
    assert statuses[0] == "queued" and "running" in statuses and statuses[-1] == "succeeded"
    found = by_name["runway_get_task"].call(task_id=task.id)
    assert found.raw_output.task.outputs == task.outputs


def test_runway_act_two_and_image_to_video_from_a_local_file(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include=["runway"])
    acted = by_name["runway_act_two"].call(video=VIDEO, image=str(DATA / "sample.png"))
    assert acted.raw_output.task.status == "succeeded"
    moved = by_name["runway_image_to_video"].call(image=str(DATA / "sample.png"), duration=10)
    assert moved.raw_output.task.status == "succeeded"
    (body,) = [json.loads(r.body) for r in vcr.requests if r.path == "/runwayml/v1/image_to_video"]
    assert body["promptImage"].startswith("data:image/png;base64,") and body["duration"] == 10


def test_runway_failures_raise_advice_for_the_model(gptproto_target):
    by_name = spec_tools(gptproto_target, include=["runway"])
    gptproto_target.script_next_job("runway", "fail", "Insufficient GPU resources")
    with pytest.raises(ToolFailure, match="Insufficient GPU resources"):
        by_name["runway_video_to_video"].call(video=VIDEO, prompt="anime")
    with pytest.raises(ToolFailure, match=r"SAFETY\.INPUT\.TEXT"):
        by_name["runway_generate"].call(prompt="a nude statue")
    with pytest.raises(ToolFailure, match="video"):
        by_name["runway_act_one"].call(video="dance.mp4", image=VIDEO)


def test_higgsfield_list_then_generate_then_nsfw(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include=["higgsfield"], include_images=False)
    listed = by_name["higgsfield_list_motions"].call(search="zoom")
    text = listed.content
    line = next(line for line in text.splitlines() if line.startswith("- Crash Zoom In: "))
    motion_id = line.split(": ", 1)[1].split(" ", 1)[0]
    made = by_name["higgsfield_generate_video"].call(
        prompt="a crash zoom on a cat", motion_id=motion_id, image=str(DATA / "sample.png")
    )
    assert made.raw_output.task.status == "succeeded"
    gen = next(r for r in vcr.requests if r.path == "/v1/higgsfield/generate")
    assert json.loads(gen.body)["motion_id"] == motion_id
    gptproto_target.script_next_job("higgsfield", "moderated")
    with pytest.raises(ToolFailure, match="nsfw"):
        by_name["higgsfield_generate_video"].call(
            prompt="a dance", motion_id=motion_id, image=str(DATA / "sample.png")
        )


async def test_higgsfield_no_wait_then_lookup(gptproto_target):
    by_name = spec_tools(gptproto_target, include=["higgsfield"])
    listed = await by_name["higgsfield_list_motions"].acall(search="levitation", wait=False)
    assert listed.raw_output.task.status == "succeeded"  # a lookup is finished at once
    submitted = await by_name["higgsfield_generate_video"].acall(
        prompt="float", motion_id="3e4f5061-7283-494a-bdce-3f4a5b6c7d8e", image=VIDEO, wait=False
    )
    task = submitted.raw_output.task
    assert task.status == "queued" and "higgsfield_get_task" in submitted.content
    found = await by_name["higgsfield_get_task"].acall(task_id=task.id)
    assert found.raw_output.task.outputs[0].url.endswith(".mp4")


def test_include_selects_the_new_vendors():
    spec = GPTProtoToolSpec(api_key="sk-test-000000", include=["higgsfield", "runway_get_task"])
    assert [t.metadata.name for t in spec.to_tool_list()] == [
        "runway_get_task",
        "higgsfield_list_motions",
        "higgsfield_generate_video",
        "higgsfield_get_task",
    ]
