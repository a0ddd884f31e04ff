"""Checks shared by vendor request models: images, prompts, and pydantic errors as ours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from gptproto_core.content import data_uri, read_media_file
from gptproto_core.errors import InvalidInputError
from gptproto_core.tasks import Clock, Fetch, Flow, PollSchedule

if TYPE_CHECKING:
    from gptproto_core.operations import Preparation

__all__ = ["image_reference", "inline_urls", "validated"]

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


def inline_urls(*fields: str) -> Preparation:
    """A preparation that turns image URLs in `fields` into data URIs (fetched at send time,
    without the key), for vendors whose JSON fields take data URIs only (Midjourney §7)."""

    def prepare(request: Any, schedule: PollSchedule, clock: Clock) -> Flow[Any]:
        changes: dict[str, Any] = {}
        for name in fields:
            value = getattr(request, name)
            values = value if isinstance(value, list) else [value]
            inlined = []
            for item in values:
                is_url = isinstance(item, str) and item.startswith(("http://", "https://"))
                inlined.append((yield Fetch(item)) if is_url else item)
            if inlined != values:
                changes[name] = inlined if isinstance(value, list) else inlined[0]
        return request.model_copy(update=changes) if changes else request

    return prepare
