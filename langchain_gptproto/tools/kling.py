"""Kling as LangChain tools, one per row of the operation table (API.md §9).

from langchain_gptproto.tools import KlingTextToVideo
KlingTextToVideo().invoke({"prompt": "a plane flies overhead", "duration": "10"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["KlingGenerateImage", "KlingGetTask", "KlingImageToVideo", "KlingTextToVideo"]


class KlingGenerateImage(GPTProtoTaskTool):
    operation = OPERATIONS["kling_generate_image"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class KlingTextToVideo(GPTProtoTaskTool):
    operation = OPERATIONS["kling_text_to_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class KlingImageToVideo(GPTProtoTaskTool):
    operation = OPERATIONS["kling_image_to_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class KlingGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["kling_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
