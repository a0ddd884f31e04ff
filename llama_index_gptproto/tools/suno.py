# No `from __future__ import annotations`: LlamaIndex builds the schemas from live annotations.
"""Suno functions of `GPTProtoToolSpec` (API.md §8); docstrings are what the model reads."""

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from gptproto_core.errors import GPTProtoError, InvalidInputError
from gptproto_core.tasks import Job
from gptproto_core.vendors import suno
from gptproto_core.vendors._inputs import validated
from llama_index_gptproto.tools._base import TaskBlocks, TaskToolsBase, ToolFailure

__all__ = ["SUNO_FUNCTIONS", "SunoTools"]

LOOKUP = "suno_get_clips"
SUNO_FUNCTIONS = [
    ("suno_generate_music", "asuno_generate_music"),
    ("suno_extend_music", "asuno_extend_music"),
    ("suno_cover_music", "asuno_cover_music"),
    ("suno_concat_music", "asuno_concat_music"),
    ("suno_upload_audio", "asuno_upload_audio"),
    ("suno_generate_lyrics", "asuno_generate_lyrics"),
    ("suno_get_clips", "asuno_get_clips"),
]
Model = TypeVar("Model", bound=BaseModel)


def _valid(model: type[Model], /, **fields: Any) -> Model:
    try:
        return validated(model, **fields)
    except InvalidInputError as error:
        raise ToolFailure(f"Invalid arguments: {error}") from error


def _build(model: type[Model], make: Callable[[Model], Job], /, **fields: Any) -> Callable[[], Job]:
    return lambda: make(validated(model, **fields))


class SunoTools(TaskToolsBase):
    def _with_lyrics(self, request: suno.GenerateRequest, blocks: TaskBlocks) -> Job:
        try:
            assert blocks.task is not None
            return suno.generate(suno.use_lyrics(request, blocks.task))
        except GPTProtoError as error:
            raise ToolFailure(f"The lyrics could not be used: {error}") from error

    def suno_generate_music(
        self,
        lyrics_id: str | None = None,
        title: str | None = None,
        lyrics: str | None = None,
        style: str | None = None,
        description: str | None = None,
        instrumental: bool = False,
        negative_style: str | None = None,
        model: str = suno.DEFAULT_MODEL,
        wait: bool = True,
    ) -> TaskBlocks:
        """Make a song with Suno (two takes).

        Either give a description and Suno writes lyrics, title and style (instrumental=true for
        no vocals); or your own lyrics (with [Verse]/[Chorus] tags), or the lyrics_id of a
        suno_generate_lyrics result, with a style (e.g. 'heavy metal') and a title; or only a
        style for an instrumental. model: chirp-v3-5 (default), chirp-v4, chirp-auk,
        chirp-bluejay, chirp-crow. Returns audio, video and cover art URLs and the clip ids.
        """
        song = {"lyrics_id": lyrics_id, "title": title, "lyrics": lyrics, "style": style}
        song.update(description=description, negative_style=negative_style, model=model)
        request = _valid(suno.GenerateRequest, instrumental=instrumental, **song)
        if not request.lyrics_id:
            return self._run(lambda: suno.generate(request), wait, LOOKUP, None)
        written = self._lookup(suno.follow_lyrics(request.lyrics_id), True, LOOKUP, None)
        job = self._with_lyrics(request, written)
        return self._run(lambda: job, wait, LOOKUP, None)

    async def asuno_generate_music(
        self,
        lyrics_id: str | None = None,
        title: str | None = None,
        lyrics: str | None = None,
        style: str | None = None,
        description: str | None = None,
        instrumental: bool = False,
        negative_style: str | None = None,
        model: str = suno.DEFAULT_MODEL,
        wait: bool = True,
    ) -> TaskBlocks:
        """Make a song with Suno from a description, lyrics, a lyrics_id or a style."""
        song = {"lyrics_id": lyrics_id, "title": title, "lyrics": lyrics, "style": style}
        song.update(description=description, negative_style=negative_style, model=model)
        request = _valid(suno.GenerateRequest, instrumental=instrumental, **song)
        if not request.lyrics_id:
            return await self._arun(lambda: suno.generate(request), wait, LOOKUP, None)
        written = await self._alookup(suno.follow_lyrics(request.lyrics_id), True, LOOKUP, None)
        job = self._with_lyrics(request, written)
        return await self._arun(lambda: job, wait, LOOKUP, None)

    def suno_extend_music(
        self,
        clip_id: str,
        continue_at: float,
        lyrics: str | None = None,
        style: str | None = None,
        title: str | None = None,
        uploaded: bool = False,
        wait: bool = True,
    ) -> TaskBlocks:
        """Continue a Suno clip from continue_at seconds with new lyrics and/or a style.

        For an audio uploaded with suno_upload_audio set uploaded=true. Call suno_concat_music
        on the new clip to get the whole song as one track.
        """
        fields: dict[str, Any] = {"lyrics": lyrics, "style": style, "title": title}
        fields.update(clip_id=clip_id, continue_at=continue_at, uploaded=uploaded)
        build = _build(suno.ExtendRequest, suno.extend, **fields)
        return self._run(build, wait, LOOKUP, None)

    async def asuno_extend_music(
        self,
        clip_id: str,
        continue_at: float,
        lyrics: str | None = None,
        style: str | None = None,
        title: str | None = None,
        uploaded: bool = False,
        wait: bool = True,
    ) -> TaskBlocks:
        """Continue a Suno clip from continue_at seconds with new lyrics and/or a style."""
        fields: dict[str, Any] = {"lyrics": lyrics, "style": style, "title": title}
        fields.update(clip_id=clip_id, continue_at=continue_at, uploaded=uploaded)
        build = _build(suno.ExtendRequest, suno.extend, **fields)
        return await self._arun(build, wait, LOOKUP, None)

    def suno_cover_music(
        self,
        clip_id: str,
        style: str | None = None,
        lyrics: str | None = None,
        title: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Make a cover of a finished Suno clip: the same song in a new style (e.g. 'rock,
        punk'), optionally with new lyrics and title."""
        fields = {"clip_id": clip_id, "style": style, "lyrics": lyrics, "title": title}
        return self._run(_build(suno.CoverRequest, suno.cover, **fields), wait, LOOKUP, None)

    async def asuno_cover_music(
        self,
        clip_id: str,
        style: str | None = None,
        lyrics: str | None = None,
        title: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Make a cover of a finished Suno clip in a new style."""
        fields = {"clip_id": clip_id, "style": style, "lyrics": lyrics, "title": title}
        build = _build(suno.CoverRequest, suno.cover, **fields)
        return await self._arun(build, wait, LOOKUP, None)

    def suno_concat_music(self, clip_id: str, wait: bool = True) -> TaskBlocks:
        """Join an extended Suno clip (give the clip_id of the last extension) with everything it
        continues into one full song."""
        build = _build(suno.ConcatRequest, suno.concat, clip_id=clip_id)
        return self._run(build, wait, LOOKUP, None)

    async def asuno_concat_music(self, clip_id: str, wait: bool = True) -> TaskBlocks:
        """Join an extended Suno clip with everything it continues into one full song."""
        build = _build(suno.ConcatRequest, suno.concat, clip_id=clip_id)
        return await self._arun(build, wait, LOOKUP, None)

    def suno_upload_audio(self, url: str, wait: bool = True) -> TaskBlocks:
        """Give Suno an audio file by its http(s) URL; returns a clip id that suno_extend_music
        can continue (with uploaded=true)."""
        return self._run(_build(suno.UploadRequest, suno.upload, url=url), wait, LOOKUP, None)

    async def asuno_upload_audio(self, url: str, wait: bool = True) -> TaskBlocks:
        """Give Suno an audio file by its http(s) URL."""
        build = _build(suno.UploadRequest, suno.upload, url=url)
        return await self._arun(build, wait, LOOKUP, None)

    def suno_generate_lyrics(self, prompt: str, wait: bool = True) -> TaskBlocks:
        """Write song lyrics (with a title) about a topic; returns the lyrics and a lyrics_id
        that suno_generate_music can sing."""
        build = _build(suno.LyricsRequest, suno.lyrics, prompt=prompt)
        return self._run(build, wait, LOOKUP, None)

    async def asuno_generate_lyrics(self, prompt: str, wait: bool = True) -> TaskBlocks:
        """Write song lyrics (with a title) about a topic."""
        build = _build(suno.LyricsRequest, suno.lyrics, prompt=prompt)
        return await self._arun(build, wait, LOOKUP, None)

    def suno_get_clips(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get Suno clips (or lyrics) by the id a Suno tool returned (clip ids separated by
        commas, or lyrics/<id>); resumes a job submitted earlier and never submits anything."""
        return self._lookup(_follow(task_id), wait, LOOKUP, None)

    async def asuno_get_clips(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get Suno clips (or lyrics) by id; never submits anything."""
        return await self._alookup(_follow(task_id), wait, LOOKUP, None)


def _follow(task_id: str) -> Any:
    try:
        return suno.follow(task_id)
    except InvalidInputError as error:
        raise ToolFailure(f"Invalid arguments: {error}") from error
