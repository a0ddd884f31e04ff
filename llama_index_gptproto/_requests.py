"""One GPTProto call: the core builds the request (`gptproto_core.routing`), this module turns
replies of either route into LlamaIndex responses.

    path, body = build_request(defaults, wire_messages, stream=False, options={...})
    reply = parse_reply(path, client.request_json("POST", path, json=body))
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.llms.types import ChatResponse

from gptproto_core import routing
from gptproto_core.routing import CallDefaults, build_request
from llama_index_gptproto._responses import ResponseStream, result_to_response

__all__ = ["CallDefaults", "build_request", "new_stream", "parse_reply"]


def parse_reply(path: str, body: Any) -> ChatResponse:
    """A reply body of either route as a `ChatResponse`."""
    return result_to_response(routing.parse_reply(path, body))


def new_stream(path: str) -> ResponseStream:
    """A `ResponseStream` reading the events of `path`'s streaming format."""
    return ResponseStream(routing.new_stream_parser(path))
