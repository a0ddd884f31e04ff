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
from typing import Any, Literal

import pytest
import yaml
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_tests.integration_tests import ChatModelIntegrationTests

from gptproto_core.models import model_info
from gptproto_core.responses import RESPONSES_PATH
from langchain_gptproto import ChatGPTProto
from tests.conftest import CASSETTES
from tests.standard._chat_helpers import LONG_SYSTEM, Detail, run

pytestmark = pytest.mark.vcr


class _ResponsesFamily(ChatModelIntegrationTests):
    """One model in Responses mode; media switches from the catalogue, audio always off."""

    model_name = "gpt-4.1"
    override_model = "gpt-4.1-mini"
    reasoning_model = "o4-mini"
    use_responses_api: bool | None = True

    @property
    def chat_model_class(self) -> type[ChatGPTProto]:
        return ChatGPTProto

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": self.model_name, "use_responses_api": self.use_responses_api}

    @property
    def has_tool_choice(self) -> bool:
        return model_info(self.model_name).tool_calling

    @property
    def supports_image_inputs(self) -> bool:
        return model_info(self.model_name).image_input

    @property
    def supports_image_urls(self) -> bool:
        return model_info(self.model_name).image_input

    @property
    def supports_pdf_inputs(self) -> bool:
        return model_info(self.model_name).pdf_input

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

    @property
    def supports_json_mode(self) -> bool:
        return model_info(self.model_name).json_mode  # text.format {"type": "json_object"}

    @property
    def supports_anthropic_inputs(self) -> bool:
        return True

    @property
    def model_override_value(self) -> str:
        return self.override_model

    @property
    def enable_vcr_tests(self) -> bool:
        return True

    @property
    def supported_usage_metadata_details(self) -> dict[Literal["invoke", "stream"], list[Detail]]:
        # OpenAI reports cached prompt tokens and reasoning tokens; it has no cache-creation count.
        details: list[Detail] = ["cache_read_input", "reasoning_output"]
        return {"invoke": details, "stream": details}

    def _llm(self, model: str | None = None) -> ChatGPTProto:
        params = {**self.standard_chat_model_params, **self.chat_model_params}
        if model:
            params["model"] = model
        return ChatGPTProto(**params)

    def invoke_with_cache_read_input(self, *, stream: bool = False) -> AIMessage:
        llm = self._llm()
        messages: list[BaseMessage] = [SystemMessage(LONG_SYSTEM), HumanMessage("Say hello.")]
        run(llm, messages, stream)  # the first request writes the prefix to the cache
        return run(llm, messages, stream)

    def invoke_with_reasoning_output(self, *, stream: bool = False) -> AIMessage:
        question = "In one sentence: why is the sky blue?"
        return run(self._llm(self.reasoning_model), [HumanMessage(question)], stream)


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
