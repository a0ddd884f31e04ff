"""Core chat results and stream deltas as LlamaIndex `ChatResponse`s.

    result_to_response(parse_chat_completion(body))     # one reply (or parse_response(body))
    stream = ResponseStream(ChatStreamParser())         # or ResponsesStreamParser()
    for response in stream.responses(events):           # cumulative message + delta
        ...
    final = stream.finish()                             # images, usage, finish reason

Replies carry reasoning as a `ThinkingBlock`, text as a `TextBlock`, images the model drew as
`ImageBlock`s and tool calls as `ToolCallBlock`s. Token usage, OpenAI-shaped with its cached and
reasoning details, is in `ChatResponse.additional_kwargs`; per-chunk reasoning is in
`additional_kwargs["thinking_delta"]`, where agents read it. Building them is a reader of a
server body: `reads_body` turns a pydantic `ValidationError` into `UnexpectedResponseError`.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable
from typing import TYPE_CHECKING, Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    ChatResponseGen,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from pydantic import ValidationError

from gptproto_core.body_guard import reads_body
from gptproto_core.chat import ChatResult, ToolCall, Usage
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.media_links import OutputImage
from gptproto_core.responses import ResponsesStreamParser

if TYPE_CHECKING:
    from gptproto_core.sse import ServerSentEvent

__all__ = ["ResponseStream", "result_to_response", "usage_kwargs"]


def usage_kwargs(usage: Usage | None) -> dict[str, Any]:
    """`prompt_tokens`, `completion_tokens`, `total_tokens` and the details the reply gave."""
    if usage is None:
        return {}
    out: dict[str, Any] = {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
    }
    prompt = _known(
        cached_tokens=usage.cache_read,
        cache_creation_tokens=usage.cache_creation,
        audio_tokens=usage.audio_input,
    )
    completion = _known(reasoning_tokens=usage.reasoning, audio_tokens=usage.audio_output)
    if prompt:
        out["prompt_tokens_details"] = prompt
    if completion:
        out["completion_tokens_details"] = completion
    return out


def _known(**values: int | None) -> dict[str, int]:
    return {key: value for key, value in values.items() if value is not None}


def _tool_block(call: ToolCall) -> ToolCallBlock:
    # Arguments that are not (yet) a JSON object stay a string; get_tool_calls_from_response
    # parses it leniently, so a half-streamed call reads as its partial arguments.
    kwargs: dict[str, Any] | str = call.raw_arguments if call.error else call.arguments
    return ToolCallBlock(tool_call_id=call.id, tool_name=call.name, tool_kwargs=kwargs)


def _image_blocks(images: list[OutputImage]) -> list[ImageBlock]:
    blocks = []
    for image in images:
        if image.data is not None:
            blocks.append(
                ImageBlock(image=image.data.encode("ascii"), image_mimetype=image.mime_type)
            )
            continue
        try:
            blocks.append(ImageBlock(url=image.url, image_mimetype=image.mime_type))
        except ValidationError:
            # A link pydantic's URL parser refuses (e.g. a host with a NUL byte) is no image
            # LlamaIndex can hold; the markdown link stays in the text, so nothing is lost.
            continue
    return blocks


def _wire_call(call: ToolCall) -> dict[str, Any]:
    function = {"name": call.name, "arguments": call.raw_arguments}
    return {"id": call.id, "type": "function", "function": function}


def _message(
    text: str,
    reasoning: str,
    calls: list[ToolCall],
    images: list[OutputImage] | None = None,
    reasoning_tokens: int | None = None,
) -> ChatMessage:
    blocks: list[Any] = []
    if reasoning:
        blocks.append(ThinkingBlock(content=reasoning, num_tokens=reasoning_tokens))
    blocks.append(TextBlock(text=text))
    if images:
        blocks.extend(_image_blocks(images))
    if not calls:
        return ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks)
    blocks.extend(_tool_block(call) for call in calls)
    # LlamaIndex's streaming structured output looks for calls here before it asks the LLM.
    extra = {"tool_calls": [_wire_call(call) for call in calls]}
    return ChatMessage(role=MessageRole.ASSISTANT, blocks=blocks, additional_kwargs=extra)


@reads_body("reply")
def result_to_response(result: ChatResult) -> ChatResponse:
    usage = result.usage
    message = _message(
        result.text,
        result.reasoning or "",
        result.tool_calls,
        result.images,
        usage.reasoning if usage else None,
    )
    return ChatResponse(message=message, raw=result.raw, additional_kwargs=usage_kwargs(usage))


class ResponseStream:
    """Turns SSE `data` strings into cumulative `ChatResponse`s (sync and async alike).

    The parser reads one route's events: `ChatStreamParser` for chat completions (the default),
    `ResponsesStreamParser` for `/v1/responses`; both give the core's `ChatDelta`s.
    """

    __slots__ = ("_calls", "_reasoning", "_text", "parser")

    def __init__(self, parser: ChatStreamParser | ResponsesStreamParser | None = None) -> None:
        self.parser = parser or ChatStreamParser()
        self._text = ""
        self._reasoning = ""
        self._calls: list[ToolCall] = []

    @property
    def done(self) -> bool:
        return self.parser.done

    @reads_body("streamed reply")
    def feed(self, data: str) -> ChatResponse | None:
        delta = self.parser.feed(data)
        if delta is None:
            return None
        self._text += delta.text
        self._reasoning += delta.reasoning
        if delta.tool_call_chunks:
            self._calls = self.parser.tool_calls.calls()
        kwargs = {"thinking_delta": delta.reasoning} if delta.reasoning else {}
        return ChatResponse(
            message=_message(self._text, self._reasoning, self._calls),
            delta=delta.text,
            additional_kwargs=kwargs,
        )

    @reads_body("streamed reply")
    def finish(self) -> ChatResponse:
        """The last response: all blocks, images included, with usage and finish reason."""
        last = self.parser.finish()
        self._text += last.text
        usage = last.usage
        raw: dict[str, Any] = {
            "id": last.id,
            "model": last.model,
            "finish_reason": last.finish_reason,
        }
        kwargs = usage_kwargs(usage)
        if kwargs:
            raw["usage"] = kwargs  # where TokenCountingHandler looks first
        message = _message(
            self._text,
            self._reasoning,
            self._calls,
            last.images,
            usage.reasoning if usage else None,
        )
        return ChatResponse(message=message, delta=last.text, raw=raw, additional_kwargs=kwargs)

    def responses(self, events: Iterable[ServerSentEvent]) -> ChatResponseGen:
        """The responses of a stream of events, up to its end; `finish()` gives the last one."""
        for event in events:
            response = self.feed(event.data)
            if response is not None:
                yield response
            if self.done:
                break

    async def aresponses(self, events: AsyncIterable[ServerSentEvent]) -> ChatResponseAsyncGen:
        """`responses` for an async stream of events."""
        async for event in events:
            response = self.feed(event.data)
            if response is not None:
                yield response
            if self.done:
                break
