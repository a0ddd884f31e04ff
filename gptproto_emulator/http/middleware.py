"""The ASGI layer in front of every API route: count, record, play faults, check the key.

Admin routes (``/__emulator__/...``) pass straight through. For the others, in this order:
read the body once, count the request, record it, apply a queued fault (API.md has none:
these are test scripting), then require an API key (API.md §2.2) before routing. A
``drop_after_handling`` fault routes the request with its answer thrown away, then drops the
connection.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gptproto_emulator.http.auth import authorization_problem, key_hint
from gptproto_emulator.http.errors import authentication_body, json_bytes
from gptproto_emulator.http.faults import apply_fault, drop_connection, send_bytes
from gptproto_emulator.http.origin import set_origin
from gptproto_emulator.http.state import EmulatorState, RequestRecord

ADMIN_PREFIX = "/__emulator__/"
BODY_KEY = "gptproto_emulator.body"
STREAM_ERROR_KEY = "gptproto_emulator.stream_error_after"


class EmulatorMiddleware:
    """Pure ASGI middleware (no per-request task or thread: the emulator must stay fast)."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            set_origin(scope)
        if scope["type"] != "http" or scope["path"].startswith(ADMIN_PREFIX):
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        method: str = scope["method"]
        path: str = scope["path"]
        headers = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"])
        self.state.count_request(method, path)
        query = scope.get("query_string", b"").decode("latin-1")
        self.state.record_request(RequestRecord(method, path, query, headers, body))

        fault = self.state.take_fault(method, path)
        if fault is not None:
            if await apply_fault(fault, send, body):
                return
            if fault.stream_error_after is not None:
                scope[STREAM_ERROR_KEY] = fault.stream_error_after
            if fault.drop_after_handling:
                await self._handle(scope, receive, _discard, body, headers)
                await drop_connection(send)
                return
        await self._handle(scope, receive, send, body, headers)

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        body: bytes,
        headers: tuple[tuple[str, str], ...],
    ) -> None:
        """Check the key (API.md §2.2), then route."""
        authorization = next((v for k, v in headers if k == "authorization"), None)
        problem = authorization_problem(authorization, self.state)
        if problem is not None:
            message = key_hint(problem, self.state.api_keys[0])
            await send_bytes(
                send, 401, json_bytes(authentication_body(message)), "application/json"
            )
            return
        scope[BODY_KEY] = body
        await self.app(scope, _replay(body, receive), send)


async def _discard(message: Message) -> None:
    """A ``send`` that throws the answer away (``drop_after_handling`` faults)."""


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands out the already-read body once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
