"""OpenAI's image edits, speech and transcription routes (API.md §3.3, §3.9, §3.8).

- ``POST /v1/images/edits`` (multipart): ``image`` file(s) and ``prompt`` required, ``mask`` an
  optional PNG file, ``model``, ``n`` 1-10, ``size``, ``response_format`` url | b64_json; the
  answer is the §3.2 images shape.
- ``POST /v1/audio/speech`` (JSON): ``model``, ``input`` and ``voice`` required; the body is the
  audio itself: mp3 (default), wav or pcm. The other OpenAI formats (opus, aac, flac, INFERRED in
  §3.9) are refused with 400: the emulator cannot write them.
- ``POST /v1/audio/transcriptions`` (multipart): ``file`` and ``model`` required;
  ``response_format`` json (``{"text"}``), verbose_json (+ ``language``, ``duration``,
  ``segments``), or plain text for text / srt / vtt (UPSTREAM shapes).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.errors import error_body_for_status
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import (
    FieldError,
    json_object,
    optional_choice,
    optional_number,
    optional_str,
    required_str,
)
from gptproto_emulator.media.http_helpers import bad_request, json_response
from gptproto_emulator.media.images import image_items
from gptproto_emulator.media.openai.audio import (
    heard,
    make_mp3,
    make_wav,
    pcm,
    seconds_for,
    subtitles,
)
from gptproto_emulator.media.openai.audio import segments as timed

_AUDIO_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "pcm": "audio/pcm"}
_TRANSCRIPT_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")


async def _form(request: Request) -> FormData:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise FieldError("The body must be multipart/form-data")
    return await request.form()


def _files(form: FormData, name: str, *, required: bool) -> list[UploadFile]:
    values = form.getlist(name)
    if any(not isinstance(v, UploadFile) for v in values):
        raise FieldError(f"'{name}' must be a file part, not a text field")
    if required and not values:
        raise FieldError(f"'{name}' (a file) is required")
    return [v for v in values if isinstance(v, UploadFile)]


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    if value is not None and not isinstance(value, str):
        raise FieldError(f"'{name}' must be a text field")
    return value


def _int(form: FormData, name: str, low: int, high: int) -> int | None:
    value = _text(form, name)
    if value is None:
        return None
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise FieldError(f"'{name}' must be a whole number from {low} to {high}")
    return int(value)


def openai_routes(state: EmulatorState) -> list[BaseRoute]:
    """The OpenAI media routes bound to ``state``."""

    async def edits(request: Request) -> Response:
        """Image editing — API.md §3.3 (multipart; answer INFERRED as §3.2)."""
        try:
            return await _edits(request)
        finally:
            await request.close()  # starlette leaves the uploads' temporary files open

    async def _edits(request: Request) -> Response:
        try:
            form = await _form(request)
            images = _files(form, "image", required=True)
            for mask in _files(form, "mask", required=False):
                if mask.content_type != "image/png":
                    raise FieldError("'mask' must be a PNG file")
            prompt = _text(form, "prompt")
            if not prompt or not prompt.strip():
                raise FieldError("'prompt' is required")
            model = (_text(form, "model") or "gpt-image-1").strip()
            count = _int(form, "n", 1, 10) or 1
            fmt = _text(form, "response_format") or "url"
            if fmt not in ("url", "b64_json"):
                raise FieldError("'response_format' must be one of: url, b64_json")
        except FieldError as exc:
            return bad_request(str(exc))
        if banned_word(prompt) is not None:
            return json_response(error_body_for_status(503), 503)
        salt = "".join(f"\n{image.filename}" for image in images)
        data = image_items(model, prompt, _text(form, "size"), count, fmt, salt)
        return json_response({"created": int(state.clock.now()), "data": data})

    async def speech(request: Request) -> Response:
        """Text to speech — API.md §3.9: the answer body is the audio file."""
        try:
            body = await json_object(request)
            required_str(body, "model")
            text = required_str(body, "input")
            required_str(body, "voice")
            optional_str(body, "instructions")
            fmt = optional_choice(body, "response_format", ("mp3", "wav", "pcm")) or "mp3"
            speed = optional_number(body, "speed", minimum=0.25, maximum=4.0) or 1.0
        except FieldError as exc:
            return bad_request(str(exc))
        if fmt == "wav":
            audio = make_wav(text, speed)
        elif fmt == "pcm":
            audio = pcm(seconds_for(text, speed))
        else:
            audio = make_mp3(text, speed)
        return Response(audio, 200, media_type=_AUDIO_TYPES[fmt])

    async def transcriptions(request: Request) -> Response:
        """Speech to text — API.md §3.8 (multipart ``file``; UPSTREAM answer shapes)."""
        try:
            return await _transcriptions(request)
        finally:
            await request.close()  # as for edits

    async def _transcriptions(request: Request) -> Response:
        try:
            form = await _form(request)
            (upload, *_) = _files(form, "file", required=True)
            model = _text(form, "model")
            if not model or not model.strip():
                raise FieldError("'model' is required")
            fmt = _text(form, "response_format") or "json"
            if fmt not in _TRANSCRIPT_FORMATS:
                raise FieldError(
                    f"'response_format' must be one of: {', '.join(_TRANSCRIPT_FORMATS)}"
                )
            language = _text(form, "language") or "en"
            temperature = _text(form, "temperature")
            if temperature is not None and not _unit_number(temperature):
                raise FieldError("'temperature' must be a number from 0 to 1")
        except FieldError as exc:
            return bad_request(str(exc))
        text, seconds = heard(await upload.read())
        if fmt == "json":
            return json_response({"text": text})
        parts = timed(text, seconds)
        if fmt == "verbose_json":
            body: dict[str, Any] = {
                "task": "transcribe",
                "language": language,
                "duration": round(seconds, 3),
                "text": text,
                "segments": parts,
            }
            return json_response(body)
        if fmt == "text":
            return PlainTextResponse(text + "\n")
        return PlainTextResponse(subtitles(parts, fmt), media_type=f"text/{fmt}")

    return [
        Route("/v1/images/edits", edits, methods=["POST"]),
        Route("/v1/audio/speech", speech, methods=["POST"]),
        Route("/v1/audio/transcriptions", transcriptions, methods=["POST"]),
    ]


def _unit_number(value: str) -> bool:
    try:
        return 0.0 <= float(value) <= 1.0
    except ValueError:
        return False
