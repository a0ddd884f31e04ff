"""Authentication (API.md §2.2), unknown routes and the admin routes' open access."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from gptproto_emulator import DEFAULT_API_KEY, EmulatorServer

CHAT = "/v1/chat/completions"
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Who are you?"}]}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gptproto_emulator.url, timeout=10) as client:
        yield client


def test_default_key_is_the_documented_one(gptproto_emulator: EmulatorServer) -> None:
    assert gptproto_emulator.api_key == DEFAULT_API_KEY == "sk-emulator-0000"


def test_missing_key_is_401_with_ph_err_a_body(http: httpx.Client) -> None:
    response = http.post(CHAT, json=BODY)
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["type"] == "authentication_error"
    assert error["code"] == "invalid_api_key"
    assert "Missing Authorization header" in error["message"]


@pytest.mark.parametrize("header", ["Bearer sk-wrong", "sk-wrong", "Bearer", "Basic abc"])
def test_wrong_key_is_401(http: httpx.Client, header: str) -> None:
    response = http.post(CHAT, json=BODY, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_api_key"


@pytest.mark.parametrize("form", ["Bearer {key}", "bearer {key}", "{key}"])
def test_bearer_and_bare_forms_are_accepted(
    http: httpx.Client, gptproto_emulator: EmulatorServer, form: str
) -> None:
    header = form.format(key=gptproto_emulator.api_key)
    response = http.post(CHAT, json=BODY, headers={"Authorization": header})
    assert response.status_code == 200, response.text
    assert response.json()["object"] == "chat.completion"


def test_admin_routes_need_no_key(http: httpx.Client) -> None:
    assert http.get("/__emulator__/health").json() == {"ok": True}
    assert http.get("/__emulator__/counters").status_code == 200


def test_unknown_route_is_404_with_e1_body(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    response = http.post("/v1/no-such-route", json={}, headers=headers)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert "/v1/no-such-route" in error["message"]


def test_wrong_method_is_405_with_json_body(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    headers = {"Authorization": gptproto_emulator.api_key}
    response = http.get(CHAT, headers=headers)
    assert response.status_code == 405
    assert "GET /v1/chat/completions" in response.json()["error"]["message"]


def test_custom_keys_replace_the_default() -> None:
    with EmulatorServer(api_keys=["sk-one", "sk-two"]) as server:
        assert server.api_key == "sk-one"
        with httpx.Client(base_url=server.url) as http:
            for key, status in [("sk-one", 200), ("sk-two", 200), (DEFAULT_API_KEY, 401)]:
                response = http.post(CHAT, json=BODY, headers={"Authorization": f"Bearer {key}"})
                assert response.status_code == status
