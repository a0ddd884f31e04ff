"""Admin routes for media jobs (test scripting, no API.md section): fates of the next jobs,
media options, response shapes, and a listing of the jobs held.

    curl -X POST localhost:8787/__emulator__/jobs/next \
         -d '{"vendor": "midjourney", "fate": "fail", "reason": "Banned prompt"}'
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.errors import invalid_request_body, json_bytes
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.jobs import Job, JobSpecError, parse_fate

ADMIN = "/__emulator__/jobs"


def _json(value: Any, status: int = 200) -> Response:
    return Response(json_bytes(value), status, media_type="application/json")


def job_admin_routes(state: EmulatorState) -> list[BaseRoute]:
    """``/__emulator__/jobs`` routes bound to ``state``."""
    book = state.jobs

    async def script_next(request: Request) -> Response:
        """Queue one fate (an object) or several (a list) for the next jobs of a vendor."""
        try:
            body = await request.body()
            spec = json.loads(body) if body.strip() else None
            specs = spec if isinstance(spec, list) else [spec]
            fates = [parse_fate(s) for s in specs]
        except (ValueError, JobSpecError) as exc:
            return _json(invalid_request_body(f"Invalid job fate: {exc}"), 400)
        for vendor, fate in fates:
            book.script(vendor, fate)
        return _json({"queued": len(fates), "scripted": book.scripted()})

    async def options(request: Request) -> Response:
        """Read or set response shapes (also at ``/shapes``): ``{"suno_feed": "wrapped",
        "veo_submit": "id", "runway": "feed", "higgsfield": "jobset", ...}``."""
        if request.method == "POST":
            try:
                body = await request.body()
                spec = json.loads(body) if body.strip() else {}
                if not isinstance(spec, dict):
                    raise JobSpecError("options are a JSON object")
                for name, shape in spec.items():
                    book.set_shape(name, shape)
            except (ValueError, JobSpecError) as exc:
                return _json(invalid_request_body(f"Invalid job option: {exc}"), 400)
        return _json(dict(book.shapes))

    async def listing(request: Request) -> Response:
        """Every job held (vendor, id, kind, fate, submit time) and the fates still queued."""
        jobs = [_summary(job) for job in book.jobs()]
        return _json({"jobs": jobs, "scripted": book.scripted(), "now": state.clock.now()})

    return [
        Route(f"{ADMIN}/next", script_next, methods=["POST"]),
        Route(f"{ADMIN}/options", options, methods=["GET", "POST"]),
        Route(f"{ADMIN}/shapes", options, methods=["GET", "POST"]),
        Route(ADMIN, listing, methods=["GET"]),
    ]


def _summary(job: Job) -> dict[str, Any]:
    return {
        "vendor": job.vendor,
        "id": job.id,
        "kind": job.kind,
        "created_at": job.created_at,
        "started_at": job.started_at,
        **job.fate.to_json(),
    }
