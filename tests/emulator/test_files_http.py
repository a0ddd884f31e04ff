"""Multipart uploads, binary answers and downloads over real sockets (a tiny local server)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.downloads import adownload, download
from gptproto_core.errors import InvalidInputError
from gptproto_core.files import FileRef
from gptproto_core.retry import RequestKind
from gptproto_core.tasks import Output
from tests.conftest import DATA

PNG = DATA / "sample.png"
KEY = "sk-files-test-0001"
WAV = (DATA / "sample.wav").read_bytes()


class Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []  # noqa: RUF012 (one server per test module)

    def log_message(self, *args: Any) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        self.seen.append({"path": self.path, "auth": self.headers.get("Authorization")})
        if self.path.startswith("/cdn/sample.png"):
            self._send(200, PNG.read_bytes(), "image/png")
        elif self.path == "/cdn/page.html":
            self._send(200, b"<html></html>", "text/html")
        else:
            self._send(404, b"no", "text/plain")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(
            {
                "path": self.path,
                "auth": self.headers.get("Authorization"),
                "body": body,
                "type": self.headers.get("Content-Type"),
            }
        )
        if self.path == "/v1/audio/speech":
            self._send(200, WAV, "audio/wav")
        else:
            self._send(200, b'{"ok": true}', "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _parts(record: dict[str, Any]) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + record["type"].encode() + b"\r\n\r\n" + record["body"]
    )
    return {
        part.get_param("name", header="content-disposition"): (
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    }


def test_a_multipart_request_sends_the_file_and_the_fields(server: str):
    with GPTProtoClient(api_key=KEY, base_url=server) as client:
        client.request_json(
            "POST",
            "/v1/images/edits",
            files={"image": FileRef(str(PNG))},
            data={"prompt": "make it blue", "n": 2},
            kind=RequestKind.SUBMIT,
        )
    record = Handler.seen[-1]
    assert record["auth"] == f"Bearer {KEY}"
    parts = _parts(record)
    assert parts["image"] == ("sample.png", "image/png", PNG.read_bytes())
    assert parts["prompt"][2] == b"make it blue" and parts["n"][2] == b"2"


def test_a_file_given_by_url_is_fetched_without_the_key_then_uploaded(server: str):
    before = len(Handler.seen)
    with GPTProtoClient(api_key=KEY, base_url=server) as client:
        client.request_json(
            "POST",
            "/v1/images/edits",
            files={"image": FileRef(f"{server}/cdn/sample.png", kinds=("image",))},
        )
    fetch, upload = Handler.seen[before:]
    assert fetch["path"] == "/cdn/sample.png" and fetch["auth"] is None
    assert _parts(upload)["image"][2] == PNG.read_bytes()


async def test_async_multipart_and_binary_answers_match_the_sync_ones(server: str, tmp_path: Path):
    async with AsyncGPTProtoClient(api_key=KEY, base_url=server, transport="httpx") as client:
        await client.request_json("POST", "/v1/images/edits", files={"image": FileRef(str(PNG))})
        saved = await client.request_file(
            "POST", "/v1/audio/speech", dest=tmp_path, json={"input": "hi"}
        )
    assert _parts(Handler.seen[-2])["image"][2] == PNG.read_bytes()
    assert saved.path.read_bytes() == WAV and saved.content_type == "audio/wav"


def test_a_binary_answer_is_streamed_to_the_output_directory(server: str, tmp_path: Path):
    with GPTProtoClient(api_key=KEY, base_url=server) as client:
        saved = client.request_file(
            "POST", "/v1/audio/speech", dest=tmp_path, json={"input": "hello"}
        )
    assert saved.path.parent == tmp_path and saved.path.suffix == ".wav"
    assert saved.path.read_bytes() == WAV and saved.size == len(WAV)
    with GPTProtoClient(api_key=KEY, base_url=server) as client:
        again = client.request_file("POST", "/v1/audio/speech", dest=tmp_path, json={"input": "x"})
    assert again.path != saved.path and saved.path.exists()  # a second answer never overwrites


def test_download_saves_a_url_and_checks_type_and_size(server: str, tmp_path: Path):
    saved = download(f"{server}/cdn/sample.png", tmp_path, kinds=("image",))
    assert saved.path.read_bytes() == PNG.read_bytes()
    with pytest.raises(InvalidInputError, match="text/html, not an image"):
        download(f"{server}/cdn/page.html", tmp_path, kinds=("image",))
    with pytest.raises(InvalidInputError, match="the limit is 100 bytes"):
        download(f"{server}/cdn/sample.png", tmp_path / "small.png", max_bytes=100)
    assert not (tmp_path / "small.png").exists()
    with pytest.raises(InvalidInputError, match="HTTP 404"):
        download(f"{server}/cdn/missing.png", tmp_path)


async def test_adownload_is_the_same_download_for_async_code(server: str, tmp_path: Path):
    saved = await adownload(f"{server}/cdn/sample.png", tmp_path / "copy.png")
    assert saved.path == tmp_path / "copy.png" and saved.size == PNG.stat().st_size
    output = Output(f"{server}/cdn/sample.png", "image")  # any task's output downloads the same
    assert download(output, tmp_path / "out.png").path.read_bytes() == PNG.read_bytes()
