"""Validation of the Suno request bodies of API.md §8.1, §8.3, §8.5, §8.6 and the modes of the
§8.7 scenarios. Each reader returns the clip parameters, or raises :class:`FieldError`.

Modes of ``POST /suno/generate`` (``mv`` starting with ``chirp-`` and a string ``prompt`` are
always required; ``prompt`` may be ``""``):
- description (scenarios 2, 4): a non-empty ``gpt_description_prompt`` (+ ``make_instrumental``);
- custom (1, 3): lyrics in ``prompt`` and/or style ``tags`` (``title`` optional);
- continue (5, 6): ``continue_clip_id`` of a known clip + ``continue_at`` (seconds >= 0); an
  uploaded clip needs an ``mv`` ending in ``-upload`` (item note of §8.7), and such an ``mv``
  needs a ``continue_clip_id``;
- cover (7): ``task: "cover"`` + ``cover_clip_id`` of a known clip.

    >>> generate_params({"mv": "chirp-v3-5", "prompt": "", "tags": "rock"}, lambda _: None)["type"]
    'gen'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gptproto_emulator.media.fields import (
    FieldError,
    optional_bool,
    optional_choice,
    optional_number,
    optional_str,
    required_str,
)
from gptproto_emulator.media.jobs import Job

JSONObject = dict[str, Any]
Lookup = Callable[[str], Job | None]
TASKS = ("cover", "extend", "infill", "upload_extend")


def generate_params(body: JSONObject, clip: Lookup) -> JSONObject:
    """``POST /suno/generate`` (API.md §8.1, §8.7)."""
    mv = required_str(body, "mv").strip()
    if not mv.startswith("chirp-"):
        raise FieldError("'mv' must be a Suno model version such as 'chirp-v3-5'")
    prompt = required_str(body, "prompt", allow_empty=True)
    description = (optional_str(body, "gpt_description_prompt") or "").strip()
    instrumental = optional_bool(body, "make_instrumental") or False
    tags = optional_str(body, "tags") or ""
    for name in ("negative_tags", "title", "generation_type"):
        optional_str(body, name)
    if not description and not prompt.strip() and not tags.strip():
        raise FieldError(
            "Give 'gpt_description_prompt' (description mode), "
            "or lyrics in 'prompt' and/or 'tags' (custom mode)"
        )
    params: JSONObject = {
        "mv": mv,
        "type": "gen",
        "tags": tags,
        "negative_tags": optional_str(body, "negative_tags") or "",
        "make_instrumental": instrumental,
        "history": None,
        "concat_history": None,
    }
    if description:
        params.update(_described(description, instrumental))
    else:
        title = optional_str(body, "title") or ""
        params.update(
            prompt=prompt, title=title, make_instrumental=instrumental or not prompt.strip()
        )
    task = optional_choice(body, "task", TASKS)
    params.update(_continuation(body, mv, clip))
    params.update(_cover(body, task, clip))
    params.update(_infill(body, task))
    return params


def _described(description: str, instrumental: bool) -> JSONObject:
    """Description mode: Suno writes the title and (unless instrumental) the lyrics."""
    words = description.split()
    title = " ".join(words[:5]).title()
    lyrics = "" if instrumental else f"[Verse]\n{description}\n\n[Chorus]\n{title}"
    return {"gpt_description_prompt": description, "prompt": lyrics, "title": title}


def _continuation(body: JSONObject, mv: str, clip: Lookup) -> JSONObject:
    source_id = (optional_str(body, "continue_clip_id") or "").strip()
    at = optional_number(body, "continue_at", minimum=0)
    if not source_id:
        if at is not None:
            raise FieldError("'continue_at' needs a 'continue_clip_id'")
        if mv.endswith("-upload"):
            raise FieldError("'continue_clip_id' is required with an '-upload' mv")
        return {}
    source = clip(source_id)
    if source is None:
        raise FieldError(f"'continue_clip_id' {source_id!r} is not a known clip")
    if at is None:
        raise FieldError("'continue_at' (seconds) is required with 'continue_clip_id'")
    if source.kind == "upload" and not mv.endswith("-upload"):
        raise FieldError("'mv' must end in '-upload' to continue an uploaded clip")
    entry = {
        "id": source.id,
        "continue_at": at,
        "type": source.kind,
        "infill": False,
        "source": "web",
    }
    return {"history": [*(source.params.get("history") or []), entry], "continued_from": source.id}


def _cover(body: JSONObject, task: str | None, clip: Lookup) -> JSONObject:
    cover_id = (optional_str(body, "cover_clip_id") or "").strip()
    if task != "cover":
        if cover_id:
            raise FieldError('\'cover_clip_id\' needs "task": "cover"')
        return {}
    if not cover_id:
        raise FieldError('\'cover_clip_id\' is required with "task": "cover"')
    if clip(cover_id) is None:
        raise FieldError(f"'cover_clip_id' {cover_id!r} is not a known clip")
    return {"cover_clip_id": cover_id, "task": "cover"}


def _infill(body: JSONObject, task: str | None) -> JSONObject:
    start = optional_number(body, "infill_start_s", minimum=0)
    end = optional_number(body, "infill_end_s", minimum=0)
    if task != "infill":
        return {}
    if start is None or end is None or start >= end:
        raise FieldError("'infill_start_s' < 'infill_end_s' are required with \"task\": \"infill\"")
    return {"infill": True, "task": "infill"}


def concat_params(body: JSONObject, clip: Lookup) -> Job:
    """``POST /suno/generate/concat/v2`` (API.md §8.6): the known clip to make whole."""
    clip_id = required_str(body, "clip_id").strip()
    optional_bool(body, "is_infill")
    source = clip(clip_id)
    if source is None:
        raise FieldError(f"'clip_id' {clip_id!r} is not a known clip")
    return source


def upload_url(body: JSONObject) -> str:
    """``POST /v1/suno/uploads/audio-url`` (API.md §8.5): an http(s) ``url``."""
    url = required_str(body, "url").strip()
    if not url.startswith(("https://", "http://")):
        raise FieldError("'url' must be an http(s) URL of an audio file")
    return url


def lyrics_prompt(body: JSONObject) -> str:
    """``POST /v1/suno/submit/lyrics`` (API.md §8.3): a string ``prompt`` (may be empty)."""
    return required_str(body, "prompt", allow_empty=True)
