"""Settings as a migrating user writes them reach the emulator, never production.

`openai_api_base=` / `api_base=` (ChatOpenAI's and LlamaIndex's names) must send traffic to the
local server, and `auth_scheme="raw"` must put the bare key on the wire, as gptproto's curl does.
The emulator's last-request record shows the form (`Bearer <redacted>` or `<redacted>`).
"""

from __future__ import annotations

from typing import Any

import pytest
from llama_index.core.base.llms.types import ChatMessage

from gptproto_core.chat import CHAT_PATH
from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto

pytestmark = pytest.mark.emulator


def chat_requests(server: Any) -> int:
    return int(server.counters()["requests"].get(f"POST {CHAT_PATH}", 0))


def sent_authorization(server: Any) -> str:
    last = server.last_request(CHAT_PATH)
    assert last is not None
    return str(last["headers"]["authorization"])


@pytest.mark.parametrize(
    ("settings", "form"),
    [({"auth_scheme": "raw"}, "<redacted>"), ({}, "Bearer <redacted>")],
)
def test_chat_openai_names_reach_the_emulator(gptproto_emulator, settings, form):
    llm = ChatGPTProto(
        model="gpt-4o",
        api_key=gptproto_emulator.api_key,
        openai_api_base=f"{gptproto_emulator.url}/v1",
        **settings,
    )
    assert "pong" in llm.invoke("Say 'pong'").text
    assert chat_requests(gptproto_emulator) == 1
    assert sent_authorization(gptproto_emulator) == form


@pytest.mark.parametrize(
    ("settings", "form"),
    [({"auth_scheme": "raw"}, "<redacted>"), ({}, "Bearer <redacted>")],
)
async def test_llamaindex_api_base_reaches_the_emulator_sync_and_async(
    gptproto_emulator, settings, form
):
    llm = GPTProto(
        model="gpt-4o",
        api_key=gptproto_emulator.api_key,
        api_base=f"{gptproto_emulator.url}/v1",
        **settings,
    )
    hi = [ChatMessage(role="user", content="Say 'pong'")]
    assert "pong" in (llm.chat(hi).message.content or "")
    assert sent_authorization(gptproto_emulator) == form
    assert "pong" in ((await llm.achat(hi)).message.content or "")
    assert sent_authorization(gptproto_emulator) == form
    assert chat_requests(gptproto_emulator) == 2


def test_a_forwarded_unknown_argument_is_in_the_body(gptproto_emulator):
    with pytest.warns(UserWarning, match="seed="):
        llm = ChatGPTProto(
            model="gpt-4o",
            api_key=gptproto_emulator.api_key,
            base_url=gptproto_emulator.url,
            seed=7,
        )
    llm.invoke("Say 'pong'")
    last = gptproto_emulator.last_request(CHAT_PATH)
    assert last is not None and last["body"]["seed"] == 7


@pytest.mark.parametrize(
    ("settings", "form"),
    [({"auth_scheme": "raw"}, "<redacted>"), ({}, "Bearer <redacted>")],
)
def test_media_tools_take_the_same_key_form_and_base_url_names(gptproto_emulator, settings, form):
    from langchain_gptproto import GPTProtoToolkit
    from llama_index_gptproto import GPTProtoToolSpec

    gptproto_emulator.set_clock_speed(1000)
    common = {"api_key": gptproto_emulator.api_key, "poll_interval": 0.01, **settings}
    lc = GPTProtoToolkit(openai_api_base=gptproto_emulator.url, include=["flux_get_task"], **common)
    li = GPTProtoToolSpec(api_base=gptproto_emulator.url, include=["flux"], **common)
    tool = li.to_tool_list()[0]
    tool.call(prompt="a red kite", wait=False)
    last = gptproto_emulator.last_request("/flux/v1/flux-kontext-pro")
    assert last is not None and last["headers"]["authorization"] == form
    lookup = lc.get_tools()[0]
    task_id = tool.call(prompt="a kite", wait=False).raw_output.task.id
    assert task_id in lookup.invoke({"task_id": task_id})
    last = gptproto_emulator.last_request("/flux/v1/get_result")
    assert last is not None and last["headers"]["authorization"] == form
