"""The Veo async routes (API.md §5.2 create, §5.3 task status).

``POST /v1/veo/videos`` takes ``prompt``, ``model`` (required), ``aspect_ratio`` 16:9 / 9:16,
``images`` (1 = first frame, 2 = first and last frame), ``enhance_prompt``, ``upsample``,
``reference``. No gptproto example shows an answer, so the submit answer is one of the
candidates §5.2 names, picked with ``POST /__emulator__/jobs/options {"veo_submit": ...}``:
``data`` ``{"code":"success","data":"<id>","message":"ok"}`` (default, THIRD-PARTY relay),
``data_id`` ``{"code":"success","data":{"id":...}}``, ``id`` ``{"id":...,"status":...}`` (other
relays), ``task_id`` ``{"task_id":...}``. The task (§5.3, THIRD-PARTY struct) is
``{taskId, status: PROCESSING | SUCCESS | FAILED, videoUrl, startTime, finishTime}``; a failure
carries ``message`` (INFERRED: the struct names no reason field). A banned word in the prompt
gets the 503 content-policy body of PH-ERR-B (§2.5 E2), errors are E1 400s naming the field.

Timeline at clock speed 1 (seconds): ``PROCESSING`` 30 (+10 when scripted ``queued``) →
``SUCCESS`` or ``FAILED``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.errors import error_body_for_status
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import (
    FieldError,
    is_image_ref,
    json_object,
    optional_bool,
    optional_choice,
    required_str,
)
from gptproto_emulator.media.http_helpers import (
    bad_request,
    cdn,
    count_submission,
    json_response,
    millis,
    new_uuid,
    not_found,
)
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.timeline import Timeline

JSONObject = dict[str, Any]
MODELS = (
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
)
WORK_SECONDS = 30.0
QUEUE_SECONDS = 10.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
DEFAULT_MODERATION = "Input may not meet the guidelines. Please adjust and try again."


def video_params(body: JSONObject) -> JSONObject:
    """The §5.2 body, checked field by field."""
    prompt = required_str(body, "prompt")
    model = required_str(body, "model")
    if model not in MODELS:
        raise FieldError(f"'model' must be one of: {', '.join(MODELS)}")
    ratio = optional_choice(body, "aspect_ratio", ("16:9", "9:16")) or "16:9"
    for flag in ("enhance_prompt", "upsample", "reference"):
        optional_bool(body, flag)
    images = body.get("images")
    if images is not None:
        if not isinstance(images, list) or not 1 <= len(images) <= 2:
            raise FieldError("'images' must be a list of 1 (first frame) or 2 (first, last) images")
        if not all(is_image_ref(image) for image in images):
            raise FieldError("'images' must hold image URLs or data URIs")
        if images and not (model.startswith("veo3.1") or model.endswith("-frames")):
            # §5.2: 1-2 images for the -frames models and veo3.1.
            raise FieldError(f"'images' needs a -frames or veo3.1 model, not {model}")
    return {"prompt": prompt, "model": model, "aspect_ratio": ratio, "images": images or []}


def veo_timeline(fate: Fate) -> Timeline:
    """``PROCESSING`` → ``SUCCESS`` / ``FAILED``."""
    work = WORK_SECONDS + (QUEUE_SECONDS if fate.outcome == "queued" else 0.0)
    end = "FAILED" if fate.outcome in ("fail", "moderated") else "SUCCESS"
    return Timeline((("PROCESSING", work), (end, None)))


def veo_routes(state: EmulatorState) -> list[BaseRoute]:
    """``POST /v1/veo/videos`` and ``GET /v1/veo/tasks/{task_id}`` bound to ``state``."""
    book = state.jobs

    async def create(request: Request) -> Response:
        """Create video — API.md §5.2 (fields from gptproto's examples; answer per option)."""
        try:
            params = video_params(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        if banned_word(params["prompt"]) is not None:
            return json_response(error_body_for_status(503), 503)
        fate = book.take_fate("veo")
        now = state.clock.now()
        job = Job(
            "veo",
            f"veo:{new_uuid(state, 'veo-task')}",
            "video",
            now,
            fate,
            veo_timeline(fate),
            params,
            now,
        )
        book.add(job)
        count_submission(state, request)
        return json_response(_submitted(job.id, book.shapes["veo_submit"]))

    async def task(request: Request) -> Response:
        """Get task status — API.md §5.3 (THIRD-PARTY struct)."""
        job = book.get("veo", request.path_params["task_id"])
        if job is None:
            return not_found(f"Task not found: {request.path_params['task_id']}")
        return json_response(_task(job, state.clock.now()))

    return [
        Route("/v1/veo/videos", create, methods=["POST"]),
        Route("/v1/veo/tasks/{task_id}", task, methods=["GET"]),
    ]


def _submitted(task_id: str, shape: str) -> JSONObject:
    if shape == "data_id":
        return {"code": "success", "data": {"id": task_id}, "message": "ok"}
    if shape == "id":
        return {"id": task_id, "status": "PROCESSING"}
    if shape == "task_id":
        return {"task_id": task_id}
    return {"code": "success", "data": task_id, "message": "ok"}


def _task(job: Job, now: float) -> JSONObject:
    moment = job.moment(now)
    assert moment is not None  # Veo tasks start when submitted
    body: JSONObject = {
        "taskId": job.id,
        "status": moment.status,
        "videoUrl": "",
        "startTime": millis(job.created_at),
        "finishTime": 0,
    }
    if moment.terminal:
        body["finishTime"] = millis(job.created_at + job.timeline.finish)
    if moment.status == "SUCCESS":
        body["videoUrl"] = f"{cdn()}/veo/{job.id.split(':')[-1]}.mp4"
    elif moment.status == "FAILED":
        default = DEFAULT_MODERATION if job.fate.outcome == "moderated" else DEFAULT_FAIL_REASON
        body["message"] = job.fate.reason or default
    return body
