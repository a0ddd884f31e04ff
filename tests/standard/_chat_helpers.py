"""Shared by the chat-completions and Responses standard suites."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_tests.integration_tests import ChatModelIntegrationTests

from gptproto_core.models import model_info
from langchain_gptproto import ChatGPTProto

Detail = Literal[
    "audio_input", "audio_output", "reasoning_output", "cache_read_input", "cache_creation_input"
]
# Long enough (> 1,024 tokens) for prompt caching to apply on the second identical request.
LONG_SYSTEM = " ".join(f"Rule {n}: answer politely and cite the rule number." for n in range(260))


def run(llm: BaseChatModel, messages: list[BaseMessage], stream: bool) -> AIMessage:
    """Invoke, or stream and add the chunks up."""
    if not stream:
        result = llm.invoke(messages)
        assert isinstance(result, AIMessage)
        return result
    full: Any = None
    for chunk in llm.stream(messages):
        full = chunk if full is None else full + chunk
    assert isinstance(full, AIMessage)
    return full


class CatalogueFamily(ChatModelIntegrationTests):
    """One model family; switches come from the catalogue entry of `model_name`."""

    model_name = "gpt-4o"
    override_model = "gpt-4o-2024-08-06"
    reasoning_model: str | None = None
    usage_details: tuple[Detail, ...] = ("cache_read_input",)
    use_responses_api: bool | None = False  # chat completions unless a suite says otherwise

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
        params = {**self.standard_chat_model_params, **self.chat_model_params}
        if model:
            params["model"] = model
        return ChatGPTProto(**params)

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
