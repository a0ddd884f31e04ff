"""Runway as LangChain tools, one per row of the operation table (API.md §10).

from langchain_gptproto.tools import RunwayGenerate
RunwayGenerate().invoke({"prompt": "a kitten chases a butterfly", "seconds": 10})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = [
    "RunwayActOne",
    "RunwayActTwo",
    "RunwayGenerate",
    "RunwayGetTask",
    "RunwayImageToVideo",
    "RunwayVideoToVideo",
]


class RunwayActTwo(GPTProtoTaskTool):
    operation = OPERATIONS["runway_act_two"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class RunwayActOne(GPTProtoTaskTool):
    operation = OPERATIONS["runway_act_one"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class RunwayGenerate(GPTProtoTaskTool):
    operation = OPERATIONS["runway_generate"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class RunwayVideoToVideo(GPTProtoTaskTool):
    operation = OPERATIONS["runway_video_to_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class RunwayImageToVideo(GPTProtoTaskTool):
    operation = OPERATIONS["runway_image_to_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class RunwayGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["runway_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
