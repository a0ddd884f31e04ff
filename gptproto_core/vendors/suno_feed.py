"""Reading Suno's answers (API.md §8.1-§8.4): clips from the feed, lyrics, and what to tell the
model about them.

    task = read_feed([{"id": "a", "status": "streaming", "audio_url": "…"}], previous)
    task.status, streaming_audio(task)          # 'running', [('a', '…')]

The feed is a bare array of clips; some relays wrap it (`{"code": 200, "data": [...]}` or
`{"data": [...], "status": "SUCCESS"}`), and both read the same. A clips task is done when every
clip is `complete`, and failed as soon as one is `error` (its `metadata.error_message` is the
reason). `streaming` clips already play (`audio_url`) but are not finished: the task stays
`running` and the stream URLs are only in `raw` and in the text for the model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gptproto_core.errors import (
    OK_CODES,
    NotFoundError,
    UnexpectedResponseError,
    error_from_body,
    excerpt,
)
from gptproto_core.tasks import MediaKind, Output, StatusTable, Task, TaskStatus, with_status

__all__ = [
    "CLIP_STATUS",
    "LYRICS_STATUS",
    "clip_ids",
    "lyrics_id_of",
    "lyrics_of",
    "notes",
    "read_clips",
    "read_clips_submitted",
    "read_feed",
    "read_lyrics",
    "read_lyrics_submitted",
    "streaming_audio",
    "unwrap",
]

VENDOR = "suno"

# --- status tables (§8.2, §8.4) ----------------------------------------------------------------

CLIP_STATUS = StatusTable(
    VENDOR,
    {
        "submitted": "queued",
        "queued": "queued",
        "streaming": "running",
        "complete": "succeeded",
        "error": "failed",
    },
)
# §8.4 documents only `complete`; `error` follows the clips, anything else counts as running.
LYRICS_STATUS = StatusTable(
    VENDOR,
    {"submitted": "queued", "running": "running", "complete": "succeeded", "error": "failed"},
)


def unwrap(body: Any) -> Any:
    """A relay's `{"code": 200, "data": ...}` wrapper taken off; an error code raised as ours."""
    if isinstance(body, Mapping) and "data" in body and ("code" in body or "status" in body):
        error = error_from_body(body, ok_codes=OK_CODES)
        if error is not None:
            raise error
        return body["data"]
    if isinstance(body, Mapping):
        error = error_from_body(body, ok_codes=OK_CODES)
        if error is not None:
            raise error
    return body


def clip_ids(task_id: str) -> list[str]:
    return [part.strip() for part in task_id.split(",") if part.strip()]


def lyrics_id_of(task_id: str) -> str:
    return task_id.strip().removeprefix("lyrics/")


# --- clips (§8.1, §8.2) ------------------------------------------------------------------------


def read_feed(body: Any, previous: Task) -> Task:
    """The feed's answer for the clips of `previous`, in the order they were asked for."""
    items = unwrap(body)
    if not isinstance(items, list):
        raise UnexpectedResponseError(
            "suno feed answer is not a list of clips", body=excerpt(str(body))
        )
    clips = [c for c in items if isinstance(c, Mapping) and c.get("id")]
    return read_clips(clips, previous, raw=body if isinstance(body, Mapping) else None)


def read_clips(
    clips: Sequence[Mapping[str, Any]], previous: Task, raw: Mapping[str, Any] | None = None
) -> Task:
    wanted = clip_ids(previous.id)
    by_id = {str(c["id"]): c for c in clips}
    found = [by_id[i] for i in wanted if i in by_id]
    if not found:
        raise NotFoundError(f"suno has no clips {previous.id!r}", status_code=404)
    statuses = [CLIP_STATUS(c.get("status")) for c in found]
    statuses += ["queued"] * (len(wanted) - len(found))  # not in the feed yet
    failed = next((c for c in found if CLIP_STATUS(c.get("status")) == "failed"), None)
    finished = sum(1 for s in statuses if s == "succeeded")
    return _with_notes(
        Task(
            id=previous.id,
            vendor=VENDOR,
            operation=previous.operation,
            status=_overall(statuses, failed is not None),
            progress=finished / len(statuses) if finished else None,
            outputs=tuple(o for c in found if _complete(c) for o in _outputs(c)),
            error=_clip_error(failed) if failed is not None else None,
            raw=raw if raw is not None else {"clips": list(found)},
        )
    )


def _complete(clip: Mapping[str, Any]) -> bool:
    return CLIP_STATUS(clip.get("status")) == "succeeded"


def _overall(statuses: list[TaskStatus], failed: bool) -> TaskStatus:
    if failed:
        return "failed"
    if all(s == "succeeded" for s in statuses):
        return "succeeded"
    if any(s in ("running", "succeeded") for s in statuses):
        return "running"
    return "queued"


def _clip_error(clip: Mapping[str, Any]) -> str:
    metadata = clip.get("metadata") or {}
    message = metadata.get("error_message") or metadata.get("error_type")
    return f"clip {clip['id']}: {message or 'the clip failed without a reason'}"


def _outputs(clip: Mapping[str, Any]) -> list[Output]:
    title = str(clip.get("title") or "").strip()
    label = f"{title}, clip {clip['id']}" if title else f"clip {clip['id']}"
    image = clip.get("image_large_url") or clip.get("image_url")
    pairs: tuple[tuple[MediaKind, Any], ...] = (
        ("audio", clip.get("audio_url")),
        ("video", clip.get("video_url")),
        ("image", image),
    )
    return [Output(str(url), kind, label) for kind, url in pairs if url]


def _clips(task: Task) -> list[Mapping[str, Any]]:
    items = task.raw.get("clips")
    if items is None and isinstance(task.raw.get("data"), list):
        items = task.raw["data"]
    if items is None and task.raw.get("status") and task.raw.get("id"):
        items = [task.raw]  # a single clip object (concat, upload)
    return [c for c in items or [] if isinstance(c, Mapping)]


def streaming_audio(task: Task) -> list[tuple[str, str]]:
    """(clip id, playable URL) of the clips that stream while they are being made."""
    return [
        (str(c.get("id")), str(c["audio_url"]))
        for c in _clips(task)
        if c.get("status") == "streaming" and c.get("audio_url")
    ]


# --- submit answers (§8.1, §8.3, §8.5, §8.6) ---------------------------------------------------


def read_clips_submitted(body: Any, operation: str) -> Task:
    """`{id, clips: [...]}` (generate), one clip object (concat, upload), or an id only."""
    data = unwrap(body)
    if isinstance(data, Mapping) and isinstance(data.get("clips"), list):
        clips = [c for c in data["clips"] if isinstance(c, Mapping) and c.get("id")]
    elif isinstance(data, Mapping) and data.get("status") and data.get("id"):
        clips = [data]
    elif isinstance(data, list):
        clips = [c for c in data if isinstance(c, Mapping) and c.get("id")]
    else:
        clips = []
    if clips:
        seed = Task(
            id=",".join(str(c["id"]) for c in clips),
            vendor=VENDOR,
            operation=operation,
            status="queued",
        )
        return read_clips(clips, seed, raw=body if isinstance(body, Mapping) else None)
    clip_id = _any_id(data)
    if clip_id is None:
        raise UnexpectedResponseError(
            f"suno {operation} answer without clip ids", body=excerpt(str(body))
        )
    raw = body if isinstance(body, Mapping) else {}
    return Task(id=clip_id, vendor=VENDOR, operation=operation, status="queued", raw=raw)


def read_lyrics_submitted(body: Any) -> Task:
    lyrics_id = _any_id(unwrap(body))
    if lyrics_id is None:
        raise UnexpectedResponseError("suno lyrics answer without an id", body=excerpt(str(body)))
    raw = body if isinstance(body, Mapping) else {}
    return Task(
        id=f"lyrics/{lyrics_id}", vendor=VENDOR, operation="lyrics", status="queued", raw=raw
    )


def _any_id(data: Any) -> str | None:
    """`id`, `clip_id`, the same inside `data`, or a bare id string. §8.5 shows no upload answer
    at all, so every one of these shapes is a guess (docs/api-choices.md): read them all."""
    if isinstance(data, str) and data.strip() and not any(c.isspace() for c in data.strip()):
        return data.strip()
    if not isinstance(data, Mapping):
        return None
    for key in ("id", "clip_id"):
        if isinstance(data.get(key), str | int) and str(data[key]).strip():
            return str(data[key]).strip()
    return _any_id(data.get("data"))


# --- lyrics (§8.3, §8.4) -----------------------------------------------------------------------


def read_lyrics(body: Any, previous: Task) -> Task:
    data = unwrap(body)
    if not isinstance(data, Mapping) or not data.get("status"):
        raise UnexpectedResponseError(
            "suno lyrics answer without a status", body=excerpt(str(body))
        )
    status = LYRICS_STATUS(data.get("status"))
    title, text = str(data.get("title") or "").strip(), str(data.get("text") or "").strip()
    error = data.get("error_message") or ("the lyrics failed" if status == "failed" else None)
    return _with_notes(
        Task(
            id=previous.id,
            vendor=VENDOR,
            operation="lyrics",
            status=status,
            progress=1.0 if status == "succeeded" else None,
            text=f"{title}\n\n{text}".strip() if status == "succeeded" else None,
            error=str(error) if error else None,
            raw=data,
        )
    )


def lyrics_of(task: Task) -> tuple[str, str]:
    """(title, lyrics) of a finished lyrics task."""
    if task.status != "succeeded" or not task.raw.get("text"):
        raise NotFoundError(f"suno lyrics task {task.id!r} has no lyrics ({task.status})")
    return str(task.raw.get("title") or "").strip(), str(task.raw["text"]).strip()


# --- what the model is told besides the shared task text --------------------------------------


def _with_notes(task: Task) -> Task:
    return with_status(task, notes=tuple(line for line in notes(task).splitlines() if line))


def notes(task: Task) -> str:
    """The ids and links a model needs for the next step, as `name='value'`."""
    if task.operation == "lyrics":
        if task.status != "succeeded":
            return ""
        return (
            "To sing these lyrics, call suno_generate_music with "
            f"lyrics_id={lyrics_id_of(task.id)!r} (and a style)."
        )
    if not task.done:
        lines = [
            f"Playable now while it finishes (clip {i}): {url}" for i, url in streaming_audio(task)
        ]
        return "\n".join(lines)
    if task.status != "succeeded":
        return ""
    return "\n".join(_clip_lines(task))


def _clip_lines(task: Task) -> list[str]:
    clips = [c for c in _clips(task) if _complete(c)]
    lines = [
        "Clips (pass one clip_id to suno_extend_music, suno_cover_music or suno_concat_music):"
    ]
    for clip in clips:
        seconds = (clip.get("metadata") or {}).get("duration") or clip.get("duration")
        length = f", {float(seconds):.0f} s" if isinstance(seconds, int | float) else ""
        title = f" {str(clip.get('title')).strip()!r}" if clip.get("title") else ""
        lines.append(f"- clip_id={str(clip['id'])!r}{title}{length}")
    if task.operation == "upload" and clips:
        lines.append(
            "To continue this audio, call suno_extend_music with its clip_id, uploaded=true and "
            "continue_at (seconds)."
        )
    images = [o.url for o in task.outputs if o.kind == "image"]
    if images:
        lines.append(f"Cover art (pass it as image to other tools): image={images[0]!r}")
    return lines
