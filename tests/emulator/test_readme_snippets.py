"""README.md's Python examples, run exactly as written against the live emulator.

Each ```python block is extracted from the README and executed in a fresh namespace, with only
GPTPROTO_BASE_URL / GPTPROTO_API_KEY pointing at the emulator (as "Try it offline" tells a
user). The socket guard of the test run allows 127.0.0.1 only, so an example that needs the
internet fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gptproto_emulator import EmulatorServer

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)

# What each example must print: the part of its output a user would look for.
EXPECTED = [
    (r"Say hello in French", r"'name': 'get_weather', 'args': \{'city': 'Paris'\}"),
    (r"Say hello in French", r"\b42\b"),
    (r"(?m)^Paris has the Eiffel Tower\.$",),
    (r"Midjourney imagine succeeded", r"U1: MJ::JOB::upsample::1::"),
    (r"Midjourney imagine succeeded", r"https?://\S+\.png"),
]


def test_every_python_block_of_the_readme_has_an_expectation() -> None:
    assert len(BLOCKS) == len(EXPECTED), "a README example was added or removed: update EXPECTED"


@pytest.mark.emulator
@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_readme_example_runs_as_written(
    index: int,
    expected: tuple[str, ...],
    gptproto_emulator: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Media jobs finish in a few emulated minutes; the example code is unchanged.
    gptproto_emulator.set_clock_speed(1000)
    monkeypatch.setenv("GPTPROTO_BASE_URL", gptproto_emulator.url)
    monkeypatch.setenv("GPTPROTO_API_KEY", gptproto_emulator.api_key)
    monkeypatch.delenv("GPTPROTO_AUTH_SCHEME", raising=False)
    code = compile(BLOCKS[index], f"README.md python block {index + 1}", "exec")
    exec(code, {"__name__": "__main__"})
    out = capsys.readouterr().out
    for pattern in expected:
        assert re.search(pattern, out), f"README block {index + 1} printed:\n{out}"
    assert gptproto_emulator.api_key not in out


def test_the_emulator_pages_first_example_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
    first = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)[0]
    monkeypatch.delenv("GPTPROTO_BASE_URL", raising=False)
    monkeypatch.delenv("GPTPROTO_API_KEY", raising=False)
    exec(compile(first, "docs/emulator.md python block 1", "exec"), {"__name__": "__main__"})
    out = capsys.readouterr().out
    assert 'You said: "Say hello in French"' in out
    assert re.search(
        r"Flux generate succeeded .*\n.*http://127\.0\.0\.1:\d+/__emulator__/files/", out
    )


def _page_block(page: str, marker: str) -> str:
    text = (Path(__file__).resolve().parents[2] / "docs" / page).read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if marker in b]
    return block


@pytest.mark.emulator
def test_the_langchain_pages_chaining_and_trimming_examples_run(
    gptproto_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    from langchain_gptproto import ChatGPTProto

    monkeypatch.setenv("GPTPROTO_BASE_URL", gptproto_emulator.url)
    monkeypatch.setenv("GPTPROTO_API_KEY", gptproto_emulator.api_key)
    llm = ChatGPTProto(model="gpt-4o")
    long_turn = "Tell me everything about cats. " * 2000
    history = [
        SystemMessage("Be terse."),
        HumanMessage(long_turn),
        AIMessage("..."),
        HumanMessage("Hi"),
    ]
    scope: dict[str, object] = {"llm": llm, "history": history}
    # The page's last line shows the call; its value is what a user reads.
    chaining = _page_block("langchain.md", "prompt | llm").replace(
        "\nchain.invoke(", "\nanswer = chain.invoke("
    )
    exec(compile(chaining, "docs/langchain.md Chaining", "exec"), scope)
    assert isinstance(scope["answer"], str) and "I love programming." in scope["answer"]
    exec(compile(_page_block("langchain.md", "trim_messages("), "docs/langchain.md", "exec"), scope)
    trimmed = scope["trimmed"]
    assert trimmed == [history[0], history[-1]]  # the 12,000-token turn went, and the reply to it
    assert isinstance(trimmed, list) and llm.get_num_tokens_from_messages(trimmed) <= 4000


@pytest.mark.emulator
@pytest.mark.parametrize("marker", ["InMemoryVectorStore.from_texts", "VectorStoreIndex"])
def test_the_embeddings_pages_rag_examples_retrieve_the_right_passage(
    marker: str, gptproto_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GPTPROTO_BASE_URL", gptproto_emulator.url)
    monkeypatch.setenv("GPTPROTO_API_KEY", gptproto_emulator.api_key)
    block = _page_block("embeddings.md", marker)
    # The page's last line shows the call; its value is what a user reads.
    *body, last = block.rstrip("\n").split("\n")
    scope: dict[str, object] = {"__name__": "__main__"}
    exec(
        compile("\n".join([*body, f"result = {last}"]), f"docs/embeddings.md {marker}", "exec"),
        scope,
    )
    result = scope["result"]
    retrieved = result[0] if isinstance(result, tuple) else result
    assert isinstance(retrieved, str)
    assert "boardwalk crosses the salt marsh" in retrieved
