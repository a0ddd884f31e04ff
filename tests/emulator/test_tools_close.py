"""The toolkit, every tool and the spec close their pooled connections on demand (and in
`with` / `async with`), and still work afterwards by opening new ones."""

from __future__ import annotations

import gc
import warnings

import pytest

from langchain_gptproto import GPTProtoToolkit
from llama_index_gptproto import GPTProtoToolSpec

pytestmark = pytest.mark.emulator


def _settings(emulator):
    return {"api_key": emulator.api_key, "base_url": emulator.url, "poll_interval": 0.01}


def test_the_toolkit_closes_its_shared_pool_and_reopens_on_next_use(gptproto_emulator):
    gptproto_emulator.set_clock_speed(500)
    with GPTProtoToolkit(**_settings(gptproto_emulator), include=["flux"]) as toolkit:
        tool = toolkit.get_tools()[0]
        first = tool._clients.sync()
        tool.invoke({"prompt": "a kite", "wait": False})
    assert first._http.is_closed  # the shared pool is closed by the toolkit's with-block
    assert "submitted" in tool.invoke({"prompt": "a kite", "wait": False})  # and reopens
    toolkit.close()


async def test_the_spec_closes_the_loops_async_client_without_warnings(gptproto_emulator):
    gptproto_emulator.set_clock_speed(500)
    gc.collect()  # only what this test leaves behind counts
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with GPTProtoToolSpec(**_settings(gptproto_emulator), include=["flux"]) as spec:
            (tool, _lookup) = spec.to_tool_list()
            await tool.acall(prompt="a kite", wait=False)
            client = spec._clients.for_running_loop()
        gc.collect()
    assert client._http.is_closed
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaks == []
