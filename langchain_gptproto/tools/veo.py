"""Veo as LangChain tools, one per row of the operation table (API.md §5.2, §5.3).

from langchain_gptproto.tools import VeoGenerateVideo
VeoGenerateVideo().invoke({"prompt": "a monk dunks", "images": ["first.png", "last.png"]})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["VeoGenerateVideo", "VeoGetTask"]


class VeoGenerateVideo(GPTProtoTaskTool):
    operation = OPERATIONS["veo_generate_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class VeoGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["veo_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
