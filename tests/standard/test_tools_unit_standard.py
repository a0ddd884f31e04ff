"""langchain-tests ToolsUnitTests for every gptproto media tool (no sockets)."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool
from langchain_tests.unit_tests import ToolsUnitTests

from langchain_gptproto.tools import midjourney as mj

PARAMS = {"api_key": "sk-unit-test", "base_url": "https://gptproto.test", "poll_interval": 0.01}
INVOKE_EXAMPLES: dict[type[BaseTool], dict[str, Any]] = {
    mj.MidjourneyImagine: {"prompt": "a red fox --ar 16:9", "wait": True},
    mj.MidjourneyBlend: {
        "images": ["https://e.x/a.png", "https://e.x/b.png"],
        "dimensions": "SQUARE",
    },
    mj.MidjourneyDescribe: {"image": "https://e.x/a.png"},
    mj.MidjourneySwapFace: {
        "source_image": "https://e.x/a.png",
        "target_image": "https://e.x/b.png",
    },
    mj.MidjourneyModal: {"task_id": "1700", "prompt": "a blue fox"},
    mj.MidjourneyAction: {"task_id": "1700", "custom_id": "MJ::JOB::upsample::1::abc"},
    mj.MidjourneyChange: {"task_id": "1700", "action": "UPSCALE", "index": 1},
    mj.MidjourneyGetTask: {"task_id": "1700", "wait": False},
}


class _ToolUnit(ToolsUnitTests):
    tool_class: type[BaseTool]

    @property
    def tool_constructor(self) -> type[BaseTool]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return PARAMS

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return INVOKE_EXAMPLES[self.tool_class]

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"GPTPROTO_API_KEY": "sk-from-env", "GPTPROTO_BASE_URL": "https://relay.example.test"},
            {},
            {"base_url": "https://relay.example.test"},
        )


def _suite(cls: type[BaseTool]) -> type[_ToolUnit]:
    return type(
        f"Test{cls.__name__}Unit", (_ToolUnit,), {"tool_class": cls, "__module__": __name__}
    )


for _cls in INVOKE_EXAMPLES:
    globals()[f"Test{_cls.__name__}Unit"] = _suite(_cls)
