"""langchain-tests ToolsIntegrationTests for the Ideogram and Doubao image tools, replayed from
cassettes (multipart bodies matched field by field)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from langchain_core.tools import BaseTool
from langchain_tests.integration_tests import ToolsIntegrationTests

from langchain_gptproto.tools import doubao, ideogram
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

PNG = str(DATA / "sample.png")
IMAGE = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"


class _ToolIntegration(ToolsIntegrationTests):
    tool_class: type[BaseTool]
    example: ClassVar[dict[str, Any]] = {}

    @property
    def tool_constructor(self) -> type[BaseTool]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"poll_interval": 0.01}  # key and base URL come from the environment

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return self.example


class TestIdeogramGenerate(_ToolIntegration):
    tool_class = ideogram.IdeogramGenerate
    example: ClassVar[dict[str, Any]] = {"prompt": "a poster that says 'Hello'"}


class TestIdeogramEdit(_ToolIntegration):
    tool_class = ideogram.IdeogramEdit
    example: ClassVar[dict[str, Any]] = {"prompt": "a sunset sky", "image": PNG, "mask": PNG}


class TestIdeogramRemix(_ToolIntegration):
    tool_class = ideogram.IdeogramRemix
    example: ClassVar[dict[str, Any]] = {"prompt": "as a watercolour", "image": PNG}


class TestIdeogramReplaceBackground(_ToolIntegration):
    tool_class = ideogram.IdeogramReplaceBackground
    example: ClassVar[dict[str, Any]] = {"prompt": "a starry night sky", "image": PNG}


class TestDoubaoSeedreamGenerateImage(_ToolIntegration):
    tool_class = doubao.DoubaoSeedreamGenerateImage
    example: ClassVar[dict[str, Any]] = {"prompt": "a lighthouse at dusk", "size": "2K"}


class TestDoubaoSeededitEditImage(_ToolIntegration):
    tool_class = doubao.DoubaoSeededitEditImage
    example: ClassVar[dict[str, Any]] = {
        "prompt": "Change bubbles into heart shape",
        "image": IMAGE,
    }
