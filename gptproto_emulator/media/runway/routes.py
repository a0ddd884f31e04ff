"""The Runway routes (API.md §10): four "pro" submits, the official image-to-video, one query.

Every family is queried at ``GET /runway/v1/tasks/{id}`` (Postman; the official MCP's aliases
``/v1/runway/tasks/{id}`` and ``/runway/tasks/{id}`` answer too). No answer is documented, so
the task is answered in one of the three candidate shapes of §10.2, chosen with
``POST /__emulator__/jobs/shapes {"runway": "official" | "wrapped" | "feed"}``:

- ``official`` (A, UPSTREAM Runway): submit ``{id}``; task ``{id, status, createdAt, progress,
  output[], failure, failureCode}``;
- ``wrapped`` (B, new-api): ``{code: "success", data: {task_id, status, progress "40%",
  fail_reason, data: <the official task>}}``;
- ``feed`` (C, reseller): ``{code: 200, msg, data: {task_id, state, status "0".."3",
  video_url, poster, last_frame}}``.

Timeline at clock speed 1 (seconds): ``PENDING`` 2 (``THROTTLED`` 6 more when scripted
``queued``) → ``RUNNING`` 8 → ``SUCCEEDED``, or ``FAILED`` (scripted ``fail``; ``moderated``
and a banned word in the prompt fail with a ``SAFETY.*`` failure code, as Runway's do).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError, json_object
from gptproto_emulator.media.http_helpers import (
    bad_request,
    cdn,
    count_submission,
    json_response,
    new_uuid,
    not_found,
)
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.runway.bodies import official_params, pro_params
from gptproto_emulator.media.timeline import Timeline

JSONObject = dict[str, Any]
PRO_ROUTES = ("act_two", "act_one", "generate", "video2video")
PENDING_SECONDS = 2.0
THROTTLED_SECONDS = 6.0
RUNNING_SECONDS = 8.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
SAFETY = {
    "banned": ("SAFETY.INPUT.TEXT", "The prompt did not pass content moderation"),
    "moderated": ("SAFETY.OUTPUT.VIDEO", "The output did not pass content moderation"),
}
# The new-api wrapper's and the reseller feed's words for Runway's statuses (§10.2 B, C).
WRAPPED = {
    "PENDING": "QUEUED",
    "THROTTLED": "QUEUED",
    "RUNNING": "IN_PROGRESS",
    "SUCCEEDED": "SUCCESS",
    "FAILED": "FAILURE",
}
FEED = {
    "PENDING": ("queued", "0"),
    "THROTTLED": ("queued", "0"),
    "RUNNING": ("processing", "1"),
    "FAILED": ("failed", "2"),
    "SUCCEEDED": ("succeeded", "3"),
}


def runway_timeline(fate: Fate) -> Timeline:
    """``PENDING`` (→ ``THROTTLED``) → ``RUNNING`` → ``SUCCEEDED`` / ``FAILED``."""
    phases: list[tuple[str, float | None]] = [("PENDING", PENDING_SECONDS)]
    if fate.outcome == "queued":
        phases.append(("THROTTLED", THROTTLED_SECONDS))
    end = "FAILED" if fate.outcome in ("fail", "moderated") else "SUCCEEDED"
    return Timeline((*phases, ("RUNNING", RUNNING_SECONDS), (end, None)))


def runway_routes(state: EmulatorState) -> list[BaseRoute]:
    """The ``/runway/v1/...`` and ``/runwayml/v1/...`` routes bound to ``state``."""
    book = state.jobs

    def submitter(kind: str) -> Any:
        async def submit(request: Request) -> Response:
            try:
                body = await json_object(request)
                params = (
                    official_params(body) if kind == "image_to_video" else pro_params(kind, body)
                )
            except FieldError as exc:
                return bad_request(str(exc))
            banned = banned_word(params["prompt"]) is not None
            fate = Fate("moderated") if banned else book.take_fate("runway")
            params["banned"] = banned
            now = state.clock.now()
            job = Job("runway", new_uuid(state, "runway-task"), kind, now, fate,
                      runway_timeline(fate), params, now)  # fmt: skip
            book.add(job)
            count_submission(state, request)
            return json_response(_receipt(book.shape("runway"), job.id))

        submit.__doc__ = f"{kind} — API.md §10.1 body; the receipt in the chosen §10.2 shape."
        return submit

    async def query(request: Request) -> Response:
        """Query task — API.md §10.2 (no documented answer; the chosen candidate shape)."""
        job = book.get("runway", request.path_params["id"])
        if job is None:
            return not_found(f"Task not found: {request.path_params['id']}")
        return json_response(_task(book.shape("runway"), job, state.clock.now()))

    routes: list[BaseRoute] = [
        Route(f"/runway/v1/pro/{name}", submitter(name), methods=["POST"]) for name in PRO_ROUTES
    ]
    routes.append(
        Route("/runwayml/v1/image_to_video", submitter("image_to_video"), methods=["POST"])
    )
    for path in ("/runway/v1/tasks/{id}", "/v1/runway/tasks/{id}", "/runway/tasks/{id}"):
        routes.append(Route(path, query, methods=["GET"]))
    return routes


def _receipt(shape: str, job_id: str) -> JSONObject:
    if shape == "wrapped":
        return {"code": "success", "message": "", "data": {"task_id": job_id}}
    if shape == "feed":
        return {"code": 200, "msg": "成功", "data": {"task_id": job_id}}
    return {"id": job_id}


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _official(job: Job, now: float) -> JSONObject:
    moment = job.moment(now)
    assert moment is not None  # Runway tasks start when submitted
    task: JSONObject = {"id": job.id, "status": moment.status, "createdAt": _iso(job.created_at)}
    if moment.status == "RUNNING":
        task["progress"] = round(moment.fraction, 2)
    elif moment.status == "SUCCEEDED":
        task["output"] = [f"{cdn()}/runway/{job.id}.mp4"]
    elif moment.status == "FAILED" and job.fate.outcome == "moderated":
        code, default = SAFETY["banned" if job.params.get("banned") else "moderated"]
        task.update(failure=job.fate.reason or default, failureCode=code)
    elif moment.status == "FAILED":
        task["failure"] = job.fate.reason or DEFAULT_FAIL_REASON
    return task


def _task(shape: str, job: Job, now: float) -> JSONObject:
    inner = _official(job, now)
    status = inner["status"]
    if shape == "official":
        return inner
    video = inner.get("output", [None])[0]
    if shape == "wrapped":
        data: JSONObject = {
            "task_id": job.id,
            "action": job.kind.upper(),
            "status": WRAPPED[status],
            "fail_reason": inner.get("failure", ""),
            "submit_time": int(job.created_at),
            "progress": f"{int(100 * inner.get('progress', 1.0 if video else 0.0))}%",
            "data": inner,
        }
        return {"code": "success", "message": "", "data": data}
    state, digit = FEED[status]
    feed: JSONObject = {"task_id": job.id, "state": state, "status": digit}
    if video:
        feed.update(video_url=video, poster=f"{cdn()}/runway/{job.id}.jpg")
        feed["last_frame"] = f"{cdn()}/runway/{job.id}-last.jpg"
    if status == "FAILED":
        feed["fail_reason"] = inner["failure"]
    return {"code": 200, "msg": "成功", "data": feed}
