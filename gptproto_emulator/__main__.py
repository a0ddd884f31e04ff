"""``python -m gptproto_emulator [--host 127.0.0.1] [--port 8787] [--api-key KEY]``."""

from __future__ import annotations

import argparse
import ipaddress
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
    args = parser.parse_args(argv)
    if not _is_loopback(args.host):
        print(f"warning: binding {args.host}, which is not a loopback address", file=sys.stderr)

    from gptproto_emulator.http.server import EmulatorServer

    server = EmulatorServer(host=args.host, port=args.port, api_keys=args.api_keys)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # Explicit handlers: a shell starts background jobs with SIGINT ignored.
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    server.start()
    print(f"gptproto emulator listening on {server.url} (api key: {server.api_key})", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
