"""``POST /ideogram/v1/ideogram-v3/{generate,edit,remix,replace-background}`` (API.md §11).

Multipart bodies (Postman's ``formdata``): ``prompt`` is required everywhere; ``image`` is a
required file part of edit, remix and replace-background, and ``mask`` of edit. Field values
follow Ideogram's v3 API (UPSTREAM): ``rendering_speed`` TURBO/DEFAULT/QUALITY, ``magic_prompt``
AUTO/ON/OFF, ``style_type`` (only AUTO/REALISTIC/FICTION with ``character_reference_images``,
at most one image, 10 MB in all: the Postman note), ``aspect_ratio`` like ``16x9``,
``num_images`` 1-8. The answer is synchronous (UPSTREAM shape): ``{created, data: [{url,
prompt, resolution, seed, style_type, is_image_safe}]}``; a prompt with a banned word gets its
images flagged ``is_image_safe: false`` with no URL. Result URLs can be fetched (media/cdn.py).
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime, timezone
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.cdn import result_url
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import FieldError
from gptproto_emulator.media.http_helpers import bad_request, count_submission, json_response
from gptproto_emulator.media.ideogram import form as f
from gptproto_emulator.media.images import png_shape

ACTIONS = ("generate", "edit", "remix", "replace-background")
RATIOS: tuple[str, ...] = ("1x3", "3x1", "1x2", "2x1", "9x16", "16x9", "10x16", "16x10")
RATIOS += ("2x3", "3x2", "3x4", "4x3", "4x5", "5x4", "1x1")
STYLES = ("AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION")
CHARACTER_STYLES = ("AUTO", "REALISTIC", "FICTION")


async def read_fields(request: Request, action: str) -> dict[str, Any]:
    """The checked fields of one action's multipart body."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise FieldError("The body must be multipart/form-data (API.md §11)")
    form = await request.form()
    fields: dict[str, Any] = {"prompt": f.text(form, "prompt", required=True)}
    f.choice(form, "rendering_speed", ("TURBO", "DEFAULT", "QUALITY"))
    f.choice(form, "magic_prompt", ("AUTO", "ON", "OFF"))
    fields["num_images"] = f.integer(form, "num_images", 1, 8) or 1
    fields["seed"] = f.integer(form, "seed", 0, 2**31 - 1)
    fields["ratio"] = f.choice(form, "aspect_ratio", RATIOS) or "1x1"
    f.integer(form, "image_weight", 1, 100)
    style = fields["style_type"] = f.choice(form, "style_type", STYLES)
    if action != "generate":
        await f.images(form, "image", required=True)
    await f.images(form, "mask", required=action == "edit")
    characters = await f.images(form, "character_reference_images")
    if len(characters) > 1:
        raise FieldError("'character_reference_images' takes at most 1 image for now")
    if characters and style not in (None, *CHARACTER_STYLES):
        raise FieldError("'style_type' must be AUTO, REALISTIC or FICTION with character images")
    return fields


def _resolution(ratio: str) -> str:
    width, height = (int(n) for n in ratio.split("x"))
    scale = math.sqrt(1024 * 1024 / (width * height))
    return f"{round(width * scale / 16) * 16}x{round(height * scale / 16) * 16}"


def ideogram_routes(state: EmulatorState) -> list[BaseRoute]:
    """The four Ideogram 3.0 routes bound to ``state``."""

    def handler(action: str) -> Any:
        async def handle(request: Request) -> Response:
            try:
                fields = await read_fields(request, action)
            except FieldError as exc:
                return bad_request(str(exc))
            finally:
                await request.close()  # starlette leaves the uploads' temporary files open
            count_submission(state, request)
            return json_response(_answer(request, action, fields, state.clock.now()))

        return handle

    return [
        Route(f"/ideogram/v1/ideogram-v3/{action}", handler(action), methods=["POST"])
        for action in ACTIONS
    ]


def _answer(request: Request, action: str, fields: dict[str, Any], now: float) -> dict[str, Any]:
    safe = banned_word(fields["prompt"]) is None
    ratio = fields["ratio"]
    items = []
    for index in range(fields["num_images"]):
        key = f"{action}\n{fields['prompt']}\n{fields['seed']}\n{index}".encode()
        seed = (
            fields["seed"]
            if fields["seed"] is not None
            else int(hashlib.sha256(key).hexdigest()[:6], 16)
        )
        url = result_url(str(request.base_url), "ideogram", key, png_shape(ratio)) if safe else None
        items.append(
            {
                "url": url,
                "prompt": fields["prompt"],
                "resolution": _resolution(ratio),
                "seed": seed,
                "style_type": fields["style_type"] or "GENERAL",
                "is_image_safe": safe,
            }
        )
    created = datetime.fromtimestamp(now, timezone.utc).isoformat()
    return {"created": created, "data": items}
