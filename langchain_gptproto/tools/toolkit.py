"""GPTProtoToolkit: every gptproto media tool, sharing one key and one connection pool.

tools = GPTProtoToolkit(poll_interval=2, timeout=600).get_tools()
agent = create_agent(ChatGPTProto(model="gpt-4o"), tools)
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.tools import BaseTool, BaseToolkit
from pydantic import PrivateAttr, model_validator
from typing_extensions import Self

from gptproto_core.closing import ClosesClients
from gptproto_core.session import ClientSet
from gptproto_core.tool_table import VENDORS, select
from langchain_gptproto.tools import (  # noqa: F401  (registers)
    doubao,
    flux,
    higgsfield,
    ideogram,
    kling,
    midjourney,
    openai,
    runway,
    seedance,
    suno,
    veo,
)
from langchain_gptproto.tools._base import GPTProtoTaskTool
from langchain_gptproto.tools._settings import MediaSettings

__all__ = ["TOOL_CLASSES", "GPTProtoToolkit"]

# Every row of the operation table has its class: tools/<vendor>.py, imported above.
TOOL_CLASSES: dict[str, list[type[GPTProtoTaskTool]]] = {
    vendor: [GPTProtoTaskTool.by_name[op.name] for op in select([vendor])] for vendor in VENDORS
}


class GPTProtoToolkit(ClosesClients, MediaSettings, BaseToolkit):
    """All media tools; `include` picks vendors (`gptproto_core.tool_table.VENDORS`:
    "midjourney", "suno", "kling", "flux", "runway", "higgsfield", "veo", "doubao", "ideogram",
    "openai", ...) or
    tool names."""

    include: Sequence[str] | None = None
    """Vendors or tool names to hand out (default: all)."""

    _clients: ClientSet = PrivateAttr()

    @model_validator(mode="after")
    def _connect(self) -> Self:
        self._clients = ClientSet(self.client_settings())  # checks them: ConfigurationError
        select(self.include)  # unknown names fail now
        return self

    def get_tools(self) -> list[BaseTool]:
        options = self.tool_options()
        return [
            GPTProtoTaskTool.by_name[op.name](**options).use_clients(self._clients)
            for op in select(self.include)
        ]
