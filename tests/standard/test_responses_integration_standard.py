"""langchain-tests integration suite for ChatGPTProto in Responses mode (`/v1/responses`).

GPT-4.1 asks for Responses explicitly (`use_responses_api=True`; left automatic it stays on chat
completions); o3 gets there automatically, as every o-series model does. Every test replays a
cassette; `make record` re-records them. The switches say what Responses mode supports: no audio
input (the core refuses `input_audio` there); images and PDFs by URL and data, in user messages
and in tool results (`function_call_output` parts); tools; JSON schema and JSON mode through
`text.format`; reasoning tokens and the prompt cache in usage. The one skip (audio input) is
listed in docs/langchain.md ("Responses mode").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gptproto_core.models import model_info
from gptproto_core.responses import RESPONSES_PATH
from tests.conftest import CASSETTES
from tests.standard._chat_helpers import CatalogueFamily

pytestmark = pytest.mark.vcr


class _ResponsesFamily(CatalogueFamily):
    """One model in Responses mode; media switches from the catalogue, audio always off."""

    model_name = "gpt-4.1"
    override_model = "gpt-4.1-mini"
    reasoning_model = "o4-mini"
    use_responses_api: bool | None = True

    @property
    def supports_image_tool_message(self) -> bool:
        # function_call_output items take input_image parts (chat tool messages carry text only)
        return model_info(self.model_name).image_input

    @property
    def supports_pdf_tool_message(self) -> bool:
        return model_info(self.model_name).pdf_input  # ... and input_file parts

    @property
    def supports_audio_inputs(self) -> bool:
        return False  # /v1/responses has no audio input part; the core raises InvalidInputError


class TestResponsesGPT41(_ResponsesFamily):
    model_name = "gpt-4.1"
    override_model = "gpt-4.1-mini"
    reasoning_model = "o4-mini"
    use_responses_api = True


class TestResponsesO3(_ResponsesFamily):
    model_name = "o3"
    override_model = "o4-mini"
    reasoning_model = "o3"
    use_responses_api = None  # automatic: o-series models choose /v1/responses

    @property
    def standard_chat_model_params(self) -> dict[str, Any]:
        # o-series models take no `temperature` (OpenAI rejects it), so the suite sends none.
        params = dict(super().standard_chat_model_params)
        params.pop("temperature", None)
        return params


@pytest.mark.parametrize("suite", ["TestResponsesGPT41", "TestResponsesO3"])
def test_every_recorded_request_of_the_suite_went_to_responses(suite: str) -> None:
    """The classes above test Responses mode, not chat completions that happen to pass."""
    folder = CASSETTES / Path(__file__).stem
    paths = [
        interaction["request"]["uri"]
        for cassette in sorted(folder.glob(f"{suite}.*.yaml"))
        for interaction in yaml.safe_load(cassette.read_text())["interactions"]
    ]
    assert len(paths) > 40
    assert all(uri.endswith(RESPONSES_PATH) for uri in paths), sorted(set(paths))
