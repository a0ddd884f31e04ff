"""Doubao Seedance video (ByteDance Volcengine Ark) through gptproto (API.md §13.6, §13.7).

    job = generate_video(validated(VideoRequest, prompt="she dances", first_frame="a.png"))
    task = TaskRunner(client).run(job)     # polls GET /api/v3/contents/generations/tasks/{id}
    task.outputs[0].url                    # content.video_url (valid ~24 h upstream)

The body is Ark's: `model` and `content` items (text, and images in the object form
`{"url": …}` with the roles first_frame / last_frame when both are given); ratio, resolution,
duration, camerafixed, seed, watermark and framepersecond go as JSON fields, as gptproto's
own Ark-route example sends them (docs/api-choices.md). Ark answers `{id}`, then the task
`{id, status, content: {video_url}, error: {code, message}}`; a docs-site page shows
`{"code": 0, "data": {task_id, status: pending | completed | failed, video_url, error}}`
instead, and both are read.

The chat variant (`generate_chat`, the row's `chat` format) posts the same request to
`/v1/chat/completions` as a stream and reads it like Veo's chat format (`_chat_video`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator
from typing_extensions import Self

from gptproto_core.errors import (
    ContentPolicyError,
    InvalidInputError,
    UnexpectedResponseError,
    error_from_body,
    excerpt,
)
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import Job, Output, Request, StatusTable, Task, Tracker, path_segment
from gptproto_core.vendors._chat_video import stream_reader, whole_reply_reader
from gptproto_core.vendors._frames import FramedVideo

__all__ = [
    "OPERATIONS",
    "STATUS",
    "TRACKER",
    "VideoRequest",
    "generate_chat",
    "generate_video",
    "read_chat_stream",
    "read_submitted",
    "read_task",
]

VENDOR = "doubao"  # the tool names' vendor; Seedream/SeedEdit images share it in their module
OPERATION = "seedance_video"
ROUTE = "/api/v3/contents/generations/tasks"
_OPTIONS = ("ratio", "resolution", "duration", "camerafixed", "seed", "watermark", "framepersecond")

# --- request model (§13.6) ---------------------------------------------------------------------


SeedanceModel = Literal[
    "seedance-1-0-pro-250528", "seedance-1-0-lite-t2v-250428", "seedance-1-0-lite-i2v-250428"
]


class VideoRequest(FramedVideo):
    model: SeedanceModel = Field(
        default="seedance-1-0-pro-250528",
        description="seedance-1-0-pro-250528 (text or image), seedance-1-0-lite-t2v-250428 "
        "(text only) or seedance-1-0-lite-i2v-250428 (needs first_frame)",
    )
    ratio: Literal["16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"] | None = Field(
        default=None, description="Aspect ratio W:H, or adaptive (follow the image)"
    )
    resolution: Literal["480p", "720p", "1080p"] | None = Field(
        default=None, description="480p, 720p or 1080p"
    )
    duration: int | None = Field(default=None, ge=2, le=12, description="Seconds, e.g. 5 or 10")
    camerafixed: bool | None = Field(default=None, description="Keep the camera still")
    seed: int | None = Field(default=None, ge=-1, le=2**32 - 1, description="Seed; -1 random")
    watermark: bool | None = Field(default=None, description="Add Doubao's watermark")
    framepersecond: int | None = Field(
        default=None, ge=16, le=24, description="Frames per second (gptproto's example: 24)"
    )

    @field_validator("model", mode="before")
    @classmethod
    def _ark_model_name(cls, value: Any) -> Any:
        # The chat variant's example names the model `doubao-seedance-…`; the Ark route does not.
        if isinstance(value, str) and value.startswith("doubao-seedance-"):
            return value.removeprefix("doubao-")
        return value

    @model_validator(mode="after")
    def _fits_the_model(self) -> Self:
        if "t2v" in self.model and self.first_frame:
            raise ValueError(f"{self.model} makes video from text only; leave out the frames")
        if "i2v" in self.model and not self.first_frame:
            raise ValueError(f"{self.model} needs a first_frame image")
        return self


# --- submit (§13.6) ----------------------------------------------------------------------------


def generate_video(request: VideoRequest) -> Job:
    """`POST /api/v3/contents/generations/tasks`: Ark's content items plus the option fields."""
    content: list[dict[str, Any]] = [{"type": "text", "text": request.prompt}]
    for role, url in zip(("first_frame", "last_frame"), request.frames, strict=False):
        item: dict[str, Any] = {"type": "image_url", "image_url": {"url": url}}
        if len(request.frames) == 2:  # a lone image is the first frame anyway (gptproto's example)
            item["role"] = role
        content.append(item)
    options = request.model_dump(include=set(_OPTIONS), exclude_none=True)
    return Job(
        vendor=VENDOR,
        operation=OPERATION,
        submit=Request("POST", ROUTE, json={"model": request.model, "content": content, **options}),
        read_submitted=read_submitted,
        tracker=TRACKER,
    )


# --- chat variant (§13.6, Postman-v1 "Doubao / seedance-1.0") ------------------------------------


def generate_chat(request: VideoRequest) -> Job:
    """`POST /v1/chat/completions`, streamed, as the chat variant's example: the `doubao-` model
    name, a text part and the image as a plain `image_url` string; the options as Ark's
    `--flag value` text parameters (docs/api-choices.md). Read like Veo's chat format."""
    if request.last_frame:
        raise InvalidInputError(
            "last_frame: the chat format has no frame roles; use the default (ark) format"
        )
    flags = request.model_dump(include=set(_OPTIONS), exclude_none=True)
    text = " ".join([request.prompt, *(f"--{k} {_flag(v)}" for k, v in flags.items())])
    content: list[dict[str, Any]] = [{"type": "text", "text": text}]
    content += [{"type": "image_url", "image_url": url} for url in request.frames]
    model = f"doubao-{request.model}"
    body = {"model": model, "stream": True, "messages": [{"role": "user", "content": content}]}
    return Job(
        vendor=VENDOR,
        operation=OPERATION,
        submit=Request("POST", "/v1/chat/completions", json=body),
        read_submitted=whole_reply_reader(VENDOR, OPERATION),
        read_stream=read_chat_stream,
    )


read_chat_stream = stream_reader(VENDOR, OPERATION)
"""The chat reply, read to its end: progress lines reported, the last `.mp4` is the video."""


def _flag(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _unwrapped(body: Any, doing: str) -> Mapping[str, Any]:
    """Ark's bare object, or the `data` of the docs site's `{"code": 0, "data": {...}}`."""
    if isinstance(body, Mapping) and "code" in body and isinstance(body.get("data"), Mapping):
        body = body["data"]
    if not isinstance(body, Mapping):
        raise UnexpectedResponseError(
            f"seedance {doing} answer is no object", body=excerpt(str(body))
        )
    return body


def read_submitted(body: Any) -> Task:
    data = _unwrapped(body, "submit")
    task_id = data.get("id") or data.get("task_id")
    if not task_id:
        raise UnexpectedResponseError(
            "seedance submit answer without an id", body=excerpt(str(body))
        )
    return Task(str(task_id), VENDOR, OPERATION, STATUS(data.get("status") or "queued"), raw=body)


# --- task status (§13.7) -----------------------------------------------------------------------

STATUS = StatusTable(
    VENDOR,
    {
        "queued": "queued",
        "running": "running",
        "cancelled": "cancelled",
        "succeeded": "succeeded",
        "failed": "failed",
        # the docs site's example words
        "pending": "queued",
        "completed": "succeeded",
    },
)


def read_task(body: Any, previous: Task) -> Task:
    data = _unwrapped(body, "query")
    if not data.get("status"):
        # fetched with ok_codes=None (a failed task carries `error`): an error body is ours
        raise error_from_body(body) or UnexpectedResponseError(
            "seedance task without a status", body=excerpt(str(body))
        )
    status = STATUS(data["status"])
    content = data.get("content")
    url = (content.get("video_url") if isinstance(content, Mapping) else None) or data.get(
        "video_url"
    )
    if status == "succeeded" and not url:
        raise UnexpectedResponseError(
            "seedance task succeeded without a video_url", body=excerpt(str(body))
        )
    error = data.get("error")
    code = error.get("code") if isinstance(error, Mapping) else None
    message = error.get("message") if isinstance(error, Mapping) else error
    reason = str(message or code or "") or None
    if status == "failed" and "Sensitive" in str(code or ""):  # Ark: *SensitiveContentDetected
        raise ContentPolicyError(f"seedance task {previous.id} was refused: {reason}", code=code)
    return Task(
        id=previous.id,
        vendor=VENDOR,
        operation=previous.operation,
        status=status,
        progress=1.0 if status == "succeeded" else None,
        outputs=(Output(str(url), "video"),) if status == "succeeded" else (),
        error=(reason or "Seedance reported failed without a reason")
        if status == "failed"
        else None,
        raw=body,
    )


def _resume(task_id: str) -> Task:
    return Task(task_id.strip(), VENDOR, OPERATION, "queued")


TRACKER = Tracker(
    VENDOR,
    fetch=lambda task: Request("GET", f"{ROUTE}/{path_segment(task.id)}", ok_codes=None),
    read=read_task,
    lookup_tool="doubao_seedance_get_task",
    resume=_resume,
    statuses=(STATUS,),
)

# --- the operation table (§13.6, §13.7) --------------------------------------------------------

OPERATIONS = (
    Operation(
        name="doubao_seedance_generate_video",
        typical_seconds=90,
        summary="Make a video with Doubao Seedance from a text prompt, optionally from a "
        "first_frame image and ending on a last_frame (URL, data URI or local path). Options: "
        "ratio, resolution 480p/720p/1080p, duration in seconds, camerafixed, seed, watermark. "
        "Returns the video URL (valid about 24 hours).",
        request=VideoRequest,
        job=generate_video,
        tracker=TRACKER,
        section="§13.6",
        route=f"POST {ROUTE}",
        # §13.6's chat variant: the same request over a chat stream (no task to poll)
        formats={"ark": generate_video, "chat": generate_chat},
    ),
    lookup(
        TRACKER,
        summary="Get a Doubao Seedance task by the id doubao_seedance_generate_video returned "
        "(cgt-...): its status and the video URL. Use it to resume a job submitted earlier; it "
        "never submits anything.",
        section="§13.7",
        route=f"GET {ROUTE}/{{id}}",
    ),
)
