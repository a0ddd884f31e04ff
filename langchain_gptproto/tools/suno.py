"""Suno as LangChain tools: songs, extensions, covers, full songs, uploads and lyrics (API.md §8).

from langchain_gptproto.tools import SunoGenerateMusic
SunoGenerateMusic().invoke({"description": "an anthemic dancepop song about dancing all night"})
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.tools import ToolException
from pydantic import BaseModel, Field

from gptproto_core.errors import GPTProtoError, InvalidInputError
from gptproto_core.tasks import AsyncTaskRunner, Job, Task, TaskRunner
from gptproto_core.vendors import suno
from gptproto_core.vendors._inputs import validated
from langchain_gptproto.tools._base import (
    GetTaskInput,
    GPTProtoGetTaskTool,
    GPTProtoTaskTool,
    ToolContent,
)

__all__ = [
    "SunoConcatMusic",
    "SunoCoverMusic",
    "SunoExtendMusic",
    "SunoGenerateLyrics",
    "SunoGenerateMusic",
    "SunoGetClips",
    "SunoUploadAudio",
]

_WAIT = Field(
    default=True,
    description="Wait for the result (default). False returns the task id at once; "
    "fetch the result later with suno_get_clips.",
)


class _Suno(GPTProtoTaskTool):
    lookup_tool = "suno_get_clips"
    request_model: type[BaseModel]

    def build_job(self, **arguments: Any) -> Job:
        return self.make_job(validated(self.request_model, **arguments))

    def make_job(self, request: Any) -> Job:
        raise NotImplementedError


class GenerateMusicInput(suno.GenerateRequest):
    wait: bool = _WAIT


class SunoGenerateMusic(_Suno):
    name: str = "suno_generate_music"
    description: str = (
        "Make a song with Suno (two takes). Either give a description and Suno writes lyrics, "
        "title and style (instrumental=true for no vocals); or give your own lyrics (with "
        "[Verse]/[Chorus] tags), or the lyrics_id of a suno_generate_lyrics result, plus a style "
        "and title; or only a style for an instrumental. Returns audio, video and cover art URLs "
        "and the clip ids."
    )
    args_schema: type[BaseModel] = GenerateMusicInput
    request_model: type[BaseModel] = suno.GenerateRequest

    def make_job(self, request: Any) -> Job:
        return suno.generate(request)

    def _request(self, arguments: dict[str, Any]) -> suno.GenerateRequest:
        try:
            return validated(suno.GenerateRequest, **arguments)
        except InvalidInputError as error:
            raise ToolException(f"Invalid arguments: {error}") from error

    def _run(
        self,
        *,
        wait: bool = True,
        run_manager: CallbackManagerForToolRun | None = None,
        **arguments: Any,
    ) -> tuple[ToolContent, Task]:
        request = self._request(arguments)
        if request.lyrics_id:
            runner = TaskRunner(self._clients.sync(), self.schedule)
            try:
                job, task = suno.follow_lyrics(request.lyrics_id)
                written = runner.wait(job, runner.fetch(job, task))
                request = suno.use_lyrics(request, written)
            except GPTProtoError as error:
                raise self._fail(error) from error
        fields = request.model_dump(exclude_none=True)
        return super()._run(wait=wait, run_manager=run_manager, **fields)

    async def _arun(
        self,
        *,
        wait: bool = True,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
        **arguments: Any,
    ) -> tuple[ToolContent, Task]:
        request = self._request(arguments)
        if request.lyrics_id:
            runner = AsyncTaskRunner(self._clients.for_running_loop(), self.schedule)
            try:
                job, task = suno.follow_lyrics(request.lyrics_id)
                written = await runner.wait(job, await runner.fetch(job, task))
                request = suno.use_lyrics(request, written)
            except GPTProtoError as error:
                raise self._fail(error) from error
        fields = request.model_dump(exclude_none=True)
        return await super()._arun(wait=wait, run_manager=run_manager, **fields)


class ExtendMusicInput(suno.ExtendRequest):
    wait: bool = _WAIT


class SunoExtendMusic(_Suno):
    name: str = "suno_extend_music"
    description: str = (
        "Continue a Suno clip from continue_at seconds with new lyrics and/or style (two takes "
        "of the new part). For an audio uploaded with suno_upload_audio set uploaded=true. "
        "Call suno_concat_music on the new clip to get the whole song as one track."
    )
    args_schema: type[BaseModel] = ExtendMusicInput
    request_model: type[BaseModel] = suno.ExtendRequest

    def make_job(self, request: Any) -> Job:
        return suno.extend(request)


class CoverMusicInput(suno.CoverRequest):
    wait: bool = _WAIT


class SunoCoverMusic(_Suno):
    name: str = "suno_cover_music"
    description: str = (
        "Make a cover of a Suno clip: the same song in a new style (and optionally new lyrics "
        "and title). Needs the clip_id of a finished clip."
    )
    args_schema: type[BaseModel] = CoverMusicInput
    request_model: type[BaseModel] = suno.CoverRequest

    def make_job(self, request: Any) -> Job:
        return suno.cover(request)


class ConcatMusicInput(suno.ConcatRequest):
    wait: bool = _WAIT


class SunoConcatMusic(_Suno):
    name: str = "suno_concat_music"
    description: str = (
        "Join an extended Suno clip with everything it continues into one full song. Give the "
        "clip_id of the last extension."
    )
    args_schema: type[BaseModel] = ConcatMusicInput
    request_model: type[BaseModel] = suno.ConcatRequest

    def make_job(self, request: Any) -> Job:
        return suno.concat(request)


class UploadAudioInput(suno.UploadRequest):
    wait: bool = _WAIT


class SunoUploadAudio(_Suno):
    name: str = "suno_upload_audio"
    description: str = (
        "Give Suno an audio file by its http(s) URL. Returns a clip id that suno_extend_music "
        "can continue (with uploaded=true)."
    )
    args_schema: type[BaseModel] = UploadAudioInput
    request_model: type[BaseModel] = suno.UploadRequest

    def make_job(self, request: Any) -> Job:
        return suno.upload(request)


class GenerateLyricsInput(suno.LyricsRequest):
    wait: bool = _WAIT


class SunoGenerateLyrics(_Suno):
    name: str = "suno_generate_lyrics"
    description: str = (
        "Write song lyrics (with a title) about a topic with Suno. Returns the lyrics and a "
        "lyrics_id that suno_generate_music can sing."
    )
    args_schema: type[BaseModel] = GenerateLyricsInput
    request_model: type[BaseModel] = suno.LyricsRequest

    def make_job(self, request: Any) -> Job:
        return suno.lyrics(request)


class GetClipsInput(GetTaskInput):
    task_id: str = Field(
        min_length=1,
        description="What a Suno tool returned: clip ids separated by commas, or lyrics/<id>",
    )


class SunoGetClips(GPTProtoGetTaskTool):
    name: str = "suno_get_clips"
    description: str = (
        "Get Suno clips (or lyrics) by id: status, audio, video and cover art. Use it to resume "
        "a job submitted earlier; it never submits anything."
    )
    args_schema: type[BaseModel] = GetClipsInput
    lookup_tool = "suno_get_clips"

    def follow(self, task_id: str) -> tuple[Job, Task]:
        return suno.follow(task_id)
