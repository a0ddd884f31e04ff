"""The Seedance routes (API.md §13.6 create, §13.7 query; shapes UPSTREAM from Volcengine Ark).

Create answers Ark's ``{"id": "cgt-..."}``; the query answers Ark's task object ``{id, model,
status: queued | running | succeeded | failed, content: {video_url}, error: {code, message},
seed, resolution, ratio, duration, framespersecond, usage, created_at, updated_at}``, or, with
``POST /__emulator__/jobs/options {"seedance_task": "wrapped"}``, the docs site's envelope
``{"code": 0, "message": "Success", "data": {task_id, status: pending | running | completed |
failed, model, video_url, created_at, completed_at, error}}`` (for both routes). A banned word
in the prompt is Ark's 400 ``InputTextSensitiveContentDetected``; a moderated job fails with
``OutputVideoSensitiveContentDetected``; a broken body is an E1 400 naming the field, an unknown
id E5 (``Invalid task_id format``) or a 404.

Timeline at clock speed 1 (seconds): ``queued`` 3 (+10 scripted ``queued``) → ``running``
(``duration`` × 4) → ``succeeded`` or ``failed``.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.errors import e1_body
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError, json_object
from gptproto_emulator.media.http_helpers import (
    bad_request,
    cdn,
    count_submission,
    json_response,
    not_found,
)
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.seedance.bodies import task_params
from gptproto_emulator.media.timeline import Timeline

JSONObject = dict[str, Any]
ROUTE = "/api/v3/contents/generations/tasks"
QUEUE_SECONDS = 3.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
SENSITIVE_OUTPUT = (
    "OutputVideoSensitiveContentDetected",
    "The request failed because the output video may contain sensitive information.",
)
SENSITIVE_INPUT = (
    "InputTextSensitiveContentDetected",
    "The request failed because the input text may contain sensitive information.",
)
_WRAPPED_WORDS = {"queued": "pending", "succeeded": "completed"}
TERMINAL = ("succeeded", "failed", "cancelled")


def seedance_timeline(fate: Fate, duration: int) -> Timeline:
    """``queued`` → ``running`` → ``succeeded`` / ``failed``; a cancelled task ends while queued
    (Ark cancels only queued tasks)."""
    if fate.outcome == "cancel":
        return Timeline((("queued", QUEUE_SECONDS), ("cancelled", None)))
    waiting = QUEUE_SECONDS + (10.0 if fate.outcome == "queued" else 0.0)
    end = "failed" if fate.outcome in ("fail", "moderated") else "succeeded"
    return Timeline((("queued", waiting), ("running", 4.0 * duration), (end, None)))


def seedance_routes(state: EmulatorState) -> list[BaseRoute]:
    """The Ark task routes bound to ``state``."""
    book = state.jobs

    def answer(data: JSONObject) -> Response:
        if book.shapes["seedance_task"] == "wrapped":
            return json_response({"code": 0, "message": "Success", "data": _wrapped(data)})
        return json_response(data)

    async def create(request: Request) -> Response:
        """Create task — API.md §13.6 (Ark body; answer UPSTREAM ``{id}``)."""
        try:
            params = task_params(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        if banned_word(params["prompt"]) is not None:
            code, message = SENSITIVE_INPUT
            return json_response({"error": {"code": code, "message": message}}, 400)
        fate = book.take_fate("seedance")
        now = state.clock.now()
        stamp = f"{int(now):d}"[-8:]
        job_id = f"cgt-{stamp}-{book.next_number():05d}"
        timeline = seedance_timeline(fate, int(params["duration"]))
        book.add(Job("seedance", job_id, "video", now, fate, timeline, params, now))
        count_submission(state, request)
        return answer({"id": job_id})

    async def query(request: Request) -> Response:
        """Query task — API.md §13.7 (UPSTREAM Ark ``GetContentsGenerationsTask``)."""
        task_id = request.path_params["task_id"]
        if not task_id.startswith("cgt-"):
            body = e1_body("Invalid task_id format", "invalid_request_error", "invalid_parameters")
            return json_response(body, 400)
        job = book.get("seedance", task_id)
        if job is None:
            return not_found(f"Task not found: {task_id}")
        return answer(_task(job, state.clock.now()))

    return [
        Route(ROUTE, create, methods=["POST"]),
        Route(f"{ROUTE}/{{task_id}}", query, methods=["GET"]),
    ]


def _task(job: Job, now: float) -> JSONObject:
    moment = job.moment(now)
    assert moment is not None  # Seedance tasks start when submitted
    p = job.params
    body: JSONObject = {
        "id": job.id,
        "model": p["model"],
        "status": moment.status,
        "error": None,
        "seed": p["seed"],
        "resolution": p["resolution"],
        "ratio": p["ratio"],
        "duration": p["duration"],
        "framespersecond": p["framespersecond"],
        "created_at": int(job.created_at),
        "updated_at": int(job.created_at + moment.phase_start),
    }
    if moment.status == "succeeded":
        body["content"] = {"video_url": f"{cdn()}/seedance/{job.id}.mp4"}
        body["usage"] = {"completion_tokens": 246840, "total_tokens": 246840}
    elif moment.status == "failed":
        if job.fate.outcome == "moderated":
            code, message = SENSITIVE_OUTPUT
            body["error"] = {"code": code, "message": job.fate.reason or message}
        else:
            body["error"] = {
                "code": "InternalServiceError",
                "message": job.fate.reason or DEFAULT_FAIL_REASON,
            }
    return body


def _wrapped(data: JSONObject) -> JSONObject:
    """The docs site's ``data`` object (its words for the statuses, a flat ``video_url``)."""
    if set(data) == {"id"}:
        return {"task_id": data["id"], "status": "pending"}
    error = data.get("error")
    return {
        "task_id": data["id"],
        "status": _WRAPPED_WORDS.get(data["status"], data["status"]),
        "model": data["model"],
        "video_url": (data.get("content") or {}).get("video_url"),
        "created_at": data["created_at"],
        "completed_at": data["updated_at"] if data["status"] in TERMINAL else None,
        "error": error["message"] if isinstance(error, dict) else None,
    }
