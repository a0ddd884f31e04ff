"""The Flux official-format routes (API.md §12.3-§12.4; BFL shapes, UPSTREAM except the REAL
``Ready`` body of §12.4, which the emulator reproduces field for field).

Timeline at clock speed 1 (seconds): ``Pending`` 5 (+5 queued; ``progress`` 0..1) → ``Ready``
(``result.sample``), or ``Error`` / ``Content Moderated`` when scripted. A prompt with a banned
word is ``Request Moderated`` from the first poll. Unknown ids answer ``Task not found``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import (
    FieldError,
    json_object,
    optional_bool,
    optional_choice,
    optional_int,
    optional_str,
    required_str,
)
from gptproto_emulator.media.http_helpers import (
    bad_request,
    cdn,
    count_submission,
    json_response,
    new_uuid,
)
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.timeline import Timeline

# BFL's own polling host, unreachable on purpose: §12.3 says to poll gptproto's get_result.
_BFL_POLLING = "https://emulator.invalid"

JSONObject = dict[str, Any]
PENDING_SECONDS = 5.0
QUEUE_SECONDS = 5.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
_RATIO = re.compile(r"^(\d+):(\d+)$")


def flux_timeline(fate: Fate, banned: bool) -> Timeline:
    """``Pending`` → ``Ready`` / ``Error`` / ``Content Moderated``; or ``Request Moderated``."""
    if banned:
        return Timeline((("Request Moderated", None),))
    pending = PENDING_SECONDS + (QUEUE_SECONDS if fate.outcome == "queued" else 0.0)
    end = {"fail": "Error", "moderated": "Content Moderated"}.get(fate.outcome, "Ready")
    return Timeline((("Pending", pending), (end, None)))


def submit_params(body: JSONObject) -> JSONObject:
    """The BFL Kontext fields of API.md §12.3 (``prompt`` required)."""
    prompt = required_str(body, "prompt")
    for name in ("input_image", "input_image_2", "input_image_3", "input_image_4"):
        optional_str(body, name)
    for name in ("webhook_url", "webhook_secret"):
        optional_str(body, name)
    optional_bool(body, "prompt_upsampling")
    optional_int(body, "safety_tolerance", minimum=0, maximum=6)
    seed = optional_int(body, "seed", minimum=0, maximum=2**63 - 1)
    ratio = optional_str(body, "aspect_ratio")
    if ratio is not None:
        match = _RATIO.match(ratio)
        width, height = (int(match[1]), int(match[2])) if match else (0, 0)
        if not width or not height or not 9 / 21 <= width / height <= 21 / 9:
            raise FieldError("'aspect_ratio' must be a ratio 'W:H' between 21:9 and 9:21")
    output = optional_choice(body, "output_format", ("jpeg", "png")) or "jpeg"
    return {"prompt": prompt, "seed": seed, "output_format": output}


def flux_routes(state: EmulatorState) -> list[BaseRoute]:
    """The ``/flux/v1/...`` routes bound to ``state``."""
    book = state.jobs

    async def submit(request: Request) -> Response:
        """Official submit — API.md §12.3: ``{id, polling_url}`` (BFL shape). The polling URL
        points at an unreachable host on purpose: clients poll ``get_result`` here (§12.3)."""
        model = request.path_params["model"]
        if not model.startswith("flux-"):
            return bad_request(f"Unknown model {model!r} (e.g. flux-kontext-pro, flux-kontext-max)")
        try:
            params = submit_params(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        banned = banned_word(params["prompt"]) is not None
        fate = Fate() if banned else book.take_fate("flux")
        now = state.clock.now()
        job_id = new_uuid(state, "flux-task")
        if params["seed"] is None:
            params["seed"] = int(hashlib.sha256(job_id.encode()).hexdigest()[:8], 16) % 100_000
        job = Job("flux", job_id, model, now, fate, flux_timeline(fate, banned), params, now)
        book.add(job)
        count_submission(state, request)
        return json_response(
            {"id": job_id, "polling_url": f"{_BFL_POLLING}/flux/v1/get_result?id={job_id}"}
        )

    async def get_result(request: Request) -> Response:
        """Official get_result — API.md §12.4 (REAL ``Ready`` body; other statuses UPSTREAM)."""
        task_id = request.query_params.get("id", "").strip()
        if not task_id:
            return bad_request("'id' (the task id) is required")
        job = book.get("flux", task_id)
        if job is None:
            return json_response({"id": task_id, "status": "Task not found", "result": None})
        return json_response(_result_body(job, state.clock.now()))

    return [
        Route("/flux/v1/get_result", get_result, methods=["GET"]),
        Route("/flux/v1/{model}", submit, methods=["POST"]),
    ]


def _result_body(job: Job, now: float) -> JSONObject:
    moment = job.moment(now)
    assert moment is not None
    assert job.started_at is not None
    status = moment.status
    if status == "Pending":
        progress = round(moment.fraction, 2)
        return {"id": job.id, "status": status, "result": None, "progress": progress}
    if status != "Ready":
        reason = job.fate.reason or _default_reason(status)
        return {"id": job.id, "status": status, "result": None, "details": {"message": reason}}
    p = job.params
    start, end = job.started_at, job.started_at + job.timeline.finish
    sample = f"{cdn()}/flux/{job.id}/sample.{p['output_format']}"
    result = {
        "duration": end - start,
        "endTime": end,
        "prompt": p["prompt"],
        "sample": sample,
        "seed": p["seed"],
        "startTime": start,
    }
    return {"id": job.id, "result": result, "status": status}


def _default_reason(status: str) -> str:
    if status == "Request Moderated":
        return "The prompt contains a banned word"
    if status == "Content Moderated":
        return "The generated image was flagged by moderation"
    return DEFAULT_FAIL_REASON
