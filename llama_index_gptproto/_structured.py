"""Structured output for GPTProto: native JSON schema where the catalogue says the model has it.

`structured_predict`, `as_structured_llm` and their async and streaming forms send
`response_format: {"type": "json_schema", ...}` to models with `json_schema` in the catalogue
(GPT-4o/4.1/5, Gemini, Grok, gpt-oss). Every other model goes through LlamaIndex's own
program: a forced function call for tool-capable models, prompt-and-parse otherwise.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Generator
from typing import Any

from llama_index.core.base.llms.types import ChatResponse
from llama_index.core.instrumentation.events.llm import (
    LLMStructuredPredictEndEvent,
    LLMStructuredPredictStartEvent,
)
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.program.streaming_utils import process_streaming_content_incremental
from llama_index.core.prompts import PromptTemplate
from llama_index.core.types import Model
from llama_index_instrumentation import get_dispatcher

__all__ = ["JsonSchemaStructuredOutput", "json_schema_kwargs"]

dispatcher = get_dispatcher(__name__)


def json_schema_kwargs(
    llm_kwargs: dict[str, Any] | None, output_cls: type[Model]
) -> dict[str, Any]:
    """The call's kwargs with `response_format` set to `output_cls`'s JSON schema."""
    kwargs = {k: v for k, v in (llm_kwargs or {}).items() if k not in ("tool_choice", "tools")}
    name = re.sub(r"[^a-zA-Z0-9_-]", "_", output_cls.__name__)[:64]
    kwargs["response_format"] = {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": output_cls.model_json_schema()},
    }
    return kwargs


def _start(
    output_cls: type[Model], prompt: PromptTemplate, args: dict[str, Any]
) -> LLMStructuredPredictStartEvent:
    return LLMStructuredPredictStartEvent(
        output_cls=output_cls, template=prompt, template_args=args
    )


def _parse(response: ChatResponse, output_cls: type[Model]) -> Model:
    return output_cls.model_validate_json(response.message.content or "")


class JsonSchemaStructuredOutput(FunctionCallingLLM):
    """The structured-output half of GPTProto; `_uses_json_schema` picks the method."""

    def _uses_json_schema(self) -> bool:
        raise NotImplementedError

    @dispatcher.span
    def structured_predict(
        self,
        output_cls: type[Model],
        prompt: PromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Model:
        if not self._uses_json_schema():
            result: Model = super().structured_predict(
                output_cls, prompt, llm_kwargs, **prompt_args
            )
            return result
        dispatcher.event(_start(output_cls, prompt, prompt_args))
        messages = self._extend_messages(prompt.format_messages(**prompt_args))
        response = self.chat(messages, **json_schema_kwargs(llm_kwargs, output_cls))
        result = _parse(response, output_cls)
        dispatcher.event(LLMStructuredPredictEndEvent(output=result))
        return result

    @dispatcher.span
    async def astructured_predict(
        self,
        output_cls: type[Model],
        prompt: PromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Model:
        if not self._uses_json_schema():
            fallback: Model = await super().astructured_predict(
                output_cls, prompt, llm_kwargs, **prompt_args
            )
            return fallback
        dispatcher.event(_start(output_cls, prompt, prompt_args))
        messages = self._extend_messages(prompt.format_messages(**prompt_args))
        response = await self.achat(messages, **json_schema_kwargs(llm_kwargs, output_cls))
        result = _parse(response, output_cls)
        dispatcher.event(LLMStructuredPredictEndEvent(output=result))
        return result

    def _structured_stream_call(
        self,
        output_cls: type[Model],
        prompt: PromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Generator[Any, None, None]:
        if not self._uses_json_schema():
            return super()._structured_stream_call(output_cls, prompt, llm_kwargs, **prompt_args)
        messages = self._extend_messages(prompt.format_messages(**prompt_args))
        responses = self.stream_chat(messages, **json_schema_kwargs(llm_kwargs, output_cls))

        def partial_objects() -> Generator[Any, None, None]:
            current = None
            for response in responses:
                current = process_streaming_content_incremental(response, output_cls, current)
                yield current

        return partial_objects()

    async def _structured_astream_call(
        self,
        output_cls: type[Model],
        prompt: PromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> AsyncGenerator[Any, None]:
        if not self._uses_json_schema():
            return await super()._structured_astream_call(
                output_cls, prompt, llm_kwargs, **prompt_args
            )
        messages = self._extend_messages(prompt.format_messages(**prompt_args))
        responses = await self.astream_chat(messages, **json_schema_kwargs(llm_kwargs, output_cls))

        async def partial_objects() -> AsyncGenerator[Any, None]:
            current = None
            async for response in responses:
                current = process_streaming_content_incremental(response, output_cls, current)
                yield current

        return partial_objects()
