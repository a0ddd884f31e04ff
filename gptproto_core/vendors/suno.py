"""Suno through gptproto (API.md §8, Suno's web API passed through).

    job = generate(validated(GenerateRequest, lyrics="[Verse]\\n…", style="heavy metal"))
    task = TaskRunner(client).run(job)                   # both clips complete
    [o.url for o in task.outputs if o.kind == "audio"]   # two takes of the song

One request makes two clips. Their `Task` id is the clip ids joined by commas (`"a,b"`), which
is exactly what the feed takes (`GET /v1/suno/feed?ids=a,b`); a lyrics task is `"lyrics/<id>"`.
The mode of `/suno/generate` follows from the arguments, as the §8.7 scenarios lay it out:
`description` (2, 4), `lyrics`/`lyrics_id` with `style` (1), `style` alone (3), `extend` (5, 6),
`cover` (7). Reading the answers (feed, lyrics, statuses) is in `suno_feed`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gptproto_core.errors import InvalidInputError
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import path_segment
from gptproto_core.tasks import (
    Clock,
    Flow,
    Job,
    PollSchedule,
    Request,
    Task,
    Tracker,
    resume_flow,
)
from gptproto_core.vendors.suno_feed import (
    CLIP_STATUS,
    LYRICS_STATUS,
    VENDOR,
    clip_ids,
    lyrics_id_of,
    lyrics_of,
    notes,
    read_clips_submitted,
    read_feed,
    read_lyrics,
    read_lyrics_submitted,
)

__all__ = [
    "CLIP_STATUS",
    "LYRICS_STATUS",
    "OPERATIONS",
    "TRACKER",
    "ConcatRequest",
    "CoverRequest",
    "ExtendRequest",
    "GenerateRequest",
    "LyricsRequest",
    "UploadRequest",
    "concat",
    "cover",
    "extend",
    "generate",
    "lyrics",
    "notes",
    "read_feed",
    "read_lyrics",
    "resume",
    "sing_written_lyrics",
    "upload",
    "use_lyrics",
]

DEFAULT_MODEL = "chirp-v3-5"
_MODEL_HELP = (
    "Suno model version: chirp-v3-5 (default), chirp-v4, chirp-auk (v4.5), "
    "chirp-bluejay (v4.5+), chirp-crow (v5)"
)
_MODEL_PATTERN = r"^chirp-[a-z0-9.-]+$"

# --- request models (§8.1, §8.3, §8.5, §8.6, §8.7) --------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _blank_is_absent(cls, value: Any) -> Any:
        return None if value == "" else value


class GenerateRequest(_Request):
    """A new song; the arguments choose the mode (scenarios 1-4)."""

    lyrics_id: str | None = Field(
        default=None, description="Id of a finished suno_generate_lyrics task: sing its lyrics"
    )
    title: str | None = Field(default=None, description="Song title")
    lyrics: str | None = Field(
        default=None, description="Your own lyrics with [Verse]/[Chorus] tags (custom mode)"
    )
    style: str | None = Field(default=None, description="Style tags, e.g. 'heavy metal'")
    description: str | None = Field(
        default=None,
        description="What the song is about; Suno writes lyrics, title and style itself",
    )
    instrumental: bool = Field(default=False, description="No vocals")
    negative_style: str | None = Field(default=None, description="Styles to avoid")
    model: str = Field(default=DEFAULT_MODEL, pattern=_MODEL_PATTERN, description=_MODEL_HELP)

    @model_validator(mode="after")
    def _one_mode(self) -> GenerateRequest:
        words = self.lyrics or self.lyrics_id
        if self.lyrics and self.lyrics_id:
            raise ValueError("give lyrics or lyrics_id, not both")
        if self.description and words:
            raise ValueError(
                "description lets Suno write the lyrics; leave it out when you give lyrics "
                "or lyrics_id"
            )
        if self.instrumental and words:
            raise ValueError("instrumental: an instrumental has no lyrics")
        if not (self.description or words or self.style):
            raise ValueError(
                "empty prompt: give a description (Suno writes the song), lyrics or lyrics_id "
                "(custom mode), or a style alone (an instrumental)"
            )
        return self


def _words_or_style(request: Any) -> Any:
    if not (request.lyrics or request.style):
        raise ValueError("give lyrics and/or a style for the new part")
    return request


class ExtendRequest(_Request):
    """Continue a clip from `continue_at` seconds (scenarios 5 and 6)."""

    clip_id: str = Field(min_length=1, description="The clip to continue")
    continue_at: float = Field(ge=0, description="Where the new part starts, in seconds")
    lyrics: str | None = Field(default=None, description="Lyrics for the new part")
    style: str | None = Field(default=None, description="Style tags, e.g. 'heavy metal'")
    title: str | None = Field(default=None, description="Title")
    uploaded: bool = Field(
        default=False, description="True when clip_id is an uploaded audio (suno_upload_audio)"
    )
    model: str = Field(default=DEFAULT_MODEL, pattern=_MODEL_PATTERN, description=_MODEL_HELP)

    _check = model_validator(mode="after")(_words_or_style)


class CoverRequest(_Request):
    """A new version of a clip in another style (scenario 7)."""

    clip_id: str = Field(min_length=1, description="The clip to cover")
    style: str | None = Field(default=None, description="The new style, e.g. 'rock, punk'")
    lyrics: str | None = Field(default=None, description="The lyrics to sing")
    title: str | None = Field(default=None, description="Title, e.g. 'Starry (Cover)'")
    negative_style: str | None = Field(default=None, description="Styles to avoid")
    model: str = Field(
        default="chirp-v3-5-tau",
        pattern=_MODEL_PATTERN,
        description="Suno model for covers: chirp-v3-5-tau (default) or another chirp-* version",
    )

    _check = model_validator(mode="after")(_words_or_style)


class ConcatRequest(_Request):
    clip_id: str = Field(min_length=1, description="The last clip of an extended song")


class UploadRequest(_Request):
    url: str = Field(min_length=1, description="http(s) URL of an audio file")

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL of an audio file")
        return value


class LyricsRequest(_Request):
    prompt: str = Field(min_length=1, description="What the lyrics are about")


# --- endpoints ---------------------------------------------------------------------------------

_NO_CONTINUATION = {
    "continue_clip_id": None,
    "continue_at": None,
    "infill_start_s": None,
    "infill_end_s": None,
}


def generate(request: GenerateRequest) -> Job:
    """`POST /suno/generate` in description mode (scenarios 2, 4) or custom mode (1, 3)."""
    if request.lyrics_id:
        raise InvalidInputError("lyrics_id: fetch the lyrics first (suno.use_lyrics)")
    if request.description:
        body: dict[str, Any] = {
            "gpt_description_prompt": request.description,
            "mv": request.model,
            "prompt": "",
            "make_instrumental": request.instrumental,
        }
    else:
        body = _custom(request.lyrics, request.style, request.model, request.title)
        body.update(_NO_CONTINUATION)
    if request.negative_style:
        body["negative_tags"] = request.negative_style
    return _clips_job("generate", "/suno/generate", body)


def use_lyrics(request: GenerateRequest, lyrics_task: Task) -> GenerateRequest:
    """The request with the lyrics (and, unless given, the title) of a finished lyrics task."""
    title, text = lyrics_of(lyrics_task)
    fields = request.model_dump(exclude={"lyrics_id"})
    return GenerateRequest(**{**fields, "lyrics": text, "title": request.title or title})


def extend(request: ExtendRequest) -> Job:
    """Continue a clip (scenario 6 step 3); an uploaded clip needs the `-upload` model (5)."""
    model = request.model + ("-upload" if request.uploaded else "")
    body = _custom(request.lyrics, request.style, model, request.title)
    body.update(_NO_CONTINUATION)
    body.update(continue_clip_id=request.clip_id, continue_at=request.continue_at)
    return _clips_job("extend", "/suno/generate", body)


def cover(request: CoverRequest) -> Job:
    """Scenario 7 step 3: `task: "cover"` with `cover_clip_id`."""
    body = {
        "prompt": request.lyrics or "",
        "generation_type": "TEXT",
        "tags": request.style or "",
        "negative_tags": request.negative_style or "",
        "mv": request.model,
        "title": request.title or "",
        "continue_clip_id": None,
        "continue_at": None,
        "continued_aligned_prompt": None,
        "infill_start_s": None,
        "infill_end_s": None,
        "task": "cover",
        "cover_clip_id": request.clip_id,
    }
    return _clips_job("cover", "/suno/generate", body)


def concat(request: ConcatRequest) -> Job:
    """§8.6: one clip that joins an extension with everything it continues."""
    body = {"clip_id": request.clip_id, "is_infill": False}
    return _clips_job("concat", "/suno/generate/concat/v2", body)


def upload(request: UploadRequest) -> Job:
    """§8.5 (scenario 5 step a): an audio URL becomes a clip that can be continued."""
    return _clips_job("upload", "/v1/suno/uploads/audio-url", {"url": request.url})


def lyrics(request: LyricsRequest) -> Job:
    """§8.3 / §8.4: submit a topic, poll until the lyrics are written."""
    return _lyrics_job({"prompt": request.prompt})


def resume(task_id: str) -> Task:
    """A task by the id our tools hand out: clip ids joined by commas, or `lyrics/<id>`."""
    task_id = task_id.strip()
    if task_id.startswith("lyrics/"):
        return Task(id=task_id, vendor=VENDOR, operation="lyrics", status="queued")
    ids = clip_ids(task_id)
    if not ids:
        raise InvalidInputError("task_id: give clip ids separated by commas, or lyrics/<id>")
    return Task(id=",".join(ids), vendor=VENDOR, operation="clips", status="queued")


def sing_written_lyrics(
    request: GenerateRequest, schedule: PollSchedule, clock: Clock
) -> Flow[GenerateRequest]:
    """Before a song from `lyrics_id`: wait for those lyrics, then sing their words and title."""
    if not request.lyrics_id:
        return request
    lyrics_id = f"lyrics/{lyrics_id_of(request.lyrics_id)}"
    written = yield from resume_flow(TRACKER, lyrics_id, schedule, clock, wait=True)
    return use_lyrics(request, written)


def _custom(lyrics: str | None, style: str | None, model: str, title: str | None) -> dict[str, Any]:
    return {"prompt": lyrics or "", "tags": style or "", "mv": model, "title": title or ""}


def _clips_job(operation: str, path: str, body: Any) -> Job:
    return Job(
        vendor=VENDOR,
        operation=operation,
        submit=Request("POST", path, json=body, ok_codes=None),
        read_submitted=lambda answer: read_clips_submitted(answer, operation),
        tracker=TRACKER,
    )


def _lyrics_job(body: Any) -> Job:
    return Job(
        vendor=VENDOR,
        operation="lyrics",
        submit=Request("POST", "/v1/suno/submit/lyrics", json=body),
        read_submitted=read_lyrics_submitted,
        tracker=TRACKER,
    )


def _is_lyrics(task: Task) -> bool:
    return task.id.startswith("lyrics/")


def _fetch(task: Task) -> Request:
    """Lyrics by their id (§8.4); clips through the feed (§8.2)."""
    if _is_lyrics(task):
        return Request("GET", f"/v1/suno/generate/lyrics/{path_segment(lyrics_id_of(task.id))}")
    params = {"ids": task.id, "remove_watermark": "true"}
    return Request("GET", "/v1/suno/feed", params=params, ok_codes=None)


def _read(body: Any, previous: Task) -> Task:
    return read_lyrics(body, previous) if _is_lyrics(previous) else read_feed(body, previous)


TRACKER = Tracker(
    VENDOR,
    fetch=_fetch,
    read=_read,
    lookup_tool="suno_get_clips",
    resume=resume,
    statuses=(CLIP_STATUS, LYRICS_STATUS),
)

# --- the operation table (§8) ----------------------------------------------------------------

OPERATIONS = (
    Operation(
        name="suno_generate_music",
        typical_seconds=120,
        summary="Make a song with Suno (two takes). Either give a description and Suno writes "
        "lyrics, title and style (instrumental=true for no vocals); or give your own lyrics (with "
        "[Verse]/[Chorus] tags), or the lyrics_id of a suno_generate_lyrics result, plus a style "
        "and title; or only a style for an instrumental. Returns audio, video and cover art URLs "
        "and the clip ids.",
        request=GenerateRequest,
        job=generate,
        tracker=TRACKER,
        section="§8.1, §8.7",
        route="POST /suno/generate",
        prepare=sing_written_lyrics,
    ),
    Operation(
        name="suno_extend_music",
        typical_seconds=120,
        summary="Continue a Suno clip from continue_at seconds with new lyrics and/or style (two "
        "takes of the new part). For an audio uploaded with suno_upload_audio set uploaded=true. "
        "Call suno_concat_music on the new clip to get the whole song as one track.",
        request=ExtendRequest,
        job=extend,
        tracker=TRACKER,
        section="§8.7 (scenarios 5, 6)",
        route="POST /suno/generate",
    ),
    Operation(
        name="suno_cover_music",
        typical_seconds=120,
        summary="Make a cover of a Suno clip: the same song in a new style (and optionally new "
        "lyrics and title). Needs the clip_id of a finished clip.",
        request=CoverRequest,
        job=cover,
        tracker=TRACKER,
        section="§8.7 (scenario 7)",
        route="POST /suno/generate",
    ),
    Operation(
        name="suno_concat_music",
        typical_seconds=30,
        summary="Join an extended Suno clip with everything it continues into one full song. Give "
        "the clip_id of the last extension.",
        request=ConcatRequest,
        job=concat,
        tracker=TRACKER,
        section="§8.6",
        route="POST /suno/generate/concat/v2",
    ),
    Operation(
        name="suno_upload_audio",
        typical_seconds=30,
        summary="Give Suno an audio file by its http(s) URL. Returns a clip id that "
        "suno_extend_music can continue (with uploaded=true).",
        request=UploadRequest,
        job=upload,
        tracker=TRACKER,
        section="§8.5",
        route="POST /v1/suno/uploads/audio-url",
    ),
    Operation(
        name="suno_generate_lyrics",
        typical_seconds=15,
        summary="Write song lyrics (with a title) about a topic with Suno. Returns the lyrics and "
        "a lyrics_id that suno_generate_music can sing.",
        request=LyricsRequest,
        job=lyrics,
        tracker=TRACKER,
        section="§8.3, §8.4",
        route="POST /v1/suno/submit/lyrics",
    ),
    lookup(
        TRACKER,
        summary="Get Suno clips (or lyrics) by id: status, audio, video and cover art. Use it to "
        "resume a job submitted earlier; it never submits anything.",
        section="§8.2, §8.4",
        route="GET /v1/suno/feed",
        task_id_help="What a Suno tool returned: clip ids separated by commas, or lyrics/<id>",
    ),
)
