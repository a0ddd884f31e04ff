"""Flux as LangChain tools: text to image and Kontext image editing (API.md §12).

from langchain_gptproto.tools import FluxGenerateImage
FluxGenerateImage().invoke({"prompt": "make the cat blue", "image": "https://example.com/cat.png"})

`api_format` picks the wire format: "official" (default; BFL submit + get_result, polled),
"images" (`/v1/images/generations`) or "chat" (`/v1/chat/completions`), both answered at once.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from gptproto_core.tasks import Job, Task
from gptproto_core.vendors import flux
from gptproto_core.vendors._inputs import validated
from langchain_gptproto.tools._base import GPTProtoGetTaskTool, GPTProtoTaskTool

__all__ = ["FluxGenerateImage", "FluxGetTask"]

FluxFormat = Literal["official", "images", "chat"]
JOB_BUILDERS = {"official": flux.submit, "images": flux.generate_images, "chat": flux.generate_chat}


class GenerateImageInput(flux.ImageRequest):
    wait: bool = Field(
        default=True,
        description="Wait for the result (default). False returns the task id at once; "
        "fetch the result later with flux_get_task.",
    )


class FluxGenerateImage(GPTProtoTaskTool):
    name: str = "flux_generate_image"
    description: str = (
        "Create an image from a text prompt with Flux Kontext, or edit an image: give image "
        "(URL, data URI or local path) and say in the prompt what to change. Optional "
        "aspect_ratio (21:9 to 9:21), seed, output_format jpeg or png. Returns the image URL "
        "(short-lived: download it soon)."
    )
    args_schema: type[BaseModel] = GenerateImageInput
    api_format: FluxFormat = "official"
    """Wire format: BFL's official submit/get_result, or the synchronous images or chat route."""

    lookup_tool = "flux_get_task"

    def build_job(self, **arguments: Any) -> Job:
        return JOB_BUILDERS[self.api_format](validated(flux.ImageRequest, **arguments))


class FluxGetTask(GPTProtoGetTaskTool):
    name: str = "flux_get_task"
    description: str = (
        "Get a Flux task by id: its status and image URL. Use it to resume a job submitted "
        "earlier; it never submits anything."
    )
    lookup_tool = "flux_get_task"

    def follow(self, task_id: str) -> tuple[Job, Task]:
        return flux.follow(task_id)
