"""A misspelt model name warns once, with the closest catalogue names; it is never an error."""

from __future__ import annotations

import warnings

import pytest

import gptproto_core
from gptproto_core.models import UnknownModelWarning, known_models, warn_if_misspelt
from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto

KEY = "sk-model-000000"


def caught(action) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")  # our own once-per-name rule, not the warnings filter
        action()
    return [w for w in seen if issubclass(w.category, UnknownModelWarning)]


def test_known_models_is_public_sorted_and_the_catalogue():
    assert gptproto_core.known_models is known_models
    assert (
        "UnknownModelWarning" in gptproto_core.__all__ and "known_models" in gptproto_core.__all__
    )
    names = known_models()
    assert names == sorted(names) and {"gpt-4o-mini", "claude-sonnet-4-5-20250929"} <= set(names)


def test_a_typo_warns_once_per_name_with_the_closest_names():
    first = caught(lambda: ChatGPTProto(api_key=KEY, model="gpt-4o-mnii"))
    assert len(first) == 1
    assert "'gpt-4o-mnii'" in str(first[0].message) and "'gpt-4o-mini'" in str(first[0].message)
    assert first[0].filename == __file__  # points at the user's line, not at pydantic
    again = caught(lambda: ChatGPTProto(api_key=KEY, model="gpt-4o-mnii"))
    assert again == []
    other = caught(lambda: GPTProto(api_key=KEY, model="claude-sonet-4-5-20250929"))
    assert len(other) == 1 and "'claude-sonnet-4-5-20250929'" in str(other[0].message)


def test_a_misspelt_embedding_model_warns_with_the_embedding_names():
    from langchain_gptproto import GPTProtoEmbeddings
    from llama_index_gptproto import GPTProtoEmbedding

    (lc,) = caught(lambda: GPTProtoEmbeddings(api_key=KEY, model="text-embeding-3-small"))
    assert "'text-embedding-3-small'" in str(lc.message) and lc.filename == __file__
    (li,) = caught(lambda: GPTProtoEmbedding(api_key=KEY, model="text-embedding-3-lage"))
    assert "'text-embedding-3-large'" in str(li.message)
    assert caught(lambda: GPTProtoEmbeddings(api_key=KEY, model="text-embedding-3-large")) == []
    assert caught(lambda: GPTProtoEmbeddings(api_key=KEY, model="bge-m3")) == []


def test_the_misspelt_name_still_works_as_written():
    llm = ChatGPTProto(api_key=KEY, model="gemini-25-pro-typo-test")
    assert llm.model == "gemini-25-pro-typo-test" and llm.info.family == "gemini"


@pytest.mark.parametrize("name", ["gpt-4o", "claude-opus-4", "kimi-k2", "totally-new-model"])
def test_catalogued_names_and_names_far_from_all_of_them_do_not_warn(name):
    assert caught(lambda: warn_if_misspelt(name)) == []


def test_the_wrong_case_suggests_the_catalogue_spelling():
    (warning,) = caught(lambda: warn_if_misspelt("GPT-4.1-Mini"))
    assert "'gpt-4.1-mini'" in str(warning.message)


def test_the_warning_is_never_an_error():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnknownModelWarning)
        assert ChatGPTProto(api_key=KEY, model="gpt-5-mnii").model == "gpt-5-mnii"
