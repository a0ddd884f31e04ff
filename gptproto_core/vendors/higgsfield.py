"""higgsfield through gptproto (API.md §14): motion templates and image-to-video with a motion.

    motions = TaskRunner(client).run(list_motions(validated(MotionsRequest, search="dance")))
    motions.text                              # '- Dance Party: 5d0eee15-… (preview https://…)'
    video = TaskRunner(client).run(generate_video(validated(
        GenerateVideoRequest, prompt="a dance", motion_id="5d0eee15-…", image="cat.png")))

The motion list (§14.1) is a plain lookup answered at once, so its job is finished when it is
submitted (no tracker). A video (§14.2) is polled at `GET /v1/higgsfield/{id}` (§14.3), whose
answer is not documented: the reader takes the status from `status`, `data.status` or
`jobs[].status` (Higgsfield's job words, `nsfw` being a content-policy refusal, or a relay's
`pending`/`processing`/...), and the first `.mp4` from `results.raw.url`, `output.video_url`
or `video_url`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gptproto_core.errors import ContentPolicyError, UnexpectedResponseError, excerpt
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import Job, Output, Request, StatusTable, Task, Tracker, path_segment
from gptproto_core.vendors._inputs import image_fields
from gptproto_core.vendors._shapes import first, percent, reason_text, task_id_in

__all__ = [
    "OPERATIONS",
    "STATUS",
    "TRACKER",
    "GenerateVideoRequest",
    "MotionsRequest",
    "generate_video",
    "list_motions",
    "read_task",
]

VENDOR = "higgsfield"
_UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")

# --- request models (§14.1, §14.2) -------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MotionsRequest(_Request):
    search: str | None = Field(default=None, description="A word the motion's name contains")
    size: int = Field(default=20, ge=1, le=100, description="How many motions at most, 1-100")


def _motion_id(value: str) -> str:
    if not _UUID.match(value):
        raise ValueError("must be a motion id (a UUID) as higgsfield_list_motions returns it")
    return value


class GenerateVideoRequest(_Request):
    prompt: str = Field(min_length=1, description="What happens in the video")
    motion_id: str = Field(description="The motion's id (a UUID) from higgsfield_list_motions")
    image: str = Field(description="First frame: image URL, data URI or local path")
    end_image: str | None = Field(default=None, description="Optional last frame")
    model: Literal["higgsfield-lite", "higgsfield-standard", "higgsfield-turbo"] = Field(
        default="higgsfield-standard", description="higgsfield-lite, -standard or -turbo"
    )
    enhance_prompt: bool | None = Field(default=None, description="Let higgsfield improve it")
    seed: int | None = Field(default=None, ge=1, le=1_000_000, description="Seed, 1-1000000")
    width: int | None = Field(default=None, ge=1, le=4096, description="Width in pixels")
    height: int | None = Field(default=None, ge=1, le=4096, description="Height in pixels")

    _motion = field_validator("motion_id")(_motion_id)
    _images = image_fields("image", "end_image")


# --- motion templates (§14.1): answered at once -------------------------------------------------


def list_motions(request: MotionsRequest) -> Job:
    params: dict[str, Any] = {"size": request.size, "search": request.search or ""}
    return Job(
        vendor=VENDOR,
        operation="list_motions",
        submit=Request("GET", "/v1/higgsfield/tpl/motions", params=params),
        read_submitted=read_motions,
    )


def read_motions(body: Any) -> Task:
    """The motion list (a bare array, or one under `data`) as lines the model picks from."""
    items = body if isinstance(body, list) else first(body, "data.list", "data")
    if not isinstance(items, list):
        raise UnexpectedResponseError(
            "higgsfield motions answer without a list", body=excerpt(str(body))
        )
    lines = [_motion_line(item) for item in items if isinstance(item, Mapping) and item.get("id")]
    head = "Motions (pass one id as motion_id to higgsfield_generate_video):"
    text = "\n".join([head, *lines]) if lines else "No motion matches the search."
    raw = body if isinstance(body, Mapping) else {"data": body}
    return Task("motions", VENDOR, "list_motions", "succeeded", 1.0, text=text, raw=raw)


def _motion_line(item: Mapping[str, Any]) -> str:
    preview = first(item, "media.url", "preview_url")
    return f"- {item.get('name') or 'unnamed'}: {item['id']}" + (
        f" (preview {preview})" if preview else ""
    )


# --- video generation (§14.2) ------------------------------------------------------------------


def generate_video(request: GenerateVideoRequest) -> Job:
    images = [request.image, *([request.end_image] if request.end_image else [])]
    body = {
        "prompt": request.prompt,
        "model": request.model,
        "motion_id": request.motion_id,
        "enhance_prompt": request.enhance_prompt,
        "image": images,
        "seed": request.seed,
        "height": request.height,
        "width": request.width,
    }
    return Job(
        vendor=VENDOR,
        operation="generate_video",
        submit=Request("POST", "/v1/higgsfield/generate", json=_given(body)),
        read_submitted=read_submitted,
        tracker=TRACKER,
    )


def _given(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if v is not None}


def read_submitted(body: Any) -> Task:
    task_id = task_id_in(body, VENDOR, "id", "task_id", "data.task_id", "data.id")
    return Task(id=task_id, vendor=VENDOR, operation="generate_video", status="queued", raw=body)


# --- the task and its status table (§14.3, guessed shapes) -------------------------------------

STATUS = StatusTable(
    VENDOR,
    {
        # Higgsfield's own job words (higgsfield-js)
        "queued": "queued",
        "in_progress": "running",
        "completed": "succeeded",
        "failed": "failed",
        "nsfw": "failed",  # read as a content-policy refusal below
        "canceled": "cancelled",
        # a relay's words
        "pending": "queued",
        "processing": "running",
        "cancelled": "cancelled",
    },
)
_VIDEO_PATHS: tuple[str, ...] = ("results.raw.url", "data.results.raw.url", "output.video_url")
_VIDEO_PATHS += ("data.output.video_url", "video_url", "data.video_url")


def _status_part(body: Any) -> Any:
    """What holds the status: the body (or its `data`), or the job of a set that decides it
    (one still going, else one that failed, else the first)."""
    jobs = first(body, "jobs")
    if first(body, "status", "data.status") is not None or not isinstance(jobs, list):
        return body
    jobs = [j for j in jobs if isinstance(j, Mapping) and j.get("status")]
    for wanted in (("queued", "running"), ("failed", "cancelled")):
        found = next((j for j in jobs if STATUS(j["status"]) in wanted), None)
        if found is not None:
            return found
    return jobs[0] if jobs else None


def _video(body: Any) -> str | None:
    jobs = first(body, "jobs")
    found = [first(body, path) for path in _VIDEO_PATHS]
    found += [first(j, "results.raw.url") for j in jobs] if isinstance(jobs, list) else []
    urls = [u for u in found if isinstance(u, str) and u.startswith(("http://", "https://"))]
    mp4 = [u for u in urls if u.split("?", 1)[0].lower().endswith(".mp4")]
    return next(iter(mp4 or urls), None)


def read_task(body: Any, previous: Task) -> Task:
    """A task body of any candidate shape as a `Task`; `nsfw` raises `ContentPolicyError`."""
    part = _status_part(body)
    word = first(part, "status", "data.status")
    if not isinstance(word, str):
        raise UnexpectedResponseError("higgsfield task without a status", body=excerpt(str(body)))
    reason = reason_text(first(part, "error", "data.error", "fail_reason", "data.fail_reason"))
    if word.lower() == "nsfw":
        message = f"higgsfield task {previous.id} was refused as nsfw content"
        raise ContentPolicyError(message + (f": {reason}" if reason else ""), code=word)
    status = STATUS(word)
    video = _video(body) if status == "succeeded" else None
    return Task(
        id=previous.id,
        vendor=VENDOR,
        operation=previous.operation,
        status=status,
        progress=1.0
        if status == "succeeded"
        else percent(first(body, "progress", "data.progress")),
        outputs=(Output(video, "video"),) if video else (),
        error=(reason or f"higgsfield reported {word}") if status == "failed" else None,
        raw=body if isinstance(body, Mapping) else {"data": body},
    )


TRACKER = Tracker(
    VENDOR,
    fetch=lambda task: Request("GET", f"/v1/higgsfield/{path_segment(task.id)}"),
    read=read_task,
    lookup_tool="higgsfield_get_task",
    statuses=(STATUS,),
)

# --- the operation table (§14) ---------------------------------------------------------------

OPERATIONS = (
    Operation(
        name="higgsfield_list_motions",
        summary="List higgsfield's motion templates (camera moves and effects) by a search "
        "word: their names, ids and preview URLs. Pick one id for higgsfield_generate_video.",
        request=MotionsRequest,
        job=list_motions,
        tracker=TRACKER,
        section="§14.1",
        route="GET /v1/higgsfield/tpl/motions",
    ),
    Operation(
        name="higgsfield_generate_video",
        typical_seconds=90,
        summary="Animate an image (URL, data URI or local path; optional end_image as the last "
        "frame) with a higgsfield motion template: motion_id from higgsfield_list_motions, the "
        "prompt says what happens. Returns the video URL.",
        request=GenerateVideoRequest,
        job=generate_video,
        tracker=TRACKER,
        section="§14.2",
        route="POST /v1/higgsfield/generate",
    ),
    lookup(
        TRACKER,
        summary="Get a higgsfield video task by the id higgsfield_generate_video returned: its "
        "status and video URL. Use it to resume a job; it never submits anything.",
        section="§14.3",
        route="GET /v1/higgsfield/{task_id}",
    ),
)
