"""The higgsfield routes (API.md §14): motion templates, generate, query task.

Only the request fields are documented; the answers are THIRD-PARTY (the motion list, the
``{id}`` receipt) or guessed (§14.3). The task is answered in one of three shapes, chosen with
``POST /__emulator__/jobs/shapes {"higgsfield": "job" | "wrapped" | "jobset"}``:

- ``job`` (Higgsfield's job model): ``{id, status, results: {raw: {url, type}, min: ...}}``;
- ``wrapped`` (another relay): ``{code: 200, data: {task_id, status, output: {video_url},
  error}}`` with the relay's words ``pending``/``processing``/``completed``/``failed``; the
  motion list is wrapped the same way (``{code: 200, data: [...]}``);
- ``jobset``: ``{id, jobs: [{id, status, results}]}``.

Timeline at clock speed 1 (seconds): ``queued`` 2 (+6 when scripted ``queued``) →
``in_progress`` 8 → ``completed``, or ``failed`` (scripted ``fail``) or ``nsfw`` (scripted
``moderated``, or a banned word in the prompt).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import (
    FieldError,
    is_image_ref,
    json_object,
    optional_bool,
    optional_int,
    required_str,
)
from gptproto_emulator.media.higgsfield.motions import MOTION_IDS, search_motions
from gptproto_emulator.media.http_helpers import (
    bad_request,
    cdn,
    count_submission,
    json_response,
    new_uuid,
    not_found,
)
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.timeline import Timeline

JSONObject = dict[str, Any]
MODELS = ("higgsfield-lite", "higgsfield-standard", "higgsfield-turbo", "lite", "standard", "turbo")
QUEUE_SECONDS = 6.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"
NSFW_REASON = "The content was flagged as NSFW"
RELAY = {"queued": "pending", "in_progress": "processing", "nsfw": "failed"}


def higgsfield_timeline(fate: Fate) -> Timeline:
    """``queued`` → ``in_progress`` → ``completed`` / ``failed`` / ``nsfw``."""
    waiting = 2.0 + (QUEUE_SECONDS if fate.outcome == "queued" else 0.0)
    if fate.outcome == "cancel":  # Higgsfield's word; a cancelled job ends before it runs
        return Timeline((("queued", waiting), ("canceled", None)))
    end = {"fail": "failed", "moderated": "nsfw"}.get(fate.outcome, "completed")
    return Timeline((("queued", waiting), ("in_progress", 8.0), (end, None)))


def generate_params(body: JSONObject) -> JSONObject:
    """``POST /v1/higgsfield/generate`` (API.md §14.2 fields; THIRD-PARTY ranges)."""
    prompt = required_str(body, "prompt")
    model = required_str(body, "model")
    if model not in MODELS:
        raise FieldError(f"'model' must be one of: {', '.join(MODELS[:3])}")
    if required_str(body, "motion_id") not in MOTION_IDS:
        raise FieldError("'motion_id' is not a motion of /v1/higgsfield/tpl/motions")
    images = body.get("image")
    if not isinstance(images, list) or not 1 <= len(images) <= 2:
        raise FieldError("'image' must be a list of 1 or 2 images (first and end frame)")
    if not all(is_image_ref(i) for i in images):
        raise FieldError("'image' items must be image URLs or data URIs")
    optional_bool(body, "enhance_prompt")
    optional_int(body, "seed", minimum=1, maximum=1_000_000)
    for name in ("width", "height"):
        # No documented range (the example: 720 x 1080); the same cap as the client's model.
        optional_int(body, name, minimum=1, maximum=4096)
    return {"prompt": prompt, "model": model}


def higgsfield_routes(state: EmulatorState) -> list[BaseRoute]:
    """The ``/v1/higgsfield/...`` routes bound to ``state``."""
    book = state.jobs

    async def motions(request: Request) -> Response:
        """Query action templates — API.md §14.1 (THIRD-PARTY list shape)."""
        size = request.query_params.get("size", "20")
        if not size.isdigit() or not 1 <= int(size) <= 100:
            return bad_request("'size' must be an integer from 1 to 100")
        found = search_motions(request.query_params.get("search", ""), int(size))
        wrapped = book.shape("higgsfield") == "wrapped"
        return json_response({"code": 200, "data": found} if wrapped else found)

    async def generate(request: Request) -> Response:
        """Generate video — API.md §14.2; the ``{id}`` receipt (THIRD-PARTY)."""
        try:
            params = generate_params(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        banned = banned_word(params["prompt"]) is not None
        fate = Fate("moderated") if banned else book.take_fate("higgsfield")
        now = state.clock.now()
        job_id = new_uuid(state, "higgsfield-task")
        timeline = higgsfield_timeline(fate)
        book.add(Job("higgsfield", job_id, "generate", now, fate, timeline, params, now))
        count_submission(state, request)
        wrapped = book.shape("higgsfield") == "wrapped"
        return json_response(
            {"code": 200, "data": {"task_id": job_id}} if wrapped else {"id": job_id}
        )

    async def query(request: Request) -> Response:
        """Query task — API.md §14.3 (undocumented; the chosen shape)."""
        job = book.get("higgsfield", request.path_params["task_id"])
        if job is None:
            return not_found(f"Task not found: {request.path_params['task_id']}")
        return json_response(_task(book.shape("higgsfield"), job, state.clock.now()))

    return [
        Route("/v1/higgsfield/tpl/motions", motions, methods=["GET"]),
        Route("/v1/higgsfield/generate", generate, methods=["POST"]),
        Route("/v1/higgsfield/{task_id}", query, methods=["GET"]),
    ]


def _task(shape: str, job: Job, now: float) -> JSONObject:
    moment = job.moment(now)
    assert moment is not None  # higgsfield jobs start when submitted
    word = moment.status
    results = {
        "raw": {"url": f"{cdn()}/higgsfield/{job.id}.mp4", "type": "video"},
        "min": {"url": f"{cdn()}/higgsfield/{job.id}-min.jpg", "type": "image"},
    }
    reason = job.fate.reason or (NSFW_REASON if word == "nsfw" else DEFAULT_FAIL_REASON)
    if shape == "wrapped":
        data: JSONObject = {"task_id": job.id, "status": RELAY.get(word, word), "error": {}}
        if word == "completed":
            data["output"] = {"video_url": results["raw"]["url"]}
        if word in ("failed", "nsfw"):
            data["error"] = {"message": reason}
        return {"code": 200, "data": data}
    one: JSONObject = {"id": job.id, "status": word}
    if word == "completed":
        one["results"] = results
    if word in ("failed", "nsfw"):
        one["error"] = reason
    if shape == "jobset":
        return {"id": job.id, "jobs": [one]}
    return one
