"""``python -m bench.files [--mb 200] [--runs 3]``: peak RSS added by a big upload and download.

A small HTTP server on 127.0.0.1 (a thread of this process) takes a multipart upload, counting
and discarding its bytes, and serves a body of ``--mb`` MiB. Each measurement is a fresh child
interpreter: it imports, builds its client and warms both paths up with 1 MiB, reads its peak RSS
(``VmHWM``), then uploads (``request_json(files=...)``) or downloads (``request_file``) the big
file and reads the peak again. The figure is the difference: what the transfer itself added.
Sync client, and the async client on both transports (``httpx`` and ``aiohttp``). A report, not a
test: the exit code does not depend on the numbers.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.stats import median
from bench.subprocesses import run_python

MiB = 1024 * 1024
_CHUNK = 256 * 1024
CLIENTS = ("sync", "async httpx", "async aiohttp")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        if self.path.startswith("/download/"):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._download(int(self.path.rsplit("/", 1)[1]))
            return
        left, received = int(self.headers["Content-Length"]), 0
        while left:  # read and drop: the server must not be what grows
            chunk = self.rfile.read(min(_CHUNK, left))
            left -= len(chunk)
            received += len(chunk)
        self._send(json.dumps({"received": received}).encode(), "application/json")

    def _download(self, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        block = bytes(_CHUNK)
        while size:
            part = block[: min(_CHUNK, size)]
            self.wfile.write(part)
            size -= len(part)

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def file_server() -> Iterator[str]:
    """The upload/download server on 127.0.0.1, stopped on exit."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


_CHILD = r"""
import asyncio, sys
from pathlib import Path
from gptproto_core import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.files import FileRef

client_kind, action, url, big, small, out = sys.argv[1:7]
size = Path(big).stat().st_size

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

def upload(c, path):
    return c.request_json("POST", "/upload", files={"file": FileRef(path)}, data={"x": "1"})

def download(c, n):
    return c.request_file("POST", f"/download/{n}", dest=out)

def check(answer):
    assert (answer["received"] if action == "upload" else answer.size) >= size

def run_sync():
    with GPTProtoClient(api_key="sk-bench-files", base_url=url, max_retries=0, timeout=300) as c:
        upload(c, small), download(c, 1 << 20)  # warm both paths up, then the baseline
        before = peak()
        check(upload(c, big) if action == "upload" else download(c, size))
        return before, peak()

async def run_async(transport):
    async with AsyncGPTProtoClient(
        api_key="sk-bench-files", base_url=url, max_retries=0, timeout=300, transport=transport
    ) as c:
        await upload(c, small), await download(c, 1 << 20)
        before = peak()
        check(await (upload(c, big) if action == "upload" else download(c, size)))
        return before, peak()

if client_kind == "sync":
    before, after = run_sync()
else:
    before, after = asyncio.run(run_async(client_kind.split()[1]))
print(before, after)
"""


def measure(client: str, action: str, url: str, big: Path, small: Path, out: Path) -> float:
    """MiB of peak RSS that one transfer added in a fresh child."""
    line = run_python(_CHILD, client, action, url, str(big), str(small), str(out))
    before, after = (int(x) for x in line.split())
    return (after - before) / MiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.files", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--mb", type=int, default=200, help="size of the upload and download")
    parser.add_argument("--runs", type=int, default=3, help="children per cell (median)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gptproto-bench-") as tmp, file_server() as url:
        folder = Path(tmp)
        big, small, out = folder / "big.bin", folder / "small.bin", folder / "out"
        with big.open("wb") as f:  # real bytes on disk, not a sparse file
            block = bytes(range(256)) * 4096
            for _ in range(args.mb):
                f.write(block)
        small.write_bytes(bytes(MiB))
        out.mkdir()
        print(
            f"| client | upload {args.mb} MiB: +peak RSS MiB "
            f"| download {args.mb} MiB: +peak RSS MiB |"
        )
        print("| --- | ---: | ---: |")
        for client in CLIENTS:
            cells = []
            for action in ("upload", "download"):
                runs = [measure(client, action, url, big, small, out) for _ in range(args.runs)]
                for saved in out.iterdir():
                    saved.unlink()
                cells.append(f"{median(runs):.1f} ({min(runs):.1f}-{max(runs):.1f})")
            print(f"| {client} | {cells[0]} | {cells[1]} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
