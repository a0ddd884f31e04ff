"""Midjourney as LangChain tools, one per row of the operation table (API.md §7).

from langchain_gptproto.tools import MidjourneyImagine
MidjourneyImagine().invoke({"prompt": "a lighthouse at dawn --ar 16:9"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = [
    "MidjourneyAction",
    "MidjourneyBlend",
    "MidjourneyChange",
    "MidjourneyDescribe",
    "MidjourneyGetTask",
    "MidjourneyImagine",
    "MidjourneyModal",
    "MidjourneySwapFace",
]


class MidjourneyImagine(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_imagine"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneyBlend(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_blend"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneyDescribe(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_describe"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneySwapFace(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_swap_face"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneyModal(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_modal"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneyAction(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_action"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneyChange(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_change"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class MidjourneyGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["midjourney_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
