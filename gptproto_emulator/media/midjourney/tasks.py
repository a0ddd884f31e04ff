"""Midjourney tasks as midjourney-proxy shows them (API.md §7.3, UPSTREAM): timelines, buttons
and the Task JSON of ``/mj/task/{id}/fetch``.

Timeline at clock speed 1 (seconds): ``NOT_START`` 1 (+5 when queued) → ``SUBMITTED`` 1 →
``IN_PROGRESS`` (grids 6, upscale and describe 2, face swap 3; ``progress`` "0%".."99%") →
``SUCCESS`` ("100%"). A scripted failure ends ``FAILURE`` halfway through ``IN_PROGRESS``.
A task waiting in ``MODAL`` starts its timeline when ``/mj/submit/modal`` confirms it.

    >>> [b["label"] or b["emoji"] for b in grid_buttons("h")][:6]
    ['U1', 'U2', 'U3', 'U4', '🔄', 'V1']
"""

from __future__ import annotations

import hashlib
import math
import uuid
from typing import Any

from gptproto_emulator.media.http_helpers import cdn, millis
from gptproto_emulator.media.jobs import Fate, Job
from gptproto_emulator.media.timeline import Timeline
from gptproto_emulator.model.media_probe import parse_data_uri, probe_image

JSONObject = dict[str, Any]
INSTANCE_ID = "1000000000000000001"
GRID_ACTIONS = frozenset({"IMAGINE", "BLEND", "VARIATION", "REROLL", "ZOOM", "PAN"})
_WORK_SECONDS = {"UPSCALE": 2.0, "DESCRIBE": 2.0, "SWAP_FACE": 3.0}
_GRID_SECONDS = 6.0
NOT_START_SECONDS = 1.0
SUBMITTED_SECONDS = 1.0
QUEUE_SECONDS = 5.0
DEFAULT_FAIL_REASON = "Scripted failure (emulator)"


def mj_timeline(action: str, fate: Fate) -> Timeline:
    """The phases of a task doing ``action`` with ``fate``."""
    work = _WORK_SECONDS.get(action, _GRID_SECONDS)
    waiting = NOT_START_SECONDS + (QUEUE_SECONDS if fate.outcome == "queued" else 0.0)
    if fate.outcome == "fail":
        end: tuple[tuple[str, float | None], ...] = (("IN_PROGRESS", work / 2), ("FAILURE", None))
    else:
        end = (("IN_PROGRESS", work), ("SUCCESS", None))
    return Timeline((("NOT_START", waiting), ("SUBMITTED", SUBMITTED_SECONDS), *end))


def message_hash(task_id: str) -> str:
    """The Discord message hash a task's buttons carry (a UUID derived from the task id)."""
    return str(uuid.UUID(bytes=hashlib.sha256(task_id.encode()).digest()[:16], version=4))


def _button(custom_id: str, label: str = "", emoji: str = "") -> JSONObject:
    return {"customId": custom_id, "emoji": emoji, "label": label, "type": 2, "style": 2}


def grid_buttons(h: str) -> list[JSONObject]:
    """U1..U4, reroll 🔄, V1..V4 — the buttons under a four-image grid (plus-fork order)."""
    ups = [_button(f"MJ::JOB::upsample::{i}::{h}", f"U{i}") for i in range(1, 5)]
    reroll = _button(f"MJ::JOB::reroll::0::{h}::SOLO", emoji="🔄")
    variations = [_button(f"MJ::JOB::variation::{i}::{h}", f"V{i}") for i in range(1, 5)]
    return [*ups, reroll, *variations]


def upscale_buttons(h: str) -> list[JSONObject]:
    """Vary (Strong/Subtle), Zoom Out 2x/1.5x, Custom Zoom, pan ⬅️➡️⬆️⬇️ under an upscale."""
    return [
        _button(f"MJ::JOB::high_variation::1::{h}::SOLO", "Vary (Strong)", "🪄"),
        _button(f"MJ::JOB::low_variation::1::{h}::SOLO", "Vary (Subtle)", "🪄"),
        _button(f"MJ::Outpaint::50::1::{h}::SOLO", "Zoom Out 2x", "🔍"),
        _button(f"MJ::Outpaint::75::1::{h}::SOLO", "Zoom Out 1.5x", "🔍"),
        _button(f"MJ::CustomZoom::{h}", "Custom Zoom", "🔍"),
        *(
            _button(f"MJ::JOB::pan_{side}::1::{h}::SOLO", emoji=emoji)
            for side, emoji in (("left", "⬅️"), ("right", "➡️"), ("up", "⬆️"), ("down", "⬇️"))
        ),
    ]


def describe_buttons() -> list[JSONObject]:
    """1️⃣..4️⃣ (imagine that prompt) and 🔄 (describe again) under a describe result."""
    picks = [_button(f"MJ::Job::PicReader::{i}", emoji=f"{i}\ufe0f\u20e3") for i in range(1, 5)]
    return [*picks, _button("MJ::Picread::Retry", emoji="🔄")]


def buttons_for(job: Job) -> list[JSONObject]:
    """The buttons of a finished task, by its action."""
    action = job.kind
    if action in GRID_ACTIONS:
        return grid_buttons(message_hash(job.id))
    if action == "UPSCALE":
        return upscale_buttons(message_hash(job.id))
    if action == "DESCRIBE":
        return describe_buttons()
    return []


def action_for(custom_id: str) -> str | None:
    """The task action a button's ``customId`` starts (plus-fork prefixes), or ``None``."""
    prefixes = (
        ("MJ::JOB::upsample::", "UPSCALE"),
        ("MJ::JOB::variation::", "VARIATION"),
        ("MJ::JOB::high_variation::", "VARIATION"),
        ("MJ::JOB::low_variation::", "VARIATION"),
        ("MJ::JOB::reroll::", "REROLL"),
        ("MJ::Outpaint::", "ZOOM"),
        ("MJ::CustomZoom::", "ZOOM"),
        ("MJ::JOB::pan_", "PAN"),
        ("MJ::Job::PicReader::", "IMAGINE"),
        ("MJ::Picread::Retry", "DESCRIBE"),
    )
    return next((action for prefix, action in prefixes if custom_id.startswith(prefix)), None)


def describe_prompts(image: str) -> list[str]:
    """Four numbered prompts for an image (size and aspect ratio read from a data URI)."""
    data = parse_data_uri(image)
    info = probe_image(data.data) if data is not None else None
    if info is not None and info.width and info.height:
        divisor = math.gcd(info.width, info.height)
        ratio = f"{info.width // divisor}:{info.height // divisor}"
        subject = f"a {info.width}x{info.height} {info.kind} picture"
    else:
        ratio, subject = "1:1", "a picture"
    styles = ("photograph", "illustration", "digital painting", "minimalist poster")
    return [
        f"{i}\ufe0f\u20e3 {subject}, {style}, emulated description {i} --ar {ratio}"
        for i, style in enumerate(styles, start=1)
    ]


def describe_text(job: Job) -> str:
    """The describe result as midjourney-proxy puts it in ``finalPrompt``/``prompt``."""
    return "\n\n".join(describe_prompts(str(job.params.get("image", ""))))


def task_json(job: Job, now: float) -> JSONObject:
    """The Task object of API.md §7.3 at emulated time ``now``."""
    p = job.params
    moment = job.moment(now)
    status = "MODAL" if moment is None else moment.status
    done = status == "SUCCESS"
    final_prompt = describe_text(job) if job.kind == "DESCRIBE" and done else p.get("promptEn")
    properties: JSONObject = {"discordInstanceId": INSTANCE_ID}
    if final_prompt:
        properties["finalPrompt"] = final_prompt
    prompt, prompt_en = p.get("prompt", ""), p.get("promptEn", "")
    if job.kind == "DESCRIBE":
        prompt = prompt_en = final_prompt if done else ""
    return {
        "id": job.id,
        "action": job.kind,
        "customId": p.get("customId", ""),
        "botType": p.get("botType", "MID_JOURNEY"),
        "status": status,
        "progress": _progress(job, now),
        "prompt": prompt,
        "promptEn": prompt_en,
        "description": p.get("description", ""),
        "state": p.get("state"),
        "submitTime": millis(job.created_at),
        "startTime": _time_of(job, "SUBMITTED", now),
        "finishTime": _finish_time(job, now),
        "imageUrl": _image_url(job, status, now),
        "failReason": (job.fate.reason or DEFAULT_FAIL_REASON) if status == "FAILURE" else None,
        "properties": properties,
        "buttons": buttons_for(job) if done else [],
    }


def _progress(job: Job, now: float) -> str:
    moment = job.moment(now)
    if moment is None or moment.status in ("NOT_START", "SUBMITTED"):
        return "0%"
    if moment.status == "SUCCESS":
        return "100%"
    scale = 50 if job.fate.outcome == "fail" else 100
    fraction = 1.0 if moment.status == "FAILURE" else moment.fraction
    return f"{min(99, int(fraction * scale))}%"


def _time_of(job: Job, status: str, now: float) -> int | None:
    offset = job.timeline.start_of(status)
    if job.started_at is None or offset is None or now < job.started_at + offset:
        return None
    return millis(job.started_at + offset)


def _finish_time(job: Job, now: float) -> int | None:
    if job.started_at is None or now < job.started_at + job.timeline.finish:
        return None
    return millis(job.started_at + job.timeline.finish)


def _image_url(job: Job, status: str, now: float) -> str | None:
    if status == "SUCCESS":
        return f"{cdn()}/mj/{job.id}.png"
    moment = job.moment(now)
    if status == "IN_PROGRESS" and job.kind in GRID_ACTIONS and moment and moment.fraction > 0:
        return f"{cdn()}/mj/{job.id}-preview.webp"
    return None
