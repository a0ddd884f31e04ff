"""Seedance over chat completions (API.md §13.6, the chat variant of Postman-v1 "Doubao /
seedance-1.0"): ``doubao-seedance-*`` models on ``POST /v1/chat/completions``.

The body is the example's: ``messages[0].content`` = a text part and ``image_url`` parts (a
plain URL string as the example, or OpenAI's ``{"url": ...}``), and the options as Ark's
``--flag value`` text parameters or in ``extra_body`` (the example sends ``{"resolution":
"1080p"}`` there); both are checked as the Ark route checks them. The reply is unknown
(INFERRED, "a video link in the text, as §5.1"): Veo's chat-format lines, over the emulator's
clock for ``duration`` × 4 seconds, ending in the ``.mp4`` links — or, for a scripted ``fail``
or ``moderated`` fate, in ``❌ 视频生成失败: <reason>`` without a link. A banned word gets Ark's
400 ``InputTextSensitiveContentDetected`` before any stream.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError
from gptproto_emulator.media.http_helpers import bad_request, count_submission, json_response
from gptproto_emulator.media.seedance.bodies import task_params
from gptproto_emulator.media.seedance.routes import (
    DEFAULT_FAIL_REASON,
    SENSITIVE_INPUT,
    SENSITIVE_OUTPUT,
)
from gptproto_emulator.media.veo.chat import (
    failed_ending,
    progress_pieces,
    video_ending,
    video_reply,
)

JSONObject = dict[str, Any]
PREFIX = "doubao-seedance-"


def is_seedance_chat(payload: Any) -> bool:
    """Whether the chat route should answer as Seedance (the chat variant's model names)."""
    return isinstance(payload, dict) and str(payload.get("model", "")).startswith(PREFIX)


def chat_params(payload: JSONObject) -> JSONObject:
    """The chat body as the Ark route's task parameters (same checks, same defaults)."""
    messages = payload.get("messages")
    if not isinstance(messages, list) or not messages or not isinstance(messages[-1], dict):
        raise FieldError("'messages' is required and must be a non-empty list of objects")
    content = messages[-1].get("content")
    if isinstance(content, str):
        content = [{"type": "text", "text": content}]
    extra = payload.get("extra_body") or {}
    if not isinstance(extra, dict):
        raise FieldError("'extra_body' must be an object")
    try:
        return task_params({**extra, "model": payload["model"], "content": content})
    except FieldError as exc:
        raise FieldError(f"messages[-1]: {exc}") from None


def seedance_chat(
    state: EmulatorState, payload: JSONObject, request: Request, reply_id: str
) -> Response:
    """The streamed (or, without ``stream``, the whole) Seedance reply."""
    try:
        params = chat_params(payload)
    except FieldError as exc:
        return bad_request(str(exc))
    if banned_word(params["prompt"]) is not None:
        code, message = SENSITIVE_INPUT
        return json_response({"error": {"code": code, "message": message}}, 400)
    fate = state.jobs.take_fate("seedance")
    task_id = f"cgt-{f'{int(state.clock.now()):d}'[-8:]}-{state.jobs.next_number():05d}"
    count_submission(state, request)
    if fate.outcome == "moderated":
        ending = failed_ending(fate.reason or SENSITIVE_OUTPUT[1])
    elif fate.outcome == "fail":
        ending = failed_ending(fate.reason or DEFAULT_FAIL_REASON)
    elif fate.outcome == "cancel":
        ending = failed_ending(fate.reason or "Task cancelled")
    else:
        ending = video_ending(f"seedance/{task_id}.mp4")
    pieces = progress_pieces(task_id, 4.0 * int(params["duration"]), ending)
    return video_reply(
        state, str(payload["model"]), reply_id, pieces, stream=payload.get("stream") is True
    )
