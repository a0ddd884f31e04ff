"""What the video vendors' requests share: a prompt, and a first and an optional last frame.

class VideoRequest(FramedVideo):      # prompt, first_frame, last_frame, then the vendor's own
    model: str = "..."
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import Self

from gptproto_core.vendors._inputs import image_fields

__all__ = ["FramedVideo"]


class FramedVideo(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, description="What happens in the video")
    first_frame: str | None = Field(
        default=None, description="Image the video starts from: URL, data URI or local path"
    )
    last_frame: str | None = Field(
        default=None, description="Image the video ends on (needs first_frame)"
    )

    _frames = image_fields("first_frame", "last_frame")

    @model_validator(mode="after")
    def _last_needs_first(self) -> Self:
        if self.last_frame and not self.first_frame:
            raise ValueError("last_frame needs a first_frame")
        return self

    @property
    def frames(self) -> list[str]:
        """The frames given, first then last."""
        return [f for f in (self.first_frame, self.last_frame) if f]
