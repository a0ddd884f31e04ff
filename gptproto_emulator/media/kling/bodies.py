"""Validation of the Kling bodies of API.md §9.1-§9.3 (official field names, UPSTREAM ranges).

Both the gptproto SKU ``model`` (e.g. ``kling-video-std-10-v1-6``) and the official
``model_name`` are accepted as free strings. Text to video requires ``model``, as gptproto's example
(§9.2) has it (nothing is filled in for a body without it); the image and image-to-video examples
have no ``model``, so there it is optional. ``duration`` is the string ``"5"`` or ``"10"``.
Images (``image``, ``image_tail``) are URLs, data URIs or raw base64 (Kling takes both).

    >>> body = {"model": "kling-video-std-10-v1-6", "prompt": "planes", "duration": "10"}
    >>> video_params(body, needs_image=False)["duration"]
    '10'
"""

from __future__ import annotations

import re
from typing import Any

from gptproto_emulator.media.fields import (
    FieldError,
    is_image_ref,
    optional_choice,
    optional_int,
    optional_number,
    optional_object,
    optional_str,
    required_str,
)

JSONObject = dict[str, Any]
IMAGE_RATIOS = ("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9")
VIDEO_RATIOS = ("16:9", "9:16", "1:1")
DURATIONS = ("5", "10")
MODES = ("std", "pro")
_RAW_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]{16,}$")


def _model(body: JSONObject) -> str:
    model = optional_str(body, "model")
    name = optional_str(body, "model_name")
    return name or model or "kling-v1"


def _image(body: JSONObject, name: str, *, required: bool) -> str | None:
    value = optional_str(body, name)
    if not value:
        if required:
            raise FieldError(f"'{name}' is required (an image URL or base64)")
        return None
    if not (is_image_ref(value) or _RAW_BASE64.match(value)):
        raise FieldError(f"'{name}' must be an image URL, a data URI or base64")
    return value


def image_params(body: JSONObject) -> JSONObject:
    """``POST /kling/v1/images/generations`` (API.md §9.1)."""
    prompt = required_str(body, "prompt")
    optional_str(body, "negative_prompt")
    optional_str(body, "callback_url")
    _image(body, "image", required=False)
    optional_choice(body, "image_reference", ("subject", "face"))
    optional_number(body, "image_fidelity", minimum=0, maximum=1)
    optional_number(body, "human_fidelity", minimum=0, maximum=1)
    ratio = optional_choice(body, "aspect_ratio", IMAGE_RATIOS) or "16:9"
    count = optional_int(body, "n", minimum=1, maximum=9) or 1
    return {"prompt": prompt, "model": _model(body), "n": count, "aspect_ratio": ratio}


def video_params(body: JSONObject, *, needs_image: bool) -> JSONObject:
    """``text2video`` (§9.2, ``prompt`` required) or ``image2video`` (§9.3, ``image`` required)."""
    if not needs_image:
        required_str(body, "model")
    prompt = required_str(body, "prompt") if not needs_image else optional_str(body, "prompt")
    _image(body, "image", required=needs_image)
    if needs_image:
        _image(body, "image_tail", required=False)
    optional_str(body, "negative_prompt")
    optional_str(body, "callback_url")
    optional_object(body, "camera_control")
    optional_number(body, "cfg_scale", minimum=0, maximum=1)
    mode = optional_choice(body, "mode", MODES) or "std"
    ratio = optional_choice(body, "aspect_ratio", VIDEO_RATIOS) or "16:9"
    duration = body.get("duration")
    if duration is not None and duration not in DURATIONS:
        raise FieldError('\'duration\' must be the string "5" or "10"')
    return {
        "prompt": prompt or "",
        "model": _model(body),
        "mode": mode,
        "aspect_ratio": ratio,
        "duration": duration or "5",
    }
