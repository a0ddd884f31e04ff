"""The seed's Doubao vision call: the documented request body out, the documented reply in.

API.md §13.2 documents the request; the reply (usage 5147/133/5280) is the one quoted in the
foundation issue, kept in tests/data/doubao_seed_response.json. No socket: an httpx transport
answers in-process, so this checks our exact bytes on the wire and our parsing of that body.
"""

import json

import httpx
from langchain_core.messages import HumanMessage

from gptproto_core import GPTProtoClient
from langchain_gptproto import ChatGPTProto
from tests.conftest import DATA

BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
DOCUMENTED_REQUEST = {
    "model": "doubao-1-5-vision-pro-32k-250115",
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Doubao,What is in this image?"},
                {"type": "image_url", "image_url": {"url": BOARDWALK}},
            ],
        }
    ],
    "max_tokens": 5000,
}


def test_seed_request_and_reply():
    seen: list[httpx.Request] = []
    reply_body = (DATA / "doubao_seed_response.json").read_bytes()

    def gptproto(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=reply_body, headers={"content-type": "application/json"})

    llm = ChatGPTProto(
        model="doubao-1-5-vision-pro-32k-250115", max_tokens=5000, api_key="sk-seed-000000"
    )
    llm._clients._sync = GPTProtoClient(
        api_key="sk-seed-000000", http_client=httpx.Client(transport=httpx.MockTransport(gptproto))
    )
    reply = llm.invoke(
        [
            HumanMessage(
                content=[
                    {"type": "text", "text": "Doubao,What is in this image?"},
                    {"type": "image_url", "image_url": {"url": BOARDWALK}},
                ]
            )
        ]
    )

    (request,) = seen
    assert str(request.url) == "https://gptproto.com/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-seed-000000"
    assert json.loads(request.content) == DOCUMENTED_REQUEST
    assert reply.text.startswith("The image shows a wooden boardwalk")
    assert reply.usage_metadata is not None
    assert (
        reply.usage_metadata["input_tokens"],
        reply.usage_metadata["output_tokens"],
        reply.usage_metadata["total_tokens"],
    ) == (5147, 133, 5280)
    assert reply.response_metadata["finish_reason"] == "stop"
