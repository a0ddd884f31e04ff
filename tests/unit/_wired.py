"""Point a chat model's clients at an in-process handler (httpx.MockTransport, no sockets).

wire(llm, lambda request: httpx.Response(200, json=REPLY))
llm.invoke("hi"); await llm.ainvoke("hi")          # both reach the handler
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from gptproto_core import AsyncGPTProtoClient, GPTProtoClient

Handler = Callable[[httpx.Request], httpx.Response]


def wire(llm: Any, handler: Handler) -> None:
    """Sync and async calls of `llm` (ChatGPTProto or GPTProto) go to `handler`."""
    clients = llm._clients
    settings = clients.settings
    common: dict[str, Any] = {"api_key": settings.api_key, "base_url": settings.base_url}
    clients._sync = GPTProtoClient(
        **common, max_retries=0, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    async_client = AsyncGPTProtoClient(
        **common,
        max_retries=0,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    clients.for_running_loop = lambda: async_client


def sse(*datas: str) -> httpx.Response:
    """A 200 event stream of `data:` lines."""
    body = "".join(f"data: {data}\n\n" for data in datas).encode()
    return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=body)
