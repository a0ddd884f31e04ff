"""GPTProtoToolkit: every gptproto media tool, sharing one key and one connection pool.

tools = GPTProtoToolkit(poll_interval=2, timeout=600).get_tools()
agent = create_agent(ChatGPTProto(model="gpt-4o"), tools)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.tools import BaseTool, BaseToolkit
from langchain_core.utils import from_env, secret_from_env
from pydantic import Field, PrivateAttr, SecretStr, model_validator
from typing_extensions import Self

from gptproto_core.config import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL
from gptproto_core.session import ClientSet, ClientSettings
from langchain_gptproto.tools import flux, kling, midjourney, suno
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["TOOL_CLASSES", "GPTProtoToolkit"]

TOOL_CLASSES: dict[str, list[type[GPTProtoTaskTool]]] = {
    "midjourney": [
        midjourney.MidjourneyImagine,
        midjourney.MidjourneyBlend,
        midjourney.MidjourneyDescribe,
        midjourney.MidjourneySwapFace,
        midjourney.MidjourneyModal,
        midjourney.MidjourneyAction,
        midjourney.MidjourneyChange,
        midjourney.MidjourneyGetTask,
    ],
    "suno": [
        suno.SunoGenerateMusic,
        suno.SunoExtendMusic,
        suno.SunoCoverMusic,
        suno.SunoConcatMusic,
        suno.SunoUploadAudio,
        suno.SunoGenerateLyrics,
        suno.SunoGetClips,
    ],
    "kling": [
        kling.KlingGenerateImage,
        kling.KlingTextToVideo,
        kling.KlingImageToVideo,
        kling.KlingGetTask,
    ],
    "flux": [flux.FluxGenerateImage, flux.FluxGetTask],
}


class GPTProtoToolkit(BaseToolkit):
    """All media tools; `include` picks vendors ("midjourney", "suno", "kling", "flux") or
    tool names."""

    api_key: SecretStr | None = Field(
        default_factory=secret_from_env(API_KEY_ENV, default=None), exclude=True, repr=False
    )
    base_url: str = Field(default_factory=from_env(BASE_URL_ENV, default=DEFAULT_BASE_URL))
    poll_interval: float = Field(default=2.0, gt=0)
    timeout: float = Field(default=600.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    include: Sequence[str] | None = None
    include_images: bool = False

    _clients: ClientSet = PrivateAttr()

    @model_validator(mode="after")
    def _connect(self) -> Self:
        settings = ClientSettings(
            api_key=self.api_key, base_url=self.base_url, max_retries=self.max_retries
        )
        settings.validate()
        self._clients = ClientSet(settings)
        known = set(TOOL_CLASSES) | {
            cls.model_fields["name"].default for group in TOOL_CLASSES.values() for cls in group
        }
        unknown = sorted(set(self.include or ()) - known)
        if unknown:
            raise ValueError(
                f"include names unknown vendors or tools {unknown}; known: {sorted(known)}"
            )
        return self

    def get_tools(self) -> list[BaseTool]:
        chosen = set(self.include or TOOL_CLASSES)
        options: dict[str, Any] = {
            "api_key": self.api_key,
            "base_url": self.base_url,
            "poll_interval": self.poll_interval,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "include_images": self.include_images,
        }
        tools: list[BaseTool] = []
        for vendor, classes in TOOL_CLASSES.items():
            for cls in classes:
                if vendor in chosen or cls.model_fields["name"].default in chosen:
                    tools.append(cls(**options).use_clients(self._clients))
        return tools
