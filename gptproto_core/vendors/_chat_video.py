"""A video job answered over one chat stream (Veo §5.1, Seedance's chat variant §13.6).

    read = stream_reader("veo", "generate_video")
    job = Job(..., submit=Request("POST", "/v1/chat/completions", json=body), read_stream=read)

The stream is read to its end (minutes): each new progress line is reported, the task id the
text names (`任务ID: \\`…\\``) becomes the task's id, and the last `.mp4` link is the video; a
stream that ends without one is a failed task whose reason names the last line. There is no
task to poll afterwards. When the stream breaks, the error carries what it showed so far as
`error.task`, so the model is told the video may still be made (`task_text.describe_error`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from gptproto_core.errors import (
    APIConnectionError,
    UnexpectedResponseError,
    error_from_body,
    excerpt,
)
from gptproto_core.task_types import Output, Task
from gptproto_core.tasks import Flow, Report, Stream

__all__ = ["chat_text", "stream_reader", "whole_reply_reader"]

_MP4 = re.compile(r"https?://[^\s)\]]+?\.mp4\b")
_TASK_ID = re.compile(r"(?:ID|id)\s*[:：]\s*`([^`]+)`")

StreamReader = Callable[[Stream], Flow[Task]]


def stream_reader(vendor: str, operation: str) -> StreamReader:
    """The `Job.read_stream` of a vendor's chat-format video."""

    def read(step: Stream) -> Flow[Task]:
        text, task_id = "", ""
        shown = Task(f"{vendor}-chat", vendor, operation, "queued")
        try:
            while (event := (yield step)) is not None:
                if event.data.strip() == "[DONE]":
                    break
                chunk = _json(vendor, event.data)
                problem = error_from_body(chunk)
                if problem is not None:
                    raise problem
                task_id = task_id or _chunk_id(chunk)
                text += chat_text(chunk)
                named = _TASK_ID.search(text)
                task_id = named[1] if named else task_id
                line = _last_line(text)
                if line and line != shown.text:
                    shown = Task(task_id or shown.id, vendor, operation, "running", text=line)
                    yield Report(shown)
        except APIConnectionError as error:
            # The stream broke (a hang-up, a read timeout): what it showed so far is all anyone
            # will know of a job that may still be made. Keep it on the error.
            error.task = error.task or shown
            raise
        return _result(vendor, operation, text, task_id or shown.id)

    return read


def whole_reply_reader(vendor: str, operation: str) -> Callable[[Any], Task]:
    """The `Job.read_submitted` for a reply that came whole (`message` instead of `delta`)."""

    def read(body: Any) -> Task:
        return _result(vendor, operation, chat_text(body), _chunk_id(body) or f"{vendor}-chat")

    return read


def _json(vendor: str, data: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise UnexpectedResponseError(
            f"{vendor} chat stream sent no JSON", body=excerpt(data)
        ) from None


def _chunk_id(body: Any) -> str:
    """The task id the text names, else the chat completion's id."""
    named = _TASK_ID.search(chat_text(body))
    if named:
        return named[1]
    return str(body.get("id") or "") if isinstance(body, Mapping) else ""


def chat_text(body: Any) -> str:
    """The text of a chunk's `delta` (or a whole reply's `message`)."""
    choices = body.get("choices") if isinstance(body, Mapping) else None
    first = choices[0] if isinstance(choices, list) and choices else None
    part = (first.get("delta") or first.get("message")) if isinstance(first, Mapping) else None
    return str(part.get("content") or "") if isinstance(part, Mapping) else ""


def _last_line(text: str) -> str:
    lines = [line.strip().lstrip(">").strip() for line in text.splitlines()]
    return next((line for line in reversed(lines) if line), "")


def _result(vendor: str, operation: str, text: str, task_id: str) -> Task:
    """The last `.mp4` link is the video; a reply without one failed (its last line says why)."""
    links = _MP4.findall(text)
    if not links:
        last = _last_line(text) or "nothing"
        reason = f"the chat stream ended without a video link; last line: {excerpt(last)}"
        return Task(task_id, vendor, operation, "failed", error=reason, raw={"text": text})
    output = (Output(links[-1], "video"),)
    return Task(task_id, vendor, operation, "succeeded", 1.0, output, raw={"text": text})
