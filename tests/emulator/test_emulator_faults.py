"""Scripted faults, counters, reset and the other /__emulator__/ admin routes."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

CHAT = "/v1/chat/completions"
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
STREAM_BODY = {**BODY, "stream": True}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def add_fault(http: httpx.Client, **spec: Any) -> httpx.Response:
    response = http.post("/__emulator__/faults", json={"path": CHAT, "method": "POST", **spec})
    assert response.status_code == 200, response.text
    return response


def test_429_with_retry_after_then_normal(http: httpx.Client) -> None:
    add_fault(http, status=429, headers={"Retry-After": "1"})
    limited = http.post(CHAT, json=BODY)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json() == {
        "error": {
            "message": "Rate limit exceeded",
            "type": "rate_limit_error",
            "code": "rate_limit_exceeded",
        }
    }
    assert http.post(CHAT, json=BODY).status_code == 200


def test_times_repeats_the_fault_and_500_uses_the_e2_body(http: httpx.Client) -> None:
    add_fault(http, status=500, times=2)
    first, second, third = (http.post(CHAT, json=BODY) for _ in range(3))
    assert first.status_code == second.status_code == 500
    assert first.json() == {"error": {"message": "Internal server error", "type": "500"}}
    assert third.status_code == 200


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            401,
            {
                "message": "Invalid API key",
                "type": "authentication_error",
                "code": "invalid_api_key",
            },
        ),
        (403, {"message": "Invalid Token", "type": "403"}),
        (
            503,
            {
                "message": "Input may not meet the guidelines. Please adjust and try again.",
                "type": "503",
            },
        ),
        (502, {"message": "Bad Gateway", "type": "502"}),
    ],
)
def test_default_bodies_per_status(http: httpx.Client, status: int, expected: Any) -> None:
    add_fault(http, status=status)
    response = http.post(CHAT, json=BODY)
    assert response.status_code == status
    assert response.json() == {"error": expected}


def test_custom_body_and_raw_text(http: httpx.Client) -> None:
    balance = {"error": {"message": "Insufficient balance", "type": "403"}}
    add_fault(http, status=403, body=balance)
    response = http.post(CHAT, json=BODY)
    assert (response.status_code, response.json()) == (403, balance)

    add_fault(http, status=502, raw="<html>bad gateway</html>")
    response = http.post(CHAT, json=BODY)
    assert response.status_code == 502
    assert response.text == "<html>bad gateway</html>"
    assert response.headers["content-type"].startswith("text/plain")


def test_malformed_json_body(http: httpx.Client) -> None:
    add_fault(http, malformed=True)
    response = http.post(CHAT, json=BODY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_malformed_stream(http: httpx.Client) -> None:
    add_fault(http, malformed=True)
    response = http.post(CHAT, json=STREAM_BODY)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    first = response.text.split("\n\n")[0]
    assert first.startswith("data: ")
    with pytest.raises(json.JSONDecodeError):
        json.loads(first[6:])


def test_drop_connection_raises_in_httpx(http: httpx.Client) -> None:
    add_fault(http, drop_connection=True)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.post(CHAT, json=BODY)
    assert http.post(CHAT, json=BODY).status_code == 200


async def test_drop_connection_raises_in_async_httpx(gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.add_fault(drop_connection=True)
    headers = {"Authorization": gptproto_emulator.api_key}
    async with httpx.AsyncClient(base_url=gptproto_emulator.url, headers=headers) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await client.post(CHAT, json=BODY)
        assert (await client.post(CHAT, json=BODY)).status_code == 200


def test_delay(http: httpx.Client) -> None:
    add_fault(http, delay_ms=300)
    started = time.perf_counter()
    response = http.post(CHAT, json=BODY)
    assert time.perf_counter() - started >= 0.3
    assert response.status_code == 200


def test_delay_hits_the_client_timeout(http: httpx.Client) -> None:
    add_fault(http, delay_ms=500, status=500)
    with pytest.raises(httpx.ReadTimeout):
        http.post(CHAT, json=BODY, timeout=0.1)


def test_stream_error_after(http: httpx.Client) -> None:
    add_fault(http, stream_error_after=2)
    response = http.post(CHAT, json=STREAM_BODY)
    assert response.status_code == 200
    blocks = response.text.strip().split("\n\n")
    assert len(blocks) == 3
    assert "[DONE]" not in response.text
    assert json.loads(blocks[0][6:])["object"] == "chat.completion.chunk"
    assert json.loads(blocks[2][6:]) == {
        "error": {
            "message": "The upstream stream was interrupted (scripted emulator fault)",
            "type": "server_error",
            "code": "upstream_error",
        }
    }


def test_faults_apply_before_auth_and_requests_are_counted(
    gptproto_emulator: EmulatorServer,
) -> None:
    gptproto_emulator.add_fault(status=429)
    with httpx.Client(base_url=gptproto_emulator.url) as anonymous:
        assert anonymous.post(CHAT, json=BODY).status_code == 429
        assert anonymous.post(CHAT, json=BODY).status_code == 401
    assert gptproto_emulator.counters()["requests"] == {"POST /v1/chat/completions": 2}


def test_faults_match_path_and_method(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.add_fault("/v1/other", status=500)
    gptproto_emulator.add_fault(CHAT, method="GET", status=500)
    assert http.post(CHAT, json=BODY).status_code == 200
    gptproto_emulator.add_fault("/v1/*", method=None, status=418)
    assert http.post(CHAT, json=BODY).status_code == 418
    assert len(http.get("/__emulator__/faults").json()["faults"]) == 2


def test_admin_fault_queue_round_trip(http: httpx.Client) -> None:
    queued = http.post(
        "/__emulator__/faults", json=[{"path": CHAT, "status": 500}, {"path": CHAT, "status": 429}]
    ).json()
    assert queued["queued"] == 2
    assert [f["status"] for f in queued["faults"]] == [500, 429]
    assert queued["faults"][0] == {
        "path": CHAT,
        "method": None,
        "times": 1,
        "status": 500,
        "headers": {},
        "body": None,
        "raw": None,
        "delay_ms": 0,
        "drop_connection": False,
        "malformed": False,
        "stream_error_after": None,
    }
    assert http.post(CHAT, json=BODY).status_code == 500
    assert http.delete("/__emulator__/faults").json() == {"cleared": 1}
    assert http.post(CHAT, json=BODY).status_code == 200


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ({"status": "500"}, "'status'"),
        ({"status": 99}, "'status'"),
        ({"times": 0}, "'times'"),
        ({"delay_ms": -1}, "'delay_ms'"),
        ({"headers": {"Retry-After": 1}}, "'headers'"),
        ({"drop_connection": "yes"}, "'drop_connection'"),
        ({"statuss": 500}, "statuss"),
        ({"body": {}, "raw": "x"}, "'raw'"),
        ("oops", "JSON object"),
    ],
)
def test_bad_fault_specs_are_rejected(http: httpx.Client, spec: Any, fragment: str) -> None:
    response = http.post("/__emulator__/faults", json=spec)
    assert response.status_code == 400
    assert fragment in response.json()["error"]["message"]
    assert http.get("/__emulator__/faults").json() == {"faults": []}


def test_counters_and_reset(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    for _ in range(3):
        http.post(CHAT, json=BODY)
    http.get("/v1/unknown")
    counters = http.get("/__emulator__/counters").json()
    assert counters == {
        "requests": {"POST /v1/chat/completions": 3, "GET /v1/unknown": 1},
        "submissions": {},
    }
    gptproto_emulator.add_fault(status=500)
    assert http.post("/__emulator__/reset").json() == {"ok": True}
    assert http.get("/__emulator__/counters").json()["requests"] == {}
    assert http.get("/__emulator__/faults").json() == {"faults": []}
    assert http.post(CHAT, json=BODY).status_code == 200
    assert gptproto_emulator.counters()["requests"] == {"POST /v1/chat/completions": 1}


def test_last_request_redacts_the_key(http: httpx.Client) -> None:
    http.post(CHAT, json=BODY, headers={"X-Trace": "t1"})
    record = http.get("/__emulator__/last-request", params={"path": CHAT}).json()
    assert record["method"] == "POST"
    assert record["body"] == BODY
    assert record["headers"]["authorization"] == "Bearer <redacted>"
    assert record["headers"]["x-trace"] == "t1"
    assert "sk-emulator" not in json.dumps(record)
    missing = http.get("/__emulator__/last-request", params={"path": "/v1/none"})
    assert missing.status_code == 404


def test_server_helpers_mirror_the_admin_routes(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.add_fault(status=500, times=3)
    assert gptproto_emulator.clear_faults() == 1
    http.post(CHAT, json=BODY, headers={"Authorization": "sk-emulator-0000"})
    last = gptproto_emulator.last_request()
    assert last is not None
    assert last["headers"]["authorization"] == "<redacted>"
    gptproto_emulator.reset()
    assert gptproto_emulator.last_request() is None
    assert gptproto_emulator.counters() == {"requests": {}, "submissions": {}}


def test_clock_can_be_sped_up_and_advanced(http: httpx.Client) -> None:
    before = http.get("/__emulator__/clock").json()
    assert before["speed"] == 1.0
    after = http.post("/__emulator__/clock", json={"speed": 50, "advance_s": 3600}).json()
    assert after["speed"] == 50
    assert after["now"] - before["now"] >= 3600
    assert http.post("/__emulator__/clock", json={"speed": 0}).status_code == 400
    http.post("/__emulator__/reset")
    assert http.get("/__emulator__/clock").json()["speed"] == 1.0


def test_health(http: httpx.Client) -> None:
    assert http.get("/__emulator__/health").json() == {"ok": True}


async def test_many_concurrent_requests(gptproto_emulator: EmulatorServer) -> None:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    async with httpx.AsyncClient(base_url=gptproto_emulator.url, headers=headers) as client:
        responses = await asyncio.gather(*(client.post(CHAT, json=BODY) for _ in range(100)))
    assert {r.status_code for r in responses} == {200}
    assert gptproto_emulator.counters()["requests"] == {"POST /v1/chat/completions": 100}
