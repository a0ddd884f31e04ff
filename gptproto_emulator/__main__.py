"""``python -m gptproto_emulator [--host H] [--port 8787] [--api-key KEY] [--clock-speed N]``.

The banner ends with two ``export`` lines, so a shell can point a user's own code at it.
"""

from __future__ import annotations

import argparse
import ipaddress
import math
import signal
import sys
import threading
from types import FrameType

from gptproto_emulator.http.auth import DEFAULT_API_KEY


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _positive(text: str) -> float:
    value = float(text)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
    return value


def banner(url: str, api_key: str, clock_speed: float = 1.0) -> str:
    """What the command prints once it listens: the address, then lines a shell can paste."""
    speed = f", clock speed {clock_speed:g}x" if clock_speed != 1.0 else ""
    return (
        f"gptproto emulator listening on {url} (api key: {api_key}{speed})\n"
        f"export GPTPROTO_BASE_URL={url}\n"
        f"export GPTPROTO_API_KEY={api_key}"
    )


def main(argv: list[str] | None = None, prog: str = "python -m gptproto_emulator") -> int:
    """Serve in the foreground until Ctrl-C (``prog`` is the command shown in ``--help``)."""
    parser = argparse.ArgumentParser(prog=prog, description="Local gptproto API emulator.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port (default 8787, 0 = any)")
    parser.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        help=f"accepted API key, repeatable (default {DEFAULT_API_KEY})",
    )
    parser.add_argument(
        "--clock-speed",
        type=_positive,
        default=1.0,
        metavar="N",
        help="media jobs' emulated time runs N times faster (default 1)",
    )
    args = parser.parse_args(argv)
    if not _is_loopback(args.host):
        print(f"warning: binding {args.host}, which is not a loopback address", file=sys.stderr)

    from gptproto_emulator.http.server import EmulatorServer
    from gptproto_emulator.http.state import EmulatorState

    state = EmulatorState(args.api_keys, clock_speed=args.clock_speed)
    server = EmulatorServer(host=args.host, port=args.port, state=state)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Explicit handlers: a shell starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    server.start()
    print(banner(server.url, server.api_key, args.clock_speed), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
