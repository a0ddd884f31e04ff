"""Standard-suite plumbing: cassettes for every test, env pointed at the target, and the
sample media that langchain-tests downloads answered from tests/data (no internet here)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests._multipart import is_multipart, multipart_body
from tests.conftest import DATA, Target

# The only downloads the standard suites make; each is answered with our own small file.
SAMPLE_MEDIA = {
    "https://raw.githubusercontent.com/langchain-ai/docs/4d11d08b6b0e210bd456943f7a22febbd168b543/src/images/agentic-rag-output.png": (
        "sample.png",
        "image/png",
    ),
    "https://www.w3.org/WAI/ER/tests/xhtml/testfiles/resources/pdf/dummy.pdf": (
        "sample.pdf",
        "application/pdf",
    ),
    "https://upload.wikimedia.org/wikipedia/commons/6/6a/Northern_Flicker_202280456.wav": (
        "sample.wav",
        "audio/wav",
    ),
}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(autouse=True)
def _sample_media(monkeypatch: pytest.MonkeyPatch) -> None:
    real_get = httpx.get

    def get(url: Any, *args: Any, **kwargs: Any) -> httpx.Response:
        sample = SAMPLE_MEDIA.get(str(url))
        if sample is None:
            return real_get(url, *args, **kwargs)
        name, mime = sample
        content = (DATA / name).read_bytes()
        request = httpx.Request("GET", str(url))
        return httpx.Response(200, content=content, headers={"content-type": mime}, request=request)

    monkeypatch.setattr(httpx, "get", get)


@pytest.fixture(autouse=True)
def _point_env_at_target(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    if request.node.get_closest_marker("vcr") is None:
        yield
        return
    target: Target = request.getfixturevalue("gptproto_target")
    monkeypatch.setenv("GPTPROTO_BASE_URL", target.base_url)
    monkeypatch.setenv("GPTPROTO_API_KEY", target.api_key)
    yield


def _body_without_uuids(request: Any) -> Any:
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if not body:
        return body
    try:
        return json.loads(_UUID.sub("<uuid>", body))
    except ValueError:
        return _UUID.sub("<uuid>", body)


def _json_body_matcher(r1: Any, r2: Any) -> None:
    """Bodies match as JSON, with random UUIDs (few-shot tool-call ids) masked; multipart
    bodies part by part."""
    if is_multipart(r1):
        multipart_body(r1, r2)
        return
    assert _body_without_uuids(r1) == _body_without_uuids(r2)


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_matcher("json_body", _json_body_matcher)


@pytest.fixture(scope="session")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    return {**vcr_config, "match_on": ["method", "path", "query", "json_body"]}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # test_stream_time replays one request many times under the benchmark; every other test
    # must consume each recorded answer once (the prompt-cache tests send one body twice).
    for item in items:
        if item.name == "test_stream_time":
            item.add_marker(pytest.mark.vcr(allow_playback_repeats=True))
