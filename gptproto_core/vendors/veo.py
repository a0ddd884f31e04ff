"""Veo (Google's video models) through gptproto's async format (API.md §5.2, §5.3).

    job = generate_video(validated(VideoRequest, prompt="a dunk", first_frame="a.png"))
    task = TaskRunner(client).run(job)          # polls GET /v1/veo/tasks/{id} until SUCCESS
    task.outputs[0].url                         # videoUrl, the mp4

`POST /v1/veo/videos` takes the parameters as JSON fields; `images` holds the first frame, or
the first and the last frame (our `first_frame`, `last_frame`). No gptproto example shows an
answer: the task id is read from `data` (a string, as a relay of the same route answers),
`data.id`, `id` or `task_id`, and the task from `{taskId, status: PROCESSING | SUCCESS |
FAILED, videoUrl}` (a relay's struct).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import Field, model_validator
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

VENDOR = "veo"
VeoModel = Literal[
    "veo3",
    "veo3-fast",
    "veo3-pro",
    "veo3-pro-frames",
    "veo3-fast-frames",
    "veo3.1",
    "veo3.1-fast",
    "veo3.1-pro",
    "veo3.1-pro-frames",
    "veo3.1-fast-frames",
]
_POLICY = re.compile(r"guideline|moderat|sensitive|safety|polic", re.IGNORECASE)

# --- request model (§5.2) ----------------------------------------------------------------------


class VideoRequest(FramedVideo):
    model: VeoModel = Field(
        default="veo3.1",
        description="veo3, veo3-fast, veo3-pro, veo3.1, veo3.1-pro, ... "
        "(-frames models for image input)",
    )
    aspect_ratio: Literal["16:9", "9:16"] = Field(default="16:9", description="16:9 or 9:16")
    enhance_prompt: bool | None = Field(
        default=None, description="Let Veo translate and expand the prompt"
    )
    upsample: bool | None = Field(default=None, description="Make a high-resolution video")
    reference: bool | None = Field(
        default=None, description="Use the images as references, not frames (examples send false)"
    )

    @property
    def is_veo3_1(self) -> bool:
        return self.model.startswith("veo3.1")

    @model_validator(mode="after")
    def _frames_need_a_frames_model(self) -> Self:
        # §5.1/§5.2: image input is for the -frames models and veo3.1; plain veo3 is text only.
        if self.frames and not (self.is_veo3_1 or self.model.endswith("-frames")):
            raise ValueError(
                f"model: {self.model} takes no frames; use veo3-pro-frames, veo3-fast-frames or "
                "a veo3.1 model for first_frame / last_frame"
            )
        return self


# --- submit (§5.2) -----------------------------------------------------------------------------


def generate_video(request: VideoRequest) -> Job:
    """`POST /v1/veo/videos` with the fields the examples show (unset options left out); the
    frames go as `images`, first then last."""
    body = request.model_dump(exclude_none=True, exclude={"first_frame", "last_frame"})
    if request.frames:
        body["images"] = request.frames
    return Job(
        vendor=VENDOR,
        operation="generate_video",
        submit=Request("POST", "/v1/veo/videos", json=body),
        read_submitted=read_submitted,
        tracker=TRACKER,
    )


def read_submitted(body: Any) -> Task:
    """The task id from `data` (string), `data.id`, `id` or `task_id`, whichever is there."""
    data = body.get("data") if isinstance(body, Mapping) else None
    candidates = (
        data if isinstance(data, str) else None,
        data.get("id") if isinstance(data, Mapping) else None,
        body.get("id") if isinstance(body, Mapping) else None,
        body.get("task_id") if isinstance(body, Mapping) else None,
    )
    task_id = next((str(c) for c in candidates if c), None)
    if task_id is None:
        raise UnexpectedResponseError(
            "veo submit answer without a task id", body=excerpt(str(body))
        )
    return Task(task_id, VENDOR, "generate_video", "queued", raw=body)


# --- chat format (§5.1) -----------------------------------------------------------------------


def _ratio_words(request: VideoRequest) -> str:
    """§5.1: veo3.1 items write `aspect_ratio 16:9`; veo3 items the word for the orientation
    (横屏 landscape, 竖屏 portrait) with the ratio."""
    if request.is_veo3_1:
        return f"aspect_ratio {request.aspect_ratio}"
    return f"{'横屏' if request.aspect_ratio == '16:9' else '竖屏'} {request.aspect_ratio}"


def generate_chat(request: VideoRequest) -> Job:
    """`POST /v1/chat/completions`, streamed: the options in the prompt text as the examples
    write them (`aspect_ratio 16:9`, `upsample`), the frames as `image_url` parts in order."""
    if request.enhance_prompt is not None or request.reference is not None:
        raise InvalidInputError(
            "enhance_prompt, reference: the chat format cannot send them; use the async format"
        )
    text = f"{request.prompt} {_ratio_words(request)}"
    text += " upsample" if request.upsample else ""
    content: Any = text
    if request.frames:
        parts = [{"type": "image_url", "image_url": {"url": url}} for url in request.frames]
        content = [{"type": "text", "text": text}, *parts]
    body = {
        "model": request.model,
        "stream": True,
        "messages": [{"role": "user", "content": content}],
    }
    return Job(
        vendor=VENDOR,
        operation="generate_video",
        submit=Request("POST", "/v1/chat/completions", json=body),
        read_submitted=whole_reply_reader(VENDOR, "generate_video"),
        read_stream=read_chat_stream,
    )


read_chat_stream = stream_reader(VENDOR, "generate_video")
"""Read the stream to its end (minutes); each new progress line is reported on the way."""


# --- task status (§5.3) ------------------------------------------------------------------------

STATUS = StatusTable(VENDOR, {"PROCESSING": "running", "SUCCESS": "succeeded", "FAILED": "failed"})


def _reason(body: Mapping[str, Any]) -> str | None:
    """The failure text; the relay's struct names none, so every usual field is tried."""
    error = body.get("error")
    if isinstance(error, Mapping):
        error = error.get("message")
    for value in (error, body.get("fail_reason"), body.get("failReason"), body.get("message")):
        if value:
            return str(value)
    return None


def read_task(body: Any, previous: Task) -> Task:
    if not isinstance(body, Mapping) or not body.get("status"):
        # fetched with ok_codes=None (a FAILED task may carry an `error`): an error body is ours
        raise error_from_body(body) or UnexpectedResponseError(
            "veo task without a status", body=excerpt(str(body))
        )
    status = STATUS(body["status"])
    url = body.get("videoUrl") or body.get("video_url")
    if status == "succeeded" and not url:
        raise UnexpectedResponseError(
            "veo task SUCCESS without a videoUrl", body=excerpt(str(body))
        )
    reason = (
        (_reason(body) or "Veo reported FAILED without a reason") if status == "failed" else None
    )
    if reason and _POLICY.search(reason):
        raise ContentPolicyError(f"veo task {previous.id} was refused: {reason}", code="FAILED")
    return Task(
        id=previous.id,
        vendor=VENDOR,
        operation=previous.operation,
        status=status,
        progress=1.0 if status == "succeeded" else None,
        outputs=(Output(str(url), "video"),) if status == "succeeded" else (),
        error=reason,
        raw=body,
    )


def _resume(task_id: str) -> Task:
    return Task(task_id.strip(), VENDOR, "generate_video", "queued")


TRACKER = Tracker(
    VENDOR,
    fetch=lambda task: Request("GET", f"/v1/veo/tasks/{path_segment(task.id)}", ok_codes=None),
    read=read_task,
    lookup_tool="veo_get_task",
    resume=_resume,
    statuses=(STATUS,),
)

# --- the operation table (§5) ------------------------------------------------------------------

OPERATIONS = (
    Operation(
        name="veo_generate_video",
        typical_seconds=120,
        summary="Make a video with Google Veo from a text prompt, optionally starting from a "
        "first_frame image and ending on a last_frame (URL, data URI or local path). "
        "aspect_ratio 16:9 or 9:16, upsample for high resolution. Returns the video URL.",
        request=VideoRequest,
        job=generate_video,
        tracker=TRACKER,
        section="§5.2",
        route="POST /v1/veo/videos",
        # §5.1: the same request over a chat stream, read to its end (no task to poll)
        formats={"async": generate_video, "chat": generate_chat},
    ),
    lookup(
        TRACKER,
        summary="Get a Veo task by the id veo_generate_video returned: its status and the video "
        "URL. Use it to resume a job submitted earlier; it never submits anything.",
        section="§5.3",
        route="GET /v1/veo/tasks/{task_id}",
    ),
)
