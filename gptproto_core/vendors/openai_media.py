"""OpenAI's images and audio through gptproto (API.md §3.2, §3.3, §3.8, §3.9): all synchronous.

    job = speech(validated(SpeechRequest, input="Hello there", response_format="wav"))
    task = TaskRunner(client).run(job)            # the answer is the result: nothing to poll
    task.outputs[0].path                          # the WAV file, in the output directory

- images (§3.2) `POST /v1/images/generations` and edits (§3.3) `POST /v1/images/edits`
  (multipart): `data[].url` (SCRIPT) or `data[].b64_json` (UPSTREAM), kept as a data URI;
- speech (§3.9) `POST /v1/audio/speech`: a binary body, streamed to a file;
- transcriptions (§3.8) `POST /v1/audio/transcriptions` (multipart): JSON for `json` and
  `verbose_json`, plain text for `text`, `srt` and `vtt`.
OpenAI has no task query: the rows have no tracker and no lookup tool.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import wave
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gptproto_core.downloads import SavedFile
from gptproto_core.errors import InvalidInputError, UnexpectedResponseError, excerpt
from gptproto_core.files import FileRef, file_reference
from gptproto_core.media_types import MB
from gptproto_core.operations import Operation
from gptproto_core.task_types import Job, Output, Request, Task

__all__ = [
    "OPERATIONS",
    "ImageEditRequest",
    "ImageRequest",
    "SpeechRequest",
    "TranscriptionRequest",
    "edit_image",
    "generate_image",
    "speech",
    "transcribe",
]

VENDOR = "openai"
ImageModel = Literal["gpt-image-1", "gpt-image-1-vip", "gpt-4o-image", "gpt-4o-image-vip"]
FileValue = str | bytes
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp")
AUDIO_TYPES = ("audio", "video/mp4", "video/mpeg", "video/webm")  # OpenAI's list, §3.8
IMAGE_LIMIT, MASK_LIMIT, AUDIO_LIMIT = 50 * MB, 4 * MB, 25 * MB  # OpenAI's limits (UPSTREAM)


def _file(field: str, kinds: Sequence[str], limit: int) -> Callable[[FileValue], FileValue]:
    """A validator: the file checked before any request (the error names the field once)."""

    def check(value: FileValue) -> FileValue:
        try:
            return file_reference(value, field=field, kinds=kinds, max_bytes=limit)
        except InvalidInputError as exc:
            raise ValueError(str(exc).removeprefix(f"{field}: ")) from None

    return check


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- images (§3.2, §3.3) -----------------------------------------------------------------------


class ImageRequest(_Request):
    prompt: str = Field(min_length=1, max_length=32000, description="What to draw")
    model: ImageModel = Field(default="gpt-image-1", description="gpt-image-1 (default) or kin")
    n: int = Field(default=1, ge=1, le=10, description="How many images, 1-10")
    size: str | None = Field(
        default=None, pattern=r"^(auto|\d{3,4}x\d{3,4})$", description="WxH, e.g. 1024x1024"
    )
    quality: Literal["auto", "low", "medium", "high"] | None = Field(
        default=None, description="Rendering quality"
    )
    response_format: Literal["url", "b64_json"] | None = Field(
        default=None, description="url or b64_json (kept as a data URI)"
    )


class ImageEditRequest(ImageRequest):
    image: list[FileValue] = Field(
        min_length=1, max_length=16, description="Images to edit (path, URL or data URI), 1-16"
    )
    mask: FileValue | None = Field(
        default=None, description="A PNG whose transparent pixels mark where to edit"
    )

    @model_validator(mode="before")
    @classmethod
    def _one_image(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("image"), str | bytes):
            data = {**data, "image": [data["image"]]}  # one image, given without a list
        if isinstance(data, Mapping) and data.get("mask") and not data.get("image"):
            raise ValueError("mask: a mask needs the image it applies to; give image too")
        return data

    _image = field_validator("image")(
        lambda v: [_file("image", IMAGE_TYPES, IMAGE_LIMIT)(i) for i in v]
    )
    _mask = field_validator("mask")(
        lambda v: None if v is None else _file("mask", ("image/png",), MASK_LIMIT)(v)
    )


def _options(request: BaseModel, names: set[str]) -> dict[str, Any]:
    return request.model_dump(include=names, exclude_none=True)


def generate_image(request: ImageRequest) -> Job:
    """`POST /v1/images/generations` with the §3.2 body."""
    body = _options(request, {"model", "prompt", "n", "size", "quality", "response_format"})
    call = Request("POST", "/v1/images/generations", json=body)
    return _done("generate_image", call, lambda answer: _read_images(answer, "generate_image"))


def edit_image(request: ImageEditRequest) -> Job:
    """`POST /v1/images/edits` as multipart: `image` (repeated for several), `mask`, fields."""
    refs = [FileRef(i, IMAGE_TYPES, IMAGE_LIMIT) for i in request.image]
    files: dict[str, FileRef | list[FileRef]] = {"image": refs}
    if request.mask is not None:
        files["mask"] = FileRef(request.mask, ("image/png",), MASK_LIMIT)
    data = _options(request, {"model", "prompt", "n", "size", "quality", "response_format"})
    data = {k: str(v) for k, v in data.items()}
    call = Request("POST", "/v1/images/edits", files=files, data=data)
    return _done("edit_image", call, lambda answer: _read_images(answer, "edit_image"))


_MAGIC = {"iVBOR": "image/png", "/9j/": "image/jpeg", "UklGR": "image/webp"}


def _read_images(body: Any, operation: str) -> Task:
    """`data[]` items with `url` or `b64_json` (and `revised_prompt`, kept as a note)."""
    items = body.get("data") if isinstance(body, Mapping) else None
    outputs, notes = [], []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and item.get("url"):
            outputs.append(Output(str(item["url"]), "image"))
        elif isinstance(item, Mapping) and item.get("b64_json"):
            data = str(item["b64_json"])
            mime = next((t for m, t in _MAGIC.items() if data.startswith(m)), "image/png")
            outputs.append(Output(f"data:{mime};base64,{data}", "image"))
        else:
            continue
        if isinstance(item, Mapping) and item.get("revised_prompt"):
            notes.append(f"Revised prompt (image {len(outputs)}): {item['revised_prompt']}")
    if not outputs:
        raise UnexpectedResponseError(
            "openai images answer without images", body=excerpt(str(body))
        )
    task_id = f"images-{body.get('created') or 0}"
    found = tuple(outputs)
    return Task(task_id, VENDOR, operation, "succeeded", 1.0, found, notes=tuple(notes), raw=body)


def _done(operation: str, call: Request, read: Callable[[Any], Task]) -> Job:
    """A synchronous route: its answer is the result, there is nothing to follow."""
    return Job(vendor=VENDOR, operation=operation, submit=call, read_submitted=read)


# --- speech (§3.9) ------------------------------------------------------------------------------

Voice = Literal[
    "alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse"
]


class SpeechRequest(_Request):
    input: str = Field(min_length=1, max_length=4096, description="The text to speak")
    model: Literal["gpt-4o-mini-tts", "tts-1", "tts-1-hd"] = Field(
        default="gpt-4o-mini-tts", description="gpt-4o-mini-tts (default), tts-1 or tts-1-hd"
    )
    voice: Voice = Field(default="alloy", description="The voice, e.g. alloy, coral, nova")
    response_format: Literal["mp3", "opus", "aac", "flac", "wav", "pcm"] | None = Field(
        default=None, description="Audio format (mp3 if not given)"
    )
    speed: float | None = Field(default=None, ge=0.25, le=4.0, description="0.25-4.0, 1 = normal")
    instructions: str | None = Field(
        default=None, max_length=4096, description="How to speak: tone, pace (gpt-4o-mini-tts)"
    )


def speech(request: SpeechRequest) -> Job:
    """`POST /v1/audio/speech`; the audio is streamed to a file in the output directory."""
    body = _options(request, set(SpeechRequest.model_fields))
    call = Request("POST", "/v1/audio/speech", json=body, binary=True)
    return _done("text_to_speech", call, _read_speech)


def _read_speech(saved: Any) -> Task:
    if not isinstance(saved, SavedFile) or not saved.size:
        raise UnexpectedResponseError("openai speech answer without audio", body=str(saved))
    facts = [saved.content_type, f"{saved.size:,} bytes"]
    seconds = wav_seconds(saved)
    facts.append(f"{seconds:.2f} s" if seconds is not None else "duration unknown")
    output = Output(saved.path.as_uri(), "audio", ", ".join(facts), path=str(saved.path))
    raw = {"path": str(saved.path), "content_type": saved.content_type, "size": saved.size}
    return Task(saved.path.stem, VENDOR, "text_to_speech", "succeeded", 1.0, (output,), raw=raw)


def wav_seconds(saved: SavedFile) -> float | None:
    """The duration a WAV file's header states; None for other formats or a broken header."""
    if saved.content_type not in ("audio/wav", "audio/x-wav", "audio/wave"):
        return None
    try:
        with wave.open(str(saved.path), "rb") as audio:
            return audio.getnframes() / audio.getframerate()
    except (wave.Error, EOFError, OSError, ZeroDivisionError):
        return None


# --- transcriptions (§3.8) ----------------------------------------------------------------------

TranscriptFormat = Literal["json", "text", "srt", "verbose_json", "vtt"]
_TEXT_FORMATS = ("text", "srt", "vtt")  # answered as plain text, not JSON (UPSTREAM)


class TranscriptionRequest(_Request):
    file: FileValue = Field(description="Audio (path, URL or data URI): mp3, wav, m4a, ... <25 MB")
    model: Literal["gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1"] = Field(
        default="gpt-4o-transcribe", description="gpt-4o-transcribe (default) or kin"
    )
    language: str | None = Field(
        default=None, pattern=r"^[a-z]{2}$", description="ISO-639-1 code of the speech, e.g. en"
    )
    prompt: str | None = Field(default=None, description="Style hint or the previous text")
    response_format: TranscriptFormat = Field(
        default="json", description="json (default), text, srt, verbose_json or vtt"
    )
    temperature: float | None = Field(default=None, ge=0, le=1, description="Sampling, 0-1")

    _file = field_validator("file")(_file("file", AUDIO_TYPES, AUDIO_LIMIT))


def transcribe(request: TranscriptionRequest) -> Job:
    """`POST /v1/audio/transcriptions` as multipart; text formats are read as text."""
    fields = _options(request, {"model", "language", "prompt", "response_format", "temperature"})
    data = {k: str(v) for k, v in fields.items()}
    call = Request(
        "POST",
        "/v1/audio/transcriptions",
        files={"file": FileRef(request.file, AUDIO_TYPES, AUDIO_LIMIT)},
        data=data,
        text=request.response_format in _TEXT_FORMATS,
    )
    return _done("transcribe_audio", call, _read_transcript)


def _read_transcript(body: Any) -> Task:
    """`{"text": ...}` (json, verbose_json with `segments`), or the text itself (text/srt/vtt)."""
    if isinstance(body, str) and body.lstrip().startswith("{"):
        with contextlib.suppress(ValueError, RecursionError):  # a relay's JSON where text is due
            body = json.loads(body)
    text = (
        body if isinstance(body, str) else body.get("text") if isinstance(body, Mapping) else None
    )
    if not isinstance(text, str):
        raise UnexpectedResponseError("openai transcription without text", body=excerpt(str(body)))
    raw = body if isinstance(body, Mapping) else {"text": text}
    segments = raw.get("segments")
    notes = (f"{len(segments)} timed segments in the task's raw body.",) if segments else ()
    task_id = "transcript-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    return Task(
        task_id, VENDOR, "transcribe_audio", "succeeded", 1.0, text=text, notes=notes, raw=raw
    )


# --- the operation table (§3) ------------------------------------------------------------------

OPERATIONS = (
    Operation(
        name="openai_generate_image",
        summary="Create images from a text prompt with OpenAI's gpt-image-1 (or gpt-4o-image). "
        "Optional n (1-10), size such as 1024x1024, quality. Returns the image URLs (or the "
        "images as data URIs) and any revised prompt.",
        request=ImageRequest,
        job=generate_image,
        tracker=None,
        section="§3.2",
        route="POST /v1/images/generations",
    ),
    Operation(
        name="openai_edit_image",
        summary="Edit images with OpenAI's gpt-image-1: give image (one, or up to 16; path, "
        "URL or data URI), the prompt saying what to change, and optionally a PNG mask whose "
        "transparent pixels mark the area to edit. Returns the edited images.",
        request=ImageEditRequest,
        job=edit_image,
        tracker=None,
        section="§3.3",
        route="POST /v1/images/edits",
    ),
    Operation(
        name="openai_text_to_speech",
        summary="Speak a text aloud with OpenAI's gpt-4o-mini-tts: voice (alloy, coral, nova, "
        "...), response_format (mp3, wav, opus, aac, flac, pcm), speed, instructions for tone. "
        "Saves the audio file and returns its path, format, size and duration.",
        request=SpeechRequest,
        job=speech,
        tracker=None,
        section="§3.9",
        route="POST /v1/audio/speech",
    ),
    Operation(
        name="openai_transcribe_audio",
        summary="Transcribe speech in an audio file (path, URL or data URI; mp3, wav, m4a, "
        "webm, ... up to 25 MB) to text with gpt-4o-transcribe. Optional language (ISO-639-1), "
        "prompt, response_format json, text, srt, vtt or verbose_json (with timed segments).",
        request=TranscriptionRequest,
        job=transcribe,
        tracker=None,
        section="§3.8",
        route="POST /v1/audio/transcriptions",
    ),
)
