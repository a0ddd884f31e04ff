"""Doubao images (API.md §13.3-§13.5): SeedEdit 3.0 and Seedream 3.0 / 4.0, answered at once.

Both ``POST /v1/images/generations`` (for Doubao models; the shared route hands them over) and
Ark's own ``POST /api/v3/images/generations`` (§13.5). Fields as the docs' examples send them,
ranges as Ark documents (UPSTREAM): ``seed`` -1..2^31-1, ``guidance_scale`` 1-10; SeedEdit needs
one ``image`` and ``size: adaptive``; Seedream 3.0 takes no image and a ``WxH`` size; Seedream 4.0
takes up to 10 images, ``1K``/``2K``/``4K`` or ``WxH``, ``sequential_image_generation`` and
``sequential_image_generation_options.max_images`` (1-15). ``stream: true`` is refused (the
emulator does not stream images). The answer is Ark's ``{model, created, data: [{url, size} |
{b64_json, size}], usage}``; a banned word gets Ark's 400 ``InputTextSensitiveContentDetected``.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.cdn import result_url
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import (
    FieldError,
    is_image_ref,
    json_object,
    optional_bool,
    optional_choice,
    optional_int,
    optional_number,
    optional_object,
    optional_str,
    required_str,
)
from gptproto_emulator.media.http_helpers import bad_request, count_submission, json_response
from gptproto_emulator.media.images import png_shape
from gptproto_emulator.media.png import make_png

JSONObject = dict[str, Any]
_WXH = re.compile(r"^\d{3,4}x\d{3,4}$")
_SENSITIVE = {
    "code": "InputTextSensitiveContentDetected",
    "message": "The request failed because the input text may contain sensitive information.",
}


def is_doubao_image_model(model: str) -> bool:
    """SeedEdit / Seedream model names (§13 model list), with or without ``doubao-``."""
    return model.removeprefix("doubao-").startswith(("seedream-", "seededit-"))


def _images(body: JSONObject, family: str) -> list[str]:
    value = body.get("image")
    if family == "seededit":
        if not isinstance(value, str) or not is_image_ref(value):
            raise FieldError("'image' is required: the image to edit, as a URL or data URI")
        return [value]
    refs = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    if value is not None and (not refs or not all(is_image_ref(r) for r in refs)):
        raise FieldError("'image' must be a URL or data URI, or a list of up to 10 of them")
    if family == "seedream-3" and refs:
        raise FieldError("'image' is not supported by Seedream 3.0 (text to image only)")
    if len(refs) > 10:
        raise FieldError("'image' takes at most 10 images")
    return refs


def _size(body: JSONObject, family: str) -> str | None:
    size = optional_str(body, "size")
    if size is None:
        return None
    allowed = {
        "seededit": size == "adaptive",
        "seedream-3": bool(_WXH.match(size)),
        "seedream-4": size in ("1K", "2K", "4K") or bool(_WXH.match(size)),
    }[family]
    if not allowed:
        hint = {"seededit": "adaptive", "seedream-3": "WxH", "seedream-4": "1K, 2K, 4K or WxH"}
        raise FieldError(f"'size' must be {hint[family]} for this model")
    return size


def read_request(body: JSONObject) -> JSONObject:
    """The checked fields; raises ``FieldError`` naming the broken one."""
    model = required_str(body, "model").strip()
    if not is_doubao_image_model(model):
        raise FieldError(f"'model' {model!r} is not a Seedream or SeedEdit model")
    bare = model.removeprefix("doubao-")
    family = "seededit" if bare.startswith("seededit-") else bare[:10].rstrip("-")
    family = {"seedream-3": "seedream-3", "seedream-4": "seedream-4"}.get(family, family)
    prompt = required_str(body, "prompt")
    images = _images(body, family)
    size = _size(body, family)
    fmt = optional_choice(body, "response_format", ("url", "b64_json")) or "url"
    optional_int(body, "seed", minimum=-1, maximum=2**31 - 1)
    optional_number(body, "guidance_scale", minimum=1, maximum=10)
    optional_bool(body, "watermark")
    optional_int(body, "n", minimum=1, maximum=10)
    if optional_bool(body, "stream"):
        raise FieldError("'stream': true is not supported here; send false or leave it out")
    sequential = optional_choice(body, "sequential_image_generation", ("auto", "disabled"))
    options = optional_object(body, "sequential_image_generation_options") or {}
    most = optional_int(options, "max_images", minimum=1, maximum=15)
    if (sequential or options) and family != "seedream-4":
        raise FieldError("'sequential_image_generation' needs Seedream 4.0")
    count = (most or 1) if sequential == "auto" else 1
    if len(images) + count > 15:
        raise FieldError("'image' plus the images to make must be at most 15")
    return {"model": model, "prompt": prompt, "size": size, "format": fmt, "count": count}


def generate(request: Request, state: EmulatorState, body: JSONObject) -> Response:
    """Answer one Doubao image request (both routes)."""
    try:
        fields = read_request(body)
    except FieldError as exc:
        return bad_request(str(exc))
    if banned_word(fields["prompt"]) is not None:
        return json_response({"error": _SENSITIVE}, 400)
    count_submission(state, request)
    shape = png_shape(fields["size"]) if fields["size"] not in (None, "adaptive") else (8, 8)
    data = []
    for index in range(fields["count"]):
        seed = f"{fields['model']}\n{fields['prompt']}\n{fields['size']}\n{index}".encode()
        if fields["format"] == "url":
            item = {"url": result_url(str(request.base_url), "doubao", seed, shape)}
        else:
            item = {"b64_json": base64.b64encode(make_png(*shape, seed)).decode("ascii")}
        data.append({**item, "size": f"{shape[0]}x{shape[1]}"})
    usage = {"generated_images": len(data), "output_tokens": 16 * len(data)}
    usage["total_tokens"] = usage["output_tokens"]
    return json_response(
        {"model": fields["model"], "created": int(state.clock.now()), "data": data, "usage": usage}
    )


def doubao_routes(state: EmulatorState) -> list[BaseRoute]:
    """Ark's own image path (§13.5); ``/v1/images/generations`` hands Doubao models here."""

    async def ark(request: Request) -> Response:
        try:
            body = await json_object(request)
        except FieldError as exc:
            return bad_request(str(exc))
        return generate(request, state, body)

    return [Route("/api/v3/images/generations", ark, methods=["POST"])]
