"""Suno as LangChain tools, one per row of the operation table (API.md §8).

from langchain_gptproto.tools import SunoGenerateMusic
SunoGenerateMusic().invoke({"description": "an anthemic dancepop song about dancing all night"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = [
    "SunoConcatMusic",
    "SunoCoverMusic",
    "SunoExtendMusic",
    "SunoGenerateLyrics",
    "SunoGenerateMusic",
    "SunoGetClips",
    "SunoUploadAudio",
]


class SunoGenerateMusic(GPTProtoTaskTool):
    operation = OPERATIONS["suno_generate_music"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class SunoExtendMusic(GPTProtoTaskTool):
    operation = OPERATIONS["suno_extend_music"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class SunoCoverMusic(GPTProtoTaskTool):
    operation = OPERATIONS["suno_cover_music"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class SunoConcatMusic(GPTProtoTaskTool):
    operation = OPERATIONS["suno_concat_music"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class SunoUploadAudio(GPTProtoTaskTool):
    operation = OPERATIONS["suno_upload_audio"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class SunoGenerateLyrics(GPTProtoTaskTool):
    operation = OPERATIONS["suno_generate_lyrics"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class SunoGetClips(GPTProtoTaskTool):
    operation = OPERATIONS["suno_get_clips"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
