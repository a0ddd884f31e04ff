"""Result files the emulator's image routes link to, served so that a client can fetch them.

Upstream, a result URL (Ideogram's ``data[].url``, Ark's ``data[].url``; API.md §11, §13.3)
points at the vendor's CDN and is fetched without a gptproto key. The emulator's stand-in CDN
lives under ``/__emulator__/files/`` (no key, like every admin path) and draws the picture the
name describes: ``<tag>-<W>x<H>.png`` → a small valid PNG of that shape, the same every time.

    >>> result_url("http://127.0.0.1:8787/", "ideogram", b"seed", (16, 9))[-12:]
    '-16x9.png'
"""

from __future__ import annotations

import hashlib
import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.media.http_helpers import not_found
from gptproto_emulator.media.png import make_png

PREFIX = "/__emulator__/files/"
_NAME = re.compile(r"^([\w-]+)-(\d{1,2})x(\d{1,2})\.png$")


def result_url(base_url: str, vendor: str, seed: bytes, shape: tuple[int, int]) -> str:
    """A fetchable URL of the picture ``seed`` makes, on the server that answered."""
    digest = hashlib.sha256(seed).hexdigest()[:24]
    return f"{base_url.rstrip('/')}{PREFIX}{vendor}-{digest}-{shape[0]}x{shape[1]}.png"


def cdn_routes() -> list[BaseRoute]:
    async def serve(request: Request) -> Response:
        match = _NAME.match(request.path_params["name"])
        if not match or not int(match[2]) or not int(match[3]):
            return not_found(f"No file {request.path_params['name']!r}")
        picture = make_png(int(match[2]), int(match[3]), match[1].encode())
        return Response(picture, media_type="image/png")

    return [Route(PREFIX + "{name}", serve, methods=["GET"])]
