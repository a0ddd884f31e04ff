"""The seed's Doubao vision call: the documented request body out, the documented reply in.

The seed page (gptproto's own "Doubao / chat image mode", API.md §13.2) shows the request and a
real 200 reply; both are read from the page itself, so this test follows the page, not a copy.
`tests/data/doubao_seed_response.json` holds that reply verbatim. No socket: an httpx transport
answers in-process, so this checks our exact bytes on the wire and our parsing of that body.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from langchain_core.messages import HumanMessage

from gptproto_core import GPTProtoClient
from langchain_gptproto import ChatGPTProto
from tests.conftest import DATA, REFERENCE

SEED_PAGE = REFERENCE / "000_3939ebaea6f09b20.txt"


def _json_after(page: str, marker: str) -> tuple[Any, str]:
    """The first JSON object after `marker` on the page, parsed and as the page spells it."""
    start = page.index("{", page.index(marker))
    value, end = json.JSONDecoder().raw_decode(page, start)
    return value, page[start:end]


def _seed() -> tuple[dict[str, Any], dict[str, Any], str]:
    page = SEED_PAGE.read_text(encoding="utf-8")
    request, _ = _json_after(page, "Body Params application/json")
    reply, reply_text = _json_after(page, "🟢200")
    return request, reply, reply_text


def test_the_kept_reply_is_the_seed_reply_verbatim():
    _, _, reply_text = _seed()
    assert (DATA / "doubao_seed_response.json").read_text(encoding="utf-8") == reply_text + "\n"


def test_seed_request_and_reply():
    documented_request, documented_reply, reply_text = _seed()
    seen: list[httpx.Request] = []

    def gptproto(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, content=reply_text.encode(), headers={"content-type": "application/json"}
        )

    llm = ChatGPTProto(
        model=documented_request["model"],
        max_tokens=documented_request["max_tokens"],
        api_key="sk-seed-000000",
    )
    llm._clients._sync = GPTProtoClient(
        api_key="sk-seed-000000", http_client=httpx.Client(transport=httpx.MockTransport(gptproto))
    )
    (message,) = documented_request["messages"]
    reply = llm.invoke([HumanMessage(content=message["content"])])

    (request,) = seen
    assert str(request.url) == "https://gptproto.com/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-seed-000000"
    assert json.loads(request.content) == documented_request
    (choice,) = documented_reply["choices"]
    usage = documented_reply["usage"]
    assert reply.text == choice["message"]["content"]
    assert reply.usage_metadata is not None
    assert (
        reply.usage_metadata["input_tokens"],
        reply.usage_metadata["output_tokens"],
        reply.usage_metadata["total_tokens"],
    ) == (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"])
    assert reply.response_metadata["finish_reason"] == choice["finish_reason"]
    assert reply.response_metadata["id"] == documented_reply["id"]
    assert reply.response_metadata["model_name"] == documented_reply["model"]
