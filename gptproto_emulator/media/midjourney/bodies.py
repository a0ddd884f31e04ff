"""Validation of the Midjourney submit bodies of API.md §7.1 (midjourney-proxy "plus" DTOs).

Each reader returns the task parameters to keep, or raises :class:`FieldError` naming the field.
Shared optional fields: ``botType`` (``MID_JOURNEY``/``NIJI_JOURNEY``), ``accountFilter``
(object), ``notifyHook`` and ``state`` (strings; the hook is accepted and never called).

Images (``base64``, ``base64Array``, ``sourceBase64``, ``targetBase64``, ``maskBase64``) must be
``data:image/...;base64,`` URIs: every documented example is one, and the proxy decodes them
itself, so a strict gateway refuses a plain URL there with 400 naming the field.

    >>> imagine_params({"prompt": "Cat"})["description"]
    '/imagine Cat'
"""

from __future__ import annotations

from typing import Any

from gptproto_emulator.media.fields import (
    FieldError,
    is_data_uri,
    optional_choice,
    optional_int,
    optional_object,
    optional_str,
    required_str,
)

JSONObject = dict[str, Any]
BOT_TYPES = ("MID_JOURNEY", "NIJI_JOURNEY")
DIMENSIONS = ("PORTRAIT", "SQUARE", "LANDSCAPE")
CHANGE_ACTIONS = ("UPSCALE", "VARIATION", "REROLL")


def _common(body: JSONObject, *, bot: bool = True) -> JSONObject:
    optional_object(body, "accountFilter")
    optional_str(body, "notifyHook")
    params: JSONObject = {"state": optional_str(body, "state")}
    if bot:
        params["botType"] = optional_choice(body, "botType", BOT_TYPES) or "MID_JOURNEY"
    return params


def _image_list(body: JSONObject, name: str, *, low: int, high: int) -> list[str]:
    value = body.get(name)
    if value is None:
        value = []
    if not isinstance(value, list):
        raise FieldError(f"'{name}' must be a list of data:image/...;base64 URIs")
    if not low <= len(value) <= high:
        raise FieldError(f"'{name}' must hold {low} to {high} images (got {len(value)})")
    for index, item in enumerate(value):
        if not is_data_uri(item):
            raise FieldError(f"'{name}[{index}]' must be a data:image/...;base64,... URI")
    return list(value)


def _data_uri(body: JSONObject, name: str, *, required: bool = True) -> str | None:
    """An image field as a data URI; an empty string counts as absent (the Modal example)."""
    value = optional_str(body, name)
    if not value:
        if required:
            raise FieldError(f"'{name}' is required (a data:image/...;base64,... URI)")
        return None
    if not is_data_uri(value):
        raise FieldError(f"'{name}' must be a data:image/...;base64,... URI")
    return value


def imagine_params(body: JSONObject) -> JSONObject:
    """``/mj/submit/imagine``: ``prompt`` required; ``base64Array`` up to 5 reference images."""
    prompt = required_str(body, "prompt").strip()
    _image_list(body, "base64Array", low=0, high=5)
    params = _common(body)
    params.update(prompt=prompt, promptEn=prompt, description=f"/imagine {prompt}")
    return params


def blend_params(body: JSONObject) -> JSONObject:
    """``/mj/submit/blend``: ``base64Array`` of 2-5 images; ``dimensions`` optional."""
    images = _image_list(body, "base64Array", low=2, high=5)
    params = _common(body)
    params["dimensions"] = optional_choice(body, "dimensions", DIMENSIONS) or "SQUARE"
    params.update(prompt="", promptEn="", images=len(images))
    return params


def describe_params(body: JSONObject) -> JSONObject:
    """``/mj/submit/describe``: ``base64`` (the image) required."""
    image = _data_uri(body, "base64")
    params = _common(body)
    params.update(prompt="", promptEn="", image=image)
    return params


def swap_params(body: JSONObject) -> JSONObject:
    """``/mj/insight-face/swap``: ``sourceBase64`` (face) and ``targetBase64`` (image) required."""
    _data_uri(body, "sourceBase64")
    _data_uri(body, "targetBase64")
    params = _common(body, bot=False)
    params.update(prompt="", promptEn="", botType="INSIGHT_FACE", description="/swap_face")
    return params


def modal_fields(body: JSONObject) -> tuple[str, str | None]:
    """``/mj/submit/modal``: ``taskId`` required; ``prompt``/``maskBase64`` optional."""
    task_id = required_str(body, "taskId").strip()
    prompt = optional_str(body, "prompt")
    _data_uri(body, "maskBase64", required=False)
    return task_id, (prompt.strip() or None) if prompt is not None else None


def action_fields(body: JSONObject) -> tuple[str, str, JSONObject]:
    """``/mj/submit/action``: ``taskId`` and ``customId`` required."""
    task_id = required_str(body, "taskId").strip()
    custom_id = required_str(body, "customId").strip()
    optional_str(body, "notifyHook")
    return task_id, custom_id, {"state": optional_str(body, "state")}


def change_fields(body: JSONObject) -> tuple[str, str, int, JSONObject]:
    """``/mj/submit/change``: ``taskId``, ``action``; ``index`` 1-4 for UPSCALE/VARIATION."""
    task_id = required_str(body, "taskId").strip()
    action = optional_choice(body, "action", CHANGE_ACTIONS)
    if action is None:
        raise FieldError("'action' is required (UPSCALE, VARIATION or REROLL)")
    index = optional_int(body, "index", minimum=1, maximum=4)
    if index is None and action != "REROLL":
        raise FieldError(f"'index' (1-4) is required for {action}")
    optional_str(body, "notifyHook")
    return task_id, action, index or 0, {"state": optional_str(body, "state")}


def change_custom_id(action: str, index: int, message_hash: str) -> str:
    """The button ``customId`` a legacy change stands for."""
    if action == "UPSCALE":
        return f"MJ::JOB::upsample::{index}::{message_hash}"
    if action == "VARIATION":
        return f"MJ::JOB::variation::{index}::{message_hash}"
    return f"MJ::JOB::reroll::0::{message_hash}::SOLO"
