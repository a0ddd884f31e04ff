"""An incremental Server-Sent Events decoder, fed bytes however the network splits them.

    decoder = SSEDecoder()
    for chunk in response.iter_bytes():
        for event in decoder.feed(chunk):
            handle(event.data)

Used by the sync and the async client alike; only the byte source differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SSEDecoder", "ServerSentEvent"]

_LINE_END = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    data: str
    event: str | None = None


class SSEDecoder:
    """Splits on CRLF, LF or CR (all three end a line in SSE), joins `data:` lines and
    dispatches on a blank line. A CR at the end of a chunk ends its line at once; an LF that
    then opens the next chunk is the rest of that CRLF, not a blank line."""

    __slots__ = ("_data", "_event", "_pieces", "_skip_lf")

    def __init__(self) -> None:
        self._pieces: list[bytes] = []  # the current unfinished line, as it arrived
        self._data: list[str] = []
        self._event: str | None = None
        self._skip_lf = False

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk.startswith(b"\n"):
                chunk = chunk[1:]
        if b"\n" not in chunk and b"\r" not in chunk:
            if chunk:
                self._pieces.append(chunk)  # a long line in many chunks: joined once, at its end
            return []
        buffer = b"".join([*self._pieces, chunk])
        events: list[ServerSentEvent] = []
        start = 0
        for match in _LINE_END.finditer(buffer):
            event = self._line(buffer[start : match.start()])
            if event is not None:
                events.append(event)
            start = match.end()
        self._pieces = [buffer[start:]] if start < len(buffer) else []
        self._skip_lf = buffer.endswith(b"\r")
        return events

    def flush(self) -> list[ServerSentEvent]:
        """Dispatch what is left when the stream ends without a final blank line."""
        events: list[ServerSentEvent] = []
        if self._pieces:
            raw, self._pieces = b"".join(self._pieces), []
            event = self._line(raw)
            if event is not None:
                events.append(event)
        event = self._line(b"")
        if event is not None:
            events.append(event)
        return events

    def _line(self, raw: bytes) -> ServerSentEvent | None:
        if not raw:
            if not self._data:
                self._event = None
                return None
            event = ServerSentEvent("\n".join(self._data), self._event)
            self._data, self._event = [], None
            return event
        line = raw.decode("utf-8", "replace")
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        return None
