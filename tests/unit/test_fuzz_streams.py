"""Fuzz: mutated chat and Responses streams through the SSE decoder, the stream parsers and
both adapters' conversions (sync, in-process). Only a result or a `GPTProtoError` may come out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import event, given
from hypothesis import strategies as st
from llama_index.core.base.llms.types import ChatMessage

from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.responses import ResponsesStreamParser
from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto
from tests.unit._fuzz_drivers import StreamParser, decoded, outcome, read_stream
from tests.unit._fuzz_settings import FUZZ
from tests.unit._fuzz_shapes import CHAT_CHUNKS, RESPONSES_EVENTS, data_strings, sse_bytes
from tests.unit._wired import wire

STREAMS: dict[str, tuple[Callable[[], StreamParser], list[dict[str, Any]]]] = {
    "chat": (ChatStreamParser, CHAT_CHUNKS),
    "responses": (ResponsesStreamParser, RESPONSES_EVENTS),
}


@FUZZ
@given(kind=st.sampled_from(sorted(STREAMS)), data=st.data())
def test_mutated_stream_events_read_or_raise_a_typed_error(kind: str, data: st.DataObject):
    new_parser, events = STREAMS[kind]
    datas = data.draw(data_strings(events))
    event(f"{kind}: {outcome(lambda: read_stream(datas, new_parser))}")


@FUZZ
@given(kind=st.sampled_from(sorted(STREAMS)), data=st.data())
def test_mutated_stream_bytes_read_or_raise_a_typed_error(kind: str, data: st.DataObject):
    """Line ends of every kind, junk and non-UTF-8 bytes, a cut anywhere, any chunking."""
    new_parser, events = STREAMS[kind]
    chunks = data.draw(sse_bytes(events))
    event(f"{kind}: {outcome(lambda: read_stream(decoded(chunks), new_parser))}")


_reply: dict[str, Any] = {}
CONTENT_TYPES = ["text/event-stream", "text/event-stream; charset=utf-8", "", "application/json"]
CONTENT_TYPES += ["text/html", "text/plain"]
HELLO = [ChatMessage(role="user", content="hi")]


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers=_reply["headers"], content=iter(_reply["chunks"]))


CHAT_MODEL = ChatGPTProto(model="gpt-4o", api_key="sk-fuzz", base_url="http://gptproto.test")
LLAMA_MODEL = GPTProto(model="gpt-4o", api_key="sk-fuzz", base_url="http://gptproto.test")
wire(CHAT_MODEL, _answer)
wire(LLAMA_MODEL, _answer)


@FUZZ
@given(
    chunks=sse_bytes(CHAT_CHUNKS),
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_both_models_stream_a_mutated_answer_or_raise_a_typed_error(
    chunks: list[bytes], content_type: str
):
    """The whole path: MockTransport → client → decoder → parser → LangChain and LlamaIndex."""
    _reply["headers"] = {"content-type": content_type} if content_type else {}
    _reply["chunks"] = chunks
    langchain = outcome(lambda: list(CHAT_MODEL.stream("hi")))
    llama = outcome(lambda: list(LLAMA_MODEL.stream_chat(HELLO)))
    event(f"{content_type or 'no type'}: langchain {langchain}, llama {llama}")
