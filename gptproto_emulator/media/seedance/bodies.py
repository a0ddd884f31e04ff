"""Validation of the Seedance create body of API.md §13.6 (Ark's ``content`` items).

``content`` holds one text item and up to two ``image_url`` items; an image is the object form
``{"url": ...}`` (Ark's schema) or a plain string (gptproto's examples), with an optional
``role`` ``first_frame`` / ``last_frame``. The options come as JSON fields (gptproto's example
on this route) or as Ark's ``--flag value`` text parameters (gptproto's text-to-video example);
both forms are checked.

    >>> task_params({"model": "seedance-1-0-pro-250528",
    ...              "content": [{"type": "text", "text": "a cat --duration 10"}]})["duration"]
    10
"""

from __future__ import annotations

import re
from typing import Any

from gptproto_emulator.media.fields import (
    FieldError,
    is_image_ref,
    optional_bool,
    optional_choice,
    optional_int,
    required_str,
)

JSONObject = dict[str, Any]
RATIOS = ("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive")
RESOLUTIONS = ("480p", "720p", "1080p")
ROLES = ("first_frame", "last_frame", "reference_image")
_FLAG = re.compile(r"--(\w+)\s+(\S+)")


def _image(item: JSONObject) -> tuple[str, str | None]:
    value = item.get("image_url")
    url = value.get("url") if isinstance(value, dict) else value
    if not is_image_ref(url):
        raise FieldError("'content[].image_url' must be an image URL or data URI (or {\"url\"})")
    role = item.get("role")
    if role is not None and role not in ROLES:
        raise FieldError(f"'content[].role' must be one of: {', '.join(ROLES)}")
    return str(url), role


def _options(body: JSONObject, text: str) -> JSONObject:
    """Body fields, then ``--flags`` in the text (same names, same ranges)."""
    flags = {name: value for name, value in _FLAG.findall(text)}
    merged: JSONObject = {}
    for name, value in flags.items():
        if name in ("duration", "seed", "framepersecond"):
            merged[name] = int(value) if re.fullmatch(r"-?\d+", value) else value
        elif name in ("camerafixed", "watermark"):
            merged[name] = {"true": True, "false": False}.get(value, value)
        else:
            merged[name] = value
    merged.update({k: v for k, v in body.items() if k not in ("model", "content")})
    return merged


def task_params(body: JSONObject) -> JSONObject:
    """``POST /api/v3/contents/generations/tasks`` (API.md §13.6)."""
    model = required_str(body, "model")
    content = body.get("content")
    if not isinstance(content, list) or not content:
        raise FieldError("'content' is required (a list of text and image_url items)")
    texts = [i.get("text") for i in content if isinstance(i, dict) and i.get("type") == "text"]
    images = [_image(i) for i in content if isinstance(i, dict) and i.get("type") == "image_url"]
    if len(texts) + len(images) != len(content) or len(texts) != 1 or len(images) > 2:
        raise FieldError("'content' takes one text item and up to two image_url items")
    text = texts[0]
    if not isinstance(text, str) or not text.strip():
        raise FieldError("'content[].text' must be a non-empty string")
    if "i2v" in model and not images:
        raise FieldError(f"'content' needs an image_url item for {model}")
    if "t2v" in model and images:
        raise FieldError(f"'content' takes no image for {model}")
    options = _options(body, text)
    unknown = sorted(
        set(options)
        - {
            "ratio",
            "resolution",
            "duration",
            "camerafixed",
            "seed",
            "watermark",
            "framepersecond",
            "callback_url",
        }
    )
    if unknown:
        raise FieldError(f"Unknown field(s): {', '.join(unknown)}")
    ratio = optional_choice(options, "ratio", RATIOS) or "16:9"
    resolution = optional_choice(options, "resolution", RESOLUTIONS) or "720p"
    duration = optional_int(options, "duration", minimum=2, maximum=12) or 5
    seed = optional_int(options, "seed", minimum=-1, maximum=2**32 - 1)
    fps = optional_int(options, "framepersecond", minimum=16, maximum=24) or 24
    optional_bool(options, "camerafixed")
    optional_bool(options, "watermark")
    return {
        "model": model,
        "prompt": text,
        "images": [url for url, _ in images],
        "roles": [role for _, role in images],
        "ratio": ratio,
        "resolution": resolution,
        "duration": duration,
        "seed": 42 if seed in (None, -1) else seed,
        "framespersecond": fps,
    }
