"""Midjourney through gptproto (API.md §7, the midjourney-proxy protocol).

    job = imagine(validated(ImagineRequest, prompt="a red fox in snow"))
    task = TaskRunner(client).run(job)
    task.outputs[0].url, [a.label for a in task.actions]      # grid image, U1..V4, 🔄

Submissions answer HTTP 200 with a `code`: 1 submitted, 21 already exists, 22 queued; anything
else is refused with the vendor's description (24 also names the banned word).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gptproto_core.errors import (
    APIError,
    BadRequestError,
    ContentPolicyError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    excerpt,
)
from gptproto_core.operations import Operation, lookup
from gptproto_core.task_types import (
    Action,
    Job,
    Output,
    Request,
    StatusTable,
    Task,
    Tracker,
    path_segment,
    with_status,
)
from gptproto_core.vendors._inputs import image_fields, inline_urls

__all__ = [
    "OPERATIONS",
    "STATUS",
    "TRACKER",
    "ActionRequest",
    "BlendRequest",
    "ChangeRequest",
    "DescribeRequest",
    "ImagineRequest",
    "ModalRequest",
    "SwapFaceRequest",
    "action",
    "blend",
    "change",
    "describe",
    "imagine",
    "list_tasks",
    "modal",
    "read_many",
    "read_task",
    "swap_face",
]

VENDOR = "midjourney"

# --- request models (§7.1) ---------------------------------------------------------------


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Bot = Literal["MID_JOURNEY", "NIJI_JOURNEY"]
_BOT = "MID_JOURNEY (default) or NIJI_JOURNEY (anime style)"
_IMAGE = "URL, data URI or local file path"


class ImagineRequest(_Request):
    prompt: str = Field(
        min_length=1, description="What to draw; flags such as --ar 16:9 or --v 6 at the end"
    )
    images: list[str] = Field(
        default_factory=list, description=f"Optional reference images ({_IMAGE})"
    )
    bot: Bot = Field(default="MID_JOURNEY", description=_BOT)

    _images = image_fields("images")


class BlendRequest(_Request):
    images: list[str] = Field(
        min_length=2, max_length=5, description=f"2 to 5 images to blend ({_IMAGE})"
    )
    dimensions: Literal["PORTRAIT", "SQUARE", "LANDSCAPE"] = Field(
        default="SQUARE", description="PORTRAIT (2:3), SQUARE (1:1) or LANDSCAPE (3:2)"
    )
    bot: Bot = Field(default="MID_JOURNEY", description=_BOT)

    _images = image_fields("images")


class DescribeRequest(_Request):
    image: str = Field(min_length=1, description=f"The image to describe ({_IMAGE})")
    bot: Bot = Field(default="MID_JOURNEY", description=_BOT)

    _image = image_fields("image")


class SwapFaceRequest(_Request):
    source_image: str = Field(min_length=1, description=f"The face to use ({_IMAGE})")
    target_image: str = Field(
        min_length=1, description=f"The picture whose face is replaced ({_IMAGE})"
    )

    _images = image_fields("source_image", "target_image")


class ModalRequest(_Request):
    task_id: str = Field(min_length=1, description="The task waiting for input (status MODAL)")
    prompt: str | None = Field(default=None, description="The new prompt")
    mask: str | None = Field(default=None, description=f"Mask image for region vary ({_IMAGE})")

    _mask = image_fields("mask")


class ActionRequest(_Request):
    task_id: str = Field(min_length=1, description="The finished task whose button to press")
    custom_id: str = Field(
        min_length=1,
        description="The custom_id of one action listed in that task's result, "
        "e.g. MJ::JOB::upsample::1::…",
    )


class ChangeRequest(_Request):
    task_id: str = Field(min_length=1, description="The finished grid's task id")
    action: Literal["UPSCALE", "VARIATION", "REROLL"] = Field(
        description="UPSCALE or VARIATION of one image, or REROLL the whole grid"
    )
    index: int | None = Field(
        default=None, ge=1, le=4, description="Which image of the grid, 1-4 (not for REROLL)"
    )

    @model_validator(mode="after")
    def _index_when_needed(self) -> ChangeRequest:
        if self.action != "REROLL" and self.index is None:
            raise ValueError(f"index (1-4) is required for {self.action}")
        return self


# --- endpoints (§7.1, §7.3) ----------------------------------------------------------------


def imagine(request: ImagineRequest) -> Job:
    body = {"prompt": request.prompt, "botType": request.bot, "base64Array": request.images}
    return _job("imagine", "/mj/submit/imagine", body)


def blend(request: BlendRequest) -> Job:
    body = {"base64Array": request.images, "dimensions": request.dimensions, "botType": request.bot}
    return _job("blend", "/mj/submit/blend", body)


def describe(request: DescribeRequest) -> Job:
    return _job(
        "describe", "/mj/submit/describe", {"base64": request.image, "botType": request.bot}
    )


def swap_face(request: SwapFaceRequest) -> Job:
    body = {"sourceBase64": request.source_image, "targetBase64": request.target_image}
    return _job("swap_face", "/mj/insight-face/swap", body)


def modal(request: ModalRequest) -> Job:
    body: dict[str, Any] = {"taskId": request.task_id}
    if request.prompt:
        body["prompt"] = request.prompt
    if request.mask:
        body["maskBase64"] = request.mask
    return _job("modal", "/mj/submit/modal", body)


def action(request: ActionRequest) -> Job:
    return _job(
        "action", "/mj/submit/action", {"customId": request.custom_id, "taskId": request.task_id}
    )


def change(request: ChangeRequest) -> Job:
    body: dict[str, Any] = {"taskId": request.task_id, "action": request.action}
    if request.index is not None:
        body["index"] = request.index
    return _job("change", "/mj/submit/change", body)


def list_tasks(tasks: Sequence[Task]) -> Request:
    """`POST /mj/task/list-by-condition` for several tasks at once (§7.3)."""
    ids = [task.id for task in tasks]
    return Request("POST", "/mj/task/list-by-condition", json={"ids": ids}, ok_codes=None)


def _job(operation: str, path: str, body: Any) -> Job:
    return Job(
        vendor=VENDOR,
        operation=operation,
        submit=Request("POST", path, json=body, ok_codes=None),
        read_submitted=lambda answer: read_submitted(answer, operation),
        tracker=TRACKER,
    )


# --- submit codes (§7.2) -------------------------------------------------------------------

ACCEPTED = {1: "submitted", 21: "already exists", 22: "queued"}
_REFUSED: dict[int, type[APIError]] = {
    23: RateLimitError,  # queue full: try again later
    24: ContentPolicyError,  # banned word
    3: NotFoundError,
    4: BadRequestError,
    9: ServerError,
}


def read_submitted(body: Any, operation: str) -> Task:
    if not isinstance(body, Mapping) or "code" not in body:
        raise UnexpectedResponseError(
            "midjourney submit answer without a code", body=excerpt(str(body))
        )
    code, description = body.get("code"), str(body.get("description") or "")
    properties = body.get("properties") or {}
    if code in ACCEPTED and body.get("result"):
        result = body["result"]
        task_id = str(result[0] if isinstance(result, list) else result)
        return Task(id=task_id, vendor=VENDOR, operation=operation, status="queued", raw=body)
    message = f"midjourney refused the {operation} (code {code}): {description or 'no description'}"
    if properties.get("bannedWord"):
        message += f"; banned word: {properties['bannedWord']!r}"
    error_type = _REFUSED.get(code, BadRequestError) if isinstance(code, int) else BadRequestError
    raise error_type(message, code=code, body=excerpt(str(dict(body))))


# --- task object and status table (§7.3) ---------------------------------------------------

STATUS = StatusTable(
    VENDOR,
    {
        "NOT_START": "queued",
        "SUBMITTED": "queued",
        "MODAL": "running",
        "IN_PROGRESS": "running",
        "FAILURE": "failed",
        "SUCCESS": "succeeded",
        "CANCEL": "cancelled",
    },
)


def _progress(value: Any) -> float | None:
    text = str(value or "").strip().rstrip("%")
    try:
        return max(0.0, min(1.0, float(text) / 100))
    except ValueError:
        return None


def _actions(buttons: Any) -> tuple[Action, ...]:
    found = []
    for button in buttons if isinstance(buttons, list) else []:
        if isinstance(button, Mapping) and button.get("customId"):
            label = str(button.get("label") or button.get("emoji") or button["customId"])
            found.append(Action(id=str(button["customId"]), label=label))
    return tuple(found)


def _describe_text(body: Mapping[str, Any]) -> str | None:
    properties = body.get("properties") or {}
    text = properties.get("finalPrompt") or body.get("prompt") or body.get("promptEn")
    return str(text) if text else None


def read_task(body: Any, previous: Task | None) -> Task:
    """A task object as a `Task`; `None` or an empty body means the id is unknown."""
    if not isinstance(body, Mapping) or not body.get("id"):
        task_id = previous.id if previous else "?"
        raise NotFoundError(f"midjourney has no task {task_id!r}", status_code=404)
    status = STATUS(body.get("status"))
    operation = str(body.get("action") or "task").lower()
    if previous is not None and previous.operation != "task":
        operation = previous.operation
    image = body.get("imageUrl")
    outputs = (Output(str(image), "image"),) if status == "succeeded" and image else ()
    task = Task(
        id=str(body["id"]),
        vendor=VENDOR,
        operation=operation,
        status=status,
        progress=1.0 if status == "succeeded" else _progress(body.get("progress")),
        outputs=outputs,
        actions=_actions(body.get("buttons")) if status == "succeeded" else (),
        text=_describe_text(body) if operation == "describe" and status == "succeeded" else None,
        error=str(body.get("failReason") or "") or None,
        needs_input=str(body.get("status")) == "MODAL",
        raw=body,
    )
    if status == "failed" and not task.error:
        return with_status(task, error="the job failed without a reason")
    return task


def read_many(body: Any, tasks: Sequence[Task]) -> list[Task]:
    """The list-by-condition answer (§7.3: a JSON array of task objects), in the order asked;
    the proxy leaves unknown ids out, and they are reported as not found."""
    if not isinstance(body, list):
        raise UnexpectedResponseError(
            "midjourney task list that is not a JSON array", body=excerpt(str(body))
        )
    found = {str(item.get("id")): item for item in body if isinstance(item, Mapping)}
    missing = [task.id for task in tasks if task.id not in found]
    if missing:
        names = ", ".join(repr(task_id) for task_id in missing)
        raise NotFoundError(f"midjourney has no task {names}", status_code=404)
    return [read_task(found[task.id], task) for task in tasks]


TRACKER = Tracker(
    VENDOR,
    fetch=lambda task: Request("GET", f"/mj/task/{path_segment(task.id)}/fetch", ok_codes=None),
    read=read_task,
    lookup_tool="midjourney_get_task",
    statuses=(STATUS,),
    fetch_many=list_tasks,
    read_many=read_many,
)

# --- the operation table (§7) ----------------------------------------------------------------

_ACTIONS = "midjourney_action"


def _submit(
    name: str,
    request: type[BaseModel],
    job: Callable[[Any], Job],
    route: str,
    summary: str,
    files: tuple[str, ...] = (),
) -> Operation:
    """A Midjourney submit row: every one is polled by TRACKER and followed by midjourney_action."""
    return Operation(
        name=name,
        summary=summary,
        request=request,
        job=job,
        tracker=TRACKER,
        # base64 fields take data URIs only; a URL is fetched (without the key) first.
        prepare=inline_urls(*files) if files else None,
        section="§7.1",
        route=route,
        follow_up=_ACTIONS,
    )


OPERATIONS = (
    _submit(
        "midjourney_imagine",
        ImagineRequest,
        imagine,
        "POST /mj/submit/imagine",
        "Create four images from a text prompt with Midjourney (a 2x2 grid). Midjourney "
        "flags such as --ar 16:9 or --v 6 go at the end of the prompt. Optional reference images "
        "(URLs, data URIs or local paths). Returns the grid URL and follow-up actions U1-U4 "
        "(upscale one), V1-V4 (variations) and reroll.",
        files=("images",),
    ),
    _submit(
        "midjourney_blend",
        BlendRequest,
        blend,
        "POST /mj/submit/blend",
        "Blend 2 to 5 images into one new picture with Midjourney. Images are URLs, data "
        "URIs or local file paths; dimensions is PORTRAIT (2:3), SQUARE (1:1) or LANDSCAPE (3:2).",
        files=("images",),
    ),
    _submit(
        "midjourney_describe",
        DescribeRequest,
        describe,
        "POST /mj/submit/describe",
        "Ask Midjourney to describe an image: returns four prompts that could have "
        "produced it. The image is a URL, a data URI or a local file path.",
        files=("image",),
    ),
    _submit(
        "midjourney_swap_face",
        SwapFaceRequest,
        swap_face,
        "POST /mj/insight-face/swap",
        "Put the face from source_image onto the person in target_image (Midjourney face "
        "swap). Both are URLs, data URIs or local file paths.",
        files=("source_image", "target_image"),
    ),
    _submit(
        "midjourney_modal",
        ModalRequest,
        modal,
        "POST /mj/submit/modal",
        "Complete a Midjourney task that is waiting for input (status MODAL, e.g. after a "
        "region vary, custom zoom or remix action): give the task_id and the new prompt, and a "
        "mask image for region vary.",
        files=("mask",),
    ),
    _submit(
        "midjourney_action",
        ActionRequest,
        action,
        "POST /mj/submit/action",
        "Press a button on a finished Midjourney task: give its task_id and the custom_id "
        "of one follow-up action listed in that task's result (U1-U4 upscale one image, V1-V4 "
        "make variations, reroll, zoom, pan...).",
    ),
    _submit(
        "midjourney_change",
        ChangeRequest,
        change,
        "POST /mj/submit/change",
        "Upscale (UPSCALE) or vary (VARIATION) image number index 1-4 of a finished "
        "Midjourney grid, or REROLL the whole grid. Needs the task_id of the grid.",
    ),
    lookup(
        TRACKER,
        summary="Get a Midjourney task by id: its status, progress, image URL and follow-up "
        "actions. Use it to resume a job that was submitted earlier; it never submits anything. "
        "Several ids separated by commas are looked up together, each task described.",
        section="§7.3",
        route="GET /mj/task/{id}/fetch",
        task_id_help="The task id a submitting tool returned, or several separated by commas",
        follow_up=_ACTIONS,
    ),
)
