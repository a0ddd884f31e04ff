"""The steps a job's life cycle yields, and the two drivers that answer them with real I/O.

    task = drive(job_flow(job, schedule, clock), client, on_progress=print)
    task = await adrive(job_flow(job, schedule, clock), async_client)

A flow (`gptproto_core.tasks`) decides everything and does no I/O; `drive` answers its steps with
a blocking client and `adrive` with an async one, the way httpx drives an `auth_flow`. A failed
request is thrown back into the flow.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.downloads import afetch_data_uri, default_output_dir, fetch_data_uri
from gptproto_core.errors import GPTProtoError
from gptproto_core.retry import RequestKind
from gptproto_core.sse import ServerSentEvent
from gptproto_core.task_types import Request, Task

__all__ = [
    "AsyncProgressCallback",
    "Clock",
    "Fetch",
    "Flow",
    "ProgressCallback",
    "Report",
    "Send",
    "Sleep",
    "Step",
    "Stream",
    "adrive",
    "drive",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    """Send `request`; the driver answers with the decoded body (or throws the error in)."""

    request: Request
    kind: RequestKind = RequestKind.READ
    timeout: float | None = None  # seconds left for this request and its retries


@dataclass(frozen=True, eq=False)  # identity: yielding the same step again asks for more
class Stream:
    """Open a streamed POST of `request`; the driver answers with its first SSE event, and with
    the next one each time the flow yields this same step again (None once it has ended)."""

    request: Request
    kind: RequestKind = RequestKind.READ
    timeout: float | None = None  # seconds the whole stream may take, from its opening


@dataclass(frozen=True)
class Fetch:
    """Fetch `url` (never with the gptproto key) and answer with its content as a data URI."""

    url: str


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class Report:
    """A new status or progress worth telling the caller about."""

    task: Task


Step = Send | Stream | Sleep | Report | Fetch
Flow = Generator[Step, Any, T]
Clock = Callable[[], float]


ProgressCallback = Callable[[Task], None]
AsyncProgressCallback = Callable[[Task], Awaitable[None] | None]


def drive(
    flow: Flow[T],
    client: GPTProtoClient,
    *,
    sleep: Callable[[float], None] = time.sleep,
    on_progress: ProgressCallback | None = None,
    output_dir: str | Path | None = None,
) -> T:
    """Run a flow with a blocking client; binary answers are saved in `output_dir`."""
    reply: Any = None
    error: GPTProtoError | None = None
    stream: tuple[Stream, Iterator[ServerSentEvent]] | None = None
    try:
        while True:
            try:
                step = flow.throw(error) if error is not None else flow.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            reply, error = None, None
            if isinstance(step, Send | Stream):
                try:
                    if isinstance(step, Send):
                        reply = _send(client, step, output_dir)
                    else:
                        if stream is None or stream[0] is not step:
                            stream = (step, _open(client, step))
                        reply = next(stream[1], None)
                except GPTProtoError as failed:
                    error = failed
            elif isinstance(step, Fetch):
                try:
                    reply = fetch_data_uri(step.url)
                except GPTProtoError as failed:
                    error = failed
            elif isinstance(step, Sleep):
                sleep(step.seconds)
            elif on_progress is not None:
                on_progress(step.task)
    finally:
        if stream is not None:
            _close(stream[1])  # a stream the flow left early is not read on


async def adrive(
    flow: Flow[T],
    client: AsyncGPTProtoClient,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    on_progress: AsyncProgressCallback | None = None,
    output_dir: str | Path | None = None,
) -> T:
    """Run a flow with an async client and async sleeps (no threads)."""
    reply: Any = None
    error: GPTProtoError | None = None
    stream: tuple[Stream, AsyncIterator[ServerSentEvent]] | None = None
    try:
        while True:
            try:
                step = flow.throw(error) if error is not None else flow.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            reply, error = None, None
            if isinstance(step, Send | Stream):
                try:
                    if isinstance(step, Send):
                        reply = await _asend(client, step, output_dir)
                    else:
                        if stream is None or stream[0] is not step:
                            stream = (step, _aopen(client, step))
                        reply = await anext(stream[1], None)
                except GPTProtoError as failed:
                    error = failed
            elif isinstance(step, Fetch):
                try:
                    reply = await afetch_data_uri(step.url)
                except GPTProtoError as failed:
                    error = failed
            elif isinstance(step, Sleep):
                await sleep(step.seconds)
            elif on_progress is not None:
                result = on_progress(step.task)
                if result is not None:
                    await result
    finally:
        if stream is not None:
            await _aclose(stream[1])


def _open(client: GPTProtoClient, step: Stream) -> Iterator[ServerSentEvent]:
    r = step.request
    return client.stream_events(r.path, json=r.json, kind=step.kind, timeout=step.timeout)


def _aopen(client: AsyncGPTProtoClient, step: Stream) -> AsyncIterator[ServerSentEvent]:
    r = step.request
    return client.stream_events(r.path, json=r.json, kind=step.kind, timeout=step.timeout)


def _close(events: Iterator[ServerSentEvent]) -> None:
    close = getattr(events, "close", None)
    if close is not None:
        close()


async def _aclose(events: AsyncIterator[ServerSentEvent]) -> None:
    close = getattr(events, "aclose", None)
    if close is not None:
        await close()


def _json_args(step: Send) -> dict[str, Any]:
    """`request_json`'s arguments for a step, the same for both clients."""
    r = step.request
    args: dict[str, Any] = {
        "json": r.json,
        "params": r.params,
        "kind": step.kind,
        "ok_codes": r.ok_codes,
        "timeout": step.timeout,
    }
    if r.files is not None:  # multipart (`files={}`: form fields only)
        args.update(files=r.files, data=r.data)
    if r.text:
        args["text"] = True
    return args


def _send(client: GPTProtoClient, step: Send, output_dir: str | Path | None) -> Any:
    r = step.request
    if r.binary:
        dest = output_dir or default_output_dir()
        return client.request_file(
            r.method, r.path, dest=dest, json=r.json, kind=step.kind, timeout=step.timeout
        )
    return client.request_json(r.method, r.path, **_json_args(step))


async def _asend(client: AsyncGPTProtoClient, step: Send, output_dir: str | Path | None) -> Any:
    r = step.request
    if r.binary:
        dest = output_dir or default_output_dir()
        return await client.request_file(
            r.method, r.path, dest=dest, json=r.json, kind=step.kind, timeout=step.timeout
        )
    return await client.request_json(r.method, r.path, **_json_args(step))
