"""Offline agent runs across image vendors: make a picture with Doubao Seedream, then remix it
with Ideogram.

The emulator's scripted model follows the plan the user names ("... with
doubao_seedream_generate_image, then ... with ideogram_remix"): the quoted phrase becomes the
prompt, and `image` is copied from the Seedream result's `Image: <url>` line, as a real model
would. The Ideogram tool fetches that URL (without the key) and uploads it as a file part.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._multipart import multipart_fields
from tests.cassette._media import Progress, run_langchain_agent, run_llamaindex_agent

pytestmark = pytest.mark.vcr

PHRASE = "a lighthouse on a cliff at dusk"
REQUEST = (
    f"Make a picture of '{PHRASE}' with doubao_seedream_generate_image, "
    "then remix that picture with ideogram_remix."
)
PLAN = ["doubao_seedream_generate_image", "ideogram_remix"]


def _uploaded_image(vcr: object) -> bytes:
    (remix,) = [r for r in vcr.requests if r.path == "/ideogram/v1/ideogram-v3/remix"]  # type: ignore[attr-defined]
    parts = {name: data for name, _, _, data in multipart_fields(remix) or []}
    return parts["image"]


def test_langchain_agent_makes_a_picture_then_remixes_it(gptproto_target, vcr):
    results, reply = run_langchain_agent(
        gptproto_target, ["doubao", "ideogram"], REQUEST, Progress()
    )
    assert [r.name for r in results] == PLAN and all(r.status == "success" for r in results)
    picture, remixed = (r.artifact for r in results)
    seedream = json.loads(next(r.body for r in vcr.requests if r.path == "/v1/images/generations"))
    assert seedream["prompt"] == PHRASE
    fetched = next(r for r in vcr.requests if r.method == "GET")
    assert fetched.uri == picture.outputs[0].url  # the picture Seedream made ...
    assert _uploaded_image(vcr).startswith(b"\x89PNG")  # ... went to Ideogram as a file
    assert remixed.vendor == "ideogram" and remixed.outputs
    assert not reply.tool_calls and remixed.outputs[0].url in reply.text


async def test_llamaindex_function_agent_makes_a_picture_then_remixes_it(gptproto_target, vcr):
    calls, result = await run_llamaindex_agent(gptproto_target, ["doubao", "ideogram"], REQUEST)
    assert [c.tool_name for c in calls] == PLAN
    picture = calls[0].tool_output.raw_output.task
    remixed = calls[1].tool_output.raw_output.task
    assert calls[1].tool_kwargs["image"] == picture.outputs[0].url
    assert calls[1].tool_kwargs["prompt"] == PHRASE
    assert _uploaded_image(vcr).startswith(b"\x89PNG")
    assert remixed.status == "succeeded"
    assert remixed.outputs[0].url in str(result.response.content)


NARRATED = (
    f"Make a picture of '{PHRASE}' with doubao_seedream_generate_image, then remix that "
    "picture with ideogram_remix, then narrate it with openai_text_to_speech."
)


def test_langchain_agent_draws_remixes_and_narrates(gptproto_target, vcr):
    # The speech file goes to the default output folder, named from the request: the text the
    # model reads (and so the next recorded request) is the same on every run.
    results, reply = run_langchain_agent(
        gptproto_target, ["doubao", "ideogram", "openai"], NARRATED, Progress()
    )
    assert [r.name for r in results] == [*PLAN, "openai_text_to_speech"]
    assert all(r.status == "success" for r in results), [r.text for r in results]
    speech = results[-1].artifact
    (audio,) = speech.outputs
    saved = Path(audio.path or audio.url.removeprefix("file://"))
    assert audio.kind == "audio" and saved.is_file() and saved.stat().st_size > 0
    assert saved.name in results[-1].text  # the model is told which file it is
    body = json.loads(next(r.body for r in vcr.requests if r.path == "/v1/audio/speech"))
    assert body["input"] and body["voice"]
    assert not reply.tool_calls
