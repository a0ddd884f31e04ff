import os
from unittest import mock

import pytest
from langchain_core.load import dumpd, dumps, load

from gptproto_core.errors import ConfigurationError
from langchain_gptproto import ChatGPTProto

SECRET = "sk-very-secret-123456"


def test_round_trip_restores_the_model_and_keeps_the_key_out():
    llm = ChatGPTProto(model="grok-4", api_key=SECRET, temperature=0.2, max_tokens=64)
    data = dumpd(llm)
    assert SECRET not in dumps(llm)
    assert data["kwargs"]["api_key"] == {"lc": 1, "type": "secret", "id": ["GPTPROTO_API_KEY"]}
    with mock.patch.dict(os.environ, {"GPTPROTO_API_KEY": SECRET}):
        revived = load(
            data,
            valid_namespaces=["langchain_gptproto"],
            allowed_objects=[ChatGPTProto],
            secrets_from_env=True,
        )
    assert isinstance(revived, ChatGPTProto)
    assert (revived.model, revived.temperature, revived.max_tokens) == ("grok-4", 0.2, 64)
    assert revived.api_key is not None and revived.api_key.get_secret_value() == SECRET


def test_key_never_in_repr_or_str():
    llm = ChatGPTProto(model="gpt-4o", api_key=SECRET)
    assert SECRET not in repr(llm) and SECRET not in str(llm)
    assert SECRET not in repr(llm._clients.sync())


def test_missing_key_names_the_variable(monkeypatch):
    monkeypatch.delenv("GPTPROTO_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-should-never-be-used")
    with pytest.raises(ConfigurationError, match="GPTPROTO_API_KEY"):
        ChatGPTProto(model="gpt-4o")


@pytest.mark.parametrize("url", ["ftp://gptproto.com", "gptproto.com", "http://"])
def test_bad_base_url_is_refused(url):
    with pytest.raises(ConfigurationError, match="http"):
        ChatGPTProto(model="gpt-4o", api_key=SECRET, base_url=url)


def test_base_url_from_env_and_v1_suffix_tolerated(monkeypatch):
    monkeypatch.setenv("GPTPROTO_BASE_URL", "https://relay.example.test/v1/")
    llm = ChatGPTProto(model="gpt-4o", api_key=SECRET)
    assert llm._clients.sync().base_url == "https://relay.example.test"
