"""langchain-tests ToolsUnitTests for the Ideogram and Doubao image tools (no sockets)."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool

from langchain_gptproto.tools import doubao, ideogram
from tests.conftest import DATA
from tests.standard.test_tools_unit_standard import _ToolUnit

PNG = str(DATA / "sample.png")
INVOKE_EXAMPLES: dict[type[BaseTool], dict[str, Any]] = {
    ideogram.IdeogramGenerate: {"prompt": "a poster", "aspect_ratio": "16x9", "num_images": 2},
    ideogram.IdeogramEdit: {"prompt": "a sunset sky", "image": PNG, "mask": PNG},
    ideogram.IdeogramRemix: {"prompt": "as a watercolour", "image": "https://e.x/a.png"},
    ideogram.IdeogramReplaceBackground: {"prompt": "a starry sky", "image": PNG},
    doubao.DoubaoSeedreamGenerateImage: {"prompt": "a lighthouse", "image": ["https://e.x/a.png"]},
    doubao.DoubaoSeededitEditImage: {"prompt": "make it red", "image": "https://e.x/a.png"},
}


class _ImageToolUnit(_ToolUnit):
    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return INVOKE_EXAMPLES[self.tool_class]


for _cls in INVOKE_EXAMPLES:
    globals()[f"Test{_cls.__name__}Unit"] = type(
        f"Test{_cls.__name__}Unit", (_ImageToolUnit,), {"tool_class": _cls, "__module__": __name__}
    )
