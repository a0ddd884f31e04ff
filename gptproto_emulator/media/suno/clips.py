"""Suno clips and lyrics as Suno's web API shows them (API.md §8.1-§8.6, UPSTREAM/THIRD-PARTY):
timelines and the clip / lyrics JSON.

Clip timeline at clock speed 1 (seconds): ``submitted`` 2 → ``queued`` 2 (+6 when queued) →
``streaming`` 8 (a playable stream URL, cover images, ``is_video_pending``) → ``complete`` (mp3,
mp4, images, ``metadata.duration``). A failed or moderated clip turns ``error`` where it would
start streaming. Concat clips run 1/1/2 seconds; uploaded clips are ``complete`` at once.
Lyrics: ``running`` 3 → ``complete`` (or ``error``).

    >>> major_version("chirp-v3-5-upload"), major_version("chirp-crow")
    ('v3.5', 'v5')
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from gptproto_emulator.media.http_helpers import cdn
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.timeline import Timeline

JSONObject = dict[str, Any]
GEN_SECONDS = 120.0
UPLOAD_SECONDS = 60.0
QUEUE_SECONDS = 6.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
_MAJOR = {
    "chirp-v3-0": "v3",
    "chirp-v3-5": "v3.5",
    "chirp-v4": "v4",
    "chirp-auk": "v4.5",
    "chirp-bluejay": "v4.5+",
    "chirp-crow": "v5",
}
_PHASES = {"gen": (2.0, 2.0, 8.0), "concat": (1.0, 1.0, 2.0)}


def major_version(mv: str) -> str:
    """``major_model_version`` for an ``mv`` (suffixes ``-upload``/``-tau`` ignored)."""
    base = mv.removesuffix("-upload").removesuffix("-tau")
    return _MAJOR.get(base, base.removeprefix("chirp-"))


def clip_timeline(kind: str, fate: Fate) -> Timeline:
    """The phases of a ``gen``/``concat``/``upload`` clip with ``fate``."""
    if kind == "upload":
        return Timeline((("complete", None),))
    submitted, queued, streaming = _PHASES[kind]
    queued += QUEUE_SECONDS if fate.outcome == "queued" else 0.0
    if fate.outcome in ("fail", "moderated"):
        return Timeline((("submitted", submitted), ("queued", queued), ("error", None)))
    phases = (("submitted", submitted), ("queued", queued), ("streaming", streaming))
    return Timeline((*phases, ("complete", None)))


def lyrics_timeline(fate: Fate) -> Timeline:
    """Lyrics generation: ``running`` 3 s (+6 queued), then ``complete`` or ``error``."""
    running = 3.0 + (QUEUE_SECONDS if fate.outcome == "queued" else 0.0)
    end = "error" if fate.outcome in ("fail", "moderated") else "complete"
    return Timeline((("running", running), (end, None)))


def iso(seconds: float) -> str:
    """Emulated Unix seconds as Suno's ``created_at`` (``2025-04-29T07:29:45.897Z``)."""
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def error_fields(fate: Fate) -> tuple[str | None, str | None]:
    """``(error_type, error_message)`` of a clip or lyrics job with ``fate``."""
    if fate.outcome == "moderated":
        return "moderation_failure", fate.reason or "Your prompt was flagged by moderation"
    if fate.outcome == "fail":
        return "generation_failure", fate.reason or DEFAULT_FAIL_REASON
    return None, None


def clip_json(job: Job, now: float) -> JSONObject:
    """One clip object (feed item, generate ``clips[]``, concat and upload answers)."""
    moment = job.moment(now)
    status = moment.status if moment is not None else "submitted"
    p, cid = job.params, job.id
    complete, streaming = status == "complete", status == "streaming"
    shown = complete or streaming
    error_type, error_message = error_fields(job.fate) if status == "error" else (None, None)
    metadata: JSONObject = {
        "tags": p.get("tags", ""),
        "negative_tags": p.get("negative_tags", ""),
        "prompt": p.get("prompt", ""),
        "gpt_description_prompt": p.get("gpt_description_prompt"),
        "audio_prompt_id": None,
        "history": p.get("history"),
        "concat_history": p.get("concat_history"),
        "type": p.get("type", job.kind),
        "duration": p.get("duration") if complete else None,
        "refund_credits": True if status == "error" else None,
        "stream": True,
        "infill": bool(p.get("infill", False)),
        "has_vocal": not p.get("make_instrumental", False),
        "error_type": error_type,
        "error_message": error_message,
    }
    if p.get("cover_clip_id"):
        metadata["cover_clip_id"] = p["cover_clip_id"]
    audio = (
        f"{cdn()}/suno/{cid}.mp3" if complete else f"{cdn()}/suno/stream/{cid}" if streaming else ""
    )
    return {
        "id": cid,
        "video_url": f"{cdn()}/suno/{cid}.mp4" if complete else "",
        "audio_url": audio,
        "image_url": f"{cdn()}/suno/image_{cid}.jpeg" if shown else None,
        "image_large_url": f"{cdn()}/suno/image_large_{cid}.jpeg" if shown else None,
        "is_video_pending": streaming,
        "major_model_version": major_version(str(p.get("mv", "chirp-v3-5"))),
        "model_name": str(p.get("mv", "chirp-v3-5")).removesuffix("-upload"),
        "metadata": metadata,
        "is_liked": False,
        "user_id": "emulator-user",
        "display_name": "emulator",
        "handle": "emulator",
        "is_handle_updated": False,
        "is_trashed": False,
        "reaction": None,
        "created_at": iso(job.created_at),
        "status": status,
        "title": p.get("title", ""),
        "play_count": 0,
        "upvote_count": 0,
        "is_public": False,
    }


def lyrics_json(job: Job, now: float) -> JSONObject:
    """``GET /v1/suno/generate/lyrics/{id}`` (API.md §8.4): ``{id, text, title, status}``."""
    moment = job.moment(now)
    status = moment.status if moment is not None else "running"
    body: JSONObject = {"id": job.id, "text": "", "title": "", "status": status}
    if status == "complete":
        body.update(text=job.params["text"], title=job.params["title"])
    elif status == "error":
        body["error_message"] = error_fields(job.fate)[1]
    return body
