"""Doubao Seedream and SeedEdit as LangChain tools, one per row (API.md §13.3-§13.5).

from langchain_gptproto.tools import DoubaoSeedreamGenerateImage
DoubaoSeedreamGenerateImage().invoke({"prompt": "a lighthouse at dusk", "size": "2K"})
"""

from __future__ import annotations

from typing import Literal

from langchain_core.tools import ArgsSchema

from gptproto_core.operations import tool_schema
from gptproto_core.tool_table import OPERATIONS
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["DoubaoSeededitEditImage", "DoubaoSeedreamGenerateImage"]


class DoubaoSeedreamGenerateImage(GPTProtoTaskTool):
    operation = OPERATIONS["doubao_seedream_generate_image"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
    api_format: Literal["images", "ark"] | None = "images"
    """Route: the OpenAI-style /v1/images/generations, or Ark's /api/v3/images/generations."""


class DoubaoSeededitEditImage(GPTProtoTaskTool):
    operation = OPERATIONS["doubao_seededit_edit_image"]
    name: str = operation.name
    description: str = operation.summary
    args_schema: ArgsSchema = tool_schema(operation)
