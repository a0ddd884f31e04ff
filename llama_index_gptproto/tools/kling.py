# No `from __future__ import annotations`: LlamaIndex builds the schemas from live annotations.
"""Kling functions of `GPTProtoToolSpec` (API.md §9); docstrings are what the model reads."""

from typing import Any, Literal

from gptproto_core.errors import InvalidInputError
from gptproto_core.tasks import Job, Task
from gptproto_core.vendors import kling
from gptproto_core.vendors._inputs import validated
from llama_index_gptproto.tools._base import TaskBlocks, TaskToolsBase, ToolFailure

__all__ = ["KLING_FUNCTIONS", "KlingTools"]

LOOKUP = "kling_get_task"
KLING_FUNCTIONS = [
    ("kling_generate_image", "akling_generate_image"),
    ("kling_text_to_video", "akling_text_to_video"),
    ("kling_image_to_video", "akling_image_to_video"),
    ("kling_get_task", "akling_get_task"),
]
ImageRatio = Literal["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"]
VideoRatio = Literal["16:9", "9:16", "1:1"]
Duration = Literal["5", "10"]
Mode = Literal["std", "pro"]
Reference = Literal["subject", "face"]


def _image_job(fields: dict[str, Any]) -> Job:
    return kling.generate_image(validated(kling.ImageRequest, **fields))


def _text_job(fields: dict[str, Any]) -> Job:
    return kling.text_to_video(validated(kling.TextToVideoRequest, **fields))


def _i2v_job(fields: dict[str, Any]) -> Job:
    return kling.image_to_video(validated(kling.ImageToVideoRequest, **fields))


def _follow(task_id: str) -> tuple[Job, Task]:
    try:
        return kling.follow(task_id)
    except InvalidInputError as error:
        raise ToolFailure(f"Invalid arguments: {error}") from error


class KlingTools(TaskToolsBase):
    def kling_generate_image(
        self,
        prompt: str,
        image: str | None = None,
        image_reference: Reference | None = None,
        n: int = 1,
        aspect_ratio: ImageRatio | None = None,
        negative_prompt: str | None = None,
        model_name: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Create 1 to 9 (n) images from a text prompt with Kling.

        image: an optional reference (URL, data URI or local path) used as the 'subject' or the
        'face' (image_reference). model_name: Kling's model, e.g. kling-v1-5. Returns the URLs.
        """
        fields: dict[str, Any] = {
            "prompt": prompt,
            "image": image,
            "image_reference": image_reference,
            "n": n,
        }
        fields.update(aspect_ratio=aspect_ratio, negative_prompt=negative_prompt)
        fields.update(model_name=model_name)
        return self._run(lambda: _image_job(fields), wait, LOOKUP, None)

    async def akling_generate_image(
        self,
        prompt: str,
        image: str | None = None,
        image_reference: Reference | None = None,
        n: int = 1,
        aspect_ratio: ImageRatio | None = None,
        negative_prompt: str | None = None,
        model_name: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Create 1 to 9 images from a text prompt with Kling."""
        fields: dict[str, Any] = {
            "prompt": prompt,
            "image": image,
            "image_reference": image_reference,
            "n": n,
        }
        fields.update(aspect_ratio=aspect_ratio, negative_prompt=negative_prompt)
        fields.update(model_name=model_name)
        return await self._arun(lambda: _image_job(fields), wait, LOOKUP, None)

    def kling_text_to_video(
        self,
        prompt: str,
        duration: Duration = "5",
        mode: Mode = "std",
        aspect_ratio: VideoRatio = "16:9",
        negative_prompt: str | None = None,
        model: str | None = None,
        model_name: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Make a 5 or 10 second video (duration "5" or "10") from a text prompt with Kling.

        mode: std (faster) or pro (better). model: a gptproto SKU such as
        kling-video-std-10-v1-6; model_name: Kling's own name such as kling-v1-6 (give one or
        neither). Returns the video URL.
        """
        fields: dict[str, Any] = {"prompt": prompt, "duration": duration, "mode": mode}
        fields.update(aspect_ratio=aspect_ratio, negative_prompt=negative_prompt)
        fields.update(model=model, model_name=model_name)
        return self._run(lambda: _text_job(fields), wait, LOOKUP, None)

    async def akling_text_to_video(
        self,
        prompt: str,
        duration: Duration = "5",
        mode: Mode = "std",
        aspect_ratio: VideoRatio = "16:9",
        negative_prompt: str | None = None,
        model: str | None = None,
        model_name: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Make a 5 or 10 second video from a text prompt with Kling."""
        fields: dict[str, Any] = {"prompt": prompt, "duration": duration, "mode": mode}
        fields.update(aspect_ratio=aspect_ratio, negative_prompt=negative_prompt)
        fields.update(model=model, model_name=model_name)
        return await self._arun(lambda: _text_job(fields), wait, LOOKUP, None)

    def kling_image_to_video(
        self,
        image: str,
        prompt: str | None = None,
        image_tail: str | None = None,
        duration: Duration = "5",
        mode: Mode = "std",
        model: str | None = None,
        model_name: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Bring a picture to life: a 5 or 10 second Kling video that starts from image (URL,
        data URI or local path), moving as the prompt says, optionally ending on image_tail.

        Returns the video URL.
        """
        fields: dict[str, Any] = {"image": image, "prompt": prompt, "image_tail": image_tail}
        fields.update(duration=duration, mode=mode, model=model, model_name=model_name)
        return self._run(lambda: _i2v_job(fields), wait, LOOKUP, None)

    async def akling_image_to_video(
        self,
        image: str,
        prompt: str | None = None,
        image_tail: str | None = None,
        duration: Duration = "5",
        mode: Mode = "std",
        model: str | None = None,
        model_name: str | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Bring a picture to life: a 5 or 10 second Kling video that starts from image."""
        fields: dict[str, Any] = {"image": image, "prompt": prompt, "image_tail": image_tail}
        fields.update(duration=duration, mode=mode, model=model, model_name=model_name)
        return await self._arun(lambda: _i2v_job(fields), wait, LOOKUP, None)

    def kling_get_task(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get a Kling task by the id a Kling tool returned (e.g. 'videos/text2video/<id>'): its
        status and image or video URLs; resumes a job and never submits anything."""
        return self._lookup(_follow(task_id), wait, LOOKUP, None)

    async def akling_get_task(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get a Kling task by id; never submits anything."""
        return await self._alookup(_follow(task_id), wait, LOOKUP, None)
