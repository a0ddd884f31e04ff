"""Reading an Ideogram multipart body (API.md §2.3, §11): text fields and image file parts.

A broken field raises ``FieldError`` naming it; file parts must be real JPEG, PNG or WebP
images (sniffed from their bytes, not trusted from the part's header) of at most 10 MB.

    >>> image_kind(b"\\x89PNG\\r\\n\\x1a\\n..."), image_kind(b"hello")
    ('image/png', None)
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import FormData, UploadFile

from gptproto_emulator.media.fields import FieldError

MAX_BYTES = 10 * 1024 * 1024


def image_kind(content: bytes) -> str | None:
    """The image type of ``content`` (JPEG, PNG or WebP), else None."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def text(form: FormData, name: str, *, required: bool = False) -> str | None:
    value = form.get(name)
    if isinstance(value, UploadFile):
        raise FieldError(f"'{name}' must be a text field, not a file")
    if value is None or not value.strip():
        if required:
            raise FieldError(f"'{name}' is required")
        return None
    return value


def choice(form: FormData, name: str, choices: Sequence[str]) -> str | None:
    value = text(form, name)
    if value is not None and value not in choices:
        raise FieldError(f"'{name}' must be one of: {', '.join(choices)}")
    return value


def integer(form: FormData, name: str, low: int, high: int) -> int | None:
    value = text(form, name)
    if value is None:
        return None
    if not value.strip().lstrip("-").isdigit() or not low <= int(value) <= high:
        raise FieldError(f"'{name}' must be an integer from {low} to {high}")
    return int(value)


async def images(form: FormData, name: str, *, required: bool = False) -> list[bytes]:
    """The file parts named ``name``: each a JPEG, PNG or WebP image of at most 10 MB."""
    parts = form.getlist(name)
    if required and not parts:
        raise FieldError(f"'{name}' is required (a JPEG, PNG or WebP file part)")
    contents = []
    for part in parts:
        if not isinstance(part, UploadFile):
            raise FieldError(f"'{name}' must be a file part, not a text field")
        content = await part.read()
        if image_kind(content) is None:
            raise FieldError(f"'{name}' must be a JPEG, PNG or WebP image")
        if len(content) > MAX_BYTES:
            raise FieldError(f"'{name}' is over 10 MB")
        contents.append(content)
    return contents
