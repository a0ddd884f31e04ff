"""``POST /v1/images/generations``: the synchronous image route of API.md §3.2, §12.2 and
§13.3-§13.5 (OpenAI / Ark shape ``{created, data: [{url} | {b64_json}]}``).

``model`` and ``prompt`` are required; ``n`` is 1-10; ``response_format`` is ``url`` (default)
or ``b64_json`` (a small valid PNG whose shape follows ``size``: ``"16:9"`` or ``"1024x768"``).
A prompt with a banned word gets the 503 content-policy body of PH-ERR-B (API.md §2.5 E2).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.errors import error_body_for_status
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.content_rules import banned_word
from gptproto_emulator.media.fields import (
    FieldError,
    json_object,
    optional_choice,
    optional_int,
    optional_str,
    required_str,
)
from gptproto_emulator.media.http_helpers import bad_request, cdn, json_response
from gptproto_emulator.media.png import make_png

JSON = dict[str, Any]
_SIZE = re.compile(r"^(\d+)\s*[x:×]\s*(\d+)$")
_LONG_SIDE = 16


def png_shape(size: str | None) -> tuple[int, int]:
    """A tiny picture with the aspect of ``size`` (``"16:9"`` → 16x9), else 8x8."""
    match = _SIZE.match(size or "")
    if not match or not int(match[1]) or not int(match[2]):
        return 8, 8
    width, height = int(match[1]), int(match[2])
    scale = _LONG_SIDE / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def image_items(
    model: str, prompt: str, size: str | None, count: int, fmt: str, salt: str = ""
) -> list[JSON]:
    """``data[]`` of an images answer: CDN links, or tiny PNGs as ``b64_json``. OpenAI's image
    models also state a ``revised_prompt`` (UPSTREAM, API.md §3.2)."""
    seed = f"{model}\n{prompt}\n{size}{salt}".encode()
    digest = hashlib.sha256(seed).hexdigest()[:32]
    if fmt == "url":
        data: list[JSON] = [{"url": f"{cdn()}/images/{digest}-{i}.png"} for i in range(count)]
    else:
        width, height = png_shape(size)
        pictures = (make_png(width, height, seed + bytes([i])) for i in range(count))
        data = [{"b64_json": base64.b64encode(png).decode("ascii")} for png in pictures]
    if model.startswith("gpt-"):
        for item in data:
            item["revised_prompt"] = f"{prompt.strip()}, as a detailed picture"
    return data


def images_routes(state: EmulatorState) -> list[BaseRoute]:
    """The image-generation route bound to ``state``."""

    async def generations(request: Request) -> Response:
        """Image generation — API.md §3.2 (``data[].url``, SCRIPT), §12.2 (Flux: ``size`` as an
        aspect ratio), §13.3-§13.5 (Doubao ``image``, ``response_format``); errors §2.5."""
        try:
            body = await json_object(request)
            model = required_str(body, "model").strip()
            # §13.3-§13.5: Doubao's own fields and answer (imported here: it uses png_shape)
            from gptproto_emulator.media.doubao import images as doubao

            if doubao.is_doubao_image_model(model):
                return doubao.generate(request, state, body)
            prompt = required_str(body, "prompt")
            count = optional_int(body, "n", minimum=1, maximum=10) or 1
            fmt = optional_choice(body, "response_format", ("url", "b64_json")) or "url"
            size = optional_str(body, "size")
            image = body.get("image")
            if image is not None and not isinstance(image, (str, list)):
                raise FieldError("'image' must be a URL string or a list of URLs")
        except FieldError as exc:
            return bad_request(str(exc))
        if banned_word(prompt) is not None:
            return json_response(error_body_for_status(503), 503)
        return json_response(
            {
                "created": int(state.clock.now()),
                "data": image_items(model, prompt, size, count, fmt),
            }
        )

    return [Route("/v1/images/generations", generations, methods=["POST"])]
