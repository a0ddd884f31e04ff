"""Kling as LangChain tools: images, text to video, image to video (API.md §9).

from langchain_gptproto.tools import KlingTextToVideo
KlingTextToVideo().invoke({"prompt": "a plane flies overhead", "duration": "10"})
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from gptproto_core.tasks import Job, Task
from gptproto_core.vendors import kling
from gptproto_core.vendors._inputs import validated
from langchain_gptproto.tools._base import GetTaskInput, GPTProtoGetTaskTool, GPTProtoTaskTool

__all__ = ["KlingGenerateImage", "KlingGetTask", "KlingImageToVideo", "KlingTextToVideo"]

_WAIT = Field(
    default=True,
    description="Wait for the result (default). False returns the task id at once; "
    "fetch the result later with kling_get_task.",
)


class _Kling(GPTProtoTaskTool):
    lookup_tool = "kling_get_task"
    request_model: type[BaseModel]

    def build_job(self, **arguments: Any) -> Job:
        return self.make_job(validated(self.request_model, **arguments))

    def make_job(self, request: Any) -> Job:
        raise NotImplementedError


class GenerateImageInput(kling.ImageRequest):
    wait: bool = _WAIT


class KlingGenerateImage(_Kling):
    name: str = "kling_generate_image"
    description: str = (
        "Create 1 to 9 images from a text prompt with Kling, optionally guided by a reference "
        "image (URL, data URI or local path; image_reference 'subject' or 'face'). Returns the "
        "image URLs."
    )
    args_schema: type[BaseModel] = GenerateImageInput
    request_model: type[BaseModel] = kling.ImageRequest

    def make_job(self, request: Any) -> Job:
        return kling.generate_image(request)


class TextToVideoInput(kling.TextToVideoRequest):
    wait: bool = _WAIT


class KlingTextToVideo(_Kling):
    name: str = "kling_text_to_video"
    description: str = (
        'Make a 5 or 10 second video from a text prompt with Kling (duration "5" or "10", mode '
        "std or pro, aspect_ratio 16:9, 9:16 or 1:1). Returns the video URL."
    )
    args_schema: type[BaseModel] = TextToVideoInput
    request_model: type[BaseModel] = kling.TextToVideoRequest

    def make_job(self, request: Any) -> Job:
        return kling.text_to_video(request)


class ImageToVideoInput(kling.ImageToVideoRequest):
    wait: bool = _WAIT


class KlingImageToVideo(_Kling):
    name: str = "kling_image_to_video"
    description: str = (
        "Bring a picture to life: a 5 or 10 second video with Kling that starts from image "
        "(URL, data URI or local path), optionally ends on image_tail, moving as the prompt "
        "says. Returns the video URL."
    )
    args_schema: type[BaseModel] = ImageToVideoInput
    request_model: type[BaseModel] = kling.ImageToVideoRequest

    def make_job(self, request: Any) -> Job:
        return kling.image_to_video(request)


class KlingTaskInput(GetTaskInput):
    task_id: str = Field(
        min_length=1,
        description="The task id a Kling tool returned, e.g. 'videos/text2video/<id>'",
    )


class KlingGetTask(GPTProtoGetTaskTool):
    name: str = "kling_get_task"
    description: str = (
        "Get a Kling task by the id a Kling tool returned: its status and the image or video "
        "URLs. Use it to resume a job submitted earlier; it never submits anything."
    )
    args_schema: type[BaseModel] = KlingTaskInput
    lookup_tool = "kling_get_task"

    def follow(self, task_id: str) -> tuple[Job, Task]:
        return kling.follow(task_id)
