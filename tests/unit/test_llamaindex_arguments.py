"""GPTProto's arguments never vanish: the usual other names are mapped, every other unknown
name is refused with the closest ones, and bad settings raise ConfigurationError at construction.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from llama_index.core.base.llms.types import ChatMessage

from gptproto_core.errors import ConfigurationError
from llama_index_gptproto import GPTProto
from tests.unit.wire import only_request

KEY = "sk-li-args-000000"
LOCAL = "http://127.0.0.1:8787"


pytestmark = pytest.mark.usefixtures("no_gptproto_env")


def first_request(llm: Any) -> httpx.Request:
    return only_request(llm, lambda: llm.chat([ChatMessage(role="user", content="Hi")]))


@pytest.mark.parametrize("name", ["base_url", "api_base", "openai_api_base"])
def test_every_name_for_the_base_url_sends_there(name):
    llm = GPTProto(api_key=KEY, **{name: f"{LOCAL}/v1"})
    assert llm.base_url == f"{LOCAL}/v1" and llm.api_base == LOCAL
    assert str(first_request(llm).url) == f"{LOCAL}/v1/chat/completions"


def test_other_usual_names_are_mapped():
    llm = GPTProto(api_key=KEY, model_name="grok-4", max_completion_tokens=64, request_timeout=7)
    assert (llm.model, llm.max_tokens, llm.timeout) == ("grok-4", 64, 7)
    body = json.loads(first_request(llm).content)
    assert (body["model"], body["max_tokens"]) == ("grok-4", 64)


def test_two_names_for_one_setting_are_refused():
    # Before, base_url silently won over api_base.
    with pytest.raises(ConfigurationError, match="base_url= and api_base="):
        GPTProto(api_key=KEY, base_url=LOCAL, api_base="https://elsewhere.test")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"foo": 1}, r"no argument foo=\. Fields for the request body go in additional_kwargs"),
        ({"temprature": 0.1}, "Did you mean temperature="),
        ({"openai_api_key": KEY}, "did you mean api_key=?"),
        ({"timout": 5}, "did you mean timeout=?"),
        ({"endpoint": LOCAL}, "did you mean base_url=?"),
        ({"http_client": object()}, "no http_client= setting"),
    ],
)
def test_unknown_arguments_are_refused(arguments, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        GPTProto(api_key=KEY, **arguments)
    assert KEY not in str(caught.value)


def test_body_fields_go_in_additional_kwargs():
    llm = GPTProto(api_key=KEY, additional_kwargs={"seed": 7})
    assert json.loads(first_request(llm).content)["seed"] == 7


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"timeout": 0}, "timeout must be a positive"),
        ({"max_retries": -1}, "max_retries must be a whole number"),
        ({"auth_scheme": "basic"}, "'bearer' or 'raw'"),
        ({"default_headers": {"Authorization": "Bearer x"}}, "auth_scheme"),
        ({"temperature": "hot"}, "temperature"),
    ],
)
def test_bad_settings_raise_configuration_error_not_a_validation_error(arguments, message):
    with pytest.raises(ConfigurationError, match=message) as caught:
        GPTProto(api_key=KEY, **arguments)
    assert "validation error" not in str(caught.value).lower()
    assert caught.value.__cause__ is None


def test_auth_scheme_from_argument_then_environment(monkeypatch):
    assert first_request(GPTProto(api_key=KEY, auth_scheme="raw")).headers["authorization"] == KEY
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    assert first_request(GPTProto(api_key=KEY)).headers["authorization"] == KEY
    bearer = GPTProto(api_key=KEY, auth_scheme="bearer")
    assert first_request(bearer).headers["authorization"] == f"Bearer {KEY}"
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "nope")
    with pytest.raises(ConfigurationError, match="GPTPROTO_AUTH_SCHEME"):
        GPTProto(api_key=KEY)


def test_a_round_trip_through_to_dict_keeps_every_setting():
    llm = GPTProto(api_key=KEY, api_base=LOCAL, auth_scheme="raw", request_timeout=5)
    data = llm.to_dict()
    assert "api_key" not in data and data["base_url"] == LOCAL and data["auth_scheme"] == "raw"
    revived = GPTProto.from_dict(data, api_key=KEY)
    assert revived.client_settings() == llm.client_settings()
    assert GPTProto(**data, api_key=KEY).client_settings() == llm.client_settings()
    with pytest.raises(ConfigurationError, match="class_name"):
        GPTProto(api_key=KEY, class_name="OpenAI")  # another class's record is not ours
