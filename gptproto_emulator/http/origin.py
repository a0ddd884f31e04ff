"""The address of the server answering the current request, for result URLs on its own host.

The middleware sets it per request (from the ``Host`` header, as the client dialled it), so a
media result links to a file the same emulator serves, whatever port it was given.

    >>> files_url("suno/abc.mp3")
    'http://127.0.0.1:8787/__emulator__/files/suno/abc.mp3'
"""

from __future__ import annotations

from contextvars import ContextVar

from starlette.types import Scope

FILES_PREFIX = "/__emulator__/files/"
_ORIGIN: ContextVar[str] = ContextVar("gptproto_emulator_origin", default="http://127.0.0.1:8787")


def set_origin(scope: Scope) -> None:
    """Remember ``scheme://host[:port]`` of this request for the URLs built while answering it."""
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
    if host is None and scope.get("server"):
        name, port = scope["server"]
        host = f"{name}:{port}"
    if host:
        _ORIGIN.set(f"{scope.get('scheme', 'http')}://{host}")


def files_url(path: str) -> str:
    """The URL of ``path`` on the answering server's stand-in CDN (media/cdn.py serves it)."""
    return f"{_ORIGIN.get()}{FILES_PREFIX}{path}"
