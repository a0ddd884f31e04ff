"""The demo's RAG section (examples/rag_demo.py) against the emulator: each framework retrieves
the passage that answers the question, and that passage reaches the chat model."""

from __future__ import annotations

import sys

import pytest

from gptproto_emulator import EmulatorServer
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "examples"))
from rag_demo import PASSAGES, run_langchain_rag, run_llamaindex_rag


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("Where is the boardwalk that crosses a marsh?", PASSAGES[0]),
        ("Which service writes a song from my lyrics?", PASSAGES[1]),
        ("How do I upscale a Midjourney picture?", PASSAGES[3]),
    ],
)
@pytest.mark.parametrize("run", [run_llamaindex_rag, run_langchain_rag])
def test_the_retrieved_passage_is_the_one_the_model_answers_from(
    gptproto_emulator: EmulatorServer, capsys, run, question: str, passage: str
):
    answer = run(gptproto_emulator.url, gptproto_emulator.api_key, question)
    printed = capsys.readouterr().out
    assert f"retrieved: {passage}\n" in printed
    # the scripted model echoes its prompt: the question and only the retrieved passage
    assert question in answer and passage in answer
    assert not any(other in answer for other in PASSAGES if other != passage)
    counted = gptproto_emulator.counters()["requests"]
    assert counted["POST /v1/chat/completions"] == 1
