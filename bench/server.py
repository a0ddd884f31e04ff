"""The emulator as a separate, pinned process, and pinning of the benchmark process itself.

    with EmulatorProcess() as server:       # taskset -c 1 python -m gptproto_emulator
        httpx.post(f"{server.url}/v1/chat/completions", ...)

Client and server must not share a GIL or a core: the server gets core 1, the client core 0
(when the machine has at least two cores). The process is always terminated on exit.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from gptproto_emulator import DEFAULT_API_KEY

SERVER_CORE = 1
CLIENT_CORE = 0
_START_TIMEOUT = 20.0
_STOP_TIMEOUT = 5.0
_URL = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")
_PR_SET_PDEATHSIG = 1


def can_pin() -> bool:
    """Pinning makes sense with two cores or more and a Linux-style affinity API."""
    return hasattr(os, "sched_setaffinity") and len(os.sched_getaffinity(0)) >= 2


def pin_client() -> str:
    """Pin this process (and the threads and children it starts later) to CLIENT_CORE."""
    if not can_pin():
        return "not pinned (fewer than 2 cores or no sched_setaffinity)"
    os.sched_setaffinity(0, {CLIENT_CORE})
    return f"core {CLIENT_CORE} (os.sched_setaffinity)"


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM when the benchmark dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class ServerInfo:
    url: str
    api_key: str
    pinning: str
    pid: int


class EmulatorProcess:
    """``python -m gptproto_emulator --port 0`` in a child process on 127.0.0.1."""

    def __init__(self, api_key: str = DEFAULT_API_KEY) -> None:
        self.api_key = api_key
        self._proc: subprocess.Popen[bytes] | None = None
        self._logdir: tempfile.TemporaryDirectory[str] | None = None
        self.info: ServerInfo | None = None

    def start(self) -> ServerInfo:
        command = [
            sys.executable,
            "-m",
            "gptproto_emulator",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--api-key",
            self.api_key,
        ]
        pinning = "not pinned"
        if can_pin():
            taskset = shutil.which("taskset")
            if taskset:
                command = [taskset, "-c", str(SERVER_CORE), *command]
                pinning = f"core {SERVER_CORE} (taskset -c {SERVER_CORE})"
            else:
                pinning = f"core {SERVER_CORE} (sched_setaffinity in the child)"
        self._logdir = tempfile.TemporaryDirectory(prefix="gptproto-bench-")
        out_path = Path(self._logdir.name) / "stdout.log"
        err_path = Path(self._logdir.name) / "stderr.log"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            self._proc = subprocess.Popen(
                command,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                preexec_fn=self._prepare_child,  # the benchmark has no threads yet
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            match = _URL.search(out_path.read_text(errors="replace"))
            if match:
                self.info = ServerInfo(match.group(1), self.api_key, pinning, self._proc.pid)
                return self.info
            if self._proc.poll() is not None:
                break
            time.sleep(0.05)
        detail = err_path.read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"the emulator did not start within {_START_TIMEOUT:.0f}s: {detail}")

    @staticmethod
    def _prepare_child() -> None:
        _die_with_parent()
        if can_pin() and not shutil.which("taskset"):
            os.sched_setaffinity(0, {SERVER_CORE})

    def stop(self) -> None:
        """SIGTERM, wait, SIGKILL if needed; safe to call twice."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=_STOP_TIMEOUT)
        if self._logdir is not None:
            self._logdir.cleanup()
            self._logdir = None

    def __enter__(self) -> ServerInfo:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
