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
from gptproto_core.tool_table import VENDORS, select
from langchain_gptproto.tools import flux, kling, midjourney, openai, suno  # noqa: F401
from langchain_gptproto.tools._base import GPTProtoTaskTool

__all__ = ["TOOL_CLASSES", "GPTProtoToolkit"]

# Every row of the operation table has its class: tools/<vendor>.py, imported above.
TOOL_CLASSES: dict[str, list[type[GPTProtoTaskTool]]] = {
    vendor: [GPTProtoTaskTool.by_name[op.name] for op in select([vendor])] for vendor in VENDORS
}


class GPTProtoToolkit(BaseToolkit):
    """All media tools; `include` picks vendors ("midjourney", "suno", "kling", "flux",
    "openai") or tool names."""

    api_key: SecretStr | None = Field(
        default_factory=secret_from_env(API_KEY_ENV, default=None), exclude=True, repr=False
    )
    base_url: str = Field(default_factory=from_env(BASE_URL_ENV, default=DEFAULT_BASE_URL))
    poll_interval: float = Field(default=2.0, gt=0)
    timeout: float = Field(default=600.0, gt=0)
    max_retries: int = Field(default=2, ge=0)
    include: Sequence[str] | None = None
    include_images: bool = False
    output_dir: str | None = None
    """Where binary results (speech, ...) are saved; a folder in the temp directory if None."""

    _clients: ClientSet = PrivateAttr()

    @model_validator(mode="after")
    def _connect(self) -> Self:
        settings = ClientSettings(
            api_key=self.api_key, base_url=self.base_url, max_retries=self.max_retries
        )
        settings.validate()
        self._clients = ClientSet(settings)
        select(self.include)  # unknown names fail now
        return self

    def get_tools(self) -> list[BaseTool]:
        options: dict[str, Any] = {
            "api_key": self.api_key,
            "base_url": self.base_url,
            "poll_interval": self.poll_interval,
            "timeout": self.timeout,
            "max_retries": self.max_retries,
            "include_images": self.include_images,
            "output_dir": self.output_dir,
        }
        return [
            GPTProtoTaskTool.by_name[op.name](**options).use_clients(self._clients)
            for op in select(self.include)
        ]
