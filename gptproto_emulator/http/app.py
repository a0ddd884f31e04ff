"""The emulator's Starlette application.

>>> app = create_app()                       # default key: DEFAULT_API_KEY
>>> app = create_app(EmulatorState(api_keys=["sk-mine"]))
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from gptproto_emulator.chat.routes import chat_routes
from gptproto_emulator.embeddings.routes import embedding_routes
from gptproto_emulator.http.admin import admin_routes
from gptproto_emulator.http.errors import (
    error_body_for_status,
    invalid_request_body,
    json_bytes,
    not_found_body,
)
from gptproto_emulator.http.faults import quiet_dropped_connections
from gptproto_emulator.http.middleware import EmulatorMiddleware
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.admin import job_admin_routes
from gptproto_emulator.media.routes import media_routes
from gptproto_emulator.responses.routes import responses_routes


def create_app(state: EmulatorState | None = None) -> Starlette:
    """Build the ASGI app serving the gptproto routes and the ``/__emulator__/`` admin routes."""
    state = state if state is not None else EmulatorState()
    quiet_dropped_connections()
    app = Starlette(
        routes=[
            *chat_routes(state),
            *responses_routes(state),
            *embedding_routes(state),
            *media_routes(state),
            *admin_routes(state),
            *job_admin_routes(state),
        ],
        middleware=[Middleware(EmulatorMiddleware, state=state)],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.emulator = state
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown route → 404, wrong method → 405, in the E1 style of API.md §2.5."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    where = f"{request.method} {request.url.path}"
    if status == 404:
        body = not_found_body(f"Unknown route: {where}")
    elif status == 405:
        body = invalid_request_body(f"Method not allowed: {where}")
    else:
        body = error_body_for_status(status)
    return Response(json_bytes(body), status, media_type="application/json")


async def _server_error(request: Request, exc: Exception) -> Response:
    """A bug in the emulator answers 500 with the E2 body of API.md §2.5."""
    return Response(json_bytes(error_body_for_status(500)), 500, media_type="application/json")
