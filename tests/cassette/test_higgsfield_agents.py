"""Offline agent runs: a model picks a higgsfield motion, then makes a video of an image with it
(an image it is given, or one it drew first with Seedream).

The emulator's scripted model follows the plan the user names ("... with
higgsfield_list_motions, then ... with higgsfield_generate_video"), fills each call's string
arguments from the quoted values of its own part of the request (the search word; the image, which
only a file argument takes), and copies the motion id from the list line whose name the user
mentions ("Dance Party"), as a real model would.
"""

from __future__ import annotations

import base64
import json

import pytest

from tests.cassette._media import Progress, run_langchain_agent, run_llamaindex_agent
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

IMAGE = "data:image/png;base64," + base64.b64encode((DATA / "sample.png").read_bytes()).decode()
REQUEST = (
    "Find 'dance' motions with higgsfield_list_motions, then animate the picture "
    f"'{IMAGE}' with higgsfield_generate_video in the Dance Party motion."
)
PLAN = ["higgsfield_list_motions", "higgsfield_generate_video"]
DANCE_PARTY = "5d0eee15-569c-4006-a1c7-46d1c42d9315"


def test_langchain_agent_picks_a_motion_and_animates_the_image(gptproto_target, vcr):
    progress = Progress()
    results, reply = run_langchain_agent(gptproto_target, ["higgsfield"], REQUEST, progress)
    assert [r.name for r in results] == PLAN and all(r.status == "success" for r in results)
    motions, video = (r.artifact for r in results)
    assert f"- Dance Party: {DANCE_PARTY}" in (motions.text or "")
    (listing,) = [r for r in vcr.requests if r.path == "/v1/higgsfield/tpl/motions"]
    assert "search=dance" in listing.uri
    body = json.loads(next(r.body for r in vcr.requests if r.path == "/v1/higgsfield/generate"))
    assert body["motion_id"] == DANCE_PARTY and body["image"] == [IMAGE]
    assert video.status == "succeeded" and video.outputs[0].kind == "video"
    assert not reply.tool_calls and video.outputs[0].url in reply.text
    finished = [e["operation"] for e in progress.events if e["status"] == "succeeded"]
    assert finished == ["list_motions", "generate_video"]


async def test_llamaindex_function_agent_picks_a_motion_and_animates_the_image(
    gptproto_target, vcr
):
    calls, result = await run_llamaindex_agent(gptproto_target, ["higgsfield"], REQUEST)
    assert [c.tool_name for c in calls] == PLAN
    assert calls[0].tool_kwargs["search"] == "dance"
    assert calls[1].tool_kwargs["motion_id"] == DANCE_PARTY
    assert calls[1].tool_kwargs["image"] == IMAGE
    video = calls[1].tool_output.raw_output.task
    assert video.status == "succeeded" and video.outputs[0].url in str(result.response.content)


# Issue 11: the image the motion animates is one the agent made first with Seedream. Each tool
# of the plan reads the quoted values of its own clause, and the Seedream tool's
# "Image: <url>" reaches higgsfield_generate_video's `image` two results later (rule 3 of
# docs/emulator.md), as a model copies a URL it was handed.
SEEDREAM_REQUEST = (
    "Draw 'a red fox dancing in the snow' with doubao_seedream_generate_image, then find "
    "'dance' motions with higgsfield_list_motions, then animate that picture with "
    "higgsfield_generate_video in the Dance Party motion."
)
SEEDREAM_PLAN = ["doubao_seedream_generate_image", *PLAN]


def test_langchain_agent_animates_a_seedream_image_with_a_motion(gptproto_target, vcr):
    progress = Progress()
    results, reply = run_langchain_agent(
        gptproto_target, ["doubao", "higgsfield"], SEEDREAM_REQUEST, progress
    )
    assert [r.name for r in results] == SEEDREAM_PLAN
    assert all(r.status == "success" for r in results)
    image, _motions, video = (r.artifact for r in results)
    (drawn,) = image.outputs
    assert drawn.kind == "image" and drawn.url
    (seedream,) = [json.loads(r.body) for r in vcr.requests if r.path.endswith("/generations")]
    assert seedream["prompt"] == "a red fox dancing in the snow"
    (listing,) = [r for r in vcr.requests if r.path == "/v1/higgsfield/tpl/motions"]
    assert "search=dance" in listing.uri
    body = json.loads(next(r.body for r in vcr.requests if r.path == "/v1/higgsfield/generate"))
    assert body["motion_id"] == DANCE_PARTY and body["image"] == [drawn.url]
    assert video.status == "succeeded" and video.outputs[0].kind == "video"
    assert not reply.tool_calls and video.outputs[0].url in reply.text
    finished = [e["operation"] for e in progress.events if e["status"] == "succeeded"]
    assert finished[-2:] == ["list_motions", "generate_video"]


async def test_llamaindex_function_agent_animates_a_seedream_image_with_a_motion(
    gptproto_target, vcr
):
    calls, result = await run_llamaindex_agent(
        gptproto_target, ["doubao", "higgsfield"], SEEDREAM_REQUEST
    )
    assert [c.tool_name for c in calls] == SEEDREAM_PLAN
    drawn = calls[0].tool_output.raw_output.task.outputs[0]
    assert calls[0].tool_kwargs["prompt"] == "a red fox dancing in the snow"
    assert calls[1].tool_kwargs["search"] == "dance"
    assert calls[2].tool_kwargs["motion_id"] == DANCE_PARTY
    assert calls[2].tool_kwargs["image"] == drawn.url
    video = calls[2].tool_output.raw_output.task
    assert video.status == "succeeded" and video.outputs[0].url in str(result.response.content)
