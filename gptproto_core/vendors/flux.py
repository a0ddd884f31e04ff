"""Flux (Black Forest Labs' Kontext models) through gptproto (API.md §12): three formats.

    job = submit(validated(ImageRequest, prompt="a blue cat", image="cat.png"))   # official
    task = TaskRunner(client).run(job)            # polls get_result until Ready
    task.outputs[0].url                           # result.sample (signed, short-lived)

- official (§12.3, §12.4): `POST /flux/v1/{model}` → `{id}`, then `GET /flux/v1/get_result?id=`
  with BFL's statuses `Pending`, `Ready`, `Error`, `Request Moderated`, `Content Moderated`,
  `Task not found`;
- images (§12.2): `POST /v1/images/generations`, answered at once (`data[].url` or `b64_json`);
  a reference image URL goes inside the prompt text, `size` is an aspect ratio;
- chat (§12.1): `POST /v1/chat/completions`; the image links are read out of the reply.
The two synchronous formats are jobs that are finished when submitted: the runner never polls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gptproto_core.errors import (
    ContentPolicyError,
    InvalidInputError,
    NotFoundError,
    UnexpectedResponseError,
    excerpt,
)
from gptproto_core.media_links import images_from_field, split_images
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import Job, Output, Request, StatusTable, Task, Tracker
from gptproto_core.vendors._inputs import image_fields

__all__ = [
    "OPERATIONS",
    "STATUS",
    "TRACKER",
    "ImageRequest",
    "generate_chat",
    "generate_images",
    "read_result",
    "submit",
]

VENDOR = "flux"
FluxModel = Literal["flux-kontext-pro", "flux-kontext-max"]
_RATIO = re.compile(r"^(\d+):(\d+)$")

# --- request model (§12.3 fields; BFL ranges) --------------------------------------------------


def _ratio(value: str | None) -> str | None:
    match = _RATIO.match(value or "")
    if value is None:
        return None
    if not match or not int(match[1]) or not int(match[2]):
        raise ValueError("must be a ratio 'W:H' such as '16:9'")
    if not 9 / 21 <= int(match[1]) / int(match[2]) <= 21 / 9:
        raise ValueError("must lie between 21:9 and 9:21")
    return value


class ImageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, description="What to draw, or how to change the image")
    image: str | None = Field(
        default=None, description="An image to edit (URL, data URI or local path)"
    )
    extra_images: list[str] = Field(
        default_factory=list, max_length=3, description="Up to 3 more reference images"
    )
    model: FluxModel = Field(
        default="flux-kontext-pro", description="flux-kontext-pro (default) or flux-kontext-max"
    )
    aspect_ratio: str | None = Field(default=None, description="W:H from 21:9 to 9:21")
    seed: int | None = Field(default=None, ge=0, description="Seed for a repeatable result")
    output_format: Literal["jpeg", "png"] | None = Field(default=None, description="jpeg or png")
    safety_tolerance: int | None = Field(
        default=None, ge=0, le=6, description="Moderation tolerance 0-6, 0 = strictest"
    )
    prompt_upsampling: bool | None = Field(
        default=None, description="Let Flux enrich the prompt before drawing"
    )

    _images = image_fields("image", "extra_images")
    _aspect = field_validator("aspect_ratio")(_ratio)

    @property
    def images(self) -> list[str]:
        return [self.image, *self.extra_images] if self.image else list(self.extra_images)


# --- official format (§12.3, §12.4) ------------------------------------------------------------


def _bfl_image(reference: str) -> str:
    """BFL takes a URL or plain base64 (no `data:` prefix)."""
    return reference.split(",", 1)[1] if reference.startswith("data:") else reference


def submit(request: ImageRequest) -> Job:
    """`POST /flux/v1/{model}`: text to image, or Kontext editing when an image is given."""
    body: dict[str, Any] = {"prompt": request.prompt}
    names = ("input_image", "input_image_2", "input_image_3", "input_image_4")
    body.update({name: _bfl_image(ref) for name, ref in zip(names, request.images, strict=False)})
    options = request.model_dump(
        include={"seed", "aspect_ratio", "output_format", "prompt_upsampling", "safety_tolerance"},
        exclude_none=True,
    )
    body.update(options)
    operation = "edit" if request.images else "generate"
    return Job(
        vendor=VENDOR,
        operation=operation,
        submit=Request("POST", f"/flux/v1/{request.model}", json=body),
        read_submitted=lambda answer: _read_submitted(answer, operation),
        tracker=TRACKER,
    )


def _resume(task_id: str) -> Task:
    return Task(id=task_id.strip(), vendor=VENDOR, operation="generate", status="queued")


def _fetch(task: Task) -> Request:
    return Request("GET", "/flux/v1/get_result", params={"id": task.id})


def _read_submitted(body: Any, operation: str) -> Task:
    if not isinstance(body, Mapping) or not body.get("id"):
        raise UnexpectedResponseError("flux submit answer without an id", body=excerpt(str(body)))
    return Task(id=str(body["id"]), vendor=VENDOR, operation=operation, status="queued", raw=body)


STATUS = StatusTable(
    VENDOR,
    {
        "Pending": "running",
        "Ready": "succeeded",
        "Error": "failed",
        "Request Moderated": "failed",
        "Content Moderated": "failed",
        "Task not found": "failed",
    },
)
_MODERATED = ("request moderated", "content moderated")


def read_result(body: Any, previous: Task) -> Task:
    """A get_result body as a `Task`; moderation and unknown ids raise typed errors."""
    if not isinstance(body, Mapping) or not body.get("status"):
        raise UnexpectedResponseError("flux result without a status", body=excerpt(str(body)))
    word = str(body["status"])
    reason = _reason(body)
    if word.lower() == "task not found":
        raise NotFoundError(f"flux has no task {previous.id!r} ({word})")
    if word.lower() in _MODERATED:
        message = f"flux task {previous.id} was refused by moderation"
        raise ContentPolicyError(message + (f": {reason}" if reason else ""), code=word)
    status = STATUS(word)
    result = body.get("result")
    sample = result.get("sample") if isinstance(result, Mapping) else None
    progress = body.get("progress")
    if status == "succeeded":
        progress = 1.0
    return Task(
        id=previous.id,
        vendor=VENDOR,
        operation=previous.operation,
        status=status,
        progress=float(progress) if isinstance(progress, int | float) else None,
        outputs=(Output(str(sample), "image"),) if status == "succeeded" and sample else (),
        error=(reason or "BFL reported an error") if status == "failed" else None,
        raw=body,
    )


def _reason(body: Mapping[str, Any]) -> str | None:
    details = body.get("details")
    if isinstance(details, Mapping):
        text = details.get("message") or details.get("detail")
        return str(text) if text else None
    return str(details) if details else None


# --- images format (§12.2) and chat format (§12.1) ---------------------------------------------


def generate_images(request: ImageRequest) -> Job:
    """`POST /v1/images/generations`; reference image URLs are appended to the prompt."""
    if any(not ref.startswith(("http://", "https://")) for ref in request.images):
        raise InvalidInputError(
            "image: the images format takes image URLs only (they go into the prompt); "
            "use the official format for local files and data URIs"
        )
    body: dict[str, Any] = {
        "prompt": " ".join([request.prompt, *request.images]),
        "model": request.model,
    }
    if request.aspect_ratio:
        body["size"] = request.aspect_ratio
    body["n"] = 1
    return _done_job("images", "/v1/images/generations", body, _read_images)


def generate_chat(request: ImageRequest) -> Job:
    """`POST /v1/chat/completions` with the Flux model; the reply carries the image links."""
    content: Any = request.prompt
    if request.images:
        content = [{"type": "text", "text": request.prompt}] + [
            {"type": "image_url", "image_url": {"url": ref}} for ref in request.images
        ]
    body = {
        "stream": False,
        "model": request.model,
        "messages": [{"role": "user", "content": content}],
    }
    return _done_job("chat", "/v1/chat/completions", body, _read_chat)


def _done_job(operation: str, path: str, body: Any, read: Any) -> Job:
    """A synchronous route: its answer is the result, there is nothing to follow."""
    return Job(
        vendor=VENDOR,
        operation=operation,
        submit=Request("POST", path, json=body),
        read_submitted=read,
    )


def _read_images(body: Any) -> Task:
    items = body.get("data") if isinstance(body, Mapping) else None
    outputs = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and item.get("url"):
            outputs.append(Output(str(item["url"]), "image"))
        elif isinstance(item, Mapping) and item.get("b64_json"):
            outputs.append(Output(f"data:image/png;base64,{item['b64_json']}", "image"))
    if not outputs:
        raise UnexpectedResponseError("flux images answer without images", body=excerpt(str(body)))
    task_id = f"images-{body.get('created') or 0}" if isinstance(body, Mapping) else "images"
    return Task(task_id, VENDOR, "images", "succeeded", 1.0, tuple(outputs), raw=body)


def _read_chat(body: Any) -> Task:
    choices = body.get("choices") if isinstance(body, Mapping) else None
    message = choices[0].get("message") if isinstance(choices, list) and choices else None
    if not isinstance(message, Mapping):
        raise UnexpectedResponseError("flux chat answer without a message", body=excerpt(str(body)))
    text, found = split_images(str(message.get("content") or ""))
    found += images_from_field(message.get("images"))
    outputs = tuple(
        Output(image.url or f"data:{image.mime_type or 'image/png'};base64,{image.data}", "image")
        for image in found
    )
    task_id = str(body.get("id") or "chat") if isinstance(body, Mapping) else "chat"
    if not outputs:
        reason = text.strip() or "the reply held no image"
        return Task(task_id, VENDOR, "chat", "failed", error=excerpt(reason), raw=body)
    return Task(task_id, VENDOR, "chat", "succeeded", 1.0, outputs, text=None, raw=body)


TRACKER = Tracker(
    VENDOR,
    fetch=_fetch,
    read=read_result,
    lookup_tool="flux_get_task",
    resume=_resume,
    statuses=(STATUS,),
)

# --- the operation table (§12) ---------------------------------------------------------------

OPERATIONS = (
    Operation(
        name="flux_generate_image",
        summary="Create an image from a text prompt with Flux Kontext, or edit an image: give "
        "image (URL, data URI or local path) and say in the prompt what to change. Optional "
        "aspect_ratio (21:9 to 9:21), seed, output_format jpeg or png. Returns the image URL "
        "(short-lived: download it soon).",
        request=ImageRequest,
        job=submit,
        tracker=TRACKER,
        section="§12.3",
        route="POST /flux/v1/{model}",
        # §12.2 and §12.1 answer at once; "official" (BFL submit + get_result) is the default.
        formats={"official": submit, "images": generate_images, "chat": generate_chat},
    ),
    lookup(
        TRACKER,
        summary="Get a Flux task by id: its status and image URL. Use it to resume a job "
        "submitted earlier; it never submits anything.",
        section="§12.4",
        route="GET /flux/v1/get_result",
    ),
)
