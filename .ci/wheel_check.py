"""Build the sdist, build the wheel from it, install that wheel with one extra and make one call.

    .venv/bin/python .ci/wheel_check.py        (or: make wheel-check)

For `[langchain]` and for `[llama-index]`: a new `uv venv`, the wheel installed with that extra
only, `ChatGPTProto.invoke` / `GPTProto.complete` against an emulator started from the project's
own .venv, and the other adapter's import (and the emulator, whose extra neither has) refused
with an ImportError naming its extra. The sdist must hold what builds the package and nothing
of the contributors' (no tests, cassettes, bench, CI or lock file).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The Makefile passes its own uv command (`python3 -m uv`); alone, the uv on PATH.
UV = os.environ.get("UV", "uv").split()

# extra → (the call that must answer, the other adapter's import, the extra it must name)
CHECKS = {
    "langchain": (
        "from langchain_gptproto import ChatGPTProto\n"
        "print(ChatGPTProto(model='gpt-4o').invoke('Say hi').text)\n",
        "import llama_index_gptproto",
        "gptproto-integrations[llama-index]",
    ),
    "llama-index": (
        "from llama_index_gptproto import GPTProto\n"
        "print(GPTProto(model='gpt-4o').complete('Say hi').text)\n",
        "import langchain_gptproto.chat_models",
        "gptproto-integrations[langchain]",
    ),
}

PROBE = """
import sys
{call}
for statement, extra in (({other!r}, {extra!r}), ("import gptproto_emulator.__main__",
                                                 "gptproto-integrations[emulator]")):
    try:
        exec(statement)
    except ImportError as error:
        message = str(error)
        assert extra in message, "the ImportError does not name the extra: " + message
        print("refused without its extra:", message)
    else:
        sys.exit(statement + " worked without its extra")
"""
# Top-level entries of the sdist (below its root folder) that would mean it ships too much.
NOT_IN_SDIST = ("tests", "cassettes", "bench", ".ci", "uv.lock", "examples", "Makefile")


def _check_sdist(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        tops = {Path(name).parts[1] for name in archive.getnames() if len(Path(name).parts) > 1}
    shipped = sorted(tops.intersection(NOT_IN_SDIST))
    if shipped:
        raise SystemExit(f"the sdist ships contributor files: {', '.join(shipped)}")
    print(f"sdist holds {', '.join(sorted(tops))}")  # noqa: T201


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_listening(port: int, emulator: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if emulator.poll() is not None:
            raise SystemExit(f"the emulator exited with {emulator.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the emulator did not listen on port {port} within {seconds} s")


def _run(cmd: list[str], **kwargs: object) -> None:
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wheel-check-") as tmp:
        work = Path(tmp)
        # No --wheel: uv builds the sdist, then the wheel from the unpacked sdist, as pip would.
        _run([*UV, "build", "-q", "-o", str(work / "dist")], cwd=ROOT)
        (sdist,) = (work / "dist").glob("*.tar.gz")
        _check_sdist(sdist)
        (wheel,) = (work / "dist").glob("*.whl")
        port = _free_port()
        emulator = subprocess.Popen(
            [sys.executable, "-m", "gptproto_emulator", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            for extra, (call, other, names) in CHECKS.items():
                venv = work / f"venv-{extra}"
                _run([*UV, "venv", "-q", "--python", sys.executable, str(venv)])
                python = venv / "bin" / "python"
                _run([*UV, "pip", "install", "-q", "--python", str(python), f"{wheel}[{extra}]"])
                _wait_until_listening(port, emulator)
                env = {
                    "PATH": os.environ.get("PATH", ""),
                    "GPTPROTO_BASE_URL": f"http://127.0.0.1:{port}",
                    "GPTPROTO_API_KEY": "sk-emulator-0000",
                }
                probe = PROBE.format(call=call, other=other, extra=names)
                print(f"[{extra}]", flush=True)  # noqa: T201 (a CI step reports)
                _run([str(python), "-c", probe], env=env, cwd=work)
        finally:
            emulator.terminate()
            emulator.wait(timeout=10)
    print(f"wheel check passed in {time.monotonic() - started:.1f} s")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
