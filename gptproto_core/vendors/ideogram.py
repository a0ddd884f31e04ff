"""Ideogram 3.0 through gptproto (API.md §11): generate, edit, remix, replace the background.

    job = generate(validated(GenerateRequest, prompt="a poster that says 'Hello'"))
    task = TaskRunner(client).run(job)            # answered at once: nothing to poll
    task.outputs[0].url                           # data[].url (expires: download it soon)

Every route is `POST /ideogram/v1/ideogram-v3/<action>` with a multipart body: the files
(`image`, `mask`, `character_reference_images`: a path, bytes, a data URI, or a URL fetched
first, JPEG/PNG/WebP up to 10 MB) and the other fields as form fields. The answer is the result,
`{created, data: [{url, prompt, resolution, seed, style_type, is_image_safe}]}` (UPSTREAM):
there is no task to look up. An image flagged `is_image_safe: false` comes without a URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gptproto_core.errors import ContentPolicyError, UnexpectedResponseError, excerpt
from gptproto_core.files import FileRef, file_reference
from gptproto_core.media_types import MB
from gptproto_core.operations import Operation
from gptproto_core.task_types import Job, Output, Request, Task

__all__ = [
    "OPERATIONS",
    "EditRequest",
    "GenerateRequest",
    "RemixRequest",
    "ReplaceBackgroundRequest",
    "read_images",
]

VENDOR = "ideogram"
MAX_FILE = 10 * MB  # Ideogram's limit per image, and for all character references together
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
FILE_FIELDS = ("image", "mask", "character_reference_images")
_RATIOS = {"1x3", "3x1", "1x2", "2x1", "9x16", "16x9", "10x16", "16x10", "2x3", "3x2", "3x4"}
_RATIOS |= {"4x3", "4x5", "5x4", "1x1"}
_CHARACTER_STYLES = ("AUTO", "REALISTIC", "FICTION")


def _file(value: str | bytes, field: str) -> str | bytes:
    return file_reference(value, field=field, kinds=IMAGE_TYPES, max_bytes=MAX_FILE)


def _ratio(value: str | None) -> str | None:
    ratio = value.replace(":", "x") if value else None
    if ratio is not None and ratio not in _RATIOS:
        raise ValueError(f"must be one of {', '.join(sorted(_RATIOS))}")
    return ratio


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, description="What to draw (for edits: what the result shows)")
    rendering_speed: Literal["TURBO", "DEFAULT", "QUALITY"] | None = Field(
        default=None, description="TURBO, DEFAULT or QUALITY"
    )
    magic_prompt: Literal["AUTO", "ON", "OFF"] | None = Field(
        default=None, description="Let Ideogram rewrite the prompt: AUTO, ON or OFF"
    )
    num_images: int | None = Field(default=None, ge=1, le=8, description="Images to make, 1-8")
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Seed, repeatable")


class _Image(BaseModel):
    image: str | bytes = Field(
        description="The image to work on (URL, data URI or local path; JPEG/PNG/WebP, 10 MB)"
    )

    _check_image = field_validator("image")(lambda v: _file(v, "image"))


class _Framed(BaseModel):
    aspect_ratio: str | None = Field(default=None, description="WxH ratio such as 16x9 or 1x1")
    negative_prompt: str | None = Field(default=None, description="What not to draw")

    _check_ratio = field_validator("aspect_ratio")(_ratio)


class _Styled(BaseModel):
    style_type: Literal["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"] | None = Field(
        default=None, description="AUTO, GENERAL, REALISTIC, DESIGN or FICTION"
    )
    character_reference_images: list[str | bytes] = Field(
        default_factory=list,
        max_length=1,
        description="One image of a character to keep (JPEG/PNG/WebP, 10 MB); style_type "
        "must then be AUTO, REALISTIC or FICTION",
    )

    _check_characters = field_validator("character_reference_images")(
        lambda v: [_file(i, "character_reference_images") for i in v]
    )

    @model_validator(mode="after")
    def _character_styles(self) -> Any:
        if self.character_reference_images and self.style_type not in (None, *_CHARACTER_STYLES):
            raise ValueError(
                f"style_type {self.style_type} cannot be used with character_reference_images; "
                f"choose {', '.join(_CHARACTER_STYLES)}"
            )
        return self


class GenerateRequest(_Base, _Framed, _Styled):
    """§11 generate: text to image (optionally keeping a character)."""


class EditRequest(_Base, _Image, _Styled):
    """§11 edit: redraw the masked part of an image."""

    mask: str | bytes = Field(
        description="Black-and-white mask, the image's size: black marks what to redraw"
    )

    _check_mask = field_validator("mask")(lambda v: _file(v, "mask"))


class RemixRequest(_Base, _Image, _Framed, _Styled):
    """§11 remix: a new image from an image and a prompt."""

    image_weight: int | None = Field(
        default=None, ge=1, le=100, description="How much the image counts, 1-100 (50)"
    )


class ReplaceBackgroundRequest(_Base, _Image):
    """§11 replace-background: keep the subject, draw a new background from the prompt."""


def _submit(action: str, operation: str) -> Any:
    def build(request: _Base) -> Job:
        """`POST /ideogram/v1/ideogram-v3/<action>`: files as parts, the rest as fields."""
        fields = request.model_dump(exclude=set(FILE_FIELDS), exclude_none=True)
        files: dict[str, FileRef | list[FileRef]] = {}
        for name in FILE_FIELDS:
            value = getattr(request, name, None)
            if isinstance(value, str | bytes):
                files[name] = FileRef(value, IMAGE_TYPES, MAX_FILE)
            elif value:  # character_reference_images: a list, one part per image
                files[name] = [FileRef(v, IMAGE_TYPES, MAX_FILE) for v in value]
        path = f"/ideogram/v1/ideogram-v3/{action}"
        submit = Request("POST", path, files=files, data=fields)
        return Job(VENDOR, operation, submit, lambda body: read_images(body, operation))

    return build


def read_images(body: Any, operation: str) -> Task:
    """`data[].url`; images flagged unsafe are named, and raise when none is left."""
    items = body.get("data") if isinstance(body, Mapping) else None
    if not isinstance(items, list):
        raise UnexpectedResponseError("ideogram answer without data", body=excerpt(str(body)))
    outputs, flagged = [], []
    for number, item in enumerate(items, 1):
        item = item if isinstance(item, Mapping) else {}
        name = f"image {number} of {len(items)} (seed {item.get('seed', '?')})"
        if item.get("is_image_safe") is False or not item.get("url"):
            flagged.append(name)
        else:
            outputs.append(Output(str(item["url"]), "image", item.get("resolution")))
    if not outputs:
        raise ContentPolicyError(
            f"ideogram flagged {', '.join(flagged) or 'every image'} as unsafe "
            "(is_image_safe: false); change the prompt or the image",
            code="is_image_safe",
        )
    notes = tuple(f"Ideogram withheld {name}: flagged unsafe." for name in flagged)
    task_id = f"{operation}-{body.get('created') or 0}"
    return Task(task_id, VENDOR, operation, "succeeded", 1.0, tuple(outputs), notes=notes, raw=body)


_ANSWER = "Returns the image URLs (they expire: download them soon)."
_OPTIONS = "Optional rendering_speed, magic_prompt, num_images (1-8), seed"


def _row(action: str, operation: str, request: type[BaseModel], summary: str) -> Operation:
    return Operation(
        name=f"ideogram_{operation}",
        summary=f"{summary} {_OPTIONS}. {_ANSWER}",
        request=request,
        job=_submit(action, operation),
        tracker=None,
        vendor=VENDOR,
        section="§11",
        route=f"POST /ideogram/v1/ideogram-v3/{action}",
    )


OPERATIONS = (
    _row(
        "generate",
        "generate",
        GenerateRequest,
        "Create images from a text prompt with Ideogram 3.0 (good at lettering). Optional "
        "aspect_ratio (e.g. 16x9), style_type, negative_prompt, and one character reference "
        "image to keep a character.",
    ),
    _row(
        "edit",
        "edit",
        EditRequest,
        "Edit part of an image with Ideogram 3.0: image and mask (black marks what to "
        "redraw; both URL, data URI or local path) and a prompt for the result.",
    ),
    _row(
        "remix",
        "remix",
        RemixRequest,
        "Remix an image with Ideogram 3.0: a new image from image (URL, data URI or local "
        "path) and a prompt; image_weight 1-100 says how much the original counts. Optional "
        "aspect_ratio, style_type, negative_prompt.",
    ),
    _row(
        "replace-background",
        "replace_background",
        ReplaceBackgroundRequest,
        "Replace the background of an image with Ideogram 3.0: image (URL, data URI or local "
        "path) keeps its subject; the prompt describes the new background.",
    ),
)
