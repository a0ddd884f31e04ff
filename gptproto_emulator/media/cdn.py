"""Result files the emulator's media routes link to, served so that a client can fetch them.

Upstream, a result URL (Midjourney's ``imageUrl``, Suno's ``audio_url``, Kling's ``videos[].url``,
Ideogram's ``data[].url``, ...) points at a vendor's CDN and is fetched without a gptproto key.
The emulator's stand-in CDN lives under ``/__emulator__/files/`` (no key, like every admin path)
on the server that answered, and serves a tiny real file of the kind the name ends with
(media/files.py), the same every time:
- ``<tag>-<W>x<H>.png`` (flat) → a valid PNG of that shape drawn from the name;
- ``<vendor>/…/<name>.png`` → an 8x8 PNG drawn from the path; ``.jpeg``/``.jpg``, ``.webp``,
  ``.mp3``, ``.mp4`` → the fixed JPEG, WebP, MP3 and MP4; Suno's ``suno/stream/<id>`` → the MP3.

    >>> result_url("http://127.0.0.1:8787/", "ideogram", b"seed", (16, 9))[-9:]
    '-16x9.png'
"""

from __future__ import annotations

import hashlib
import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.http.origin import FILES_PREFIX
from gptproto_emulator.media.files import JPEG, MP4, WEBP, mp3_silence
from gptproto_emulator.media.http_helpers import not_found
from gptproto_emulator.media.png import make_png

PREFIX = FILES_PREFIX
_NAME = re.compile(r"^([\w-]+)-(\d{1,2})x(\d{1,2})\.png$")
_FIXED = {
    ".jpeg": (JPEG, "image/jpeg"),
    ".jpg": (JPEG, "image/jpeg"),
    ".webp": (WEBP, "image/webp"),
    ".mp3": (mp3_silence(), "audio/mpeg"),
    ".mp4": (MP4, "video/mp4"),
}


def result_url(base_url: str, vendor: str, seed: bytes, shape: tuple[int, int]) -> str:
    """A fetchable URL of the picture ``seed`` makes, on the server that answered."""
    digest = hashlib.sha256(seed).hexdigest()[:24]
    return f"{base_url.rstrip('/')}{PREFIX}{vendor}-{digest}-{shape[0]}x{shape[1]}.png"


def _file(path: str) -> tuple[bytes, str] | None:
    """The bytes and type served for ``path``, or ``None`` for a name the emulator never gives."""
    if "/" not in path:
        match = _NAME.match(path)
        if not match or not int(match[2]) or not int(match[3]):
            return None
        return make_png(int(match[2]), int(match[3]), match[1].encode()), "image/png"
    if path.startswith("suno/stream/"):
        return _FIXED[".mp3"]
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix == ".png":
        return make_png(8, 8, path.encode()), "image/png"
    return _FIXED.get(suffix)


def cdn_routes() -> list[BaseRoute]:
    async def serve(request: Request) -> Response:
        path = request.path_params["path"]
        found = _file(path)
        if found is None:
            return not_found(f"No file {path!r}")
        return Response(found[0], media_type=found[1])

    return [Route(PREFIX + "{path:path}", serve, methods=["GET"])]
