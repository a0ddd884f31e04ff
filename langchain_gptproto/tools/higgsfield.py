"""higgsfield as LangChain tools, one per row of the operation table (API.md §14).

from langchain_gptproto.tools import HiggsfieldListMotions
HiggsfieldListMotions().invoke({"search": "dance"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["HiggsfieldGenerateVideo", "HiggsfieldGetTask", "HiggsfieldListMotions"]


class HiggsfieldListMotions(GPTProtoTaskTool):
    operation = OPERATIONS["higgsfield_list_motions"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class HiggsfieldGenerateVideo(GPTProtoTaskTool):
    operation = OPERATIONS["higgsfield_generate_video"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class HiggsfieldGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["higgsfield_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
