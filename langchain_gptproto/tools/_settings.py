"""The settings every media tool and the toolkit share, declared once.

    GPTProtoToolkit(api_key="sk-...", poll_interval=2, timeout=600, auth_scheme="raw")

Connection settings become one `ClientSettings`; a wrong value or an unknown argument raises
`ConfigurationError` at construction (never a pydantic dump, never silently dropped).
"""

from __future__ import annotations

import os
from typing import Any

from langchain_core.utils import from_env, secret_from_env
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator

from gptproto_core.arguments import aliases, as_configuration_error, sort_arguments
from gptproto_core.config import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, AuthScheme
from gptproto_core.session import ClientSettings
from gptproto_core.task_text import DeveloperErrors
from gptproto_core.tasks import PollSchedule

__all__ = ["MediaSettings"]


class MediaSettings(BaseModel):
    """Key, base URL, key form, retries, polling, deadline, images, errors, output folder."""

    api_key: SecretStr | None = Field(
        default_factory=secret_from_env(API_KEY_ENV, default=None), exclude=True, repr=False
    )
    base_url: str = Field(
        default_factory=from_env(BASE_URL_ENV, default=DEFAULT_BASE_URL),
        validation_alias=aliases("base_url"),
    )
    auth_scheme: AuthScheme | None = None
    """`"bearer"` (default) or `"raw"` (the curl examples' form); else GPTPROTO_AUTH_SCHEME."""
    poll_interval: float = Field(default=2.0, gt=0, description="Seconds between polls (grows)")
    timeout: float = Field(default=600.0, gt=0, description="Seconds a whole call may take")
    max_retries: int = Field(default=2, ge=0)
    include_images: bool = False
    """Also put image blocks in the content, so a vision model can look at the result (off by
    default in both frameworks: the text already names every URL)."""
    developer_errors: DeveloperErrors = "raise"
    """A failure the model cannot fix (key, rights, balance, setup, gptproto unreachable):
    "raise" it out of the tool call, or hand it to the model as "text" like any other."""
    output_dir: str | None = None
    """Where binary results (speech, ...) are saved (a path or a `Path`); a folder in the temp
    directory if None."""

    def __init__(self, **kwargs: Any) -> None:
        try:
            super().__init__(**kwargs)
        except ValidationError as exc:
            raise as_configuration_error(type(self).__name__, exc) from None

    @field_validator("output_dir", mode="before")
    @classmethod
    def _folder_as_text(cls, value: Any) -> Any:
        return os.fspath(value) if isinstance(value, os.PathLike) else value

    @model_validator(mode="before")
    @classmethod
    def _sort_arguments(cls, data: Any) -> Any:
        return sort_arguments(cls, data, body_field=None, forward=False)

    def client_settings(self) -> ClientSettings:
        """The connection settings, as the core takes them (checked by `ClientSet`)."""
        return ClientSettings(
            api_key=self.api_key,
            base_url=self.base_url,
            max_retries=self.max_retries,
            auth_scheme=self.auth_scheme,
        )

    @property
    def schedule(self) -> PollSchedule:
        return PollSchedule.every(self.poll_interval, self.timeout)

    def tool_options(self) -> dict[str, Any]:
        """These settings, to build the toolkit's tools with."""
        return {name: getattr(self, name) for name in MediaSettings.model_fields}
