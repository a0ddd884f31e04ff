"""Runway through gptproto (API.md §10): the reseller "pro" routes and Runway's official one.

    job = generate(validated(GenerateRequest, prompt="a kitten", seconds=10))
    task = TaskRunner(client).run(job)        # polls GET /runway/v1/tasks/{id}
    task.outputs[0].url                       # the mp4

`/runway/v1/pro/{act_two, act_one, generate, video2video}` take the "pro" bodies of §10.1
(options under `options`); `/runwayml/v1/image_to_video` takes Runway's public fields
(`promptImage`, `promptText`, `ratio` "1280:768"). Both families are queried at the one task
route the Postman collection and the official MCP list (`GET /runway/v1/tasks/{id}`), so a task
id is Runway's id as it is. No answer is documented (§10.2): the reader takes the status, the
video and the id from any of the three candidate shapes (Runway's own task, the new-api
wrapper, the reseller feed).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gptproto_core.errors import ContentPolicyError, UnexpectedResponseError, excerpt
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import Job, Output, Request, StatusTable, Task, Tracker, path_segment
from gptproto_core.vendors._inputs import image_fields
from gptproto_core.vendors._shapes import first, http_url, percent, reason_text, task_id_in

__all__ = [
    "OPERATIONS",
    "STATUS",
    "TRACKER",
    "ActOneRequest",
    "ActTwoRequest",
    "GenerateRequest",
    "ImageToVideoRequest",
    "VideoToVideoRequest",
    "read_task",
]

VENDOR = "runway"
MODEL = "runwayml-gen3a_turbo-5"
_MODEL_HELP = f"gptproto's Runway model, default {MODEL}"

# --- request models (§10.1) --------------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Performance(_Request):
    video: str = Field(description="Driving performance video: an http(s) URL")
    image: str = Field(description="The character to animate: URL, data URI or local path")
    flip: bool | None = Field(default=None, description="Mirror the result horizontally")

    _video = field_validator("video")(lambda v: http_url(v, "video"))
    _image = image_fields("image")


class ActTwoRequest(_Performance):
    expression_intensity: int | None = Field(
        default=None, ge=1, le=5, description="How strongly the face follows the video, 1-5"
    )


class ActOneRequest(_Performance):
    motion_multiplier: float | None = Field(
        default=None, gt=0, le=10, description="How strongly the body follows the video"
    )


_AXES = ("x", "y", "z", "r", "bg_x_pan", "bg_y_pan")


def _motion_vector(value: dict[str, float] | None) -> dict[str, float] | None:
    unknown = sorted(set(value or {}) - set(_AXES))
    if unknown:
        raise ValueError(f"unknown axes {unknown}; the axes are {', '.join(_AXES)}")
    return value


class GenerateRequest(_Request):
    prompt: str = Field(min_length=1, description="What happens in the video")
    ratio: Literal["16:9", "9:16"] = Field(default="16:9", description="16:9 or 9:16")
    style: str | None = Field(default=None, description="A style preset name, e.g. cinematic")
    model: str = Field(default=MODEL, description=_MODEL_HELP)
    seconds: Literal[5, 10] = Field(default=5, description="Length in seconds: 5 or 10")
    motion_vector: dict[str, float] | None = Field(
        default=None,
        description="Camera movement: x (pan), y (tilt), z (zoom), r (roll), bg_x_pan, bg_y_pan",
    )

    _vector = field_validator("motion_vector")(_motion_vector)


class VideoToVideoRequest(_Request):
    video: str = Field(description="The video to restyle: an http(s) URL")
    prompt: str = Field(min_length=1, description="The new style, e.g. pixel style")
    model: str = Field(default=MODEL, description=_MODEL_HELP)
    structure_transformation: float | None = Field(
        default=None, ge=0, le=1, description="How far to depart from the source's shapes, 0-1"
    )
    flip: bool | None = Field(default=None, description="Mirror the result horizontally")

    _video = field_validator("video")(lambda v: http_url(v, "video"))


class ImageToVideoRequest(_Request):
    image: str = Field(description="First frame (promptImage): URL, data URI or local path")
    prompt: str | None = Field(default=None, description="What happens (promptText)")
    model: str = Field(default=MODEL, description=_MODEL_HELP)
    duration: Literal[5, 10] = Field(default=5, description="Length in seconds: 5 or 10")
    ratio: Literal["1280:768", "768:1280"] = Field(
        default="1280:768", description="1280:768 (landscape) or 768:1280 (portrait)"
    )
    seed: int | None = Field(default=None, ge=0, le=4294967295, description="Seed, 0-4294967295")
    watermark: bool | None = Field(default=None, description="Add Runway's watermark")

    _image = image_fields("image")


# --- endpoints (§10.1) -------------------------------------------------------------------------


def _pro(route: str, operation: str, request: BaseModel, top: set[str]) -> Job:
    """A "pro" body: the main fields at the top, every other given field under `options`."""
    fields = request.model_dump(exclude_none=True)
    body = {k: v for k, v in fields.items() if k in top}
    options = {k: v for k, v in fields.items() if k not in top}
    body.update({"options": options} if options else {})
    return _job(operation, f"/runway/v1/pro/{route}", body)


def act_two(request: ActTwoRequest) -> Job:
    return _pro("act_two", "act_two", request, {"video", "image"})


def act_one(request: ActOneRequest) -> Job:
    return _pro("act_one", "act_one", request, {"video", "image"})


def generate(request: GenerateRequest) -> Job:
    return _pro("generate", "generate", request, {"ratio", "prompt", "style", "model"})


def video_to_video(request: VideoToVideoRequest) -> Job:
    return _pro("video2video", "video_to_video", request, {"video", "model", "prompt"})


def image_to_video(request: ImageToVideoRequest) -> Job:
    """Runway's public body (`POST /runwayml/v1/image_to_video`)."""
    body = {
        "promptImage": request.image,
        "seed": request.seed,
        "model": request.model,
        "promptText": request.prompt,
        "watermark": request.watermark,
        "duration": request.duration,
        "ratio": request.ratio,
    }
    body = {k: v for k, v in body.items() if v is not None}
    return _job("image_to_video", "/runwayml/v1/image_to_video", body)


def _job(operation: str, path: str, body: Any) -> Job:
    return Job(
        vendor=VENDOR,
        operation=operation,
        submit=Request("POST", path, json=body),
        read_submitted=lambda answer: read_submitted(answer, operation),
        tracker=TRACKER,
    )


# --- the task and its status table (§10.2: candidates A, B and C) ------------------------------

STATUS = StatusTable(
    VENDOR,
    {
        # A: Runway's own task statuses
        "PENDING": "queued",
        "THROTTLED": "queued",
        "RUNNING": "running",
        "SUCCEEDED": "succeeded",
        "FAILED": "failed",
        "CANCELLED": "cancelled",
        # B: the new-api wrapper's statuses
        "NOT_START": "queued",
        "SUBMITTED": "queued",
        "QUEUED": "queued",
        "IN_PROGRESS": "running",
        "SUCCESS": "succeeded",
        "FAILURE": "failed",
        "UNKNOWN": "running",
        # C: the reseller feed's `state` (only "succeeded" is shown; the rest by analogy)
        "processing": "running",
    },
)
# C's `data.status` is a digit code ("0".."3"); its word is `data.state`, so that comes first.
_STATUS_PATHS = ("status", "data.state", "data.status", "data.data.status")
_VIDEO_PATHS = ("output.0", "data.video_url", "data.data.output.0", "data.output.0")
_REASON_PATHS = ("failure", "data.fail_reason", "data.data.failure", "data.failure")
_CODE_PATHS = ("failureCode", "data.data.failureCode", "data.failureCode")


def read_submitted(body: Any, operation: str) -> Task:
    task_id = task_id_in(body, VENDOR, "id", "task_id", "data.task_id", "data.id")
    return Task(id=task_id, vendor=VENDOR, operation=operation, status="queued", raw=body)


def read_task(body: Any, previous: Task) -> Task:
    """A task body of any candidate shape as a `Task`; a SAFETY failure is a policy refusal."""
    word = first(body, *_STATUS_PATHS)
    if not isinstance(word, str):
        raise UnexpectedResponseError("runway task without a status", body=excerpt(str(body)))
    status = STATUS(word)
    reason = reason_text(first(body, *_REASON_PATHS))
    code = first(body, *_CODE_PATHS)
    if status == "failed" and str(code or "").upper().startswith("SAFETY"):
        message = f"runway task {previous.id} was refused by moderation ({code})"
        raise ContentPolicyError(message + (f": {reason}" if reason else ""), code=code)
    video = first(body, *_VIDEO_PATHS)
    done = status == "succeeded"
    return Task(
        id=previous.id,
        vendor=VENDOR,
        operation=previous.operation,
        status=status,
        progress=1.0 if done else percent(first(body, "progress", "data.progress")),
        outputs=(Output(str(video), "video"),) if done and isinstance(video, str) else (),
        error=(reason or f"Runway reported {word}") if status == "failed" else None,
        raw=body,
    )


TRACKER = Tracker(
    VENDOR,
    fetch=lambda task: Request("GET", f"/runway/v1/tasks/{path_segment(task.id)}"),
    read=read_task,
    lookup_tool="runway_get_task",
    statuses=(STATUS,),
)

# --- the operation table (§10) ---------------------------------------------------------------

_FAMILY = "A Runway task id (both route families are looked up at /runway/v1/tasks/{id})"
OPERATIONS = (
    Operation(
        name="runway_act_two",
        typical_seconds=90,
        summary="Animate a character image with the facial performance of a driving video "
        "(Runway Act-Two): video is an http(s) URL, image a URL, data URI or local path; "
        "expression_intensity 1-5. Returns the video URL.",
        request=ActTwoRequest,
        job=act_two,
        tracker=TRACKER,
        section="§10.1",
        route="POST /runway/v1/pro/act_two",
    ),
    Operation(
        name="runway_act_one",
        typical_seconds=90,
        summary="Animate a character image with the motion of a driving video (Runway "
        "Act-One): video is an http(s) URL, image a URL, data URI or local path; optional "
        "motion_multiplier. Returns the video URL.",
        request=ActOneRequest,
        job=act_one,
        tracker=TRACKER,
        section="§10.1",
        route="POST /runway/v1/pro/act_one",
    ),
    Operation(
        name="runway_generate",
        typical_seconds=60,
        summary="Make a 5 or 10 second video from a text prompt with Runway Gen-3 (ratio 16:9 "
        "or 9:16, optional style preset and camera motion_vector). Returns the video URL.",
        request=GenerateRequest,
        job=generate,
        tracker=TRACKER,
        section="§10.1",
        route="POST /runway/v1/pro/generate",
    ),
    Operation(
        name="runway_video_to_video",
        typical_seconds=90,
        summary="Restyle a video (an http(s) URL) as the prompt says with Runway, e.g. 'pixel "
        "style'; structure_transformation 0-1 says how far to depart from the source. "
        "Returns the video URL.",
        request=VideoToVideoRequest,
        job=video_to_video,
        tracker=TRACKER,
        section="§10.1",
        route="POST /runway/v1/pro/video2video",
    ),
    Operation(
        name="runway_image_to_video",
        typical_seconds=60,
        summary="Bring a picture to life with Runway's official image-to-video: a 5 or 10 "
        "second video starting from image (URL, data URI or local path), moving as the prompt "
        "says; ratio 1280:768 or 768:1280. Returns the video URL.",
        request=ImageToVideoRequest,
        job=image_to_video,
        tracker=TRACKER,
        section="§10.1",
        route="POST /runwayml/v1/image_to_video",
    ),
    lookup(
        TRACKER,
        summary="Get a Runway task by the id a Runway tool returned: its status and video URL. "
        "Use it to resume a job submitted earlier; it never submits anything.",
        section="§10.2",
        route="GET /runway/v1/tasks/{id}",
        task_id_help=_FAMILY,
    ),
)
