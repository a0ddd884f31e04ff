# No `from __future__ import annotations`: LlamaIndex builds the schemas from live annotations.
"""Flux functions of `GPTProtoToolSpec` (API.md §12); docstrings are what the model reads.

The spec's `flux_format` picks the wire format: "official" (default; submit + get_result),
"images" or "chat" (both answered at once).
"""

from typing import Any, Literal

from gptproto_core.tasks import Job
from gptproto_core.vendors import flux
from gptproto_core.vendors._inputs import validated
from llama_index_gptproto.tools._base import TaskBlocks, TaskToolsBase

__all__ = ["FLUX_FUNCTIONS", "FluxFormat", "FluxTools"]

LOOKUP = "flux_get_task"
FLUX_FUNCTIONS = [
    ("flux_generate_image", "aflux_generate_image"),
    ("flux_get_task", "aflux_get_task"),
]
FluxModel = Literal["flux-kontext-pro", "flux-kontext-max"]
FluxFormat = Literal["official", "images", "chat"]
_BUILDERS = {"official": flux.submit, "images": flux.generate_images, "chat": flux.generate_chat}


class FluxTools(TaskToolsBase):
    flux_format: FluxFormat = "official"

    def _flux_job(self, fields: dict[str, Any]) -> Job:
        request = validated(flux.ImageRequest, **{k: v for k, v in fields.items() if v is not None})
        return _BUILDERS[self.flux_format](request)

    def flux_generate_image(
        self,
        prompt: str,
        image: str | None = None,
        model: FluxModel = "flux-kontext-pro",
        aspect_ratio: str | None = None,
        seed: int | None = None,
        output_format: Literal["jpeg", "png"] | None = None,
        extra_images: list[str] | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Create an image from a text prompt with Flux Kontext, or edit one: give image (URL,
        data URI or local path) and say in the prompt what to change.

        aspect_ratio: W:H from 21:9 to 9:21. extra_images: up to 3 more references. Returns the
        image URL (short-lived: download it soon).
        """
        fields: dict[str, Any] = {"prompt": prompt, "image": image, "model": model, "seed": seed}
        fields.update(aspect_ratio=aspect_ratio, output_format=output_format)
        fields.update(extra_images=extra_images)
        return self._run(lambda: self._flux_job(fields), wait, LOOKUP, None)

    async def aflux_generate_image(
        self,
        prompt: str,
        image: str | None = None,
        model: FluxModel = "flux-kontext-pro",
        aspect_ratio: str | None = None,
        seed: int | None = None,
        output_format: Literal["jpeg", "png"] | None = None,
        extra_images: list[str] | None = None,
        wait: bool = True,
    ) -> TaskBlocks:
        """Create an image from a text prompt with Flux Kontext, or edit a given image."""
        fields: dict[str, Any] = {"prompt": prompt, "image": image, "model": model, "seed": seed}
        fields.update(aspect_ratio=aspect_ratio, output_format=output_format)
        fields.update(extra_images=extra_images)
        return await self._arun(lambda: self._flux_job(fields), wait, LOOKUP, None)

    def flux_get_task(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get a Flux task by id (status, image URL); resumes a job submitted earlier and never
        submits anything."""
        return self._lookup(flux.follow(task_id), wait, LOOKUP, None)

    async def aflux_get_task(self, task_id: str, wait: bool = True) -> TaskBlocks:
        """Get a Flux task by id; never submits anything."""
        return await self._alookup(flux.follow(task_id), wait, LOOKUP, None)
