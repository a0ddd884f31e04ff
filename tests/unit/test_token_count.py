"""Token counting for ChatGPTProto (gptproto_core.token_count), with and without tiktoken."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tiktoken
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, trim_messages

from gptproto_core import token_count
from langchain_gptproto import ChatGPTProto

KEY = "sk-test-000000"
# llama-index-core ships cl100k_base's file (it is in the dev venv): tiktoken without a download.
CACHE = Path(__import__("llama_index.core").core.__file__).parent / "_static" / "tiktoken_cache"
HISTORY = [
    SystemMessage("You are terse."),
    HumanMessage("Hello there, how are you today?"),
    AIMessage("Fine."),
    HumanMessage("Tell me about cats, please, in detail."),
]


@pytest.fixture(autouse=True)
def fresh_encodings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(CACHE))
    token_count._encoding.cache_clear()
    yield
    token_count._encoding.cache_clear()


def llm(model: str = "claude-sonnet-4-5-20250929") -> ChatGPTProto:
    return ChatGPTProto(model=model, api_key=KEY)


def test_with_tiktoken_messages_count_as_chat_openai_counts_them():
    enc = tiktoken.get_encoding("cl100k_base")
    n = lambda text: len(enc.encode(text))  # noqa: E731
    expected = 3 + sum(
        3 + n(role) + n(text)
        for role, text in [
            ("system", "You are terse."),
            ("user", "Hello there, how are you today?"),
            ("assistant", "Fine."),
            ("user", "Tell me about cats, please, in detail."),
        ]
    )
    assert llm().get_num_tokens_from_messages(HISTORY) == expected
    assert llm().get_num_tokens("Hello there") == n("Hello there")
    assert llm().get_token_ids("Hello there") == enc.encode("Hello there")


def test_families_choose_their_encoding():
    assert token_count.encoding_name("gpt-4o-mini") == "o200k_base"
    assert token_count.encoding_name("gpt-oss-120b") == "o200k_base"
    assert token_count.encoding_name("o3") == "o200k_base"
    assert token_count.encoding_name("claude-sonnet-4-5-20250929") == "cl100k_base"


def test_tools_and_tool_calls_and_images_are_counted():
    base = llm().get_num_tokens_from_messages(HISTORY)
    tool = {"type": "function", "function": {"name": "get_weather", "parameters": {}}}
    assert llm().get_num_tokens_from_messages(HISTORY, tools=[tool]) > base
    with_image = [
        *HISTORY,
        HumanMessage(
            content=[
                {"type": "image", "url": "https://x.test/a.png"},
            ]
        ),
    ]
    assert llm().get_num_tokens_from_messages(with_image) == base + 3 + 1 + 765  # role "user"
    call = AIMessage("", tool_calls=[{"name": "f", "args": {"x": 1}, "id": "c1"}])
    assert llm().get_num_tokens_from_messages([call]) > 3 + 3


def test_without_tiktoken_an_estimate_of_four_characters_a_token(monkeypatch):
    monkeypatch.setitem(sys.modules, "tiktoken", None)  # `import tiktoken` raises ImportError
    monkeypatch.delitem(sys.modules, "transformers", raising=False)
    text = "Hello there, how are you today?"
    assert llm().get_num_tokens(text) == math.ceil(len(text) / 4)
    expected = 3 + 3 + math.ceil(len("user") / 4) + math.ceil(len(text) / 4)
    assert llm().get_num_tokens_from_messages([HumanMessage(text)]) == expected
    with pytest.raises(ImportError, match="pip install tiktoken"):
        llm().get_token_ids(text)
    assert "transformers" not in sys.modules


def test_an_encoding_that_cannot_be_loaded_falls_back_to_the_estimate(monkeypatch):
    def offline(name: str) -> None:
        raise ConnectionError("no network")

    monkeypatch.setattr(tiktoken, "get_encoding", offline)
    assert llm("gpt-4o").get_num_tokens("abcdefgh") == 2


@pytest.mark.parametrize("tiktoken_present", [True, False])
def test_trim_messages_uses_the_model_as_token_counter(monkeypatch, tiktoken_present):
    if not tiktoken_present:
        monkeypatch.setitem(sys.modules, "tiktoken", None)
    model = llm()
    limit = model.get_num_tokens_from_messages(HISTORY[-2:]) + 3
    trimmed = trim_messages(
        HISTORY, token_counter=model, max_tokens=limit, strategy="last", include_system=False
    )
    assert trimmed == HISTORY[-2:]
    assert model.get_num_tokens_from_messages(trimmed) <= limit
