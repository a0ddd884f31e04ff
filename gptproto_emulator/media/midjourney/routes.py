"""The Midjourney routes (API.md §7, midjourney-proxy protocol; every response shape is UPSTREAM
from midjourney-proxy and its "plus" fork, as API.md cites them).

Submit answers HTTP 200 ``{code, description, result, properties}``: 1 submitted, 21 existing
task (repeated upscale) or waiting for a modal, 22 queued, 24 banned prompt; a scripted reject
gives 3/4/9/23. A body that breaks the documented fields gets 400 (E1, naming the field); an
unknown ``taskId`` gets 404 with code 3 and a related task that is not finished code 4 (plus fork).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError, json_object
from gptproto_emulator.media.http_helpers import bad_request, count_submission, json_response
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.midjourney.bodies import (
    action_fields,
    blend_params,
    change_custom_id,
    change_fields,
    describe_params,
    imagine_params,
    modal_fields,
    swap_params,
)
from gptproto_emulator.media.midjourney.tasks import (
    INSTANCE_ID,
    action_for,
    buttons_for,
    describe_prompts,
    message_hash,
    mj_timeline,
    task_json,
)

JSONObject = dict[str, Any]
_REJECTED = {3: "数据未找到", 4: "校验错误", 9: "系统异常", 23: "队列已满，请稍后尝试"}
_MISSING_TASK = "关联任务不存在或已失效"
_CHANGEABLE = ("IMAGINE", "VARIATION", "REROLL", "BLEND")


def _vo(code: int, description: str, result: str | None = None, **props: Any) -> Response:
    """The SubmitResultVO of API.md §7.2 (``result`` left out when there is none)."""
    body: JSONObject = {"code": code, "description": description}
    if result is not None:
        body["result"] = result
    body["properties"] = props
    return json_response(body)


def _missing() -> Response:
    """An unknown related task: 404 with code 3 (plus fork ``NotFound(SubmitResultVO)``)."""
    return json_response({"code": 3, "description": _MISSING_TASK, "properties": {}}, 404)


def midjourney_routes(state: EmulatorState) -> list[BaseRoute]:
    """The ``/mj/...`` routes bound to ``state``."""
    book = state.jobs

    def new_job(action: str, params: JSONObject, fate: Fate, *, modal: bool = False) -> Job:
        now = state.clock.now()
        job_id = f"{int(now * 1000)}{book.next_number() % 1000:03d}"
        job = Job("midjourney", job_id, action, now, fate, mj_timeline(action, fate), params)
        job.started_at = None if modal else now
        if action == "BLEND":
            params["description"] = f"/blend {job_id} {params.get('images', 2)}"
        if action == "DESCRIBE":
            params["description"] = f"/describe {job_id}.png"
        book.add(job)
        return job

    def accept(request: Request, action: str, params: JSONObject, modal: bool = False) -> Response:
        """Content rule, scripted fate, then a new task (API.md §7.2 codes 1/21/22/23/24/3/4/9)."""
        prompt = str(params.get("prompt") or "")
        word = banned_word(prompt)
        if word is not None:
            return _vo(24, "可能包含敏感词", promptEn=prompt, bannedWord=word)
        fate = book.take_fate("midjourney")
        if fate.outcome == "moderated":
            return _vo(24, "可能包含敏感词", promptEn=prompt, bannedWord=fate.reason or "scripted")
        if fate.outcome == "reject" and fate.code is not None:
            return _vo(fate.code, fate.reason or _REJECTED[fate.code])
        job = new_job(action, params, fate, modal=modal)
        count_submission(state, request)
        if modal:
            return _vo(21, "Waiting for window confirm", job.id, finalPrompt=prompt, remix=True)
        if fate.outcome == "queued":
            return _vo(22, "排队中，前面还有1个任务", job.id, numberOfQueues=1)
        return _vo(1, "成功", job.id, discordInstanceId=INSTANCE_ID)

    def submitter(read: Callable[[JSONObject], JSONObject], action: str) -> Any:
        async def submit(request: Request) -> Response:
            try:
                params = read(await json_object(request))
            except FieldError as exc:
                return bad_request(str(exc))
            return accept(request, action, params)

        submit.__doc__ = (
            f"``{action}`` — API.md §7.1 fields, §7.2 answer (UPSTREAM midjourney-proxy)."
        )
        return submit

    def follow_up(request: Request, parent: Job, custom_id: str, extra: JSONObject) -> Response:
        """Run a button of a finished task (API.md §7.1 Action/Change; 21 for repeats/modal)."""
        action = action_for(custom_id)
        if action is None or custom_id not in {b["customId"] for b in buttons_for(parent)}:
            return bad_request(f"'customId' {custom_id!r} is not a button of task {parent.id}")
        for job in book.jobs("midjourney"):
            same = job.params.get("parentId") == parent.id and job.kind == "UPSCALE"
            if same and job.params.get("customId") == custom_id:
                view = task_json(job, state.clock.now())
                return _vo(
                    21, "任务已存在", job.id, status=view["status"], imageUrl=view["imageUrl"]
                )
        params = _child_params(parent, custom_id, extra)
        return accept(request, action, params, modal=custom_id.startswith("MJ::CustomZoom::"))

    def finished_parent(task_id: str) -> Job | Response:
        parent = book.get("midjourney", task_id)
        if parent is None:
            return _missing()
        if task_json(parent, state.clock.now())["status"] != "SUCCESS":
            return _vo(4, "关联任务状态错误")
        return parent

    async def action(request: Request) -> Response:
        """Action — API.md §7.1 (``customId`` from the task's ``buttons``), §7.2 response."""
        try:
            task_id, custom_id, extra = action_fields(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        parent = finished_parent(task_id)
        if isinstance(parent, Response):
            return parent
        return follow_up(request, parent, custom_id, extra)

    async def change(request: Request) -> Response:
        """Change — API.md §7.1 (legacy U/V/reroll by ``action`` + ``index``), §7.2 response."""
        try:
            task_id, verb, index, extra = change_fields(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        parent = finished_parent(task_id)
        if isinstance(parent, Response):
            return parent
        if parent.kind not in _CHANGEABLE:
            return _vo(4, "关联任务不允许执行变化")
        custom_id = change_custom_id(verb, index, message_hash(parent.id))
        return follow_up(request, parent, custom_id, extra)

    async def modal(request: Request) -> Response:
        """Modal — API.md §7.1/§7.3: confirms a task waiting in ``MODAL`` (same task id)."""
        try:
            task_id, prompt = modal_fields(await json_object(request))
        except FieldError as exc:
            return bad_request(str(exc))
        job = book.get("midjourney", task_id)
        if job is None:
            return _missing()
        if job.started_at is not None:
            return _vo(4, "关联任务状态错误")
        if prompt is not None:
            word = banned_word(prompt)
            if word is not None:
                return _vo(24, "可能包含敏感词", promptEn=prompt, bannedWord=word)
            job.params.update(prompt=prompt, promptEn=prompt)
        book.start(job, state.clock.now())
        return _vo(1, "成功", job.id, discordInstanceId=INSTANCE_ID)

    async def fetch(request: Request) -> Response:
        """FetchFromTask — API.md §7.3 (UPSTREAM Task). An unknown id answers 204, no body: the
        plus fork returns a null task (ASP.NET → 204); the original proxy an empty 200."""
        job = book.get("midjourney", request.path_params["task_id"])
        if job is None:
            return Response(status_code=204)
        return json_response(task_json(job, state.clock.now()))

    async def list_by_condition(request: Request) -> Response:
        """ListByCondition — API.md §7.3: ``{"ids": [...]}`` → the known tasks, in that order."""
        try:
            ids = (await json_object(request)).get("ids") or []
        except FieldError as exc:
            return bad_request(str(exc))
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return bad_request("'ids' must be a list of task id strings")
        now = state.clock.now()
        jobs = (book.get("midjourney", i.strip()) for i in dict.fromkeys(ids))
        return json_response([task_json(job, now) for job in jobs if job is not None])

    return [
        Route("/mj/submit/imagine", submitter(imagine_params, "IMAGINE"), methods=["POST"]),
        Route("/mj/submit/blend", submitter(blend_params, "BLEND"), methods=["POST"]),
        Route("/mj/submit/describe", submitter(describe_params, "DESCRIBE"), methods=["POST"]),
        Route("/mj/insight-face/swap", submitter(swap_params, "SWAP_FACE"), methods=["POST"]),
        Route("/mj/submit/modal", modal, methods=["POST"]),
        Route("/mj/submit/action", action, methods=["POST"]),
        Route("/mj/submit/change", change, methods=["POST"]),
        Route("/mj/task/{task_id}/fetch", fetch, methods=["GET"]),
        Route("/mj/task/list-by-condition", list_by_condition, methods=["POST"]),
    ]


def _child_params(parent: Job, custom_id: str, extra: JSONObject) -> JSONObject:
    """Parameters of the task a button starts: the parent's prompt, or a describe pick."""
    p = parent.params
    params: JSONObject = {
        "prompt": p.get("prompt", ""),
        "promptEn": p.get("promptEn", ""),
        "botType": p.get("botType", "MID_JOURNEY"),
        "parentId": parent.id,
        "customId": custom_id,
        "description": f"/action {parent.id} {custom_id}",
        **extra,
    }
    if parent.kind == "DESCRIBE":
        image = str(p.get("image", ""))
        if custom_id.startswith("MJ::Job::PicReader::"):
            pick = describe_prompts(image)[int(custom_id.rsplit("::", 1)[1]) - 1]
            text = pick.split(" ", 1)[1]
            params.update(prompt=text, promptEn=text, description=f"/imagine {text}")
        else:
            params.update(prompt="", promptEn="", image=image)
    return params
