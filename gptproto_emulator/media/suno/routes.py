"""The Suno routes (API.md §8; Suno web-API pass-through, shapes UPSTREAM/THIRD-PARTY).

Generation and concat live under ``/suno/...``, feed, lyrics and upload under ``/v1/suno/...``.
A prompt, title, tags or description with a banned word (:mod:`content_rules`) is accepted and
its clips end ``error`` (``metadata.error_type: "moderation_failure"``). The feed answers a bare
JSON array; the relay form ``{"code": 200, "data": [...]}`` is switched on with
``POST /__emulator__/jobs/options {"suno_feed": "wrapped"}``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError, json_object
from gptproto_emulator.media.http_helpers import (
    bad_request,
    count_submission,
    json_response,
    new_uuid,
    not_found,
)
from gptproto_emulator.media.jobs import SUCCEED, Fate, Job
from gptproto_emulator.media.suno.bodies import (
    concat_params,
    generate_params,
    lyrics_prompt,
    upload_url,
)
from gptproto_emulator.media.suno.clips import (
    GEN_SECONDS,
    UPLOAD_SECONDS,
    clip_json,
    clip_timeline,
    iso,
    lyrics_json,
    lyrics_timeline,
    major_version,
)

JSONObject = dict[str, Any]


def suno_routes(state: EmulatorState) -> list[BaseRoute]:
    """The Suno routes bound to ``state``."""
    book = state.jobs

    def clip(clip_id: str) -> Job | None:
        job = book.get("suno", clip_id)
        return job if job is not None and job.kind != "lyrics" else None

    def fate_for(*texts: str | None) -> Fate:
        word = banned_word(*texts)
        if word is not None:
            return Fate("moderated", f"Your prompt contains a banned word: {word}")
        return book.take_fate("suno")

    def new_job(kind: str, params: JSONObject, fate: Fate, now: float) -> Job:
        timeline = lyrics_timeline(fate) if kind == "lyrics" else clip_timeline(kind, fate)
        job_id = new_uuid(state, f"suno-{kind}")
        job = Job("suno", job_id, kind, now, fate, timeline, params, started_at=now)
        book.add(job)
        return job

    async def generate(request: Request) -> Response:
        """Music generation — API.md §8.1 (two ``submitted`` clips; UPSTREAM/THIRD-PARTY), §8.7."""
        try:
            params = generate_params(await json_object(request), clip)
        except FieldError as exc:
            return bad_request(str(exc))
        texts = (params["prompt"], params["tags"], params["title"])
        fate = fate_for(*texts, params.get("gpt_description_prompt"))
        now = state.clock.now()
        batch = new_uuid(state, "suno-batch")
        params.update(batch_id=batch, duration=GEN_SECONDS)
        clips = [clip_json(new_job("gen", dict(params), fate, now), now) for _ in range(2)]
        count_submission(state, request)
        return json_response(
            {
                "id": batch,
                "clips": clips,
                "metadata": clips[0]["metadata"],
                "major_model_version": major_version(params["mv"]),
                "status": "complete",
                "created_at": iso(now),
                "batch_size": 2,
            }
        )

    async def feed(request: Request) -> Response:
        """Feed — API.md §8.2 (UPSTREAM/THIRD-PARTY): ``?ids=a,b`` → the known clips, in order."""
        raw = request.query_params.get("ids", "")
        ids = [i.strip() for i in raw.split(",") if i.strip()]
        if not ids:
            return bad_request("'ids' (comma-separated clip ids) is required")
        now = state.clock.now()
        clips = [clip_json(job, now) for job in map(clip, dict.fromkeys(ids)) if job is not None]
        if book.suno_feed == "wrapped":
            return json_response({"code": 200, "data": clips})
        return json_response(clips)

    async def submit_lyrics(request: Request) -> Response:
        """Generate lyrics — API.md §8.3: ``{"prompt"}`` → ``{"id"}``."""
        try:
            prompt = lyrics_prompt(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        topic = prompt.strip() or "a song written by the emulator"
        title = " ".join(topic.split()[:5]).title()
        text = f"[Verse]\n{topic}\n\n[Chorus]\n{title}, {title}"
        job = new_job("lyrics", {"text": text, "title": title}, fate_for(prompt), state.clock.now())
        count_submission(state, request)
        return json_response({"id": job.id})

    async def get_lyrics(request: Request) -> Response:
        """Query lyrics — API.md §8.4: ``{id, text, title, status}``, ``running`` → ``complete``."""
        job = book.get("suno", request.path_params["lyrics_id"])
        if job is None or job.kind != "lyrics":
            return not_found(f"No lyrics task {request.path_params['lyrics_id']!r}")
        return json_response(lyrics_json(job, state.clock.now()))

    async def upload(request: Request) -> Response:
        """Upload audio by URL — API.md §8.5 (response unknown there): the emulator answers the
        new clip object, already ``complete`` with ``metadata.type: "upload"``; its ``id`` is the
        ``continue_clip_id`` of scenario 5 (with an ``mv`` ending in ``-upload``). The shape is a
        GUESS (the §8.6 concat clip): no source shows what gptproto answers here."""
        try:
            url = upload_url(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        title = PurePosixPath(urlparse(url).path).stem or "Uploaded audio"
        params: JSONObject = {"mv": "chirp-v3-5-upload", "type": "upload", "title": title}
        params.update(prompt="", tags="", duration=UPLOAD_SECONDS, source_url=url)
        now = state.clock.now()
        job = new_job("upload", params, SUCCEED, now)
        count_submission(state, request)
        return json_response(clip_json(job, now))

    async def concat(request: Request) -> Response:
        """Concat — API.md §8.6: ``{"clip_id", "is_infill"}`` → one clip with
        ``metadata.type: "concat"`` and ``concat_history``, polled through the feed."""
        try:
            source = concat_params(await json_object(request), clip)
        except FieldError as exc:
            return bad_request(str(exc))
        history = list(source.params.get("history") or [])
        last = {"id": source.id, "continue_at": None, "type": source.kind}
        chain = [*history, {**last, "infill": False, "source": "web"}]
        head = sum(float(h["continue_at"]) for h in history)
        params = {k: source.params.get(k) for k in ("mv", "title", "tags", "prompt")}
        params.update(type="concat", concat_history=chain, history=None)
        params.update(duration=head + float(source.params.get("duration") or GEN_SECONDS))
        now = state.clock.now()
        job = new_job("concat", params, book.take_fate("suno"), now)
        count_submission(state, request)
        return json_response(clip_json(job, now))

    return [
        Route("/suno/generate", generate, methods=["POST"]),
        Route("/suno/generate/concat/v2", concat, methods=["POST"]),
        Route("/v1/suno/feed", feed, methods=["GET"]),
        Route("/v1/suno/submit/lyrics", submit_lyrics, methods=["POST"]),
        Route("/v1/suno/generate/lyrics/{lyrics_id}", get_lyrics, methods=["GET"]),
        Route("/v1/suno/uploads/audio-url", upload, methods=["POST"]),
    ]
