"""LlamaIndex's default query engine and condense_plus_context chat engine with models whose
output limit is their whole window (gpt-oss, gemini-*-image): the prompt helper has room."""

from __future__ import annotations

import pytest
from llama_index.core import Document, MockEmbedding, VectorStoreIndex
from llama_index.core.indices.prompt_helper import PromptHelper

from gptproto_core.models import model_info
from gptproto_emulator import EmulatorServer
from llama_index_gptproto import GPTProto

MODELS = ["gpt-oss-120b", "gpt-oss-20b", "gemini-2.5-flash-image"]
DOCS = [Document(text="The gptproto emulator listens on 127.0.0.1."), Document(text="Cats purr.")]


def _llm(emulator: EmulatorServer, model: str, **kwargs: object) -> GPTProto:
    return GPTProto(model=model, api_key=emulator.api_key, base_url=emulator.url, **kwargs)


@pytest.mark.parametrize("model", MODELS)
def test_these_models_list_an_output_limit_equal_to_their_window(model: str) -> None:
    info = model_info(model)  # the fact that used to leave no room for the prompt
    assert info.max_output_tokens == info.context_window


@pytest.mark.parametrize("model", MODELS)
def test_default_query_engine_answers(gptproto_emulator: EmulatorServer, model: str) -> None:
    index = VectorStoreIndex.from_documents(DOCS, embed_model=MockEmbedding(embed_dim=8))
    engine = index.as_query_engine(llm=_llm(gptproto_emulator, model))
    answer = engine.query("Where does the emulator listen?")
    assert "gptproto emulator" in str(answer) or "image" in str(answer)
    assert answer.source_nodes


def test_condense_plus_context_chat_engine_answers_two_turns(
    gptproto_emulator: EmulatorServer,
) -> None:
    index = VectorStoreIndex.from_documents(DOCS, embed_model=MockEmbedding(embed_dim=8))
    engine = index.as_chat_engine(
        chat_mode="condense_plus_context", llm=_llm(gptproto_emulator, "gpt-oss-120b")
    )
    first = engine.chat("Where does the emulator listen?")
    second = engine.chat("And what do cats do?")
    assert "gptproto emulator" in first.response and "gptproto emulator" in second.response
    assert len(engine.chat_history) == 4


def test_max_tokens_is_what_the_prompt_helper_reserves(gptproto_emulator: EmulatorServer) -> None:
    meta = _llm(gptproto_emulator, "gpt-oss-120b", max_tokens=4_000).metadata
    helper = PromptHelper.from_llm_metadata(meta)
    assert helper.num_output == 4_000
    assert helper.context_window - helper.num_output == 131_072 - 4_000
