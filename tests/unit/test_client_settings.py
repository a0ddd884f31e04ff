"""ClientSettings: the one place a client setting is defaulted and checked, and the clients
built from it. No sockets: requests go to an in-process httpx transport.
"""

from __future__ import annotations

import asyncio
import math

import httpx
import pytest
from pydantic import SecretStr

from gptproto_core import AsyncGPTProtoClient, ClientSettings, ConfigurationError, GPTProtoClient
from gptproto_core.config import ClientConfig
from gptproto_core.session import ClientSet

KEY = "sk-settings-000000"


pytestmark = pytest.mark.usefixtures("no_gptproto_env")


def sent_headers(**settings: object) -> httpx.Headers:
    """Headers of one request from a client on `settings`, through an in-process transport."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    transport = httpx.Client(transport=httpx.MockTransport(answer))
    GPTProtoClient(api_key=KEY, http_client=transport, **settings).request_json("GET", "/v1/models")
    (request,) = seen
    return request.headers


# --- resolution ----------------------------------------------------------------------------


def test_defaults_and_the_key_is_held_as_a_secret():
    settings = ClientSettings(api_key=KEY)
    assert isinstance(settings.api_key, SecretStr)
    assert KEY not in repr(settings)
    config = settings.resolve()
    assert config == ClientConfig(
        api_key=SecretStr(KEY),
        base_url="https://gptproto.com",
        timeout=120.0,
        max_retries=2,
        default_headers={},
        auth_scheme="bearer",
    )


def test_arguments_first_then_the_environment(monkeypatch):
    monkeypatch.setenv("GPTPROTO_API_KEY", "sk-from-env")
    monkeypatch.setenv("GPTPROTO_BASE_URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    from_env = ClientSettings().resolve()
    assert (from_env.api_key.get_secret_value(), from_env.base_url, from_env.auth_scheme) == (
        "sk-from-env",
        "http://127.0.0.1:9",
        "raw",
    )
    given = ClientSettings(api_key=KEY, base_url="https://relay.test", auth_scheme="bearer")
    resolved = given.resolve()
    assert (resolved.api_key.get_secret_value(), resolved.base_url, resolved.auth_scheme) == (
        KEY,
        "https://relay.test",
        "bearer",
    )


def test_validate_pins_what_was_checked(monkeypatch):
    monkeypatch.setenv("GPTPROTO_API_KEY", "sk-first")
    pinned = ClientSettings().validate()
    monkeypatch.setenv("GPTPROTO_API_KEY", "sk-second")
    assert pinned.api_key == SecretStr("sk-first")
    assert (pinned.base_url, pinned.timeout, pinned.max_retries, pinned.auth_scheme) == (
        "https://gptproto.com",
        120.0,
        2,
        "bearer",
    )
    assert pinned.validate() == pinned  # resolving resolved settings changes nothing


def test_headers_are_copied_so_later_edits_do_not_leak_in():
    headers = {"X-Team": "a"}
    settings = ClientSettings(api_key=KEY, default_headers=headers)
    headers["X-Team"] = "b"
    assert settings.default_headers == {"X-Team": "a"}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "GPTPROTO_API_KEY"),
        ({"api_key": "   "}, "GPTPROTO_API_KEY"),
        ({"api_key": KEY, "base_url": "ftp://gptproto.com"}, "http"),
        ({"api_key": KEY, "timeout": 0}, "timeout must be a positive"),
        ({"api_key": KEY, "timeout": -1.5}, "timeout must be a positive"),
        ({"api_key": KEY, "timeout": math.nan}, "timeout must be a positive"),
        ({"api_key": KEY, "timeout": True}, "timeout must be a positive"),
        ({"api_key": KEY, "timeout": "30"}, "timeout must be a positive"),
        ({"api_key": KEY, "max_retries": -1}, "max_retries must be a whole number"),
        ({"api_key": KEY, "max_retries": 1.5}, "max_retries must be a whole number"),
        ({"api_key": KEY, "auth_scheme": "Bearer"}, "auth_scheme must be 'bearer' or 'raw'"),
        ({"api_key": KEY, "auth_scheme": "basic"}, "auth_scheme must be 'bearer' or 'raw'"),
        ({"api_key": KEY, "async_transport": "curl"}, "async_transport"),
    ],
)
def test_every_setting_is_checked(settings, message):
    with pytest.raises(ConfigurationError, match=message):
        ClientSettings(**settings).resolve()
    with pytest.raises(ConfigurationError, match=message):
        ClientSettings(**settings).validate()


def test_a_bad_scheme_in_the_environment_names_the_variable_and_the_choices(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "token")
    with pytest.raises(ConfigurationError) as caught:
        ClientSettings(api_key=KEY).resolve()
    assert "GPTPROTO_AUTH_SCHEME" in str(caught.value)
    assert "'bearer' or 'raw'" in str(caught.value) and "'token'" in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "name", ["Authorization", "authorization", "AUTHORIZATION", " authorization"]
)
def test_an_authorization_header_is_refused_in_any_case(name):
    with pytest.raises(ConfigurationError, match="auth_scheme") as caught:
        ClientSettings(api_key=KEY, default_headers={name: "Bearer other"}).resolve()
    assert KEY not in str(caught.value)
    with pytest.raises(ConfigurationError, match="auth_scheme"):
        GPTProtoClient(api_key=KEY, default_headers={name: "Bearer other"})


# --- clients from settings -----------------------------------------------------------------


def test_from_settings_and_keywords_build_the_same_client():
    given = {
        "api_key": KEY,
        "base_url": "http://127.0.0.1:9/v1",
        "timeout": 5,
        "max_retries": 0,
        "default_headers": {"X-Team": "a"},
        "auth_scheme": "raw",
    }
    settings = ClientSettings(**given)
    by_settings = GPTProtoClient.from_settings(settings)
    by_keywords = GPTProtoClient(**given)
    assert by_settings.config == by_keywords.config == settings.resolve()
    assert by_settings.config.timeout == 5.0 and by_settings.max_retries == 0


def test_the_key_form_on_the_wire():
    raw = sent_headers(auth_scheme="raw", default_headers={"X-A": "1"})
    assert raw["authorization"] == KEY and raw["x-a"] == "1"
    assert sent_headers()["authorization"] == f"Bearer {KEY}"


def test_the_keyword_constructor_reads_the_scheme_from_the_environment(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    assert GPTProtoClient(api_key=KEY).config.auth_scheme == "raw"
    assert GPTProtoClient(api_key=KEY, auth_scheme="bearer").config.auth_scheme == "bearer"


def test_settings_and_keywords_together_are_refused():
    with pytest.raises(ConfigurationError, match="not both"):
        GPTProtoClient(settings=ClientSettings(api_key=KEY), base_url="http://127.0.0.1:9")
    with pytest.raises(ConfigurationError, match="not both"):
        AsyncGPTProtoClient(settings=ClientSettings(api_key=KEY), transport="httpx")


def test_the_async_client_takes_its_transport_from_the_settings():
    settings = ClientSettings(api_key=KEY, auth_scheme="raw", async_transport="httpx")
    client = AsyncGPTProtoClient.from_settings(settings)
    try:
        assert client.config == settings.resolve()
        assert type(client._http._transport) is httpx.AsyncHTTPTransport
    finally:
        asyncio.run(client.aclose())


def test_client_set_checks_at_construction_and_builds_both_clients_from_one_settings():
    with pytest.raises(ConfigurationError, match="timeout"):
        ClientSet(ClientSettings(api_key=KEY, timeout=0))
    clients = ClientSet(ClientSettings(api_key=KEY, auth_scheme="raw", async_transport="httpx"))
    assert clients.sync().config.auth_scheme == "raw"

    async def async_config() -> ClientConfig:
        return clients.for_running_loop().config

    assert asyncio.run(async_config()) == clients.sync().config
