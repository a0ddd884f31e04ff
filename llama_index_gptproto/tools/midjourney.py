# No `from __future__ import annotations`: LlamaIndex builds the schemas from live annotations.
"""Midjourney functions of `GPTProtoToolSpec` (API.md §7); docstrings are what the model reads."""

from typing import Literal

from gptproto_core.vendors import midjourney as mj
from gptproto_core.vendors._inputs import validated
from llama_index_gptproto.tools._base import TaskBlocks, TaskToolsBase

__all__ = ["MIDJOURNEY_FUNCTIONS", "MidjourneyTools"]

LOOKUP, FOLLOW_UP = "midjourney_get_task", "midjourney_action"
MIDJOURNEY_FUNCTIONS = [
    ("midjourney_imagine", "amidjourney_imagine"),
    ("midjourney_blend", "amidjourney_blend"),
    ("midjourney_describe", "amidjourney_describe"),
    ("midjourney_swap_face", "amidjourney_swap_face"),
    ("midjourney_modal", "amidjourney_modal"),
    ("midjourney_action", "amidjourney_action"),
    ("midjourney_change", "amidjourney_change"),
    ("midjourney_get_task", "amidjourney_get_task"),
]
Bot = Literal["MID_JOURNEY", "NIJI_JOURNEY"]
Dimensions = Literal["PORTRAIT", "SQUARE", "LANDSCAPE"]
ChangeAction = Literal["UPSCALE", "VARIATION", "REROLL"]


class MidjourneyTools(TaskToolsBase):
    def midjourney_imagine(
        self,
        prompt: str,
        images: list[str] | None = None,
        bot: Bot = "MID_JOURNEY",
        wait: bool = True,
    ) -> TaskBlocks:
        """Create four images from a text prompt with Midjourney (a 2x2 grid).

        Flags such as --ar 16:9 go at the end of the prompt. images: optional reference images
        (URLs, data URIs or local paths). Returns the grid URL and follow-up actions U1-U4
        (upscale one), V1-V4 (variations) and reroll. wait=False returns the task id at once.
        """
        return self._run(
            lambda: mj.imagine(
                validated(mj.ImagineRequest, prompt=prompt, images=images or [], bot=bot)
            ),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    async def amidjourney_imagine(
        self,
        prompt: str,
        images: list[str] | None = None,
        bot: Bot = "MID_JOURNEY",
        wait: bool = True,
    ) -> TaskBlocks:
        """Create four images from a text prompt with Midjourney (a 2x2 grid)."""
        return await self._arun(
            lambda: mj.imagine(
                validated(mj.ImagineRequest, prompt=prompt, images=images or [], bot=bot)
            ),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    def midjourney_blend(
        self, images: list[str], dimensions: Dimensions = "SQUARE", wait: bool = True
    ) -> TaskBlocks:
        """Blend 2 to 5 images (URLs, data URIs or local paths) into one new picture.

        dimensions: PORTRAIT (2:3), SQUARE (1:1) or LANDSCAPE (3:2).
        """
        return self._run(
            lambda: mj.blend(validated(mj.BlendRequest, images=images, dimensions=dimensions)),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    async def amidjourney_blend(
        self, images: list[str], dimensions: Dimensions = "SQUARE", wait: bool = True
    ) -> TaskBlocks:
        """Blend 2 to 5 images into one new picture."""
        return await self._arun(
            lambda: mj.blend(validated(mj.BlendRequest, images=images, dimensions=dimensions)),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    def midjourney_describe(self, image: str, wait: bool = True) -> TaskBlocks:
        """Describe an image (URL, data URI or local path): four prompts that could make it."""
        return self._run(
            lambda: mj.describe(validated(mj.DescribeRequest, image=image)), wait, LOOKUP, FOLLOW_UP
        )

    async def amidjourney_describe(self, image: str, wait: bool = True) -> TaskBlocks:
        """Describe an image: four prompts that could make it."""
        return await self._arun(
            lambda: mj.describe(validated(mj.DescribeRequest, image=image)), wait, LOOKUP, FOLLOW_UP
        )

    def midjourney_swap_face(
        self, source_image: str, target_image: str, wait: bool = True
    ) -> TaskBlocks:
        """Put the face from source_image onto the person in target_image."""
        return self._run(
            lambda: mj.swap_face(
                validated(mj.SwapFaceRequest, source_image=source_image, target_image=target_image)
            ),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    async def amidjourney_swap_face(
        self, source_image: str, target_image: str, wait: bool = True
    ) -> TaskBlocks:
        """Put the face from source_image onto the person in target_image."""
        return await self._arun(
            lambda: mj.swap_face(
                validated(mj.SwapFaceRequest, source_image=source_image, target_image=target_image)
            ),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    def midjourney_modal(
        self, task_id: str, prompt: str | None = None, mask: str | None = None, wait: bool = True
    ) -> TaskBlocks:
        """Complete a Midjourney task waiting for input (MODAL: region vary, custom zoom, remix)
        with a new prompt and, for region vary, a mask image."""
        return self._run(
            lambda: mj.modal(validated(mj.ModalRequest, task_id=task_id, prompt=prompt, mask=mask)),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    async def amidjourney_modal(
        self, task_id: str, prompt: str | None = None, mask: str | None = None, wait: bool = True
    ) -> TaskBlocks:
        """Complete a Midjourney task waiting for input (MODAL)."""
        return await self._arun(
            lambda: mj.modal(validated(mj.ModalRequest, task_id=task_id, prompt=prompt, mask=mask)),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    def midjourney_action(self, task_id: str, custom_id: str, wait: bool = True) -> TaskBlocks:
        """Press a button of a finished Midjourney task: its task_id and the custom_id of one
        follow-up action from that task's result (U1-U4 upscale, V1-V4 vary, reroll, zoom...)."""
        return self._run(
            lambda: mj.action(validated(mj.ActionRequest, task_id=task_id, custom_id=custom_id)),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    async def amidjourney_action(
        self, task_id: str, custom_id: str, wait: bool = True
    ) -> TaskBlocks:
        """Press a button (custom_id) of a finished Midjourney task."""
        return await self._arun(
            lambda: mj.action(validated(mj.ActionRequest, task_id=task_id, custom_id=custom_id)),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    def midjourney_change(
        self, task_id: str, action: ChangeAction, index: int | None = None, wait: bool = True
    ) -> TaskBlocks:
        """UPSCALE or VARIATION of image index 1-4 of a finished grid, or REROLL the grid."""
        return self._run(
            lambda: mj.change(
                validated(mj.ChangeRequest, task_id=task_id, action=action, index=index)
            ),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    async def amidjourney_change(
        self, task_id: str, action: ChangeAction, index: int | None = None, wait: bool = True
    ) -> TaskBlocks:
        """UPSCALE or VARIATION of image index 1-4 of a finished grid, or REROLL the grid."""
        return await self._arun(
            lambda: mj.change(
                validated(mj.ChangeRequest, task_id=task_id, action=action, index=index)
            ),
            wait,
            LOOKUP,
            FOLLOW_UP,
        )

    def midjourney_get_task(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get a Midjourney task by id (status, progress, image, follow-up actions); resumes a
        job submitted earlier and never submits anything."""
        return self._lookup(mj.follow(task_id), wait, LOOKUP, FOLLOW_UP)

    async def amidjourney_get_task(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get a Midjourney task by id; never submits anything."""
        return await self._alookup(mj.follow(task_id), wait, LOOKUP, FOLLOW_UP)
