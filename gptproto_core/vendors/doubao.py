"""Doubao images through gptproto (API.md §13.3-§13.5): Seedream text to image, SeedEdit editing.

    job = seedream(validated(SeedreamRequest, prompt="a lighthouse at dusk", size="2K"))
    task = TaskRunner(client).run(job)            # answered at once: nothing to poll
    task.outputs[0].url                           # data[].url (Ark: valid about 24 hours)

- Seedream 3.0 / 4.0 (§13.4, §13.5): `POST /v1/images/generations` (default, the OpenAI-style
  route), or Ark's own `POST /api/v3/images/generations` (wire format "ark"); 4.0 takes up to
  10 reference images and makes groups of images (`sequential_image_generation`);
- SeedEdit 3.0 (§13.3): `POST /v1/images/generations` with `image` and the instruction.
Images are JSON fields: a URL, or a base64 data URI (local files and bytes are inlined).
The answer is the result (`data[].url` or `b64_json`): Doubao images have no task to look up.
Seedance video (§13.6) shares the vendor name and lives in `seedance.py`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gptproto_core.errors import ContentPolicyError, UnexpectedResponseError, excerpt
from gptproto_core.files import file_reference, inline_reference
from gptproto_core.media_types import MB, sniff
from gptproto_core.operations import Operation
from gptproto_core.task_types import Job, Output, Request, Task

__all__ = [
    "OPERATIONS",
    "SeedEditRequest",
    "SeedreamRequest",
    "read_images",
    "seededit",
    "seedream",
]

VENDOR = "doubao"
MAX_IMAGE = 10 * MB  # Ark's limit per input image (UPSTREAM)
_SEEDREAM_3 = "doubao-seedream-3-0-t2i-250415"
SeedreamModel = Literal[
    "doubao-seedream-4-0-250828", "seedream-4-0-250828", "doubao-seedream-3-0-t2i-250415"
]
SeedEditModel = Literal["doubao-seededit-3-0-i2i-250628", "seededit-3-0-i2i-250628"]


def _image(value: str | bytes, field: str = "image") -> str:
    """Checked (type, 10 MB), then as the JSON field takes it: URL or base64 data URI."""
    return inline_reference(
        file_reference(value, field=field, kinds=("image",), max_bytes=MAX_IMAGE)
    )


class _Common(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    seed: int | None = Field(default=None, ge=-1, le=2**31 - 1, description="Seed; -1 = random")
    guidance_scale: float | None = Field(
        default=None, ge=1, le=10, description="How closely to follow the prompt, 1-10"
    )
    watermark: bool | None = Field(default=None, description="Add the 'AI generated' watermark")
    response_format: Literal["url", "b64_json"] = Field(
        default="url", description="url (default) or b64_json (the image as a data URI)"
    )


class SeedreamRequest(_Common):
    prompt: str = Field(min_length=1, description="What to draw")
    model: SeedreamModel = Field(
        default="doubao-seedream-4-0-250828",
        description="Seedream 4.0 (default; also 'seedream-4-0-250828') or Seedream 3.0 "
        f"({_SEEDREAM_3})",
    )
    image: list[str | bytes] = Field(
        default_factory=list,
        max_length=10,
        description="Seedream 4.0: up to 10 reference images to edit or combine "
        "(URL, data URI or local path; each up to 10 MB)",
    )
    size: str | None = Field(
        default=None,
        pattern=r"^(1K|2K|4K|\d{3,4}x\d{3,4})$",
        description="WxH such as 1024x1024, or (Seedream 4.0) 1K, 2K or 4K",
    )
    sequential_image_generation: Literal["auto", "disabled"] | None = Field(
        default=None, description="Seedream 4.0: auto makes a group of related images"
    )
    max_images: int | None = Field(
        default=None, ge=1, le=15, description="Seedream 4.0 with auto: at most this many images"
    )

    _check_images = field_validator("image")(
        lambda v: [_image(i, f"image.{n}") for n, i in enumerate(v)]
    )

    @model_validator(mode="after")
    def _seedream_3(self) -> SeedreamRequest:
        if self.max_images and self.sequential_image_generation != "auto":
            raise ValueError("max_images needs sequential_image_generation='auto'")
        if self.model == _SEEDREAM_3:
            if self.image or self.sequential_image_generation or self.max_images:
                raise ValueError("image, sequential_image_generation and max_images need 4.0")
            if self.size and self.size.endswith("K"):
                raise ValueError("size: Seedream 3.0 takes WxH (e.g. 1024x1024), not 1K/2K/4K")
        return self


class SeedEditRequest(_Common):
    prompt: str = Field(min_length=1, description="How to change the image")
    image: str | bytes = Field(description="The image to edit (URL, data URI or local path)")
    model: SeedEditModel = Field(
        default="doubao-seededit-3-0-i2i-250628", description="The SeedEdit 3.0 model"
    )
    size: Literal["adaptive"] = Field(default="adaptive", description="SeedEdit keeps the size")

    _check_image = field_validator("image")(_image)


def _body(request: BaseModel, exclude: set[str]) -> dict[str, Any]:
    return request.model_dump(exclude=exclude, exclude_none=True, exclude_defaults=False)


def seedream(request: SeedreamRequest) -> Job:
    """`POST /v1/images/generations` (§13.4, §13.5): the fields the docs' examples send."""
    body = _body(request, {"image", "max_images"})
    if request.image:
        body["image"] = request.image
    if request.max_images:
        body["sequential_image_generation_options"] = {"max_images": request.max_images}
    return _job("seedream", Request("POST", "/v1/images/generations", json=body))


def seedream_ark(request: SeedreamRequest) -> Job:
    """Ark's own path `POST /api/v3/images/generations` (§13.5), with `stream: false`."""
    job = seedream(request)
    body = {**job.submit.json, "stream": False}
    return _job("seedream", Request("POST", "/api/v3/images/generations", json=body))


def seededit(request: SeedEditRequest) -> Job:
    """`POST /v1/images/generations` (§13.3) with the image to edit."""
    return _job("seededit", Request("POST", "/v1/images/generations", json=_body(request, set())))


def _job(operation: str, submit: Request) -> Job:
    """Doubao answers with the images: a job that is finished when submitted."""
    return Job(VENDOR, operation, submit, lambda body: read_images(body, operation))


_SENSITIVE = ("sensitive", "risk", "policy")


def read_images(body: Any, operation: str) -> Task:
    """`{created, data: [{url} | {b64_json} | {error}], usage}`; refused images raise."""
    items = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(items, list):
        raise UnexpectedResponseError("doubao answer without data", body=excerpt(str(body)))
    outputs, refused = [], []
    for item in items:
        item = item if isinstance(item, Mapping) else {}
        if item.get("url"):
            outputs.append(Output(str(item["url"]), "image"))
        elif item.get("b64_json"):
            encoded = str(item["b64_json"])
            head = base64.b64decode(encoded[:24] + "=" * (-len(encoded[:24]) % 4))
            kind = sniff(head) or "image/png"
            outputs.append(Output(f"data:{kind};base64,{encoded}", "image"))
        elif isinstance(item.get("error"), Mapping):  # Ark: one image of a group failed
            refused.append(item["error"])
    if not outputs:
        reasons = "; ".join(str(e.get("message") or e.get("code")) for e in refused)
        codes = " ".join(str(e.get("code") or "") for e in refused).lower()
        if refused and any(word in codes for word in _SENSITIVE):
            raise ContentPolicyError(
                f"doubao refused the image: {reasons}", code=refused[0]["code"]
            )
        raise UnexpectedResponseError(
            f"doubao answer without images{f': {reasons}' if reasons else ''}",
            body=excerpt(str(body)),
        )
    notes = tuple(f"One image was not made: {e.get('message') or e.get('code')}" for e in refused)
    task_id = f"{operation}-{body.get('created') or 0}"
    return Task(task_id, VENDOR, operation, "succeeded", 1.0, tuple(outputs), notes=notes, raw=body)


OPERATIONS = (
    Operation(
        name="doubao_seedream_generate_image",
        summary="Create images from a text prompt with Doubao Seedream (4.0 by default, or 3.0). "
        "Seedream 4.0 also edits or combines up to 10 reference images (image: URLs, data URIs "
        "or local paths) and makes groups of images (sequential_image_generation='auto', "
        "max_images). Optional size (WxH, or 1K/2K/4K on 4.0), seed, watermark. Returns the "
        "image URLs (valid about a day).",
        request=SeedreamRequest,
        job=seedream,
        tracker=None,
        vendor=VENDOR,
        section="§13.4-§13.5",
        route="POST /v1/images/generations",
        formats={"images": seedream, "ark": seedream_ark},
    ),
    Operation(
        name="doubao_seededit_edit_image",
        summary="Edit an image with Doubao SeedEdit 3.0: give image (URL, data URI or local "
        "path) and say in the prompt what to change. The size stays the image's own. Optional "
        "guidance_scale (1-10), seed, watermark. Returns the edited image URL.",
        request=SeedEditRequest,
        job=seededit,
        tracker=None,
        vendor=VENDOR,
        section="§13.3",
        route="POST /v1/images/generations",
    ),
)
