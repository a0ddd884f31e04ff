"""GPTProto: every chat model behind gptproto as a LlamaIndex function-calling LLM.

from llama_index_gptproto import GPTProto

llm = GPTProto(model="claude-sonnet-4-5-20250929")     # key from GPTPROTO_API_KEY
llm.complete("Who are you?").text
GPTProto(model="o3", reasoning_summary="auto")          # /v1/responses, summaries as ThinkingBlocks
await llm.aclose()                                      # or `async with GPTProto(...) as llm:`
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Mapping, Sequence
from contextlib import aclosing, closing
from typing import TYPE_CHECKING, Any, Literal, cast

from llama_index.core.base.llms.generic_utils import (
    astream_chat_response_to_completion_response,
    chat_response_to_completion_response,
    stream_chat_response_to_completion_response,
)
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseAsyncGen,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.constants import DEFAULT_NUM_OUTPUTS
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.llm import ToolSelection
from llama_index.core.types import PydanticProgramMode
from pydantic import Field, PrivateAttr, ValidationError, model_validator

from gptproto_core.arguments import aliases, as_configuration_error, sort_arguments
from gptproto_core.closing import ClosesClients
from gptproto_core.models import ModelInfo, model_info, warn_if_misspelt
from gptproto_core.session import ClientSet
from llama_index_gptproto._connection import Connection
from llama_index_gptproto._messages import to_wire_messages
from llama_index_gptproto._requests import CallDefaults, build_request, new_stream, parse_reply
from llama_index_gptproto._structured import JsonSchemaStructuredOutput
from llama_index_gptproto._tools import keep_first_tool_call, tool_request, tool_selections

if TYPE_CHECKING:
    from llama_index.core.tools.types import BaseTool

    from gptproto_core.sse import ServerSentEvent

__all__ = ["GPTProto"]


class GPTProto(ClosesClients, Connection, JsonSchemaStructuredOutput):
    """Chat with any gptproto model: GPT, Claude, Gemini, Grok, Doubao, DeepSeek.

    Setup:
        Install `gptproto-integrations[llama-index]` and set `GPTPROTO_API_KEY`.

        ```bash
        pip install -U "gptproto-integrations[llama-index]"
        export GPTPROTO_API_KEY="sk-..."
        ```

    Key init args:
        model: str — gptproto model name, e.g. `"gpt-4o"`.
        temperature, max_tokens — sent only when set; `max_tokens` is also what
            `metadata.num_output` reserves (else LlamaIndex's default of 256).
        api_key — defaults to `GPTPROTO_API_KEY`; base_url (or `api_base`) to
            `GPTPROTO_BASE_URL`, then `https://gptproto.com`.
        timeout, max_retries — per HTTP request; retries by the core only.

    `api_base`/`openai_api_base`, `model_name`, `max_completion_tokens` and `request_timeout` are
    accepted for their usual meaning; any other unknown argument is refused with the closest
    names (body fields go in `additional_kwargs`). Bad settings raise `ConfigurationError`.

    Instantiate:
        ```python
        from llama_index_gptproto import GPTProto

        llm = GPTProto(model="gpt-4o", max_tokens=500)
        ```

    Invoke:
        ```python
        from llama_index.core.llms import ChatMessage

        llm.chat([ChatMessage(role="user", content="Who are you?")]).message.content
        llm.complete("Who are you?").text
        ```

    Stream:
        ```python
        for response in llm.stream_chat([ChatMessage(role="user", content="Hi")]):
            print(response.delta, end="")
        # async: `await llm.achat(...)`, `async for r in await llm.astream_chat(...)`
        ```

    Tool calling:
        ```python
        from llama_index.core.agent.workflow import FunctionAgent
        from llama_index.core.tools import FunctionTool

        def multiply(a: int, b: int) -> int:
            '''Multiply two integers.'''
            return a * b

        response = llm.chat_with_tools([FunctionTool.from_defaults(multiply)], "3 times 4?")
        llm.get_tool_calls_from_response(response, error_on_no_tool_call=False)
        agent = FunctionAgent(llm=llm, tools=[multiply])     # `await agent.run("3 times 4?")`
        ```

    Structured output:
        ```python
        from pydantic import BaseModel

        class Song(BaseModel):
            title: str

        from llama_index.core.prompts import PromptTemplate

        llm.structured_predict(Song, PromptTemplate("Name a song about {topic}"), topic="cats")
        llm.as_structured_llm(Song).complete("Name a song about cats").raw
        ```
    """

    model: str = Field(
        default="gpt-4o",
        validation_alias=aliases("model"),
        description="A gptproto model name, e.g. 'gpt-4o'. Also model_name.",
    )
    temperature: float | None = Field(default=None, description="Sent only when set.")
    max_tokens: int | None = Field(
        default=None,
        validation_alias=aliases("max_tokens"),
        description="Sent as `max_tokens` when set. Also max_completion_tokens.",
    )
    context_window: int | None = Field(
        default=None, description="Overrides the catalogue's context window for this model."
    )
    stream_usage: bool = Field(
        default=True, description="Ask for token usage at the end of streams (stream_options)."
    )
    additional_kwargs: dict[str, Any] = Field(
        default_factory=dict, description="Extra body fields for every request."
    )
    use_responses_api: bool | None = Field(
        default=None,
        description="Use /v1/responses. None decides per call: o-series and deep-research models, "
        "a reasoning setting, or a built-in tool (e.g. web_search_preview) choose Responses.",
    )
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = Field(
        default=None, description="Reasoning effort; setting it chooses Responses when automatic."
    )
    reasoning_summary: Literal["auto", "concise", "detailed"] | None = Field(
        default=None, description="Ask for reasoning summaries (Responses mode): ThinkingBlocks."
    )

    _clients: ClientSet = PrivateAttr()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            # Configuration errors read as our ConfigurationError, not a pydantic dump.
            raise as_configuration_error(type(self).__name__, exc) from None
        # Resolved and checked now, so a missing key or a bad setting fails before any request.
        self._clients = ClientSet(self.client_settings())
        warn_if_misspelt(self.model)

    @model_validator(mode="before")
    @classmethod
    def _sort_arguments(cls, data: Any) -> Any:
        """Refuse unknown arguments (LlamaIndex drops them) and other libraries' settings."""
        if isinstance(data, dict) and data.get("class_name") == cls.class_name():
            # `to_dict()` adds it; `from_dict()` drops it, and so does `GPTProto(**to_dict())`.
            data = {key: value for key, value in data.items() if key != "class_name"}
        return sort_arguments(cls, data, body_field="additional_kwargs", forward=False)

    @classmethod
    def class_name(cls) -> str:
        return "GPTProto"

    @property
    def api_base(self) -> str:
        """The base URL requests go to (LlamaIndex's name for it)."""
        return str(self._clients.settings.base_url)

    @property
    def info(self) -> ModelInfo:
        """What the catalogue knows about `model`; an unknown name gets permissive defaults."""
        return model_info(self.model)

    @property
    def metadata(self) -> LLMMetadata:
        """`num_output` is what a reply may take from the window: `max_tokens` when set, else
        LlamaIndex's own default (256, what its OpenAI classes reserve) — never the model's
        output limit, which for some models is the whole window."""
        info = self.info
        return LLMMetadata(
            context_window=self.context_window or info.context_window,
            num_output=self.max_tokens or DEFAULT_NUM_OUTPUTS,
            is_chat_model=True,
            is_function_calling_model=info.tool_calling,
            model_name=self.model,
        )

    # --- requests ----------------------------------------------------------------------------

    def _request(
        self, messages: Sequence[ChatMessage], stream: bool, kwargs: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """(path, body) for every call path; bad input raises here, before any request."""
        wire = to_wire_messages(messages, self.info)
        defaults = CallDefaults(
            model=self.model,
            temperature=self.temperature,
            max_tokens=self.max_tokens,
            stream_usage=self.stream_usage,
            use_responses_api=self.use_responses_api,
            reasoning_effort=self.reasoning_effort,
            reasoning_summary=self.reasoning_summary,
            extra=self.additional_kwargs,
        )
        return build_request(defaults, wire, stream=stream, options=dict(kwargs))

    def _payload(
        self, messages: Sequence[ChatMessage], stream: bool, kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        """The body alone (whichever route the call takes)."""
        return self._request(messages, stream, kwargs)[1]

    def _chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        path, payload = self._request(messages, False, kwargs)
        return parse_reply(path, self._clients.sync().request_json("POST", path, json=payload))

    async def _achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        path, payload = self._request(messages, False, kwargs)
        client = self._clients.for_running_loop()
        return parse_reply(path, await client.request_json("POST", path, json=payload))

    def _stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        path, payload = self._request(messages, True, kwargs)
        client = self._clients.sync()

        def responses() -> ChatResponseGen:
            stream = new_stream(path)
            events = cast(
                "Generator[ServerSentEvent, None, None]", client.stream_events(path, json=payload)
            )
            with closing(events):  # the connection goes back before the last response
                yield from stream.responses(events)
            yield stream.finish()

        return responses()

    async def _astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        path, payload = self._request(messages, True, kwargs)
        client = self._clients.for_running_loop()

        async def responses() -> ChatResponseAsyncGen:
            stream = new_stream(path)
            events = cast(
                "AsyncGenerator[ServerSentEvent, None]",
                client.stream_events(path, json=payload),
            )
            async with aclosing(events):
                async for response in stream.aresponses(events):
                    yield response
            yield stream.finish()

        return responses()

    # --- the LLM interface -------------------------------------------------------------------

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return self._chat(messages, **kwargs)

    @llm_chat_callback()
    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return await self._achat(messages, **kwargs)

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        return self._stream_chat(messages, **kwargs)

    @llm_chat_callback()
    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        return await self._astream_chat(messages, **kwargs)

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return chat_response_to_completion_response(self._chat([_user(prompt)], **kwargs))

    @llm_completion_callback()
    async def acomplete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponse:
        return chat_response_to_completion_response(await self._achat([_user(prompt)], **kwargs))

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        return stream_chat_response_to_completion_response(
            self._stream_chat([_user(prompt)], **kwargs)
        )

    @llm_completion_callback()
    async def astream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseAsyncGen:
        responses = await self._astream_chat([_user(prompt)], **kwargs)
        return astream_chat_response_to_completion_response(responses)

    # --- tools and structured output ---------------------------------------------------------

    def _prepare_chat_with_tools(
        self,
        tools: Sequence[BaseTool],
        user_msg: str | ChatMessage | None = None,
        chat_history: list[ChatMessage] | None = None,
        verbose: bool = False,
        allow_parallel_tool_calls: bool = False,
        tool_required: bool = False,
        tool_choice: str | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """`chat` kwargs; `tool_choice` takes a tool name, "auto", "none" or "required"."""
        messages = list(chat_history or [])
        if user_msg is not None:
            messages.append(_user(user_msg) if isinstance(user_msg, str) else user_msg)
        fields = tool_request(
            tools,
            tool_required=tool_required,
            tool_choice=tool_choice,
            parallel=allow_parallel_tool_calls,
        )
        return {"messages": messages, **fields, **kwargs}

    def _validate_chat_with_tools_response(
        self,
        response: ChatResponse,
        tools: Sequence[BaseTool],
        allow_parallel_tool_calls: bool = False,
        **kwargs: Any,
    ) -> ChatResponse:
        if not allow_parallel_tool_calls:
            keep_first_tool_call(response)
        return response

    def get_tool_calls_from_response(
        self, response: ChatResponse, error_on_no_tool_call: bool = True, **kwargs: Any
    ) -> list[ToolSelection]:
        """The reply's tool calls; works on streamed chunks, whose arguments may be partial."""
        return tool_selections(response, error_on_no_tool_call)

    def _uses_json_schema(self) -> bool:
        return self.pydantic_program_mode == PydanticProgramMode.DEFAULT and self.info.json_schema


def _user(text: str) -> ChatMessage:
    return ChatMessage(role=MessageRole.USER, content=text)
