"""Every reader of a server body, driven end to end in-process: core parser, then both
adapters' conversions. Fuzz tests call these; the only allowed failure is a `GPTProtoError`.

    read_chat_completion(body)          # parse_chat_completion → AIMessage and ChatResponse
    read_stream(datas, ChatStreamParser)  # the parser → AIMessageChunks and ChatResponses
    outcome(lambda: read_response(body))  # "result" or the GPTProtoError's name
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable
from typing import Any

from langchain_core.messages import AIMessageChunk

from gptproto_core.chat import ChatResult, parse_chat_completion
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.errors import GPTProtoError
from gptproto_core.responses import ResponsesStreamParser, parse_response
from gptproto_core.sse import SSEDecoder
from langchain_gptproto._messages import delta_to_chunk, result_to_message
from llama_index_gptproto._responses import ResponseStream, result_to_response

StreamParser = ChatStreamParser | ResponsesStreamParser


def _both_adapters(result: ChatResult) -> None:
    result_to_message(result)
    result_to_response(result)


def read_chat_completion(body: Any) -> None:
    _both_adapters(parse_chat_completion(body))


def read_response(body: Any) -> None:
    _both_adapters(parse_response(body))


def _langchain_stream(datas: Iterable[str], parser: StreamParser) -> None:
    chunks: list[AIMessageChunk] = []
    for data in datas:
        delta = parser.feed(data)
        if delta is not None:
            chunks.append(delta_to_chunk(delta))
        if parser.done:
            break
    chunks.append(delta_to_chunk(parser.finish(), final=True))
    functools.reduce(operator.add, chunks)  # what invoke() does with a stream's chunks


def _llamaindex_stream(datas: Iterable[str], parser: StreamParser) -> None:
    stream = ResponseStream(parser)
    for data in datas:
        stream.feed(data)
        if stream.done:
            break
    stream.finish()


def read_stream(datas: list[str], new_parser: Callable[[], StreamParser]) -> None:
    _langchain_stream(datas, new_parser())
    _llamaindex_stream(datas, new_parser())


def decoded(chunks: Iterable[bytes]) -> list[str]:
    """The `data` strings an SSE decoder makes of raw chunks."""
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return [event.data for event in [*events, *decoder.flush()]]


def outcome(run: Callable[[], object]) -> str:
    """'result', or the GPTProtoError's class and the exception a guard converted (for the
    statistics); any other exception propagates and fails the test."""
    try:
        run()
    except GPTProtoError as error:
        cause = error.__cause__
        return type(error).__name__ + (f" from {type(cause).__name__}" if cause else "")
    return "result"
