"""Validation of the Runway bodies of API.md §10.1.

The ``/runway/v1/pro/*`` bodies carry their knobs under ``options`` (the Postman examples);
``/runwayml/v1/image_to_video`` takes Runway's public fields (``promptImage``, ``promptText``,
``seed`` 0-4294967295, ``duration`` 5|10, ``ratio`` ``1280:768``|``768:1280``). Driving and
source videos are http(s) URLs; images are URLs or data URIs.

    >>> pro_params("generate", {"prompt": "a kitten", "options": {"seconds": 10}})["seconds"]
    10
"""

from __future__ import annotations

from typing import Any

from gptproto_emulator.media.fields import (
    FieldError,
    image_ref,
    optional_bool,
    optional_choice,
    optional_int,
    optional_number,
    optional_object,
    optional_str,
    required_str,
)

JSONObject = dict[str, Any]
MODEL = "runwayml-gen3a_turbo-5"
_VECTOR = ("x", "y", "z", "r", "bg_x_pan", "bg_y_pan")


def _video(body: JSONObject) -> str:
    value = required_str(body, "video")
    if not value.startswith(("http://", "https://")):
        raise FieldError("'video' must be an http(s) URL of the video")
    return value


def _seconds(holder: JSONObject, name: str, label: str) -> int:
    value = holder.get(name)
    if value is None:
        return 5
    if value not in (5, 10) or isinstance(value, bool):
        raise FieldError(f"'{label}' must be 5 or 10")
    return int(value)


def _options(body: JSONObject) -> JSONObject:
    options = optional_object(body, "options") or {}
    try:
        optional_bool(options, "flip")
    except FieldError as exc:
        raise FieldError(str(exc).replace("'flip'", "'options.flip'")) from None
    return options


def pro_params(route: str, body: JSONObject) -> JSONObject:
    """``/runway/v1/pro/{act_two, act_one, generate, video2video}`` (API.md §10.1)."""
    options = _options(body)
    if route in ("act_two", "act_one"):
        _video(body)
        image_ref(body, "image")
        if route == "act_two":
            optional_int(options, "expression_intensity", minimum=1, maximum=5)
        else:
            optional_number(options, "motion_multiplier", minimum=0)
        return {"prompt": None, "seconds": 5}
    optional_str(body, "model")
    if route == "video2video":
        _video(body)
        prompt = required_str(body, "prompt")
        optional_number(options, "structure_transformation", minimum=0, maximum=1)
        return {"prompt": prompt, "seconds": 5}
    prompt = required_str(body, "prompt")
    optional_choice(body, "ratio", ("16:9", "9:16"))
    optional_str(body, "style")
    vector = optional_object(options, "motion_vector") or {}
    for name in _VECTOR:
        optional_number(vector, name)
    return {"prompt": prompt, "seconds": _seconds(options, "seconds", "options.seconds")}


def official_params(body: JSONObject) -> JSONObject:
    """``POST /runwayml/v1/image_to_video`` (API.md §10.1, Runway's public fields)."""
    image_ref(body, "promptImage")
    prompt = optional_str(body, "promptText")
    if prompt is not None and len(prompt) > 1000:
        raise FieldError("'promptText' must be at most 1000 characters")
    optional_int(body, "seed", minimum=0, maximum=4294967295)
    optional_str(body, "model")
    optional_bool(body, "watermark")
    optional_choice(body, "ratio", ("1280:768", "768:1280"))
    return {"prompt": prompt, "seconds": _seconds(body, "duration", "duration")}
