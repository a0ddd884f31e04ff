"""OpenAI images and audio as LangChain tools, one per row of the operation table (API.md §3).

from langchain_gptproto.tools import OpenaiTextToSpeech
OpenaiTextToSpeech(output_dir="out").invoke({"input": "Hello", "response_format": "wav"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["OpenaiEditImage", "OpenaiGenerateImage", "OpenaiTextToSpeech", "OpenaiTranscribeAudio"]


class OpenaiGenerateImage(GPTProtoTaskTool):
    operation = OPERATIONS["openai_generate_image"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class OpenaiEditImage(GPTProtoTaskTool):
    operation = OPERATIONS["openai_edit_image"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class OpenaiTextToSpeech(GPTProtoTaskTool):
    operation = OPERATIONS["openai_text_to_speech"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class OpenaiTranscribeAudio(GPTProtoTaskTool):
    operation = OPERATIONS["openai_transcribe_audio"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
