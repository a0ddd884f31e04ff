"""Suno tools end to end, one test per scenario of API.md §8.7 and per failure path, replayed
from cassettes recorded on the emulator.

Scenario bodies follow the seed's Postman items; the clips are followed through the feed until
both are complete. Tests that look at a job mid-way freeze the emulator's clock while recording
(`freeze`/`advance` do nothing on replay: the cassette holds the answers).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gptproto_core.tasks import Task
from langchain_gptproto.tools import (
    SunoConcatMusic,
    SunoCoverMusic,
    SunoExtendMusic,
    SunoGenerateLyrics,
    SunoGenerateMusic,
    SunoGetClips,
    SunoUploadAudio,
)
from tests.cassette._media import Progress, call, make, sent
from tests.conftest import Target

pytestmark = pytest.mark.vcr

LYRICS = (
    "[Verse]\nStars they shine above me\nMoonlight softly glows\nWhispers in the night sky\n"
    "Dreams that only grow\n\n[Chorus]\nStarry night starry night\nLet your light ignite ignite"
)
DANCE = "an anthemic dancepop song about dancing all night long"
UPLOAD = "https://filesystem.site/cdn/20240722/7YSGZwU59FRhWzhRwWiL3A8pNmcJHC.mp3"
NULLS = {
    "continue_clip_id": None,
    "continue_at": None,
    "infill_start_s": None,
    "infill_end_s": None,
}


def clips(task: Task) -> list[dict[str, Any]]:
    raw = task.raw
    return list(raw["data"] if "data" in raw else raw.get("clips", [raw]))


def freeze(target: Target) -> None:
    if target.emulator is not None:
        target.emulator.set_clock_speed(1e-6)


def advance(target: Target, seconds: float) -> None:
    if target.emulator is not None:
        target.emulator.advance_clock(seconds)


def song(target: Target, **args: Any) -> Task:
    message = call(SunoGenerateMusic, target, {"lyrics": LYRICS, "style": "heavy metal", **args})
    assert message.artifact.status == "succeeded", message.content
    return message.artifact


def test_scenario_1_custom_music_with_lyrics(gptproto_target, vcr):
    progress = Progress()
    message = call(
        SunoGenerateMusic,
        gptproto_target,
        {"lyrics": LYRICS, "style": "heavy metal", "title": "Starry"},
        callbacks=[progress],
    )
    task = message.artifact
    assert task.status == "succeeded" and len(task.id.split(",")) == 2
    assert [o.kind for o in task.outputs] == ["audio", "video", "image"] * 2
    assert all(o.url in message.content for o in task.outputs)
    assert sent(vcr, "/suno/generate") == [
        {"prompt": LYRICS, "tags": "heavy metal", "mv": "chirp-v3-5", "title": "Starry", **NULLS}
    ]
    statuses = [e["status"] for e in progress.events]
    assert statuses[0] == "queued" and statuses[-1] == "succeeded" and "running" in statuses
    feeds = [r for r in vcr.requests if r.path == "/v1/suno/feed"]
    assert feeds and all(f"ids={task.id.replace(',', '%2C')}" in r.uri for r in feeds)


def test_scenario_2_song_from_a_description_with_lyrics(gptproto_target, vcr):
    task = call(SunoGenerateMusic, gptproto_target, {"description": DANCE}).artifact
    assert task.status == "succeeded"
    assert sent(vcr, "/suno/generate") == [
        {
            "gpt_description_prompt": DANCE,
            "mv": "chirp-v3-5",
            "prompt": "",
            "make_instrumental": False,
        }
    ]
    assert all(c["metadata"]["has_vocal"] and c["metadata"]["prompt"] for c in clips(task))


def test_scenario_3_custom_pure_music(gptproto_target, vcr):
    task = call(
        SunoGenerateMusic, gptproto_target, {"style": "heavy metal", "title": "Starry"}
    ).artifact
    assert task.status == "succeeded"
    assert sent(vcr, "/suno/generate") == [
        {"prompt": "", "tags": "heavy metal", "mv": "chirp-v3-5", "title": "Starry", **NULLS}
    ]
    assert not any(c["metadata"]["has_vocal"] for c in clips(task))


def test_scenario_4_pure_music_from_a_description(gptproto_target, vcr):
    task = call(
        SunoGenerateMusic, gptproto_target, {"description": DANCE, "instrumental": True}
    ).artifact
    assert task.status == "succeeded"
    assert sent(vcr, "/suno/generate")[0]["make_instrumental"] is True
    assert not any(c["metadata"]["has_vocal"] for c in clips(task))


def test_scenario_5_upload_audio_then_continue_it(gptproto_target, vcr):
    uploaded = call(SunoUploadAudio, gptproto_target, {"url": UPLOAD})
    clip_id = uploaded.artifact.id
    assert uploaded.artifact.status == "succeeded" and "," not in clip_id
    assert f"clip_id={clip_id!r}" in uploaded.content and "uploaded=true" in uploaded.content
    continued = call(
        SunoExtendMusic,
        gptproto_target,
        {
            "clip_id": clip_id,
            "continue_at": 48.792,
            "lyrics": LYRICS,
            "style": "heavy metal",
            "title": "Starry",
            "uploaded": True,
        },
    ).artifact
    assert continued.status == "succeeded"
    assert sent(vcr, "/v1/suno/uploads/audio-url") == [{"url": UPLOAD}]
    assert sent(vcr, "/suno/generate") == [
        {
            "prompt": LYRICS,
            "tags": "heavy metal",
            "mv": "chirp-v3-5-upload",
            "title": "Starry",
            **NULLS,
            "continue_clip_id": clip_id,
            "continue_at": 48.792,
        }
    ]
    history = clips(continued)[0]["metadata"]["history"]
    assert history[-1]["id"] == clip_id and history[-1]["type"] == "upload"


def test_scenario_6_extend_a_clip_then_concat_the_full_song(gptproto_target, vcr):
    first = song(gptproto_target).id.split(",")[0]
    extended = call(
        SunoExtendMusic,
        gptproto_target,
        {"clip_id": first, "continue_at": 48, "lyrics": LYRICS, "style": "heavy metal"},
    )
    assert extended.artifact.status == "succeeded" and "suno_concat_music" in extended.content
    extension = extended.artifact.id.split(",")[0]
    full = call(SunoConcatMusic, gptproto_target, {"clip_id": extension})
    whole = full.artifact
    assert whole.status == "succeeded" and whole.operation == "concat" and "," not in whole.id
    assert sent(vcr, "/suno/generate/concat/v2") == [{"clip_id": extension, "is_infill": False}]
    (clip,) = clips(whole)
    assert clip["metadata"]["type"] == "concat"
    assert [h["id"] for h in clip["metadata"]["concat_history"]] == [first, extension]
    assert sent(vcr, "/suno/generate")[1]["continue_clip_id"] == first


def test_scenario_7_cover_a_clip_in_another_style(gptproto_target, vcr):
    first = song(gptproto_target).id.split(",")[0]
    covered = call(
        SunoCoverMusic,
        gptproto_target,
        {"clip_id": first, "lyrics": LYRICS, "style": "rock, punk", "title": "Starry (Cover)"},
    ).artifact
    assert covered.status == "succeeded"
    body = sent(vcr, "/suno/generate")[1]
    assert body["task"] == "cover" and body["cover_clip_id"] == first
    assert body["mv"] == "chirp-v3-5-tau" and body["generation_type"] == "TEXT"
    assert all(c["metadata"]["cover_clip_id"] == first for c in clips(covered))


def test_lyrics_then_a_song_from_their_id(gptproto_target, vcr):
    written = call(SunoGenerateLyrics, gptproto_target, {"prompt": "a lighthouse keeper"})
    lyrics = written.artifact
    assert lyrics.status == "succeeded" and lyrics.id.startswith("lyrics/")
    assert lyrics.text and lyrics.text in written.content
    lyrics_id = lyrics.id.removeprefix("lyrics/")
    assert f"lyrics_id={lyrics_id!r}" in written.content
    made = call(SunoGenerateMusic, gptproto_target, {"lyrics_id": lyrics_id, "style": "folk"})
    assert made.artifact.status == "succeeded"
    body = sent(vcr, "/suno/generate")[0]
    assert body["prompt"] == lyrics.raw["text"] and body["title"] == lyrics.raw["title"]
    assert body["tags"] == "folk"
    assert "image='https://" in made.content


def test_the_wrapped_feed_reads_like_the_bare_one(gptproto_target, vcr):
    if gptproto_target.emulator is not None:
        gptproto_target.emulator.set_suno_feed_shape("wrapped")
    task = song(gptproto_target)
    assert len(task.outputs) == 6
    last_feed = json.loads(vcr.responses[-1]["body"]["string"])
    assert last_feed["code"] == 200 and [c["id"] for c in last_feed["data"]] == task.id.split(",")


def test_streaming_is_playable_but_not_finished(gptproto_target, vcr):
    freeze(gptproto_target)
    submitted = call(SunoGenerateMusic, gptproto_target, {"style": "lo-fi", "wait": False})
    task_id = submitted.artifact.id
    assert "suno_get_clips" in submitted.content and f"task_id={task_id!r}" in submitted.content
    advance(gptproto_target, 6)  # submitted 2 s, queued 2 s, then streaming
    playing = call(SunoGetClips, gptproto_target, {"task_id": task_id, "wait": False})
    assert playing.artifact.status == "running" and playing.artifact.outputs == ()
    assert "Playable now" in playing.content and "/suno/stream/" in playing.content
    advance(gptproto_target, 10)
    done = call(SunoGetClips, gptproto_target, {"task_id": task_id, "wait": False})
    assert done.artifact.status == "succeeded" and "Playable now" not in done.content
    assert len(sent(vcr, "/suno/generate")) == 1


def test_no_wait_then_get_clips_resumes_without_resubmitting(gptproto_target, vcr):
    submitted = call(SunoGenerateLyrics, gptproto_target, {"prompt": "rain", "wait": False})
    assert submitted.artifact.status == "queued"
    found = call(SunoGetClips, gptproto_target, {"task_id": submitted.artifact.id})
    assert found.artifact.status == "succeeded" and found.artifact.text
    assert len(sent(vcr, "/v1/suno/submit/lyrics")) == 1


def test_an_error_clip_reports_its_message_and_task_id(gptproto_target, vcr):
    gptproto_target.script_next_job("suno", "fail", "Generation failed: too busy")
    message = call(SunoGenerateMusic, gptproto_target, {"style": "jazz"})
    # A failed job keeps its last known Task as the artifact; a refused submit has none.
    assert message.status == "error" and message.artifact.status == "failed"
    assert message.artifact.error and "too busy" in message.artifact.error
    assert "Generation failed: too busy" in message.content
    feed = next(r for r in vcr.requests if r.path == "/v1/suno/feed")
    assert feed.uri.split("ids=")[1].split("&")[0].split("%2C")[0] in message.content


def test_a_banned_word_ends_in_a_moderation_error(gptproto_target, vcr):
    message = call(SunoGenerateMusic, gptproto_target, {"style": "bannedword metal"})
    assert message.status == "error" and "banned word" in message.content


def test_failed_lyrics_and_an_unknown_lyrics_id(gptproto_target, vcr):
    gptproto_target.script_next_job("suno", "fail", "No words today")
    failed = call(SunoGenerateLyrics, gptproto_target, {"prompt": "autumn"})
    assert failed.status == "error" and "No words today" in failed.content
    unknown = call(SunoGenerateMusic, gptproto_target, {"lyrics_id": "no-such-lyrics"})
    assert unknown.status == "error" and "no-such-lyrics" in unknown.content
    assert sent(vcr, "/suno/generate") == []


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    for cls, args, field in [
        (SunoGenerateMusic, {}, "empty prompt"),
        (SunoGenerateMusic, {"description": "x", "lyrics": "y"}, "description"),
        (SunoExtendMusic, {"continue_at": 30, "style": "rock"}, "clip_id"),
        (SunoCoverMusic, {"style": "rock"}, "clip_id"),
        (SunoUploadAudio, {"url": "song.mp3"}, "url"),
    ]:
        answer = make(cls, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer
    assert len(vcr.requests) == 0


async def test_async_generate_waits_with_async_progress(gptproto_target, vcr):
    progress = Progress()
    tool = make(SunoGenerateMusic, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"description": DANCE}},
        {"callbacks": [progress]},
    )
    assert message.artifact.status == "succeeded"
    assert progress.events[-1]["status"] == "succeeded"
    written = await make(SunoGenerateLyrics, gptproto_target).ainvoke({"prompt": "snow"})
    lyrics_id = written.split("lyrics_id=")[1].split("'")[1]
    sung = await make(SunoGenerateMusic, gptproto_target).ainvoke({"lyrics_id": lyrics_id})
    assert "succeeded" in sung
