"""GPTProtoToolSpec's Suno, Kling and Flux functions end to end (sync and async), replayed from
cassettes recorded on the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from llama_index.core.base.llms.types import ImageBlock, TextBlock

from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure
from tests.cassette._media import spec_tools
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

UPLOAD = "https://filesystem.site/cdn/20240722/7YSGZwU59FRhWzhRwWiL3A8pNmcJHC.mp3"


def sent(vcr: Any, path: str) -> list[Any]:
    return [json.loads(r.body) for r in vcr.requests if r.method == "POST" and r.path == path]


def test_suno_song_returns_text_cover_art_blocks_and_the_task(gptproto_target, progress):
    out = spec_tools(gptproto_target, include_images=True)["suno_generate_music"].call(
        description="an anthemic dancepop song about dancing all night long"
    )
    task = out.raw_output.task
    assert task.status == "succeeded" and task.vendor == "suno"
    text = out.blocks[0]
    assert isinstance(text, TextBlock) and "clip_id=" in text.text and "image='" in text.text
    images = [b for b in out.blocks if isinstance(b, ImageBlock)]
    assert [str(b.url) for b in images] == [o.url for o in task.outputs if o.kind == "image"]
    statuses = [e.status for e in progress if e.task_id == task.id]
    assert statuses[0] == "queued" and statuses[-1] == "succeeded"


def test_lyrics_then_song_by_lyrics_id_then_cover(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include=["suno"], include_images=False)
    lyrics = by_name["suno_generate_lyrics"].call(prompt="a lighthouse keeper").raw_output.task
    lyrics_id = lyrics.id.removeprefix("lyrics/")
    made = by_name["suno_generate_music"].call(lyrics_id=lyrics_id, style="sea shanty")
    song = made.raw_output.task
    assert song.status == "succeeded" and len(made.blocks) == 1
    assert sent(vcr, "/suno/generate")[0]["prompt"] == lyrics.raw["text"]
    first = song.id.split(",")[0]
    covered = by_name["suno_cover_music"].call(clip_id=first, style="rock, punk")
    assert covered.raw_output.task.status == "succeeded"
    assert sent(vcr, "/suno/generate")[1]["cover_clip_id"] == first


async def test_async_extend_then_concat_and_upload_then_continue(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include_images=False)
    song = (await by_name["suno_generate_music"].acall(style="heavy metal")).raw_output.task
    first = song.id.split(",")[0]
    extended = await by_name["suno_extend_music"].acall(
        clip_id=first, continue_at=48, style="heavy metal"
    )
    extension = extended.raw_output.task.id.split(",")[0]
    full = (await by_name["suno_concat_music"].acall(clip_id=extension)).raw_output.task
    assert full.status == "succeeded" and full.operation == "concat"
    uploaded = (await by_name["suno_upload_audio"].acall(url=UPLOAD)).raw_output.task
    continued = await by_name["suno_extend_music"].acall(
        clip_id=uploaded.id, continue_at=30, style="pop", uploaded=True
    )
    assert continued.raw_output.task.status == "succeeded"
    assert sent(vcr, "/suno/generate")[-1]["mv"] == "chirp-v3-5-upload"


async def test_suno_no_wait_then_get_clips(gptproto_target):
    by_name = spec_tools(gptproto_target)
    submitted = await by_name["suno_generate_lyrics"].acall(prompt="winter", wait=False)
    task = submitted.raw_output.task
    assert task.status == "queued" and "suno_get_clips" in submitted.content
    found = await by_name["suno_get_clips"].acall(task_id=task.id)
    assert found.raw_output.task.text and "lyrics_id=" in found.content


def test_suno_failure_raises_advice_for_the_model(gptproto_target):
    gptproto_target.script_next_job("suno", "fail", "Generation failed: too busy")
    with pytest.raises(ToolFailure, match="too busy"):
        spec_tools(gptproto_target)["suno_generate_music"].call(style="jazz")


async def test_kling_text_to_video_async_with_progress_then_lookup(gptproto_target, progress):
    by_name = spec_tools(gptproto_target)
    out = await by_name["kling_text_to_video"].acall(prompt="a plane overhead", duration="10")
    task = out.raw_output.task
    assert task.status == "succeeded" and task.outputs[0].kind == "video"
    assert [e.status for e in progress][-1] == "succeeded"
    found = by_name["kling_get_task"].call(task_id=task.id)
    assert found.raw_output.task.outputs == task.outputs


def test_kling_image_then_image_to_video(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include=["kling"])
    image = by_name["kling_generate_image"].call(prompt="A happy scene on the beach.")
    url = image.raw_output.task.outputs[0].url
    video = by_name["kling_image_to_video"].call(image=url, prompt="waves roll in")
    assert video.raw_output.task.status == "succeeded"
    assert sent(vcr, "/kling/v1/videos/image2video")[0]["image"] == url


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target)
    with pytest.raises(ToolFailure, match="duration"):
        by_name["kling_text_to_video"].call(prompt="p", duration="7")
    with pytest.raises(ToolFailure, match="clip_id"):
        by_name["suno_extend_music"].call(clip_id="", continue_at=10, style="rock")
    with pytest.raises(ToolFailure, match="empty prompt"):
        by_name["suno_generate_music"].call()
    with pytest.raises(ToolFailure, match="image"):
        by_name["flux_generate_image"].call(prompt="p", image="no such picture")
    with pytest.raises(ToolFailure, match="videos/text2video"):
        by_name["kling_get_task"].call(task_id="abc")
    assert len(vcr.requests) == 0


def test_flux_edit_then_lookup_and_moderation(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include_images=True)
    edited = by_name["flux_generate_image"].call(
        prompt="make it blue", image=str(DATA / "sample.png"), model="flux-kontext-max"
    )
    task = edited.raw_output.task
    assert task.status == "succeeded" and str(edited.blocks[1].url) == task.outputs[0].url
    assert by_name["flux_get_task"].call(task_id=task.id).raw_output.task.outputs == task.outputs
    gptproto_target.script_next_job("flux", "moderated")
    with pytest.raises(ToolFailure, match="moderation"):
        by_name["flux_generate_image"].call(prompt="a quiet harbor")


async def test_flux_images_format(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, flux_format="images")
    out = await by_name["flux_generate_image"].acall(
        prompt="cat with a red hat", aspect_ratio="16:9"
    )
    assert out.raw_output.task.status == "succeeded"
    assert [r.path for r in vcr.requests] == ["/v1/images/generations"]


def test_include_selects_vendors_and_functions():
    spec = GPTProtoToolSpec(api_key="sk-test-000000", include=["kling", "flux_get_task"])
    assert [t.metadata.name for t in spec.to_tool_list()] == [
        "kling_generate_image",
        "kling_text_to_video",
        "kling_image_to_video",
        "kling_get_task",
        "flux_get_task",
    ]
    everything = [
        t.metadata.name for t in GPTProtoToolSpec(api_key="sk-test-000000").to_tool_list()
    ]
    assert len(everything) == 44 and "suno_get_clips" in everything
