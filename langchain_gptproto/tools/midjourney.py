"""Midjourney as LangChain tools: one tool per operation of API.md §7.

from langchain_gptproto.tools import MidjourneyImagine
MidjourneyImagine().invoke({"prompt": "a lighthouse at dawn --ar 16:9"})
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from gptproto_core.tasks import Job, Task
from gptproto_core.vendors import midjourney as mj
from gptproto_core.vendors._inputs import validated
from langchain_gptproto.tools._base import GPTProtoGetTaskTool, GPTProtoTaskTool

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

_WAIT = Field(
    default=True,
    description="Wait for the result (default). False returns the task id at once; "
    "fetch the result later with midjourney_get_task.",
)


class _Midjourney(GPTProtoTaskTool):
    lookup_tool = "midjourney_get_task"
    follow_up_tool = "midjourney_action"
    request_model: type[BaseModel]

    def build_job(self, **arguments: Any) -> Job:
        return self.make_job(validated(self.request_model, **arguments))

    def make_job(self, request: Any) -> Job:
        raise NotImplementedError


class ImagineInput(mj.ImagineRequest):
    wait: bool = _WAIT


class MidjourneyImagine(_Midjourney):
    name: str = "midjourney_imagine"
    description: str = (
        "Create four images from a text prompt with Midjourney (a 2x2 grid). Midjourney flags such "
        "as --ar 16:9 or --v 6 go at the end of the prompt. Optional reference images (URLs, data "
        "URIs or local paths). Returns the grid URL and follow-up actions U1-U4 (upscale one), "
        "V1-V4 (variations) and reroll."
    )
    args_schema: type[BaseModel] = ImagineInput
    request_model: type[BaseModel] = mj.ImagineRequest

    def make_job(self, request: Any) -> Job:
        return mj.imagine(request)


class BlendInput(mj.BlendRequest):
    wait: bool = _WAIT


class MidjourneyBlend(_Midjourney):
    name: str = "midjourney_blend"
    description: str = (
        "Blend 2 to 5 images into one new picture with Midjourney. Images are URLs, data URIs or "
        "local file paths; dimensions is PORTRAIT (2:3), SQUARE (1:1) or LANDSCAPE (3:2)."
    )
    args_schema: type[BaseModel] = BlendInput
    request_model: type[BaseModel] = mj.BlendRequest

    def make_job(self, request: Any) -> Job:
        return mj.blend(request)


class DescribeInput(mj.DescribeRequest):
    wait: bool = _WAIT


class MidjourneyDescribe(_Midjourney):
    name: str = "midjourney_describe"
    description: str = (
        "Ask Midjourney to describe an image: returns four prompts that could have produced it. "
        "The image is a URL, a data URI or a local file path."
    )
    args_schema: type[BaseModel] = DescribeInput
    request_model: type[BaseModel] = mj.DescribeRequest

    def make_job(self, request: Any) -> Job:
        return mj.describe(request)


class SwapFaceInput(mj.SwapFaceRequest):
    wait: bool = _WAIT


class MidjourneySwapFace(_Midjourney):
    name: str = "midjourney_swap_face"
    description: str = (
        "Put the face from source_image onto the person in target_image (Midjourney face swap). "
        "Both are URLs, data URIs or local file paths."
    )
    args_schema: type[BaseModel] = SwapFaceInput
    request_model: type[BaseModel] = mj.SwapFaceRequest

    def make_job(self, request: Any) -> Job:
        return mj.swap_face(request)


class ModalInput(mj.ModalRequest):
    wait: bool = _WAIT


class MidjourneyModal(_Midjourney):
    name: str = "midjourney_modal"
    description: str = (
        "Complete a Midjourney task that is waiting for input (status MODAL, e.g. after a region "
        "vary, custom zoom or remix action): give the task_id and the new prompt, and a mask "
        "image for region vary."
    )
    args_schema: type[BaseModel] = ModalInput
    request_model: type[BaseModel] = mj.ModalRequest

    def make_job(self, request: Any) -> Job:
        return mj.modal(request)


class ActionInput(mj.ActionRequest):
    wait: bool = _WAIT


class MidjourneyAction(_Midjourney):
    name: str = "midjourney_action"
    description: str = (
        "Press a button on a finished Midjourney task: give its task_id and the custom_id of one "
        "follow-up action listed in that task's result (U1-U4 upscale one image, V1-V4 make "
        "variations, reroll, zoom, pan...)."
    )
    args_schema: type[BaseModel] = ActionInput
    request_model: type[BaseModel] = mj.ActionRequest

    def make_job(self, request: Any) -> Job:
        return mj.action(request)


class ChangeInput(mj.ChangeRequest):
    wait: bool = _WAIT


class MidjourneyChange(_Midjourney):
    name: str = "midjourney_change"
    description: str = (
        "Upscale (UPSCALE) or vary (VARIATION) image number index 1-4 of a finished Midjourney "
        "grid, or REROLL the whole grid. Needs the task_id of the grid."
    )
    args_schema: type[BaseModel] = ChangeInput
    request_model: type[BaseModel] = mj.ChangeRequest

    def make_job(self, request: Any) -> Job:
        return mj.change(request)


class MidjourneyGetTask(GPTProtoGetTaskTool):
    name: str = "midjourney_get_task"
    description: str = (
        "Get a Midjourney task by id: its status, progress, image URL and follow-up actions. "
        "Use it to resume a job that was submitted earlier; it never submits anything."
    )
    lookup_tool = "midjourney_get_task"
    follow_up_tool = "midjourney_action"

    def follow(self, task_id: str) -> tuple[Job, Task]:
        return mj.follow(task_id)
