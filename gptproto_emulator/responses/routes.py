"""``POST /v1/responses`` (API.md §3.6 GPT-4.1 and §3.7 O-series responses mode) and its
admin setting ``/__emulator__/responses/settings``.

API.md shows ``model`` + ``input`` and says "OpenAI Responses semantics otherwise": validation,
output items, the stream and ``previous_response_id`` follow the OpenAI Responses API
(UPSTREAM). The answers come from the chat route's scripted model.

    curl localhost:8787/v1/responses -H "Authorization: sk-emulator-0000" \\
         -d '{"model": "gpt-4.1", "input": "Tell me a story"}'
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from gptproto_emulator.chat.validation import RequestError
from gptproto_emulator.http.errors import invalid_request_body, json_bytes
from gptproto_emulator.http.middleware import BODY_KEY, STREAM_ERROR_KEY
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.responses.input import chat_messages
from gptproto_emulator.responses.model import respond, responses_usage
from gptproto_emulator.responses.request import ResponsesRequest
from gptproto_emulator.responses.shapes import plain_output_form, response_body
from gptproto_emulator.responses.store import ResponseStore
from gptproto_emulator.responses.stream import response_events, sse_stream
from gptproto_emulator.responses.validation import validate_responses_request

RESPONSES_PATH = "/v1/responses"
SETTINGS_PATH = "/__emulator__/responses/settings"
_SSE_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def responses_routes(state: EmulatorState) -> list[BaseRoute]:
    """The Responses route and its admin setting, bound to ``state``."""
    store: ResponseStore = state.responses

    async def create_response(request: Request) -> Response:
        """Responses mode — API.md §3.6/§3.7; errors per §2.5 (E1); key per §2.2."""
        body = request.scope.get(BODY_KEY)
        if not isinstance(body, bytes):
            body = await request.body()
        try:
            parsed = validate_responses_request(json.loads(body))
            history = _history(store, parsed.previous_response_id)
            messages = chat_messages(parsed.input, history)
        except ValueError as exc:  # RequestError, or the body is not JSON
            return _bad_request(_message(exc))
        conversation = _with_instructions(parsed, messages)
        outcome = respond(parsed, conversation, body)
        usage = responses_usage(parsed, conversation, outcome, state.prefix_cache)
        response_id = "resp_" + hashlib.sha256(body).hexdigest()[:48]
        if parsed.store:
            said = [outcome.assistant] if outcome.assistant is not None else []
            store.save(response_id, [*messages, *said])
        created = int(time.time())
        result = response_body(
            response_id, created, parsed, outcome.items, outcome.incomplete, usage
        )
        if not parsed.stream:
            shown = plain_output_form(result) if store.plain_output else result
            return Response(json_bytes(shown), media_type="application/json")
        error_after = request.scope.get(STREAM_ERROR_KEY)
        events = response_events(result)
        return StreamingResponse(
            sse_stream(events, result, error_after if isinstance(error_after, int) else None),
            media_type="text/event-stream",
            headers=_SSE_HEADERS,
        )

    async def settings(request: Request) -> Response:
        """Read the settings, or change them with ``{"plain_output": true}`` (test scripting)."""
        if request.method == "POST":
            try:
                spec = json.loads(await request.body() or b"{}")
                store.configure(**_settings_spec(spec))
            except ValueError as exc:
                return _bad_request(f"Invalid responses setting: {exc}")
        return Response(json_bytes(store.settings()), media_type="application/json")

    return [
        Route(RESPONSES_PATH, create_response, methods=["POST"]),
        Route(SETTINGS_PATH, settings, methods=["GET", "POST"]),
    ]


def _history(store: ResponseStore, previous_id: str | None) -> list[dict[str, Any]]:
    if previous_id is None:
        return []
    conversation = store.conversation(previous_id)
    if conversation is None:
        raise RequestError(
            f"Invalid 'previous_response_id': no stored response with id {previous_id!r}"
        )
    return conversation


def _with_instructions(
    request: ResponsesRequest, messages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``instructions`` act as a leading system message (they do not carry over)."""
    if request.instructions is None:
        return messages
    return [{"role": "system", "content": request.instructions}, *messages]


def _settings_spec(spec: Any) -> dict[str, bool]:
    if not isinstance(spec, dict):
        raise ValueError("expected a JSON object")
    unknown = sorted(set(spec) - {"plain_output"})
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(unknown)}")
    value = spec.get("plain_output")
    if value is None:
        return {}
    if not isinstance(value, bool):
        raise ValueError("'plain_output' must be true or false")
    return {"plain_output": value}


def _message(exc: ValueError) -> str:
    if isinstance(exc, RequestError):
        return str(exc)
    return f"The request body is not valid JSON: {exc}"


def _bad_request(message: str) -> Response:
    return Response(json_bytes(invalid_request_body(message)), 400, media_type="application/json")
