"""Checks shared by vendor request models: images, prompts, and pydantic errors as ours."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gptproto_core.content import data_uri, read_media_file
from gptproto_core.errors import InvalidInputError

__all__ = ["image_reference", "validated"]

Model = TypeVar("Model", bound=BaseModel)


def image_reference(value: str) -> str:
    """A URL or data URI as it is; a readable local file as a data URI; anything else refused."""
    text = value.strip()
    if text.startswith(("http://", "https://", "data:")):
        return text
    try:
        content, mime = read_media_file(text)
    except (InvalidInputError, OSError):  # OSError: e.g. a long base64 string is no file name
        raise InvalidInputError(
            f"image {text[:80]!r} is neither an http(s) URL, a data URI, nor a readable local file"
        ) from None
    if not mime.startswith("image/"):
        raise InvalidInputError(f"file {text!r} is not an image (type {mime})")
    return data_uri(content, mime)


def validated(model: type[Model], /, **fields: Any) -> Model:
    """Build a request model; a bad field becomes an `InvalidInputError` that names it."""
    try:
        return model(**fields)
    except ValidationError as exc:
        problems = "; ".join(_problem(error) for error in exc.errors())
        raise InvalidInputError(f"{model.__name__}: {problems}") from None


def _problem(error: Any) -> str:
    """`field: message`, once: file checks already name their field."""
    where = ".".join(str(p) for p in error["loc"]) or "request"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if message.startswith(f"{where}:") else f"{where}: {message}"
