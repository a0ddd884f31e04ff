"""Ideogram 3.0 as LangChain tools, one per row of the operation table (API.md §11).

from langchain_gptproto.tools import IdeogramReplaceBackground
IdeogramReplaceBackground().invoke({"prompt": "a starry night sky", "image": "photo.png"})
"""

from __future__ import annotations

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["IdeogramEdit", "IdeogramGenerate", "IdeogramRemix", "IdeogramReplaceBackground"]


class IdeogramGenerate(GPTProtoTaskTool):
    operation = OPERATIONS["ideogram_generate"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class IdeogramEdit(GPTProtoTaskTool):
    operation = OPERATIONS["ideogram_edit"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class IdeogramRemix(GPTProtoTaskTool):
    operation = OPERATIONS["ideogram_remix"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)


class IdeogramReplaceBackground(GPTProtoTaskTool):
    operation = OPERATIONS["ideogram_replace_background"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
