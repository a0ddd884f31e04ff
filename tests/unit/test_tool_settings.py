"""The toolkit, the spec and every tool take their settings as one object, checked at once."""

from __future__ import annotations

import pytest

from gptproto_core.errors import ConfigurationError
from langchain_gptproto import GPTProtoToolkit
from langchain_gptproto.tools import MidjourneyImagine
from llama_index_gptproto import GPTProtoToolSpec

KEY = "sk-tool-settings-0001"


@pytest.mark.parametrize("build", [GPTProtoToolkit, MidjourneyImagine, GPTProtoToolSpec])
def test_no_key_is_a_configuration_error_not_a_pydantic_dump(build, monkeypatch):
    monkeypatch.delenv("GPTPROTO_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="GPTPROTO_API_KEY") as caught:
        build()
    assert "validation error" not in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"timeout": 0}, "timeout"),
        ({"poll_interval": -1}, "poll_interval"),
        ({"max_retries": -1}, "max_retries"),
        ({"auth_scheme": "basic"}, "auth_scheme"),
        ({"base_url": "ftp://x"}, "base_url"),
        ({"pol_interval": 2}, "poll_interval"),
        ({"openai_api_key": "sk-x"}, "did you mean api_key="),
        ({"include": ["midjurney"]}, "midjourney"),
    ],
)
def test_bad_settings_and_unknown_arguments_are_refused_in_langchain(arguments, message):
    for build in (GPTProtoToolkit, MidjourneyImagine):
        if "include" in arguments and build is MidjourneyImagine:
            continue
        with pytest.raises(ConfigurationError, match=message):
            build(api_key=KEY, **arguments)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"timeout": 0}, "timeout"),
        ({"poll_interval": float("nan")}, "poll_interval"),
        ({"max_retries": -1}, "max_retries"),
        ({"auth_scheme": "basic"}, "auth_scheme"),
        ({"pol_interval": 2}, "did you mean poll_interval="),
        ({"base_url": "http://a", "api_base": "http://b"}, "two names for one setting"),
        ({"include": ["midjurney"]}, "midjourney"),
    ],
)
def test_bad_settings_and_unknown_arguments_are_refused_in_llamaindex(arguments, message):
    with pytest.raises(ConfigurationError, match=message):
        GPTProtoToolSpec(api_key=KEY, **arguments)


def test_chat_openai_names_map_to_base_url_for_the_tools():
    toolkit = GPTProtoToolkit(api_key=KEY, openai_api_base="http://127.0.0.1:9/v1")
    assert toolkit.client_settings().base_url == "http://127.0.0.1:9/v1"
    assert all(t.base_url == toolkit.base_url for t in toolkit.get_tools())
    assert all(t.auth_scheme is None for t in toolkit.get_tools())


def test_the_key_stays_out_of_reprs_and_dumps():
    toolkit = GPTProtoToolkit(api_key=KEY)
    tool = toolkit.get_tools()[0]
    for text in (repr(toolkit), repr(tool), str(tool.model_dump()), str(toolkit.model_dump())):
        assert KEY not in text
