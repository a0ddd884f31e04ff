"""Flux as LangChain tools, one per row of the operation table (API.md §12).

from langchain_gptproto.tools import FluxGenerateImage
FluxGenerateImage().invoke({"prompt": "make the cat blue", "image": "https://example.com/cat.png"})
"""

from __future__ import annotations

from typing import Literal

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["FluxGenerateImage", "FluxGetTask"]

FluxFormat = Literal["official", "images", "chat"]


class FluxGenerateImage(GPTProtoTaskTool):
    operation = OPERATIONS["flux_generate_image"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
    api_format: FluxFormat | None = "official"
    """Wire format: BFL's official submit/get_result, or the synchronous images or chat route."""


class FluxGetTask(GPTProtoTaskTool):
    operation = OPERATIONS["flux_get_task"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
