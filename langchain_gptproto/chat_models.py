"""ChatGPTProto: every chat model behind gptproto as a LangChain chat model.

from langchain_gptproto import ChatGPTProto

llm = ChatGPTProto(model="claude-sonnet-4-5-20250929")     # key from GPTPROTO_API_KEY
llm.invoke("Who are you?").text
llm.close()                                                # or `with ChatGPTProto(...) as llm:`
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput, ModelProfile
from langchain_core.language_models.base import LangSmithParams
from langchain_core.language_models.chat_models import (
    BaseChatModel,
    agenerate_from_stream,
    generate_from_stream,
)
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field, PrivateAttr, ValidationError, model_validator
from typing_extensions import Self

from gptproto_core.arguments import aliases, as_configuration_error, sort_arguments
from gptproto_core.chat import normalize_tool_choice
from gptproto_core.closing import ClosesClients
from gptproto_core.config import API_KEY_ENV
from gptproto_core.models import ModelInfo, model_info, warn_if_misspelt
from gptproto_core.routing import CallDefaults, build_request, new_stream_parser, parse_reply
from gptproto_core.session import ClientSet
from gptproto_core.token_count import count_message_tokens, count_text_tokens, token_ids
from langchain_gptproto._connection import Connection
from langchain_gptproto._errors import atranslated_errors, translated_errors
from langchain_gptproto._messages import (
    PROVIDER,
    delta_to_chunk,
    result_to_message,
    to_wire_messages,
)
from langchain_gptproto._structured import structured_runnable

__all__ = ["ChatGPTProto"]


class ChatGPTProto(ClosesClients, Connection, BaseChatModel):
    """Chat with any gptproto model: GPT, Claude, Gemini, Grok, Doubao, DeepSeek.

    Setup:
        Install `gptproto-integrations[langchain]` and set `GPTPROTO_API_KEY`.

        ```bash
        pip install -U "gptproto-integrations[langchain]"
        export GPTPROTO_API_KEY="sk-..."
        ```

    Key init args — completion params:
        model: str
            gptproto model name, e.g. `"gpt-4o"`, `"claude-sonnet-4-5-20250929"`.
        temperature: float | None
            Sampling temperature (0–2).
        max_tokens: int | None
            Max number of tokens to generate.
        reasoning_effort / reasoning_summary
            Reasoning settings (Responses mode).

    Key init args — client params:
        api_key: SecretStr | None
            Defaults to `GPTPROTO_API_KEY`.
        base_url: str
            Defaults to `GPTPROTO_BASE_URL`, then `https://gptproto.com`.
        timeout: float | None
            Seconds for one HTTP request.
        max_retries: int
            Retries on connection errors, 408, 429 and 5xx.

    ChatOpenAI's names work too (`openai_api_base`/`api_base`, `model_name`,
    `max_completion_tokens`, `request_timeout`); another unknown argument is sent in the body
    through `model_kwargs`, with a warning. Bad settings raise `ConfigurationError`.

    Instantiate:
        ```python
        from langchain_gptproto import ChatGPTProto

        llm = ChatGPTProto(model="gpt-4o", temperature=0, max_tokens=500)
        ```

    Invoke:
        ```python
        messages = [("system", "Translate to French."), ("human", "I love programming.")]
        llm.invoke(messages).text
        ```

    Stream:
        ```python
        for chunk in llm.stream(messages):
            print(chunk.text, end="")
        # async: `await llm.ainvoke(messages)`, `async for chunk in llm.astream(messages)`
        ```

    Tool calling:
        ```python
        from pydantic import BaseModel, Field

        class GetWeather(BaseModel):
            '''Get the current weather in a given location.'''
            location: str = Field(..., description="The city, e.g. Paris")

        llm.bind_tools([GetWeather]).invoke("Weather in Paris?").tool_calls
        # [{"name": "GetWeather", "args": {"location": "Paris"}, "id": "call_...", ...}]
        ```

    Structured output:
        ```python
        class Joke(BaseModel):
            setup: str
            punchline: str

        llm.with_structured_output(Joke).invoke("Tell me a joke about cats")
        # Joke(setup="...", punchline="...")  (json_schema or a tool call, per model family)
        ```

    Image input, token usage (`AIMessage.usage_metadata`), images the model draws (image
    blocks) and `get_num_tokens_from_messages` (for `trim_messages`) work as in ChatOpenAI;
    see docs/langchain.md.
    """

    model: str = Field(default="gpt-4o", alias="model_name")
    """A gptproto model name, e.g. `gpt-4o`, `claude-sonnet-4-5-20250929`, `gemini-2.5-pro`."""
    temperature: float | None = None
    max_tokens: int | None = Field(default=None, validation_alias=aliases("max_tokens"))
    """Sent as `max_tokens`, as gptproto's documented examples do. Also `max_completion_tokens`."""
    top_p: float | None = None
    stop: list[str] | None = Field(default=None, alias="stop_sequences")
    streaming: bool = False
    """Use streaming under `invoke` too."""
    stream_usage: bool = True
    """Ask for token usage at the end of every stream (`stream_options.include_usage`)."""
    model_kwargs: dict[str, Any] = Field(default_factory=dict)
    """Extra body fields for every request."""
    extra_body: dict[str, Any] | None = None
    """Extra body fields merged last, for vendor options we do not model."""
    use_responses_api: bool | None = None
    """Use `/v1/responses`. None decides per call: o-series and deep-research models, a
    reasoning setting, or a built-in tool (e.g. web_search_preview) choose Responses."""
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = None
    reasoning_summary: Literal["auto", "concise", "detailed"] | None = None
    """Ask reasoning models for a summary of their reasoning (Responses mode)."""

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)

    _clients: ClientSet = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        try:
            super().__init__(**kwargs)
        except ValidationError as exc:
            # Configuration errors read as our ConfigurationError, not a pydantic dump.
            raise as_configuration_error(type(self).__name__, exc) from None

    @model_validator(mode="before")
    @classmethod
    def _sort_arguments(cls, data: Any) -> Any:
        """Map or refuse other libraries' names; send other unknown ones via model_kwargs."""
        return sort_arguments(cls, data, body_field="model_kwargs", forward=True)

    @model_validator(mode="after")
    def _connect(self) -> Self:
        self._clients = ClientSet(self.client_settings())  # checks them: ConfigurationError
        warn_if_misspelt(self.model)
        return self

    # --- LangChain plumbing -------------------------------------------------------------

    @property
    def _llm_type(self) -> str:
        return "gptproto-chat"

    @classmethod
    def is_lc_serializable(cls) -> bool:
        return True

    @classmethod
    def get_lc_namespace(cls) -> list[str]:
        return ["langchain_gptproto", "chat_models"]

    @property
    def lc_secrets(self) -> dict[str, str]:
        return {"api_key": API_KEY_ENV}

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url, **self._default_params}

    @property
    def _default_params(self) -> dict[str, Any]:
        params = {
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "top_p": self.top_p,
        }
        return {key: value for key, value in params.items() if value is not None}

    @property
    def info(self) -> ModelInfo:
        """What the catalogue knows about `model`."""
        return model_info(self.model)

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = LangSmithParams(
            ls_provider=PROVIDER,
            ls_model_name=kwargs.get("model", self.model),
            ls_model_type="chat",
        )
        if self.temperature is not None:
            params["ls_temperature"] = kwargs.get("temperature", self.temperature)
        if max_tokens := kwargs.get("max_tokens", self.max_tokens):
            params["ls_max_tokens"] = max_tokens
        if ls_stop := stop or kwargs.get("stop") or self.stop:
            params["ls_stop"] = ls_stop
        return params

    def _resolve_model_profile(self) -> ModelProfile | None:
        info = self.info
        return ModelProfile(
            max_input_tokens=info.context_window,
            max_output_tokens=info.max_output_tokens,
            image_inputs=info.image_input,
            image_url_inputs=info.image_input,
            pdf_inputs=info.pdf_input,
            audio_inputs=info.audio_input,
            video_inputs=info.video_input,
            image_outputs=info.image_output,
            tool_calling=info.tool_calling,
            tool_choice=info.tool_calling,
            structured_output=info.json_schema,
            reasoning_output=info.reasoning,
        )

    # --- requests -----------------------------------------------------------------------

    def _request(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None,
        stream: bool,
        kwargs: dict[str, Any],
    ) -> tuple[str, dict[str, Any]]:
        """(path, body) for all four call paths; bad input raises here, before any request."""
        defaults = CallDefaults(
            model=self.model,
            temperature=self.temperature,
            max_tokens=self.max_tokens,
            top_p=self.top_p,
            stop=self.stop,
            stream_usage=self.stream_usage,
            use_responses_api=self.use_responses_api,
            reasoning_effort=self.reasoning_effort,
            reasoning_summary=self.reasoning_summary,
            extra=self.model_kwargs,
            overrides=self.extra_body or {},
        )
        options = {**kwargs, "stop": stop} if stop else dict(kwargs)
        wire = to_wire_messages(messages, model_info(options.get("model") or self.model))
        return build_request(defaults, wire, stream=stream, options=options)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.streaming:
            return generate_from_stream(self._stream(messages, stop, run_manager, **kwargs))
        path, payload = self._request(messages, stop, False, kwargs)
        with translated_errors():
            body = self._clients.sync().request_json("POST", path, json=payload)
            return _chat_result(result_to_message(parse_reply(path, body)))

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self.streaming:
            return await agenerate_from_stream(self._astream(messages, stop, run_manager, **kwargs))
        path, payload = self._request(messages, stop, False, kwargs)
        async with atranslated_errors():
            client = self._clients.for_running_loop()
            body = await client.request_json("POST", path, json=payload)
            return _chat_result(result_to_message(parse_reply(path, body)))

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        path, payload = self._request(messages, stop, True, kwargs)
        parser = new_stream_parser(path)
        with translated_errors():
            for event in self._clients.sync().stream_events(path, json=payload):
                delta = parser.feed(event.data)
                if delta is not None:
                    chunk = ChatGenerationChunk(message=delta_to_chunk(delta))
                    if run_manager and delta.text:
                        run_manager.on_llm_new_token(delta.text, chunk=chunk)
                    yield chunk
                if parser.done:
                    break
            yield ChatGenerationChunk(message=delta_to_chunk(parser.finish(), final=True))

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        path, payload = self._request(messages, stop, True, kwargs)
        parser = new_stream_parser(path)
        async with atranslated_errors():
            client = self._clients.for_running_loop()
            async for event in client.stream_events(path, json=payload):
                delta = parser.feed(event.data)
                if delta is not None:
                    chunk = ChatGenerationChunk(message=delta_to_chunk(delta))
                    if run_manager and delta.text:
                        await run_manager.on_llm_new_token(delta.text, chunk=chunk)
                    yield chunk
                if parser.done:
                    break
            yield ChatGenerationChunk(message=delta_to_chunk(parser.finish(), final=True))

    # --- token counting (gptproto_core.token_count: tiktoken when usable, else an estimate) --

    def get_token_ids(self, text: str) -> list[int]:
        """tiktoken's ids for `text`; needs tiktoken (`get_num_tokens` works without it)."""
        if self.custom_get_token_ids is not None:
            return self.custom_get_token_ids(text)
        ids = token_ids(self.model, text)
        if ids is None:
            raise ImportError(
                "token ids need tiktoken and its encoding: pip install tiktoken "
                "(get_num_tokens and get_num_tokens_from_messages estimate without it)"
            )
        return ids

    def get_num_tokens(self, text: str) -> int:
        if self.custom_get_token_ids is not None:
            return len(self.custom_get_token_ids(text))
        return count_text_tokens(self.model, text)

    def get_num_tokens_from_messages(
        self,
        messages: list[BaseMessage],
        tools: Sequence[Any] | None = None,
    ) -> int:
        """Tokens of `messages` as sent (message overhead, tool calls, images) and of `tools`;
        what `trim_messages(messages, token_counter=llm, max_tokens=...)` uses."""
        wire = to_wire_messages(messages, self.info)
        formatted = [convert_to_openai_tool(tool) for tool in tools or []]
        return count_message_tokens(self.model, wire, formatted)

    # --- tools and structured output ----------------------------------------------------

    def bind_tools(
        self,
        tools: Sequence[Mapping[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | bool | dict[str, Any] | None = None,
        parallel_tool_calls: bool | None = None,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Offer tools; `tool_choice` takes a tool name, "auto", "none", "any" or True."""
        formatted = [convert_to_openai_tool(tool, strict=strict) for tool in tools]
        names = [tool["function"]["name"] for tool in formatted if "function" in tool]
        choice = normalize_tool_choice(tool_choice, names)
        if choice is not None:
            kwargs["tool_choice"] = choice
        if parallel_tool_calls is not None:
            kwargs["parallel_tool_calls"] = parallel_tool_calls
        return super().bind(tools=formatted, **kwargs)

    def with_structured_output(
        self,
        schema: Mapping[str, Any] | type | None = None,
        *,
        method: Literal["json_schema", "function_calling", "json_mode"] | None = None,
        include_raw: bool = False,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, Any]:
        """Answers shaped by `schema`; the default method suits the model's family."""
        if kwargs:
            raise ValueError(f"unexpected arguments: {sorted(kwargs)}")
        return structured_runnable(
            self,
            schema,
            method=method or self.info.structured_output_method,
            include_raw=include_raw,
            strict=strict,
        )


def _chat_result(message: AIMessage) -> ChatResult:
    generation_info = {"finish_reason": message.response_metadata.get("finish_reason")}
    return ChatResult(
        generations=[ChatGeneration(message=message, generation_info=generation_info)],
        llm_output={"model_name": message.response_metadata.get("model_name")},
    )
