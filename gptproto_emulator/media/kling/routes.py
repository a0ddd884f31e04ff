"""The Kling routes, official format (API.md §9; envelopes UPSTREAM from Kling's API).

Every answer is ``{code, message, request_id, data?}`` with HTTP 200: ``code: 0, message:
"SUCCEED"`` on success; on error ``code`` ≠ 0 (Kling's service codes: 1201 invalid parameter,
naming the field; 1203 unknown task; 1301 content security policy) and no ``data``.

Timeline at clock speed 1 (seconds): ``submitted`` 2 (+6 queued) → ``processing`` (images 4,
videos 8) → ``succeed`` (``task_result``) or ``failed`` (``task_status_msg``).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError, json_object
from gptproto_emulator.media.http_helpers import (
    cdn,
    count_submission,
    json_response,
    millis,
    new_uuid,
)
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.kling.bodies import image_params, video_params
from gptproto_emulator.media.timeline import Timeline

JSONObject = dict[str, Any]
KINDS = {
    ("images", "generations"): 4.0,
    ("videos", "text2video"): 8.0,
    ("videos", "image2video"): 8.0,
}
QUEUE_SECONDS = 6.0
SUBMITTED_SECONDS = 2.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
DEFAULT_MODERATION = "Failure to pass the risk control system"


def kling_timeline(work: float, fate: Fate) -> Timeline:
    """``submitted`` → ``processing`` → ``succeed``/``failed``."""
    waiting = SUBMITTED_SECONDS + (QUEUE_SECONDS if fate.outcome == "queued" else 0.0)
    end = "failed" if fate.outcome in ("fail", "moderated") else "succeed"
    return Timeline((("submitted", waiting), ("processing", work), (end, None)))


def kling_routes(state: EmulatorState) -> list[BaseRoute]:
    """The ``/kling/v1/...`` routes bound to ``state``."""
    book = state.jobs

    def envelope(code: int, message: str, data: JSONObject | None = None) -> Response:
        body: JSONObject = {
            "code": code,
            "message": message,
            "request_id": new_uuid(state, "kling-request"),
        }
        if data is not None:
            body["data"] = data
        return json_response(body)

    def submitter(action: str, action2: str) -> Any:
        async def submit(request: Request) -> Response:
            try:
                body = await json_object(request)
                if action == "images":
                    params = image_params(body)
                else:
                    params = video_params(body, needs_image=action2 == "image2video")
            except FieldError as exc:
                return envelope(1201, str(exc))
            word = banned_word(params.get("prompt"))
            if word is not None:
                return envelope(1301, "Trigger the content security policy of the platform")
            fate = book.take_fate("kling")
            now = state.clock.now()
            job_id = new_uuid(state, "kling-task")
            timeline = kling_timeline(KINDS[(action, action2)], fate)
            job = Job("kling", job_id, f"{action}/{action2}", now, fate, timeline, params, now)
            book.add(job)
            count_submission(state, request)
            return envelope(0, "SUCCEED", _task_data(job, now, full=False))

        submit.__doc__ = (
            f"{action}/{action2} — API.md §9.1-§9.3 fields, §9.4 envelope (UPSTREAM Kling)."
        )
        return submit

    async def query(request: Request) -> Response:
        """Query task — API.md §9.4 (UPSTREAM Kling), under the path the task was submitted to."""
        path = request.path_params
        job = book.get("kling", path["task_id"])
        if job is None or job.kind != f"{path['action']}/{path['action2']}":
            return envelope(1203, f"Task not found: {path['task_id']}")
        return envelope(0, "SUCCEED", _task_data(job, state.clock.now(), full=True))

    routes: list[BaseRoute] = [
        Route(f"/kling/v1/{a}/{b}", submitter(a, b), methods=["POST"]) for a, b in KINDS
    ]
    routes.append(Route("/kling/v1/{action}/{action2}/{task_id}", query, methods=["GET"]))
    return routes


def _task_data(job: Job, now: float, *, full: bool) -> JSONObject:
    moment = job.moment(now)
    assert moment is not None  # Kling tasks start when submitted
    start = job.started_at if job.started_at is not None else job.created_at
    data: JSONObject = {
        "task_id": job.id,
        "task_status": moment.status,
        "created_at": millis(job.created_at),
        "updated_at": millis(start + moment.phase_start),
    }
    if not full:
        return data
    data["task_status_msg"] = _failure(job.fate) if moment.status == "failed" else ""
    if moment.status == "succeed":
        data["task_result"] = _result(job)
    return data


def _failure(fate: Fate) -> str:
    if fate.outcome == "moderated":
        return fate.reason or DEFAULT_MODERATION
    return fate.reason or DEFAULT_FAIL_REASON


def _result(job: Job) -> JSONObject:
    if job.kind == "images/generations":
        count = int(job.params.get("n", 1))
        images = [{"index": i, "url": f"{cdn()}/kling/{job.id}-{i}.png"} for i in range(count)]
        return {"images": images}
    duration = str(job.params.get("duration", "5"))
    return {"videos": [{"id": job.id, "url": f"{cdn()}/kling/{job.id}.mp4", "duration": duration}]}
