"""Midjourney's base64 fields take data URIs only (API.md §7): an image the user gives by URL is
fetched first — without the gptproto key — and sent as a data URI, in both frameworks."""

from __future__ import annotations

import pytest

from langchain_gptproto import GPTProtoToolkit
from llama_index_gptproto import GPTProtoToolSpec

pytestmark = pytest.mark.emulator


@pytest.fixture
def emulator(gptproto_emulator):
    gptproto_emulator.set_clock_speed(500)
    return gptproto_emulator


def _image(emulator, tag: str) -> str:
    return f"{emulator.url}/__emulator__/files/{tag}-64x64.png"


def test_blend_fetches_the_urls_and_sends_data_uris(emulator):
    tools = {
        t.name: t
        for t in GPTProtoToolkit(
            api_key=emulator.api_key, base_url=emulator.url, poll_interval=0.01
        ).get_tools()
    }
    urls = [_image(emulator, "a"), _image(emulator, "b")]
    message = tools["midjourney_blend"].invoke(
        {"type": "tool_call", "id": "c1", "name": "midjourney_blend", "args": {"images": urls}}
    )
    assert message.status == "success", message.text
    sent = emulator.last_request("/mj/submit/blend")["body"]["base64Array"]
    assert all(value.startswith("data:image/png;base64,") for value in sent)
    # (the fetch itself carries no key: tests/emulator/test_files_http.py checks `download`)


async def test_llamaindex_describe_with_an_url_is_sent_as_a_data_uri(emulator):
    spec = GPTProtoToolSpec(
        api_key=emulator.api_key,
        base_url=emulator.url,
        poll_interval=0.01,
        include=["midjourney_describe"],
    )
    (tool,) = spec.to_tool_list()
    output = await tool.acall(image=_image(emulator, "c"))
    assert output.raw_output.task.status == "succeeded"
    sent = emulator.last_request("/mj/submit/describe")["body"]["base64"]
    assert sent.startswith("data:image/png;base64,")


def test_an_url_that_is_not_an_image_is_refused_before_the_paid_submit(emulator):
    tool = next(
        t
        for t in GPTProtoToolkit(api_key=emulator.api_key, base_url=emulator.url).get_tools()
        if t.name == "midjourney_describe"
    )
    message = tool.invoke(
        {
            "type": "tool_call",
            "id": "c1",
            "name": tool.name,
            "args": {"image": f"{emulator.url}/v1/models-that-do-not-exist"},
        }
    )
    assert message.status == "error" and "image:" in message.text
    assert emulator.counters()["submissions"].get("POST /mj/submit/describe", 0) == 0
