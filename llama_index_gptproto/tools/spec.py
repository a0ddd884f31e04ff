"""GPTProtoToolSpec: gptproto's media generators as LlamaIndex tools.

from llama_index_gptproto import GPTProtoToolSpec
tools = GPTProtoToolSpec(poll_interval=2, timeout=600).to_tool_list()
agent = FunctionAgent(tools=tools, llm=GPTProto(model="gpt-4o"))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from llama_index.core.tools.tool_spec.base import SPEC_FUNCTION_TYPE, BaseToolSpec
from pydantic import SecretStr

from gptproto_core.session import ClientSet, ClientSettings
from llama_index_gptproto.tools.flux import FLUX_FUNCTIONS, FluxFormat, FluxTools
from llama_index_gptproto.tools.kling import KLING_FUNCTIONS, KlingTools
from llama_index_gptproto.tools.midjourney import MIDJOURNEY_FUNCTIONS, MidjourneyTools
from llama_index_gptproto.tools.suno import SUNO_FUNCTIONS, SunoTools

__all__ = ["GPTProtoToolSpec"]

FUNCTIONS_BY_VENDOR: Mapping[str, list[tuple[str, str]]] = {
    "midjourney": MIDJOURNEY_FUNCTIONS,
    "suno": SUNO_FUNCTIONS,
    "kling": KLING_FUNCTIONS,
    "flux": FLUX_FUNCTIONS,
}


class GPTProtoToolSpec(MidjourneyTools, SunoTools, KlingTools, FluxTools, BaseToolSpec):
    """Every media tool; `include` picks vendors ("midjourney", "suno", "kling", "flux") or
    function names. `flux_format` picks Flux's wire format ("official", "images", "chat")."""

    spec_functions: list[SPEC_FUNCTION_TYPE]  # set per instance from `include`

    def __init__(
        self,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        poll_interval: float = 2.0,
        timeout: float = 600.0,
        max_retries: int = 2,
        include: Sequence[str] | None = None,
        include_images: bool = True,
        api_base: str | None = None,
        flux_format: FluxFormat = "official",
    ) -> None:
        if poll_interval <= 0 or timeout <= 0:
            raise ValueError("poll_interval and timeout must be positive numbers of seconds")
        settings = ClientSettings(
            api_key=api_key, base_url=base_url or api_base, max_retries=max_retries
        )
        settings.validate()
        self._clients = ClientSet(settings)
        self.poll_interval, self.timeout, self.include_images = (
            poll_interval,
            timeout,
            include_images,
        )
        self.flux_format = flux_format
        self.spec_functions = _chosen(include)


def _chosen(include: Sequence[str] | None) -> list[SPEC_FUNCTION_TYPE]:
    if not include:
        return [pair for pairs in FUNCTIONS_BY_VENDOR.values() for pair in pairs]
    names = {pair[0] for pairs in FUNCTIONS_BY_VENDOR.values() for pair in pairs}
    unknown = sorted(set(include) - names - set(FUNCTIONS_BY_VENDOR))
    if unknown:
        raise ValueError(f"include names unknown vendors or tools {unknown}")
    return [
        pair
        for vendor, pairs in FUNCTIONS_BY_VENDOR.items()
        for pair in pairs
        if vendor in include or pair[0] in include
    ]
