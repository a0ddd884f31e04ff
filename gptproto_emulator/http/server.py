"""Run the emulator on a real loopback socket in a background thread.

>>> with EmulatorServer() as server:          # doctest: +SKIP
...     httpx.post(f"{server.url}/v1/chat/completions", headers={"Authorization": server.api_key},
...                json={"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]})
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import uvicorn

from gptproto_emulator.http.app import create_app
from gptproto_emulator.http.faults import parse_fault
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.jobs import parse_fate

_START_TIMEOUT = 10.0


class EmulatorServer:
    """A uvicorn server for :func:`create_app` on ``host:port`` (port 0 = any free port)."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_keys: Iterable[str] | None = None,
        state: EmulatorState | None = None,
    ) -> None:
        if state is not None and api_keys is not None:
            raise ValueError("give api_keys or a state, not both")
        self.host = host
        self.state = state if state is not None else EmulatorState(api_keys)
        self._requested_port = port
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # life cycle
    def start(self) -> EmulatorServer:
        """Bind, serve in a daemon thread, and return once connections are accepted."""
        if self._thread is not None:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto must be IPPROTO_TCP: asyncio sets TCP_NODELAY on accepted sockets only then
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._requested_port))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_app(self.state),
            loop="auto",
            http="auto",
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="gptproto-emulator", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self._server = self._thread = None
                sock.close()
                raise RuntimeError(f"the gptproto emulator did not start on {self.host}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Ask uvicorn to exit and wait for the thread (a few seconds at most)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # addresses
    @property
    def port(self) -> int:
        """The bound port (after :meth:`start`)."""
        if self._port is None:
            raise RuntimeError("the emulator is not started")
        return self._port

    @property
    def url(self) -> str:
        """Base URL without ``/v1``, e.g. ``http://127.0.0.1:54321``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def api_key(self) -> str:
        """The first accepted API key."""
        return self.state.api_keys[0]

    # scripting (acts on the shared state; the admin HTTP routes do the same)
    def add_fault(
        self,
        path: str | None = "/v1/chat/completions",
        *,
        method: str | None = "POST",
        times: int = 1,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
        raw: str | None = None,
        delay_ms: int = 0,
        drop_connection: bool = False,
        malformed: bool = False,
        stream_error_after: int | None = None,
        drop_after_handling: bool = False,
    ) -> None:
        """Queue a fault for the next ``times`` matching requests (see ``faults.py``)."""
        spec = {
            "path": path,
            "method": method,
            "times": times,
            "status": status,
            "headers": headers,
            "body": body,
            "raw": raw,
            "delay_ms": delay_ms,
            "drop_connection": drop_connection,
            "malformed": malformed,
            "stream_error_after": stream_error_after,
            "drop_after_handling": drop_after_handling,
        }
        self.state.add_fault(parse_fault(spec))

    def clear_faults(self) -> int:
        """Drop every queued fault; return how many there were."""
        return self.state.clear_faults()

    def counters(self) -> dict[str, dict[str, int]]:
        """``{"requests": {"POST /v1/chat/completions": n, ...}, "submissions": {...}}``."""
        return self.state.counters()

    def last_request(self, path: str = "/v1/chat/completions") -> dict[str, Any] | None:
        """The last request on ``path`` (headers with keys redacted, body parsed), or ``None``."""
        record = self.state.last_request(path)
        return record.to_json() if record is not None else None

    def reset(self) -> None:
        """Clear faults, counters, last requests, the prompt cache and media jobs."""
        self.state.reset()

    # media jobs and the clock
    def script_next_job(
        self, vendor: str, fate: str, reason: str | None = None, *, code: int | None = None
    ) -> None:
        """Give the next accepted job of ``vendor`` (midjourney, suno, kling, flux, runway,
        higgsfield, veo, seedance) a fate:
        ``succeed``, ``fail``, ``moderated``, ``queued``, (Midjourney) ``reject`` with
        ``code`` 3/4/9/23, or (Seedance, higgsfield) ``cancel``. Fates queue up, one per job."""
        spec = {"vendor": vendor, "fate": fate, "reason": reason, "code": code}
        self.state.jobs.script(*parse_fate(spec))

    def set_suno_feed_shape(self, shape: str) -> None:
        """``"bare"`` (a JSON array, default) or ``"wrapped"`` (``{"code":200,"data":[...]}``)."""
        self.state.jobs.set_suno_feed(shape)

    def set_response_shape(self, name: str, shape: str) -> None:
        """Pick a tolerated response shape: Runway ``official``, ``wrapped`` or ``feed``;
        higgsfield ``job``, ``wrapped`` or ``jobset``; ``veo_submit`` (data, data_id, id,
        task_id), ``seedance_task`` (ark, wrapped), ``suno_feed`` (bare, wrapped)."""
        self.state.jobs.set_shape(name, shape)

    def set_clock_speed(self, speed: float) -> None:
        """Emulated seconds per real second from now on (reset restores the initial speed)."""
        self.state.clock.set_speed(speed)

    def advance_clock(self, seconds: float) -> None:
        """Jump emulated time forward by ``seconds``."""
        self.state.clock.advance(seconds)
