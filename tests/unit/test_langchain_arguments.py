"""ChatGPTProto's arguments never vanish: ChatOpenAI's names are mapped or refused, unknown
names reach the body with a warning, and bad settings raise ConfigurationError at construction.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest
from langchain_core.load import dumpd

from gptproto_core.errors import ConfigurationError
from langchain_gptproto import ChatGPTProto
from tests.unit.wire import only_request

KEY = "sk-lc-args-000000"
LOCAL = "http://127.0.0.1:8787"


pytestmark = pytest.mark.usefixtures("no_gptproto_env")


def first_request(llm: Any) -> httpx.Request:
    return only_request(llm, lambda: llm.invoke("Hi"))


@pytest.mark.parametrize("name", ["base_url", "openai_api_base", "api_base"])
def test_every_name_for_the_base_url_sends_there(name):
    llm = ChatGPTProto(api_key=KEY, **{name: f"{LOCAL}/v1"})
    assert llm.base_url == f"{LOCAL}/v1"
    assert str(first_request(llm).url) == f"{LOCAL}/v1/chat/completions"


def test_chat_openai_names_for_model_tokens_and_timeout_are_mapped():
    llm = ChatGPTProto(
        api_key=KEY, model_name="grok-4", max_completion_tokens=64, request_timeout=7
    )
    assert (llm.model, llm.max_tokens, llm.timeout) == ("grok-4", 64, 7)
    assert llm._clients.sync().config.timeout == 7.0
    body = json.loads(first_request(llm).content)
    assert (body["model"], body["max_tokens"]) == ("grok-4", 64)


def test_two_names_for_one_setting_are_refused():
    with pytest.raises(ConfigurationError, match="base_url= and openai_api_base="):
        ChatGPTProto(api_key=KEY, base_url=LOCAL, openai_api_base="https://elsewhere.test")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"openai_api_key": KEY}, "did you mean api_key=?"),
        ({"timout": 5}, "did you mean timeout=?"),
        ({"base_uri": LOCAL}, "did you mean base_url=?"),
        ({"max_retry": 1}, "did you mean max_retries=?"),
        ({"endpoint": f"{LOCAL}/v1"}, "did you mean base_url=?"),
        ({"headers": {"X-A": "1"}}, "did you mean default_headers=?"),
        ({"openai_organization": "org-1"}, "no openai_organization= setting"),
    ],
)
def test_connection_look_alikes_are_refused_not_forwarded(arguments, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        ChatGPTProto(api_key=KEY, **arguments)
    assert KEY not in str(caught.value)


def test_other_unknown_arguments_reach_the_body_with_a_warning():
    with pytest.warns(UserWarning, match=r"foo=.*model_kwargs\['foo'\]"):
        llm = ChatGPTProto(api_key=KEY, foo=1)
    assert llm.model_kwargs == {"foo": 1}
    assert json.loads(first_request(llm).content)["foo"] == 1


def test_the_warning_suggests_a_close_field():
    with pytest.warns(UserWarning, match="Did you mean temperature="):
        llm = ChatGPTProto(api_key=KEY, temprature=0.1)
    assert llm.model_kwargs == {"temprature": 0.1} and llm.temperature is None


def test_model_kwargs_says_it_on_purpose_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        llm = ChatGPTProto(api_key=KEY, model_kwargs={"seed": 7})
    assert json.loads(first_request(llm).content)["seed"] == 7


def test_an_unknown_argument_also_in_model_kwargs_is_refused():
    with pytest.raises(ConfigurationError, match="given twice"):
        ChatGPTProto(api_key=KEY, seed=1, model_kwargs={"seed": 2})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"timeout": 0}, "timeout must be a positive"),
        ({"timeout": -3}, "timeout must be a positive"),
        ({"max_retries": -1}, "max_retries must be a whole number"),
        ({"auth_scheme": "basic"}, "'bearer' or 'raw'"),
        ({"default_headers": {"authorization": "Bearer x"}}, "auth_scheme"),
        ({"base_url": "ftp://gptproto.com"}, "http"),
        ({"temperature": "hot"}, "temperature"),
    ],
)
def test_bad_settings_raise_configuration_error_not_a_validation_error(arguments, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        ChatGPTProto(api_key=KEY, **arguments)
    assert KEY not in str(caught.value)
    assert "validation error" not in str(caught.value).lower()
    assert caught.value.__cause__ is None  # no pydantic dump chained under our message


def test_a_bad_scheme_in_the_environment_is_refused_at_construction(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "token")
    with pytest.raises(ConfigurationError, match="GPTPROTO_AUTH_SCHEME"):
        ChatGPTProto(api_key=KEY)


def test_auth_scheme_sets_the_key_form():
    assert (
        first_request(ChatGPTProto(api_key=KEY, auth_scheme="raw")).headers["authorization"] == KEY
    )
    assert first_request(ChatGPTProto(api_key=KEY)).headers["authorization"] == f"Bearer {KEY}"


def test_client_settings_carry_every_connection_field():
    llm = ChatGPTProto(
        api_key=KEY,
        base_url=LOCAL,
        timeout=9,
        max_retries=0,
        default_headers={"X-A": "1"},
        auth_scheme="raw",
    )
    settings = llm.client_settings()
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
    assert (settings.base_url, settings.timeout, settings.max_retries) == (LOCAL, 9, 0)
    assert (dict(settings.default_headers), settings.auth_scheme) == ({"X-A": "1"}, "raw")


def test_serialised_arguments_use_our_names_and_keep_the_key_out():
    data = dumpd(ChatGPTProto(api_key=KEY, openai_api_base=LOCAL, auth_scheme="raw"))
    assert data["kwargs"]["base_url"] == LOCAL and "openai_api_base" not in data["kwargs"]
    assert data["kwargs"]["auth_scheme"] == "raw"
    assert KEY not in json.dumps(data)


def test_pydantic_complaints_never_echo_a_header_value():
    with pytest.raises(ConfigurationError, match="default_headers") as caught:
        ChatGPTProto(api_key=KEY, default_headers={"X-Api-Key": ["sk-header-secret"]})
    assert "sk-header-secret" not in str(caught.value)
