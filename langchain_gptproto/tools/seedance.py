"""Doubao Seedance video as LangChain tools, one per row of the operation table (API.md §13.6).

from langchain_gptproto.tools import DoubaoSeedanceGenerateVideo
DoubaoSeedanceGenerateVideo().invoke({"prompt": "she dances", "first_frame": "girl.png"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["DoubaoSeedanceGenerateVideo", "DoubaoSeedanceGetTask"]


class DoubaoSeedanceGenerateVideo(GPTProtoTaskTool):
    operation = OPERATIONS["doubao_seedance_generate_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class DoubaoSeedanceGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["doubao_seedance_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
