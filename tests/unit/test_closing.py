"""close(), aclose(), `with` and `async with` on both chat models (issue 13.5)."""

from __future__ import annotations

import asyncio

import pytest

from gptproto_core.session import ClientSet, ClientSettings
from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto

SETTINGS = {"api_key": "sk-test", "base_url": "http://gptproto.test"}
MODELS = [
    pytest.param(lambda: ChatGPTProto(model="gpt-4o", **SETTINGS), id="ChatGPTProto"),
    pytest.param(lambda: GPTProto(model="gpt-4o", **SETTINGS), id="GPTProto"),
]


@pytest.mark.parametrize("make", MODELS)
def test_with_closes_the_sync_client_it_built(make):
    with make() as llm:
        http = llm._clients.sync()._http
        assert not http.is_closed
    assert http.is_closed


@pytest.mark.parametrize("make", MODELS)
async def test_async_with_closes_this_loops_client_and_the_sync_one(make):
    async with make() as llm:
        sync_http = llm._clients.sync()._http
        async_http = llm._clients.for_running_loop()._http
    assert sync_http.is_closed
    assert async_http.is_closed
    assert asyncio.get_running_loop() not in llm._clients._async


@pytest.mark.parametrize("make", MODELS)
async def test_a_closed_model_builds_fresh_clients_on_its_next_use(make):
    llm = make()
    first = llm._clients.for_running_loop()
    await llm.aclose()
    second = llm._clients.for_running_loop()
    assert second is not first
    assert not second._http.is_closed
    await llm.aclose()


@pytest.mark.parametrize("make", MODELS)
def test_closing_what_was_never_built_is_harmless(make):
    llm = make()
    llm.close()
    llm.close()
    asyncio.run(llm.aclose())


async def test_aclose_right_after_the_first_use_still_closes_the_client():
    # The parked closer task has not run yet: aclose must wait for it, then close.
    clients = ClientSet(ClientSettings(**SETTINGS))
    http = clients.for_running_loop()._http
    await clients.aclose()
    assert http.is_closed
