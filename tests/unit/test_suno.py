"""Suno request bodies for the seven scenarios, the feed, lyrics and clip statuses (API.md §8),
without sockets."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core.errors import (
    InvalidInputError,
    NotFoundError,
    ServerError,
    UnexpectedResponseError,
)
from gptproto_core.tasks import Task
from gptproto_core.vendors import suno
from gptproto_core.vendors._inputs import validated

LYRICS = "[Verse]\nStars they shine above me\nMoonlight softly glows\n\n[Chorus]\nStarry night"
DANCE = "an anthemic dancepop song about dancing all night long"
NULLS = {
    "continue_clip_id": None,
    "continue_at": None,
    "infill_start_s": None,
    "infill_end_s": None,
}


def body(job: Any) -> Any:
    return job.submit.json


def clip(clip_id: str, status: str, **extra: Any) -> dict[str, Any]:
    metadata = extra.pop("metadata", {})
    return {"id": clip_id, "status": status, "title": "Starry", "metadata": metadata, **extra}


def done(clip_id: str) -> dict[str, Any]:
    base = f"https://cdn1.suno.ai/{clip_id}"
    return clip(
        clip_id,
        "complete",
        audio_url=f"{base}.mp3",
        video_url=f"{base}.mp4",
        image_url=f"{base}.jpeg",
        image_large_url=f"{base}-large.jpeg",
        metadata={"duration": 120},
    )


def clips_task(ids: str = "a,b") -> Task:
    return suno.TRACKER.start(ids)


def test_every_documented_status_word_is_mapped():
    expected = {
        "submitted": "queued",
        "queued": "queued",
        "streaming": "running",
        "complete": "succeeded",
        "error": "failed",
    }
    assert {word: suno.CLIP_STATUS(word) for word in expected} == expected


# --- the seven scenarios of §8.7, body by body ---------------------------------------------------


def test_scenario_1_custom_lyrics():
    request = validated(suno.GenerateRequest, lyrics=LYRICS, style="heavy metal", title="Starry")
    job = suno.generate(request)
    assert (job.submit.method, job.submit.path) == ("POST", "/suno/generate")
    assert body(job) == {
        "prompt": LYRICS,
        "tags": "heavy metal",
        "mv": "chirp-v3-5",
        "title": "Starry",
        **NULLS,
    }


@pytest.mark.parametrize(("instrumental", "scenario"), [(False, 2), (True, 4)])
def test_scenarios_2_and_4_from_a_description(instrumental, scenario):
    request = validated(suno.GenerateRequest, description=DANCE, instrumental=instrumental)
    assert body(suno.generate(request)) == {
        "gpt_description_prompt": DANCE,
        "mv": "chirp-v3-5",
        "prompt": "",
        "make_instrumental": instrumental,
    }


def test_scenario_3_custom_pure_music():
    request = validated(suno.GenerateRequest, style="heavy metal", title="Starry")
    assert body(suno.generate(request)) == {
        "prompt": "",
        "tags": "heavy metal",
        "mv": "chirp-v3-5",
        "title": "Starry",
        **NULLS,
    }


def test_scenario_5_upload_then_continue_with_the_upload_model():
    uploaded = suno.upload(validated(suno.UploadRequest, url="https://example.com/a.mp3"))
    assert (uploaded.submit.path, body(uploaded)) == (
        "/v1/suno/uploads/audio-url",
        {"url": "https://example.com/a.mp3"},
    )
    request = validated(
        suno.ExtendRequest,
        clip_id="0ac60cf7",
        continue_at=48.792,
        lyrics=LYRICS,
        style="heavy metal",
        title="Starry",
        uploaded=True,
    )
    assert body(suno.extend(request)) == {
        "prompt": LYRICS,
        "tags": "heavy metal",
        "mv": "chirp-v3-5-upload",
        "title": "Starry",
        **NULLS,
        "continue_clip_id": "0ac60cf7",
        "continue_at": 48.792,
    }


def test_scenario_6_extend_then_concat():
    request = validated(
        suno.ExtendRequest, clip_id="73d482c0", continue_at=48, lyrics=LYRICS, style="heavy metal"
    )
    extended = body(suno.extend(request))
    assert extended["mv"] == "chirp-v3-5" and extended["continue_clip_id"] == "73d482c0"
    assert extended["continue_at"] == 48 and extended["title"] == ""
    concat = suno.concat(validated(suno.ConcatRequest, clip_id="186653a1"))
    assert (concat.submit.path, body(concat)) == (
        "/suno/generate/concat/v2",
        {"clip_id": "186653a1", "is_infill": False},
    )


def test_scenario_7_cover():
    request = validated(
        suno.CoverRequest,
        clip_id="0438be7f",
        lyrics=LYRICS,
        style="rock, punk",
        title="Starry (Cover)",
    )
    assert body(suno.cover(request)) == {
        "prompt": LYRICS,
        "generation_type": "TEXT",
        "tags": "rock, punk",
        "negative_tags": "",
        "mv": "chirp-v3-5-tau",
        "title": "Starry (Cover)",
        "continue_clip_id": None,
        "continue_at": None,
        "continued_aligned_prompt": None,
        "infill_start_s": None,
        "infill_end_s": None,
        "task": "cover",
        "cover_clip_id": "0438be7f",
    }


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (suno.GenerateRequest, {}, "empty prompt"),
        (suno.GenerateRequest, {"description": "  "}, "empty prompt"),
        (suno.GenerateRequest, {"lyrics": "la", "lyrics_id": "x"}, "not both"),
        (suno.GenerateRequest, {"description": "x", "lyrics": "la"}, "description"),
        (suno.GenerateRequest, {"lyrics": "la", "instrumental": True}, "instrumental"),
        (suno.GenerateRequest, {"style": "rock", "model": "v4"}, "model"),
        (suno.ExtendRequest, {"continue_at": 10, "style": "rock"}, "clip_id"),
        (suno.ExtendRequest, {"clip_id": "a", "style": "rock"}, "continue_at"),
        (suno.ExtendRequest, {"clip_id": "a", "continue_at": 10}, "lyrics and/or a style"),
        (suno.CoverRequest, {"style": "rock"}, "clip_id"),
        (suno.CoverRequest, {"clip_id": "", "style": "rock"}, "clip_id"),
        (suno.ConcatRequest, {}, "clip_id"),
        (suno.UploadRequest, {"url": "/tmp/song.mp3"}, "url"),
        (suno.LyricsRequest, {"prompt": ""}, "prompt"),
    ],
)
def test_bad_requests_name_the_field_before_sending(model, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(model, **fields)


def test_use_lyrics_fills_lyrics_and_title_unless_given():
    written = suno.read_lyrics(
        {"id": "L", "status": "complete", "title": "Keeper", "text": "[Verse]\nlight"},
        suno.TRACKER.start("lyrics/L"),
    )
    request = validated(suno.GenerateRequest, lyrics_id="L", style="folk")
    with pytest.raises(InvalidInputError, match="lyrics_id"):
        suno.generate(request)
    song = body(suno.generate(suno.use_lyrics(request, written)))
    assert (song["prompt"], song["title"], song["tags"]) == ("[Verse]\nlight", "Keeper", "folk")
    titled = suno.use_lyrics(request.model_copy(update={"title": "Mine"}), written)
    assert titled.title == "Mine"


# --- answers: generate, feed, concat, upload --------------------------------------------------------


def test_generate_answer_is_one_task_for_both_clips():
    job = suno.generate(validated(suno.GenerateRequest, style="rock"))
    answer = {"id": "batch", "clips": [clip("a", "submitted"), clip("b", "submitted")]}
    task = job.read_submitted(answer)
    assert (task.id, task.status, task.operation) == ("a,b", "queued", "generate")
    fetch = job.tracker.fetch(task)
    assert (fetch.path, dict(fetch.params or {})) == (
        "/v1/suno/feed",
        {"ids": "a,b", "remove_watermark": "true"},
    )


@pytest.mark.parametrize(
    "shape",
    [
        lambda items: items,
        lambda items: {"code": 200, "data": items},
        lambda items: {"data": items, "status": "SUCCESS"},
    ],
    ids=["bare", "wrapped-code", "wrapped-status"],
)
def test_both_feed_shapes_read_the_same(shape):
    task = suno.read_feed(shape([done("b"), done("a")]), clips_task())
    assert task.status == "succeeded" and task.progress == 1.0
    assert [o.kind for o in task.outputs] == ["audio", "video", "image"] * 2
    assert task.outputs[0].url == "https://cdn1.suno.ai/a.mp3"  # the order asked for
    assert (
        task.outputs[2].url.endswith("a-large.jpeg") and task.outputs[0].label == "Starry, clip a"
    )


def test_a_wrapped_error_code_is_a_typed_error():
    with pytest.raises(ServerError, match="upstream busy"):
        suno.read_feed({"code": 500, "message": "upstream busy", "data": None}, clips_task())


def test_streaming_is_playable_but_not_finished():
    streaming = clip("a", "streaming", audio_url="https://cdn1.suno.ai/stream/a")
    task = suno.read_feed([streaming, done("b")], clips_task())
    assert (task.status, task.progress) == ("running", 0.5)
    assert all("clip b" in (o.label or "") for o in task.outputs)  # only the finished clip
    assert (
        suno.notes(task) == "Playable now while it finishes (clip a): https://cdn1.suno.ai/stream/a"
    )


def test_queued_clips_and_missing_ones_wait():
    task = suno.read_feed([clip("a", "queued")], clips_task())
    assert (task.status, task.progress, task.outputs) == ("queued", None, ())


def test_an_error_clip_fails_the_task_with_its_message():
    failed = clip(
        "b",
        "error",
        metadata={"error_type": "moderation_failure", "error_message": "Contains artist name"},
    )
    task = suno.read_feed([done("a"), failed], clips_task())
    assert task.status == "failed" and task.error == "clip b: Contains artist name"


def test_unknown_clips_are_not_found_and_a_non_list_is_unexpected():
    with pytest.raises(NotFoundError, match="a,b"):
        suno.read_feed([], clips_task())
    with pytest.raises(UnexpectedResponseError):
        suno.read_feed({"id": "a"}, clips_task())


def test_concat_answer_is_one_clip_followed_through_the_feed():
    job = suno.concat(validated(suno.ConcatRequest, clip_id="x"))
    task = job.read_submitted(clip("full", "submitted", metadata={"type": "concat"}))
    assert (task.id, task.operation, task.status) == ("full", "concat", "queued")
    assert job.tracker.fetch(task).params == {"ids": "full", "remove_watermark": "true"}


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (done("up"), "succeeded"),
        ({"id": "up"}, "queued"),
        ({"clip_id": "up"}, "queued"),
        ({"code": 200, "data": {"id": "up"}}, "queued"),
        ({"data": {"clip_id": "up"}, "status": "SUCCESS"}, "queued"),
        ({"clips": [done("up")]}, "succeeded"),
        ([done("up")], "succeeded"),
        ("up", "queued"),
    ],
)
def test_upload_answers_in_every_plausible_shape(answer, status):
    # §8.5: the upload answer is unknown; each of these is a guess we read (docs/api-choices.md)
    job = suno.upload(validated(suno.UploadRequest, url="https://example.com/a.mp3"))
    task = job.read_submitted(answer)
    assert (task.id, task.status) == ("up", status)


def test_upload_text_tells_how_to_continue():
    job = suno.upload(validated(suno.UploadRequest, url="https://example.com/a.mp3"))
    notes = suno.notes(job.read_submitted(done("up")))
    assert "clip_id='up'" in notes and "uploaded=true" in notes
    with pytest.raises(UnexpectedResponseError):
        job.read_submitted({"ok": True})


def test_finished_clips_name_their_ids_and_the_cover_art():
    notes = suno.notes(suno.read_feed([done("a"), done("b")], clips_task()))
    assert "- clip_id='a' 'Starry', 120 s" in notes and "- clip_id='b'" in notes
    assert "image='https://cdn1.suno.ai/a-large.jpeg'" in notes


# --- lyrics (§8.3, §8.4) ---------------------------------------------------------------------------


def test_lyrics_submit_poll_and_text():
    job = suno.lyrics(validated(suno.LyricsRequest, prompt="一首情歌"))
    assert (job.submit.path, body(job)) == ("/v1/suno/submit/lyrics", {"prompt": "一首情歌"})
    task = job.read_submitted({"id": "9561baee"})
    assert (task.id, task.operation) == ("lyrics/9561baee", "lyrics")
    assert job.tracker.fetch(task).path == "/v1/suno/generate/lyrics/9561baee"
    running = job.tracker.read({"id": "9561baee", "text": "", "status": "running"}, task)
    assert running.status == "running" and running.text is None and suno.notes(running) == ""
    finished = job.tracker.read(
        {"id": "9561baee", "text": "[Verse]\nla", "title": "Love", "status": "complete"}, task
    )
    assert finished.text == "Love\n\n[Verse]\nla"
    assert "lyrics_id='9561baee'" in suno.notes(finished)
    failed = job.tracker.read({"id": "x", "status": "error", "error_message": "flagged"}, task)
    assert (failed.status, failed.error) == ("failed", "flagged")


def test_resume_clips_or_lyrics_through_one_tracker():
    task = suno.TRACKER.start(" a, b ")
    assert (task.id, task.operation) == ("a,b", "clips")
    assert suno.TRACKER.fetch(task).path == "/v1/suno/feed"
    task = suno.TRACKER.start("lyrics/L")
    assert (task.id, task.operation) == ("lyrics/L", "lyrics")
    assert suno.TRACKER.fetch(task).path == "/v1/suno/generate/lyrics/L"
    with pytest.raises(InvalidInputError, match="task_id"):
        suno.TRACKER.start(" , ")


def test_notes_travel_in_the_task_and_reach_the_text_the_model_reads():
    from gptproto_core.task_text import describe_task

    task = suno.read_feed([done("a"), done("b")], clips_task())
    assert any("image='" in note for note in task.notes)
    text = describe_task(task, lookup_tool="suno_get_clips")
    assert "\nClips (pass one clip_id" in text and "image='" in text
