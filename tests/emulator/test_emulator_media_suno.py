"""Suno routes of the emulator (API.md §8): the seven scenarios of §8.7, feed statuses and both
feed shapes, lyrics, upload, concat, validation, banned words, scripted fates and faults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

GENERATE = "/suno/generate"
LYRICS = "[Verse]\nStars they shine above me\nMoonlight softly glows\n\n[Chorus]\nStarry night"
SCENE_1 = {
    "prompt": LYRICS,
    "tags": "heavy metal",
    "mv": "chirp-v3-5",
    "title": "Starry",
    "continue_clip_id": None,
    "continue_at": None,
    "infill_start_s": None,
    "infill_end_s": None,
}
SCENE_2 = {
    "gpt_description_prompt": "an anthemic dancepop song about dancing all night long",
    "mv": "chirp-v3-5",
    "prompt": "",
    "make_instrumental": False,
}
SCENE_3 = {**SCENE_1, "prompt": "", "title": "Starry "}
SCENE_4 = {**SCENE_2, "make_instrumental": True}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def generate(http: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(GENERATE, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def feed(http: httpx.Client, *ids: str) -> list[dict[str, Any]]:
    response = http.get("/v1/suno/feed", params={"ids": ",".join(ids), "remove_watermark": "true"})
    assert response.status_code == 200, response.text
    clips: list[dict[str, Any]] = response.json()
    return clips


def ids_of(batch: dict[str, Any]) -> list[str]:
    return [clip["id"] for clip in batch["clips"]]


def completed(http: httpx.Client, server: EmulatorServer, body: dict[str, Any]) -> list[str]:
    ids = ids_of(generate(http, body))
    server.advance_clock(30)
    assert [c["status"] for c in feed(http, *ids)] == ["complete", "complete"]
    return ids


def test_scenario_1_custom_lyrics_through_every_status(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    batch = generate(http, SCENE_1)
    assert set(batch) >= {"id", "clips", "metadata", "major_model_version", "status", "batch_size"}
    assert batch["batch_size"] == len(batch["clips"]) == 2
    assert batch["major_model_version"] == "v3.5"
    for clip in batch["clips"]:
        assert (clip["status"], clip["audio_url"], clip["video_url"]) == ("submitted", "", "")
        assert clip["id"] != batch["id"]
    ids = ids_of(batch)
    timeline = []
    for step in (0, 3, 2, 8):  # t = 0, 3, 5, 13
        gptproto_emulator.advance_clock(step)
        clips = feed(http, *ids)
        assert [c["id"] for c in clips] == ids
        timeline.append(clips[0]["status"])
        if clips[0]["status"] == "streaming":
            assert (
                clips[0]["audio_url"] == f"{http.base_url}/__emulator__/files/suno/stream/{ids[0]}"
            )
            assert clips[0]["is_video_pending"] is True
            assert clips[0]["video_url"] == ""
            assert clips[0]["image_url"].endswith(".jpeg")
            assert clips[0]["metadata"]["duration"] is None
    assert timeline == ["submitted", "queued", "streaming", "complete"]
    clip = feed(http, ids[1])[0]
    assert clip["audio_url"] == f"{http.base_url}/__emulator__/files/suno/{ids[1]}.mp3"
    assert clip["video_url"] == f"{http.base_url}/__emulator__/files/suno/{ids[1]}.mp4"
    assert (
        clip["image_large_url"]
        == f"{http.base_url}/__emulator__/files/suno/image_large_{ids[1]}.jpeg"
    )
    assert clip["title"] == "Starry"
    metadata = clip["metadata"]
    assert (metadata["tags"], metadata["prompt"], metadata["type"]) == (
        "heavy metal",
        LYRICS,
        "gen",
    )
    assert (metadata["duration"], metadata["has_vocal"], metadata["error_message"]) == (
        120.0,
        True,
        None,
    )
    assert gptproto_emulator.counters()["submissions"] == {"POST /suno/generate": 1}


def test_scenarios_2_to_4_description_and_pure_music(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    described = feed(http, completed(http, gptproto_emulator, SCENE_2)[0])[0]
    assert described["title"] == "An Anthemic Dancepop Song About"
    assert described["metadata"]["gpt_description_prompt"] == SCENE_2["gpt_description_prompt"]
    assert described["metadata"]["prompt"].startswith("[Verse]\n")
    assert described["metadata"]["has_vocal"] is True
    pure = feed(http, completed(http, gptproto_emulator, SCENE_3)[0])[0]
    assert (pure["title"], pure["metadata"]["prompt"], pure["metadata"]["has_vocal"]) == (
        "Starry ",
        "",
        False,
    )
    instrumental = feed(http, completed(http, gptproto_emulator, SCENE_4)[0])[0]
    assert instrumental["metadata"]["prompt"] == ""
    assert instrumental["metadata"]["has_vocal"] is False


def test_scenario_5_upload_then_continue(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    url = "https://filesystem.site/cdn/20240722/7YSGZwU59FRhWzhRwWiL3A8pNmcJHC.mp3"
    uploaded = http.post("/v1/suno/uploads/audio-url", json={"url": url})
    assert uploaded.status_code == 200
    clip = uploaded.json()
    assert (clip["status"], clip["metadata"]["type"]) == ("complete", "upload")
    assert clip["title"] == "7YSGZwU59FRhWzhRwWiL3A8pNmcJHC"
    assert feed(http, clip["id"])[0]["status"] == "complete"
    body = {**SCENE_1, "mv": "chirp-v3-5-upload", "continue_clip_id": clip["id"]}
    continued = generate(http, {**body, "continue_at": 48.792})
    history = continued["clips"][0]["metadata"]["history"]
    assert history == [
        {
            "id": clip["id"],
            "continue_at": 48.792,
            "type": "upload",
            "infill": False,
            "source": "web",
        }
    ]
    wrong_mv = http.post(GENERATE, json={**body, "mv": "chirp-v3-5", "continue_at": 48.792})
    assert wrong_mv.status_code == 400
    assert "'mv'" in wrong_mv.json()["error"]["message"]
    no_clip = http.post(GENERATE, json={**SCENE_1, "mv": "chirp-v3-5-upload"})
    assert "'continue_clip_id'" in no_clip.json()["error"]["message"]
    assert gptproto_emulator.counters()["submissions"] == {
        "POST /v1/suno/uploads/audio-url": 1,
        "POST /suno/generate": 1,
    }


def test_scenario_6_extend_then_concat(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    first = completed(http, gptproto_emulator, SCENE_1)[0]
    extension = completed(
        http, gptproto_emulator, {**SCENE_1, "continue_clip_id": first, "continue_at": 48}
    )[0]
    assert feed(http, extension)[0]["metadata"]["history"][0] == {
        "id": first,
        "continue_at": 48.0,
        "type": "gen",
        "infill": False,
        "source": "web",
    }
    answer = http.post("/suno/generate/concat/v2", json={"clip_id": extension, "is_infill": False})
    assert answer.status_code == 200
    whole = answer.json()
    assert (whole["status"], whole["audio_url"], whole["metadata"]["type"]) == (
        "submitted",
        "",
        "concat",
    )
    assert [(h["id"], h["continue_at"]) for h in whole["metadata"]["concat_history"]] == [
        (first, 48.0),
        (extension, None),
    ]
    statuses = []
    for step in (1.5, 1, 2):
        gptproto_emulator.advance_clock(step)
        statuses.append(feed(http, whole["id"])[0]["status"])
    assert statuses == ["queued", "streaming", "complete"]
    assert feed(http, whole["id"])[0]["metadata"]["duration"] == 168.0
    assert gptproto_emulator.counters()["submissions"]["POST /suno/generate/concat/v2"] == 1


def test_scenario_7_cover(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    original = completed(http, gptproto_emulator, SCENE_1)[0]
    cover = {
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
        "cover_clip_id": original,
    }
    clip = generate(http, cover)["clips"][0]
    assert clip["metadata"]["cover_clip_id"] == original
    assert clip["title"] == "Starry (Cover)"
    missing = http.post(GENERATE, json={**cover, "cover_clip_id": None})
    assert "'cover_clip_id'" in missing.json()["error"]["message"]
    unknown = http.post(GENERATE, json={**cover, "cover_clip_id": "0438be7f"})
    assert unknown.status_code == 400


def test_wrapped_feed_shape(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    ids = ids_of(generate(http, SCENE_1))
    options = http.post("/__emulator__/jobs/options", json={"suno_feed": "wrapped"})
    assert options.json()["suno_feed"] == "wrapped"
    wrapped = http.get("/v1/suno/feed", params={"ids": ",".join(ids)}).json()
    assert wrapped["code"] == 200
    assert [c["id"] for c in wrapped["data"]] == ids
    gptproto_emulator.set_suno_feed_shape("bare")
    assert isinstance(http.get("/v1/suno/feed", params={"ids": ids[0]}).json(), list)
    gptproto_emulator.set_suno_feed_shape("wrapped")
    gptproto_emulator.reset()
    assert http.get("/__emulator__/jobs/options").json()["suno_feed"] == "bare"
    bad = http.post("/__emulator__/jobs/options", json={"suno_feed": "xml"})
    assert bad.status_code == 400


def test_feed_leaves_unknown_ids_out_and_needs_ids(http: httpx.Client) -> None:
    ids = ids_of(generate(http, SCENE_1))
    assert [c["id"] for c in feed(http, "nope", ids[1])] == [ids[1]]
    missing = http.get("/v1/suno/feed")
    assert missing.status_code == 400
    assert "'ids'" in missing.json()["error"]["message"]


def test_banned_word_clips_end_in_error(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    batch = generate(http, {**SCENE_1, "title": "Bannedword"})
    assert batch["clips"][0]["status"] == "submitted"
    gptproto_emulator.advance_clock(3)
    assert feed(http, *ids_of(batch))[0]["status"] == "queued"
    gptproto_emulator.advance_clock(2)
    for clip in feed(http, *ids_of(batch)):
        assert clip["status"] == "error"
        assert clip["metadata"]["error_type"] == "moderation_failure"
        assert "bannedword" in clip["metadata"]["error_message"]
        assert clip["audio_url"] == ""


def test_scripted_failure_and_queue(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.script_next_job("suno", "fail", "Upstream quota exhausted")
    gptproto_emulator.script_next_job("suno", "queued")
    failed = ids_of(generate(http, SCENE_1))
    queued = ids_of(generate(http, SCENE_2))
    gptproto_emulator.advance_clock(9)
    assert {c["status"] for c in feed(http, *failed)} == {"error"}
    assert feed(http, failed[0])[0]["metadata"]["error_message"] == "Upstream quota exhausted"
    assert feed(http, failed[0])[0]["metadata"]["error_type"] == "generation_failure"
    assert feed(http, *queued)[0]["status"] == "queued"
    gptproto_emulator.advance_clock(10)
    assert feed(http, *queued)[0]["status"] == "complete"


def test_lyrics(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    submitted = http.post("/v1/suno/submit/lyrics", json={"prompt": "a love song"})
    assert submitted.status_code == 200
    lyrics_id = submitted.json()["id"]
    assert set(submitted.json()) == {"id"}
    running = http.get(f"/v1/suno/generate/lyrics/{lyrics_id}").json()
    assert running == {"id": lyrics_id, "text": "", "title": "", "status": "running"}
    gptproto_emulator.advance_clock(3.5)
    done = http.get(f"/v1/suno/generate/lyrics/{lyrics_id}").json()
    assert done["status"] == "complete"
    assert done["title"] == "A Love Song"
    assert done["text"].startswith("[Verse]\na love song")
    assert http.get("/v1/suno/generate/lyrics/nope").status_code == 404
    gptproto_emulator.script_next_job("suno", "fail", "no words")
    failed_id = http.post("/v1/suno/submit/lyrics", json={"prompt": ""}).json()["id"]
    gptproto_emulator.advance_clock(4)
    failed = http.get(f"/v1/suno/generate/lyrics/{failed_id}").json()
    assert (failed["status"], failed["error_message"]) == ("error", "no words")
    assert http.post("/v1/suno/submit/lyrics", json={}).status_code == 400
    assert gptproto_emulator.counters()["submissions"] == {"POST /v1/suno/submit/lyrics": 2}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**SCENE_1, "mv": None}, "'mv'"),
        ({**SCENE_1, "mv": "v3.5"}, "'mv'"),
        ({k: v for k, v in SCENE_1.items() if k != "prompt"}, "'prompt'"),
        ({**SCENE_1, "prompt": "", "tags": ""}, "'gpt_description_prompt'"),
        ({**SCENE_2, "make_instrumental": "yes"}, "'make_instrumental'"),
        ({**SCENE_1, "continue_at": 30}, "'continue_at'"),
        ({**SCENE_1, "continue_clip_id": "nope", "continue_at": 3}, "'continue_clip_id'"),
        ({**SCENE_1, "continue_at": -1}, "'continue_at'"),
        ({**SCENE_1, "task": "remix"}, "'task'"),
        ({**SCENE_1, "task": "infill", "infill_start_s": 5, "infill_end_s": 2}, "'infill_start_s'"),
        ({**SCENE_1, "cover_clip_id": "x"}, "'cover_clip_id'"),
        ({**SCENE_1, "tags": 3}, "'tags'"),
    ],
)
def test_generate_validation(
    http: httpx.Client, gptproto_emulator: EmulatorServer, body: dict[str, Any], field: str
) -> None:
    response = http.post(GENERATE, json=body)
    assert response.status_code == 400
    assert field in response.json()["error"]["message"]
    assert gptproto_emulator.counters()["submissions"] == {}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/suno/uploads/audio-url", {}, "'url'"),
        ("/v1/suno/uploads/audio-url", {"url": "ftp://x/a.mp3"}, "'url'"),
        ("/suno/generate/concat/v2", {"is_infill": False}, "'clip_id'"),
        ("/suno/generate/concat/v2", {"clip_id": "nope"}, "'clip_id'"),
        ("/v1/suno/submit/lyrics", {"prompt": 1}, "'prompt'"),
    ],
)
def test_other_validation(http: httpx.Client, path: str, body: Any, field: str) -> None:
    response = http.post(path, json=body)
    assert response.status_code == 400
    assert field in response.json()["error"]["message"]


def test_postman_body_with_comments_is_rejected(http: httpx.Client) -> None:
    raw = b'{"prompt": "x", "tags": "rock", "mv": "chirp-v3-5",\n // "continue_at": 48.7,\n}'
    response = http.post(GENERATE, content=raw)
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]


def test_faults_on_suno(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.add_fault(GENERATE, status=500)
    assert http.post(GENERATE, json=SCENE_1).status_code == 500
    assert http.get("/__emulator__/jobs").json()["jobs"] == []
    gptproto_emulator.add_fault(GENERATE, drop_after_handling=True)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(GENERATE, json=SCENE_1)
    jobs = http.get("/__emulator__/jobs").json()["jobs"]
    assert [j["kind"] for j in jobs] == ["gen", "gen"]
    assert gptproto_emulator.counters()["submissions"] == {"POST /suno/generate": 1}
    gptproto_emulator.add_fault("/v1/suno/feed", method="GET", status=503)
    assert http.get("/v1/suno/feed", params={"ids": jobs[0]["id"]}).status_code == 503
    assert feed(http, jobs[0]["id"])[0]["status"] == "submitted"
