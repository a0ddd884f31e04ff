"""GPTProtoToolSpec: gptproto's media generators as LlamaIndex tools, built from the table.

from llama_index_gptproto import GPTProtoToolSpec
tools = GPTProtoToolSpec(poll_interval=2, timeout=600).to_tool_list()
agent = FunctionAgent(tools=tools, llm=GPTProto(model="gpt-4o"))
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from llama_index.core.tools import FunctionTool, ToolMetadata
from llama_index.core.tools.tool_spec.base import SPEC_FUNCTION_TYPE, BaseToolSpec
from pydantic import SecretStr

from gptproto_core.closing import ClosesClients
from gptproto_core.config import AuthScheme
from gptproto_core.errors import ConfigurationError
from gptproto_core.session import ClientSet, ClientSettings
from gptproto_core.task_text import DeveloperErrors
from gptproto_core.tasks import PollSchedule
from gptproto_core.tool_table import OPERATIONS, select
from llama_index_gptproto.tools._base import ToolRuntime, operation_tool

__all__ = ["FluxFormat", "GPTProtoToolSpec"]

_ARGUMENTS = (
    "api_key",
    "base_url",
    "api_base",
    "poll_interval",
    "timeout",
    "max_retries",
    "include",
    "include_images",
    "flux_format",
    "wire_formats",
    "output_dir",
    "auth_scheme",
    "developer_errors",
)

FluxFormat = Literal["official", "images", "chat"]


class GPTProtoToolSpec(ClosesClients, BaseToolSpec):
    """Every media tool; `include` picks vendors ("midjourney", "suno", "kling", "flux", ...) or
    tool names. `flux_format` picks Flux's wire format ("official", "images", "chat");
    `wire_formats` does it for any tool by name. `include_images=True` adds the result images
    as ImageBlocks (off by default, as in LangChain). `developer_errors="raise"` (default) raises
    a failure the model cannot fix (key, rights, balance, setup, gptproto unreachable) out of
    the tool call as it is; "text" hands it to the model as a ToolFailure like any other."""

    spec_functions: list[SPEC_FUNCTION_TYPE]  # the chosen tool names, set per instance

    def __init__(
        self,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        poll_interval: float = 2.0,
        timeout: float = 600.0,
        max_retries: int = 2,
        include: Sequence[str] | None = None,
        include_images: bool = False,
        api_base: str | None = None,
        flux_format: FluxFormat = "official",
        wire_formats: Mapping[str, str] | None = None,
        output_dir: str | os.PathLike[str] | None = None,
        auth_scheme: AuthScheme | None = None,
        developer_errors: DeveloperErrors = "raise",
        **unknown: Any,
    ) -> None:
        if unknown:
            name = next(iter(unknown))
            close = difflib.get_close_matches(name, _ARGUMENTS, n=2)
            hint = f"; did you mean {' or '.join(f'{c}=' for c in close)}?" if close else ""
            raise ConfigurationError(f"GPTProtoToolSpec has no argument {name}={hint}")
        if not (poll_interval > 0 and timeout > 0):
            raise ConfigurationError(
                "poll_interval and timeout must be positive numbers of seconds"
            )
        if developer_errors not in ("raise", "text"):
            raise ConfigurationError(
                f'developer_errors must be "raise" or "text", got {developer_errors!r}'
            )
        if base_url and api_base:
            raise ConfigurationError(
                "GPTProtoToolSpec got base_url= and api_base=, two names for one setting"
            )
        settings = ClientSettings(
            api_key=api_key,
            base_url=base_url or api_base,
            max_retries=max_retries,
            auth_scheme=auth_scheme,
        )
        formats = {"flux_generate_image": flux_format, **(wire_formats or {})}
        for name, wire_format in formats.items():
            if name not in OPERATIONS:
                raise ConfigurationError(f"wire_formats names an unknown tool {name!r}")
            OPERATIONS[name].job_for(wire_format)  # an unknown format fails now
        self._runtime = ToolRuntime(
            clients=ClientSet(settings),
            schedule=PollSchedule.every(poll_interval, timeout),
            include_images=include_images,
            wire_formats=formats,
            output_dir=os.fspath(output_dir) if output_dir is not None else None,
            developer_errors=developer_errors,
        )
        self._clients = self._runtime.clients  # what close()/aclose() close
        self.spec_functions = [op.name for op in select(include)]

    def to_tool_list(
        self,
        spec_functions: list[SPEC_FUNCTION_TYPE] | None = None,
        func_to_metadata_mapping: dict[str, ToolMetadata] | None = None,
    ) -> list[FunctionTool]:
        """One `FunctionTool` per chosen operation, sync and async, with its full schema."""
        names = [n if isinstance(n, str) else n[0] for n in spec_functions or self.spec_functions]
        overrides = func_to_metadata_mapping or {}
        return [
            operation_tool(OPERATIONS[name], self._runtime, overrides.get(name)) for name in names
        ]
