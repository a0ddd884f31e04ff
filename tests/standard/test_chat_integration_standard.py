"""langchain-tests integration suite for ChatGPTProto, one class per model family.

Every test replays a cassette (`pytestmark = vcr`); `make record` re-records them against the
emulator or the live service. Each switch is set from the model catalogue; skips are listed in
docs/langchain.md with their reasons.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_tests.integration_tests import ChatModelIntegrationTests

from gptproto_core.models import model_info
from langchain_gptproto import ChatGPTProto
from tests.standard._chat_helpers import LONG_SYSTEM, Detail, run

pytestmark = pytest.mark.vcr


class _GPTProtoFamily(ChatModelIntegrationTests):
    """Switches come from the catalogue entry of `model_name`."""

    model_name = "gpt-4o"
    override_model = "gpt-4o-2024-08-06"
    reasoning_model: str | None = None
    usage_details: tuple[Detail, ...] = ("cache_read_input",)

    @property
    def chat_model_class(self) -> type[ChatGPTProto]:
        return ChatGPTProto

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": self.model_name}

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
    def supports_audio_inputs(self) -> bool:
        return model_info(self.model_name).audio_input

    @property
    def supports_json_mode(self) -> bool:
        return model_info(self.model_name).json_mode

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
        details = list(self.usage_details)
        if self.reasoning_model:
            details.append("reasoning_output")
        return {"invoke": details, "stream": details}

    def _llm(self, model: str | None = None) -> ChatGPTProto:
        # These classes test chat completions; Responses mode has its own suite.
        return ChatGPTProto(
            model=model or self.model_name,
            use_responses_api=False,
            **self.standard_chat_model_params,
        )

    def invoke_with_cache_read_input(self, *, stream: bool = False) -> AIMessage:
        llm = self._llm()
        messages: list[BaseMessage] = [SystemMessage(LONG_SYSTEM), HumanMessage("Say hello.")]
        run(llm, messages, stream)  # the first request writes the prefix to the cache
        return run(llm, messages, stream)

    def invoke_with_cache_creation_input(self, *, stream: bool = False) -> AIMessage:
        messages: list[BaseMessage] = [
            SystemMessage(LONG_SYSTEM + (" streamed" if stream else " invoked")),
            HumanMessage("Say hello."),
        ]
        return run(self._llm(), messages, stream)

    def invoke_with_reasoning_output(self, *, stream: bool = False) -> AIMessage:
        assert self.reasoning_model
        question = "In one sentence: why is the sky blue?"
        return run(self._llm(self.reasoning_model), [HumanMessage(question)], stream)


class TestGPT4o(_GPTProtoFamily):
    model_name = "gpt-4o"
    override_model = "gpt-4o-2024-08-06"
    reasoning_model = "o4-mini"


class TestClaude(_GPTProtoFamily):
    model_name = "claude-sonnet-4-5-20250929"
    override_model = "claude-haiku-4-5-20251001"
    reasoning_model = "claude-sonnet-4-5-20250929-thinking"
    usage_details = ("cache_read_input", "cache_creation_input")


class TestGemini(_GPTProtoFamily):
    model_name = "gemini-2.5-pro"
    override_model = "gemini-2.5-flash"


class TestGrok(_GPTProtoFamily):
    model_name = "grok-4"
    override_model = "grok-3"
    reasoning_model = "grok-3-mini"


class TestDoubaoVision(_GPTProtoFamily):
    model_name = "doubao-1-5-vision-pro-32k-250115"
    override_model = "doubao-1-5-pro-32k-250115"
    reasoning_model = "doubao-seed-1-6-thinking-250615"
