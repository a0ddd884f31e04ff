"""Kling through gptproto, official format (API.md §9, Kling's own API passed through).

    job = text_to_video(validated(TextToVideoRequest, prompt="a plane overhead", duration="10"))
    task = TaskRunner(client).run(job)
    task.id, task.outputs[0].url       # 'videos/text2video/<task id>', the mp4

Kling answers HTTP 200 with `code` 0 on success and its own service codes otherwise (1201 bad
parameter, 1301 content policy, ...). A task is queried under the path it was submitted to
(`GET /kling/v1/{action}/{action2}/{task_id}`), so our `Task` id is that path tail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gptproto_core.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ContentPolicyError,
    InsufficientBalanceError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    error_from_body,
    excerpt,
)
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import Job, Output, Request, StatusTable, Task, Tracker, with_status
from gptproto_core.vendors._inputs import image_fields

__all__ = [
    "OPERATIONS",
    "STATUS",
    "TRACKER",
    "ImageRequest",
    "ImageToVideoRequest",
    "TextToVideoRequest",
    "generate_image",
    "image_to_video",
    "read_task",
    "resume",
    "text_to_video",
]

VENDOR = "kling"
ACTIONS = ("images/generations", "videos/text2video", "videos/image2video")

ImageRatio = Literal["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"]
VideoRatio = Literal["16:9", "9:16", "1:1"]
Duration = Literal["5", "10"]
Mode = Literal["std", "pro"]
_SKU = "gptproto model SKU, e.g. kling-video-std-10-v1-6 (sent as `model`)"
# §9.2: gptproto's text-to-video example carries this `model` (a gptproto SKU, not a Kling
# `model_name`); it is the only SKU the docs show, so it is the default, sent as it is.
TEXT_TO_VIDEO_MODEL = "kling-video-std-10-v1-6"
_OFFICIAL = "Kling's own model name, e.g. kling-v1-6 or kling-v2-master (sent as `model_name`)"

# --- request models (§9.1-§9.3) ----------------------------------------------------------------


def _plain_base64(reference: str) -> str:
    """Kling takes a URL or plain base64: a data URI loses its `data:…;base64,` prefix."""
    return reference.split(",", 1)[1] if reference.startswith("data:") else reference


def _duration_text(value: Any) -> Any:
    """5 and 10 as numbers are read as the strings Kling wants; anything else is refused."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ImageRequest(_Request):
    prompt: str = Field(min_length=1, description="What to draw")
    negative_prompt: str | None = Field(default=None, description="What to avoid")
    image: str | None = Field(default=None, description="Reference image: URL, data URI or path")
    image_reference: Literal["subject", "face"] | None = Field(
        default=None, description="What the reference image guides: subject or face"
    )
    image_fidelity: float | None = Field(
        default=None, ge=0, le=1, description="How closely to follow the reference image, 0-1"
    )
    n: int | None = Field(
        default=None, ge=1, le=9, description="How many images, 1-9 (Kling makes 1 if left out)"
    )
    aspect_ratio: ImageRatio | None = Field(default=None, description="Aspect ratio W:H")
    model: str | None = Field(default=None, description=_SKU)
    model_name: str | None = Field(default=None, description=_OFFICIAL)

    _image = image_fields("image")


class TextToVideoRequest(_Request):
    prompt: str = Field(min_length=1, description="What happens in the video")
    negative_prompt: str | None = Field(default=None, description="What to avoid")
    duration: Duration = Field(default="5", description='Seconds: "5" or "10"')
    mode: Mode = Field(default="std", description="std (faster) or pro (better)")
    aspect_ratio: VideoRatio = Field(default="16:9", description="16:9, 9:16 or 1:1")
    cfg_scale: float | None = Field(default=None, ge=0, le=1, description="Prompt adherence 0-1")
    model: str = Field(default=TEXT_TO_VIDEO_MODEL, min_length=1, description=_SKU)
    model_name: str | None = Field(default=None, description=_OFFICIAL)

    _duration = field_validator("duration", mode="before")(_duration_text)


class ImageToVideoRequest(_Request):
    image: str = Field(min_length=1, description="First frame: URL, data URI or local path")
    prompt: str | None = Field(default=None, description="What happens in the video")
    negative_prompt: str | None = Field(default=None, description="What to avoid")
    image_tail: str | None = Field(default=None, description="Optional last frame")
    duration: Duration = Field(default="5", description='Seconds: "5" or "10"')
    mode: Mode = Field(default="std", description="std (faster) or pro (better)")
    aspect_ratio: VideoRatio | None = Field(default=None, description="16:9, 9:16 or 1:1")
    cfg_scale: float | None = Field(default=None, ge=0, le=1, description="Prompt adherence 0-1")
    model: str | None = Field(default=None, description=_SKU)
    model_name: str | None = Field(default=None, description=_OFFICIAL)

    _images = image_fields("image", "image_tail")
    _duration = field_validator("duration", mode="before")(_duration_text)


# --- endpoints (§9.1-§9.4) ---------------------------------------------------------------------


def generate_image(request: ImageRequest) -> Job:
    return _job("images/generations", _body(request, ("model", "model_name", "prompt")))


def text_to_video(request: TextToVideoRequest) -> Job:
    return _job("videos/text2video", _body(request, ("model", "model_name", "prompt")))


def image_to_video(request: ImageToVideoRequest) -> Job:
    return _job("videos/image2video", _body(request, ("model", "model_name", "prompt", "image")))


def resume(task_id: str) -> Task:
    """A task by the id our tools return: `videos/text2video/<Kling task id>`."""
    action, _, kling_id = task_id.strip().strip("/").rpartition("/")
    if action not in ACTIONS or not kling_id:
        raise InvalidInputError(
            f"task_id: {task_id!r} is not a Kling task id as the tools return it, e.g. "
            "'videos/text2video/<id>' ('images/generations', 'videos/image2video')"
        )
    return Task(
        id=f"{action}/{kling_id}", vendor=VENDOR, operation=_operation(action), status="queued"
    )


def _body(request: BaseModel, first: tuple[str, ...]) -> dict[str, Any]:
    """The given fields, in the order of the seed's examples (model and prompt first)."""
    fields = request.model_dump(exclude_none=True)
    for name in ("image", "image_tail"):
        if name in fields:
            fields[name] = _plain_base64(fields[name])
    return {**{k: fields[k] for k in first if k in fields}, **fields}


def _operation(action: str) -> str:
    return {"images/generations": "image", "videos/text2video": "text_to_video"}.get(
        action, "image_to_video"
    )


def _job(action: str, body: Any) -> Job:
    return Job(
        vendor=VENDOR,
        operation=_operation(action),
        submit=Request("POST", f"/kling/v1/{action}", json=body, ok_codes=None),
        read_submitted=lambda answer: read_submitted(answer, action),
        tracker=TRACKER,
    )


# --- service codes (Kling's error table; §2.5 E8) -----------------------------------------------

_CODES: dict[int, type[APIError]] = {
    **dict.fromkeys(range(1000, 1005), AuthenticationError),
    1100: PermissionDeniedError,
    1101: InsufficientBalanceError,  # account in arrears
    1102: InsufficientBalanceError,  # resource pack used up
    1103: PermissionDeniedError,
    1200: BadRequestError,
    1201: BadRequestError,  # invalid parameter (the message names it)
    1202: BadRequestError,
    1203: NotFoundError,
    1300: ContentPolicyError,
    1301: ContentPolicyError,  # content security policy
    1302: RateLimitError,
    1303: RateLimitError,  # concurrency or resource limit
    1304: PermissionDeniedError,  # IP whitelist
    **dict.fromkeys(range(5000, 5003), ServerError),
}


def _data(body: Any, doing: str) -> Mapping[str, Any]:
    """`data` of a `code: 0` envelope; any other code as a typed error."""
    if not isinstance(body, Mapping) or "code" not in body:
        raise UnexpectedResponseError(
            f"kling {doing} answer without a code", body=excerpt(str(body))
        )
    code = body.get("code")
    if code not in (0, "0"):
        message = f"kling refused the {doing}: {body.get('message') or 'no message'}"
        generic = error_from_body(body, ok_codes=frozenset({0, "0"}))
        error_type = _CODES.get(code) if isinstance(code, int) else None
        error_type = error_type or (type(generic) if generic is not None else BadRequestError)
        raise error_type(
            message, code=code, body=excerpt(str(dict(body))), request_id=body.get("request_id")
        )
    data = body.get("data")
    if not isinstance(data, Mapping) or not data.get("task_id"):
        raise UnexpectedResponseError(
            f"kling {doing} answer without a task", body=excerpt(str(body))
        )
    return data


# --- task object and status table (§9.4) -------------------------------------------------------

STATUS = StatusTable(
    VENDOR,
    {"submitted": "queued", "processing": "running", "succeed": "succeeded", "failed": "failed"},
)


def read_submitted(body: Any, action: str) -> Task:
    data = _data(body, _operation(action).replace("_", " "))
    return Task(
        id=f"{action}/{data['task_id']}",
        vendor=VENDOR,
        operation=_operation(action),
        status=STATUS(data.get("task_status") or "submitted"),
        raw=body,
    )


def read_task(body: Any, previous: Task) -> Task:
    data = _data(body, "query")
    status = STATUS(data.get("task_status"))
    result = data.get("task_result") or {}
    outputs = _outputs(result) if status == "succeeded" and isinstance(result, Mapping) else ()
    task = Task(
        id=previous.id,
        vendor=VENDOR,
        operation=previous.operation,
        status=status,
        progress=1.0 if status == "succeeded" else None,
        outputs=outputs,
        error=(str(data.get("task_status_msg") or "") or None) if status == "failed" else None,
        raw=body,
    )
    if status == "failed" and not task.error:
        return with_status(task, error="the task failed without a reason")
    return task


def _outputs(result: Mapping[str, Any]) -> tuple[Output, ...]:
    videos = [v for v in result.get("videos") or [] if isinstance(v, Mapping) and v.get("url")]
    images = [i for i in result.get("images") or [] if isinstance(i, Mapping) and i.get("url")]
    found = [
        Output(str(v["url"]), "video", f"{v['duration']} s" if v.get("duration") else None)
        for v in videos
    ]
    found += [Output(str(i["url"]), "image", None) for i in images]
    return tuple(found)


TRACKER = Tracker(
    VENDOR,
    fetch=lambda task: Request("GET", f"/kling/v1/{task.id}", ok_codes=None),
    read=read_task,
    lookup_tool="kling_get_task",
    resume=resume,
    statuses=(STATUS,),
)

# --- the operation table (§9) ----------------------------------------------------------------

OPERATIONS = (
    Operation(
        name="kling_generate_image",
        typical_seconds=45,
        summary="Create 1 to 9 images from a text prompt with Kling, optionally guided by a "
        "reference image (URL, data URI or local path; image_reference 'subject' or 'face'). "
        "Returns the image URLs.",
        request=ImageRequest,
        job=generate_image,
        tracker=TRACKER,
        section="§9.1",
        route="POST /kling/v1/images/generations",
    ),
    Operation(
        name="kling_text_to_video",
        typical_seconds=240,
        summary='Make a 5 or 10 second video from a text prompt with Kling (duration "5" or "10", '
        "mode std or pro, aspect_ratio 16:9, 9:16 or 1:1). Returns the video URL.",
        request=TextToVideoRequest,
        job=text_to_video,
        tracker=TRACKER,
        section="§9.2",
        route="POST /kling/v1/videos/text2video",
    ),
    Operation(
        name="kling_image_to_video",
        typical_seconds=240,
        summary="Bring a picture to life: a 5 or 10 second video with Kling that starts from "
        "image (URL, data URI or local path), optionally ends on image_tail, moving as the prompt "
        "says. Returns the video URL.",
        request=ImageToVideoRequest,
        job=image_to_video,
        tracker=TRACKER,
        section="§9.3",
        route="POST /kling/v1/videos/image2video",
    ),
    lookup(
        TRACKER,
        summary="Get a Kling task by the id a Kling tool returned: its status and the image or "
        "video URLs. Use it to resume a job submitted earlier; it never submits anything.",
        section="§9.4",
        route="GET /kling/v1/{action}/{action2}/{task_id}",
        task_id_help="The task id a Kling tool returned, e.g. 'videos/text2video/<id>'",
    ),
)
