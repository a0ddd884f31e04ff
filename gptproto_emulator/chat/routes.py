"""``POST /v1/chat/completions``: validate, let the scripted model answer, reply in JSON or SSE.

One route serves API.md §3.1/§3.4/§3.5 (OpenAI), §4 (Claude + PDF), §5.4/§5.5 (Gemini text
and image), §6 (Grok) and §13.1/§13.2 (Doubao): they share the OpenAI chat-completions shape.
Veo models (§5.1) are answered by ``media/veo/chat.py`` and ``doubao-seedance-*`` models (§13.6's
chat variant) by ``media/seedance/chat.py``: a video job streamed over this route.
"""

from __future__ import annotations

import json
import time

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from gptproto_emulator.chat.shapes import completion_body, completion_chunks, completion_id_for
from gptproto_emulator.chat.validation import RequestError, validate_chat_request
from gptproto_emulator.http.errors import invalid_request_body, json_bytes
from gptproto_emulator.http.middleware import BODY_KEY, STREAM_ERROR_KEY
from gptproto_emulator.http.sse import event_stream
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.seedance.chat import is_seedance_chat, seedance_chat
from gptproto_emulator.media.veo.chat import is_veo_chat, veo_chat
from gptproto_emulator.model.reply import reply
from gptproto_emulator.model.tokens import usage_for

CHAT_PATH = "/v1/chat/completions"
_SSE_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def chat_routes(state: EmulatorState) -> list[BaseRoute]:
    """The chat route bound to ``state``."""

    async def chat_completions(request: Request) -> Response:
        """Chat completions — API.md §3.4 (text), §3.5 (vision), §3.1 and §5.5 (image output
        in markdown), §4 (``file``/``file_url`` PDF parts), §5.4, §6, §13.1, §13.2;
        errors per §2.5 (E1), key per §2.2 (checked by the middleware)."""
        body = request.scope.get(BODY_KEY)
        if not isinstance(body, bytes):
            body = await request.body()
        try:
            payload = json.loads(body)
        except ValueError as exc:
            return _bad_request(f"The request body is not valid JSON: {exc}")
        if is_seedance_chat(payload):  # §13.6 chat variant: its own body (image_url strings)
            return seedance_chat(state, payload, request, completion_id_for(body))
        try:
            chat = validate_chat_request(payload)
        except RequestError as exc:
            return _bad_request(str(exc))
        completion_id = completion_id_for(body)
        if is_veo_chat(chat.model):  # §5.1: a video job over the chat route
            return veo_chat(state, chat, request, completion_id)
        answer = reply(chat, body)
        usage = usage_for(chat, answer, state.prefix_cache)
        created = int(time.time())
        if not chat.stream:
            result = completion_body(completion_id, created, chat.model, answer, usage)
            return Response(json_bytes(result), media_type="application/json")
        chunks = completion_chunks(
            completion_id, created, chat.model, answer, usage if chat.include_usage else None
        )
        error_after = request.scope.get(STREAM_ERROR_KEY)
        return StreamingResponse(
            event_stream(chunks, error_after if isinstance(error_after, int) else None),
            media_type="text/event-stream",
            headers=_SSE_HEADERS,
        )

    return [Route(CHAT_PATH, chat_completions, methods=["POST"])]


def _bad_request(message: str) -> Response:
    return Response(json_bytes(invalid_request_body(message)), 400, media_type="application/json")
