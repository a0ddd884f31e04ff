"""Install the built wheel with only one extra into a fresh venv and make one call.

    .venv/bin/python .ci/wheel_check.py        (or: make wheel-check)

For `[langchain]` and for `[llama-index]`: a new `uv venv`, the wheel installed with that extra
only, `ChatGPTProto.invoke` / `GPTProto.complete` against an emulator started from the project's
own .venv, and the other adapter's import refused with an ImportError naming its extra.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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
try:
    {other}
except ImportError as error:
    message = str(error)
    assert {extra!r} in message, "the ImportError does not name the extra: " + message
    print("other adapter refused:", message)
else:
    sys.exit("the other adapter imported without its extra")
"""


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
        _run([*UV, "build", "--wheel", "-q", "-o", str(work / "dist")], cwd=ROOT)
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
