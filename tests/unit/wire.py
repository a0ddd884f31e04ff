"""Requests of a chat model or LLM answered in-process, on the owner's own settings.

seen = answer_in_process(llm, lambda request: httpx.Response(200, json=REPLY))
llm.invoke("Hi"); seen[0].headers["authorization"]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from gptproto_core import GPTProtoClient


def answer_in_process(
    owner: Any, answer: Callable[[httpx.Request], httpx.Response]
) -> list[httpx.Request]:
    """Swap only the transport of `owner`'s sync client, so its settings travel as in real use."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    owner._clients._sync = GPTProtoClient.from_settings(
        owner._clients.settings, http_client=httpx.Client(transport=httpx.MockTransport(record))
    )
    return seen


REPLY = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}}]}


def only_request(owner: Any, send: Callable[[], object]) -> httpx.Request:
    """The one request `send()` makes through `owner`, answered with a short chat reply."""
    seen = answer_in_process(owner, lambda request: httpx.Response(200, json=REPLY))
    send()
    (request,) = seen
    return request
