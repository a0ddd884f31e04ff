"""Veo over chat completions (API.md §5.1): the reply streams progress lines while the video is
made on the emulator's clock, then the markdown links to the ``.mp4``.

The lines follow the THIRD-PARTY reply §5.1 quotes (no gptproto example exists): task created,
the task id in backticks, waiting, ``🎬 开始生成视频`` followed by a growing row of dots, then
``🎉 高质量视频已生成`` and ``[▶️ 在线观看](…mp4) | [⏬ 下载视频](…mp4)``. A scripted ``fail`` or
``moderated`` fate ends the stream with ``❌ 视频生成失败: <reason>`` and no link (INFERRED).
A banned word gets the 503 content-policy body (§2.5 E2) before any stream.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from gptproto_emulator.chat.request import ChatRequest
from gptproto_emulator.http.errors import error_body_for_status
from gptproto_emulator.http.sse import DONE, encode_event
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.http_helpers import cdn, count_submission, json_response, new_uuid
from gptproto_emulator.media.veo.routes import DEFAULT_FAIL_REASON, DEFAULT_MODERATION, MODELS
from gptproto_emulator.model.transcript import last_user_text

JSONObject = dict[str, Any]
DOTS = 6
WORK_SECONDS = 30.0


def is_veo_chat(model: str) -> bool:
    """Whether the chat route should answer as Veo (§5.1 model names)."""
    return model in MODELS


def veo_chat(state: EmulatorState, chat: ChatRequest, request: Request, reply_id: str) -> Response:
    """The streamed (or, without ``stream``, the whole) Veo reply."""
    prompt = last_user_text(chat.messages)
    if banned_word(prompt) is not None:
        return json_response(error_body_for_status(503), 503)
    fate = state.jobs.take_fate("veo")
    task_id = f"{chat.model}:{new_uuid(state, 'veo-chat')}"
    count_submission(state, request)
    if fate.outcome in ("fail", "moderated"):
        default = DEFAULT_MODERATION if fate.outcome == "moderated" else DEFAULT_FAIL_REASON
        ending = failed_ending(fate.reason or default)
    else:
        ending = video_ending(f"veo/{task_id.split(':')[-1]}.mp4")
    pieces = progress_pieces(task_id, WORK_SECONDS, ending)
    return video_reply(state, chat.model, reply_id, pieces, stream=chat.stream)


def video_reply(
    state: EmulatorState,
    model: str,
    reply_id: str,
    pieces: list[tuple[float, str]],
    *,
    stream: bool,
) -> Response:
    """``pieces`` as chat-completion chunks over SSE, each after its pause on the emulator's
    clock; or, without ``stream``, as one whole reply (Seedance's chat variant uses it too)."""

    def chunk(content: str, finish: str | None = None) -> JSONObject:
        delta = {"role": "assistant", "content": content} if content else {}
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return {
            "id": reply_id,
            "object": "chat.completion.chunk",
            "model": model,
            "choices": [choice],
        }

    async def events() -> AsyncIterator[bytes]:
        for pause, text in pieces:
            await state.clock.sleep(pause)
            yield encode_event(chunk(text))
        yield encode_event(chunk("", "stop"))
        yield DONE

    if not stream:
        text = "".join(text for _, text in pieces)
        message = {"role": "assistant", "content": text}
        choice = {"index": 0, "finish_reason": "stop", "message": message}
        return json_response(
            {"id": reply_id, "object": "chat.completion", "model": model, "choices": [choice]}
        )
    return StreamingResponse(events(), media_type="text/event-stream")


def progress_pieces(
    task_id: str, work_seconds: float, ending: list[tuple[float, str]]
) -> list[tuple[float, str]]:
    """(emulated seconds to wait first, text) for each chunk: the task line, the dots, the end."""
    head = f"\n\n> 视频生成任务已创建\n> 任务ID: `{task_id}`\n> … 等待处理中.\n\n> 🎬 开始生成视频"
    return [(0.0, head)] + [(work_seconds / DOTS, ".") for _ in range(DOTS)] + ending


def failed_ending(reason: str) -> list[tuple[float, str]]:
    return [(0.0, f"\n\n> ❌ 视频生成失败: {reason}")]


def video_ending(path: str) -> list[tuple[float, str]]:
    """The two markdown links of §5.1 to ``cdn()/<path>`` and its download twin."""
    links = f"[▶️ 在线观看]({cdn()}/{path}) | [⏬ 下载视频]({cdn()}/download/{path})"
    return [(0.0, "\n\n> 🎉 高质量视频已生成\n\n"), (0.0, links)]
