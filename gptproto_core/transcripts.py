"""Audio files to transcripts, once for both frameworks' document loaders (API.md §3.8).

    with GPTProtoClient() as client:
        found = transcribe_file(client, "talk.mp3", response_format="verbose_json")
    found.text, found.segments[0].start, found.metadata()

LangChain's `GPTProtoAudioLoader` and LlamaIndex's `GPTProtoAudioReader` hold a `Transcriber`
and only turn its `Transcript`s into their `Document`s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.session import ClientSet, ClientSettings
from gptproto_core.tasks import Task, adrive, drive, submit_flow
from gptproto_core.vendors._inputs import validated
from gptproto_core.vendors.openai_media import TranscriptionRequest, transcribe

__all__ = [
    "Segment",
    "Transcriber",
    "Transcript",
    "atranscribe_file",
    "transcribe_file",
    "transcript_of",
]


@dataclass(frozen=True)
class Segment:
    """A timed stretch of speech (`verbose_json` segments), in seconds."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Transcript:
    source: str
    text: str
    model: str
    response_format: str
    language: str | None = None
    duration: float | None = None
    segments: tuple[Segment, ...] = ()

    def metadata(self) -> dict[str, Any]:
        """What a document keeps beside the text; segments as plain dicts."""
        found: dict[str, Any] = {
            "source": self.source,
            "model": self.model,
            "response_format": self.response_format,
        }
        if self.language:
            found["language"] = self.language
        if self.duration is not None:
            found["duration"] = self.duration
        if self.segments:
            found["segments"] = [vars(s) for s in self.segments]
        return found


def _segments(raw: Mapping[str, Any]) -> tuple[Segment, ...]:
    items = raw.get("segments")
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and isinstance(item.get("text"), str):
            start, end = item.get("start"), item.get("end")
            if isinstance(start, int | float) and isinstance(end, int | float):
                found.append(Segment(float(start), float(end), item["text"].strip()))
    return tuple(found)


def transcript_of(task: Task, request: TranscriptionRequest, source: str) -> Transcript:
    """The transcription task's text, language, duration and segments."""
    raw, duration = task.raw, task.raw.get("duration")
    language = raw.get("language") if isinstance(raw.get("language"), str) else request.language
    return Transcript(
        source=source,
        text=task.text or "",
        model=request.model,
        response_format=request.response_format,
        language=language,
        duration=float(duration) if isinstance(duration, int | float) else None,
        segments=_segments(raw),
    )


def _request(file: str | Path | bytes, options: Mapping[str, Any]) -> TranscriptionRequest:
    value = str(file) if isinstance(file, Path) else file
    return validated(TranscriptionRequest, file=value, **options)


def _source(file: str | Path | bytes) -> str:
    return "<bytes>" if isinstance(file, bytes) else str(file)


def transcribe_file(client: GPTProtoClient, file: str | Path | bytes, **options: Any) -> Transcript:
    """Transcribe one file (path, URL, data URI or bytes); `options` as `TranscriptionRequest`."""
    request = _request(file, options)
    task = drive(submit_flow(transcribe(request)), client)
    return transcript_of(task, request, _source(file))


async def atranscribe_file(
    client: AsyncGPTProtoClient, file: str | Path | bytes, **options: Any
) -> Transcript:
    """`transcribe_file` for async code."""
    request = _request(file, options)
    task = await adrive(submit_flow(transcribe(request)), client)
    return transcript_of(task, request, _source(file))


class Transcriber:
    """Transcription settings and clients, shared by the frameworks' audio loaders.

    >>> transcriber = Transcriber(response_format="verbose_json", api_key="sk-...")
    >>> transcriber.transcribe("talk.mp3").segments  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        model: str = "gpt-4o-transcribe",
        response_format: str = "verbose_json",
        language: str | None = None,
        prompt: str | None = None,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
    ) -> None:
        self.options: dict[str, Any] = {"model": model, "response_format": response_format}
        self.options.update({k: v for k, v in (("language", language), ("prompt", prompt)) if v})
        settings = ClientSettings(api_key=api_key, base_url=base_url)
        settings.validate()  # a missing key fails now, before any file is read
        self._clients = ClientSet(settings)

    def transcribe(self, file: str | Path | bytes) -> Transcript:
        return transcribe_file(self._clients.sync(), file, **self.options)

    async def atranscribe(self, file: str | Path | bytes) -> Transcript:
        return await atranscribe_file(self._clients.for_running_loop(), file, **self.options)
