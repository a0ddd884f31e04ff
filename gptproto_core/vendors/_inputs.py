"""Checks shared by vendor request models: images, prompts, and pydantic errors as ours."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError, ValidationInfo, field_validator

from gptproto_core.errors import InvalidInputError
from gptproto_core.files import file_reference, inline_reference
from gptproto_core.media_types import MB, sniff
from gptproto_core.tasks import Clock, Fetch, Flow, PollSchedule

if TYPE_CHECKING:
    from gptproto_core.operations import Preparation

__all__ = ["IMAGE_LIMIT", "image_fields", "image_reference", "inline_urls", "validated"]

Model = TypeVar("Model", bound=BaseModel)


IMAGE_LIMIT = 10 * MB
"""The largest image a vendor's JSON field is sent (as base64), checked before any request."""

# The image types whose first bytes we know: content declared as one must show it.
_SNIFFABLE = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp"})


def image_reference(value: object, field: str = "image") -> str:
    """An image as a vendor's JSON field takes it: an http(s) URL as it is; a data URI, a local
    path or bytes checked (base64 that decodes, an image, at most `IMAGE_LIMIT`) and sent as a
    data URI. Anything else raises `InvalidInputError` naming the field, before any request.

    >>> image_reference("https://example.com/cat.png")
    'https://example.com/cat.png'
    """
    if not isinstance(value, str | bytes):
        raise InvalidInputError(
            f"{field}: give an http(s) URL, a data URI, a local file path or bytes, "
            f"not {type(value).__name__}"
        )
    checked = file_reference(value, field=field, kinds=("image",), max_bytes=IMAGE_LIMIT)
    if isinstance(checked, str) and checked.startswith(("http://", "https://")):
        return checked
    inline = inline_reference(checked)
    head, _, payload = inline.partition(",")
    declared = head[len("data:") :].split(";", 1)[0]
    content = base64.b64decode(payload)
    shown = sniff(content)
    if not content or (shown is None and (declared in _SNIFFABLE or isinstance(value, bytes))):
        raise InvalidInputError(
            f"{field}: the content is not a readable image (PNG, JPEG, WebP, GIF or BMP)"
        )
    if shown is not None and not shown.startswith("image/"):
        raise InvalidInputError(f"{field}: the content is {shown}, not an image")
    return inline


def image_fields(*names: str) -> Any:
    """A validator for a request model's image fields: each value, or each item of a list,
    through `image_reference` (before the type check, so bytes are taken); empty stays None.

        _images = image_fields("image", "end_image")
    """

    def check(value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or "image"
        if value is None or value == "":
            return None
        if isinstance(value, list | tuple):
            return [image_reference(v, f"{name}: item {i + 1}") for i, v in enumerate(value)]
        return image_reference(value, name)

    return field_validator(*names, mode="before")(check)


def validated(model: type[Model], /, **fields: Any) -> Model:
    """Build a request model; a bad field becomes an `InvalidInputError` that names it."""
    try:
        return model(**fields)
    except ValidationError as exc:
        problems = "; ".join(_problem(error) for error in exc.errors())
        raise InvalidInputError(problems) from None  # the fields, as the model named them


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
