"""langchain-tests ToolsIntegrationTests for the Ideogram and Doubao image tools, replayed from
cassettes (multipart bodies matched field by field)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from langchain_gptproto.tools import doubao, ideogram
from tests.conftest import DATA
from tests.standard.test_media_tools_integration_standard import _ToolIntegration

pytestmark = pytest.mark.vcr

PNG = str(DATA / "sample.png")
IMAGE = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"


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
