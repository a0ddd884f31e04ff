"""The seed's Doubao vision call: the documented request out, the documented reply in.

The request is the seed page's curl (../shared/reference/000_3939ebaea6f09b20.txt, kept verbatim
in tests/data/doubao_seed_request.curl): its URL, its body and its `Authorization: sk-…` header,
which carries the bare key. We send `Bearer <key>` by default and the seed's bare form with
`auth_scheme="raw"` (docs/api-choices.md). The reply (usage 5147/133/5280) is the one quoted in
the foundation issue, kept in tests/data/doubao_seed_response.json. No socket: an httpx transport
answers in-process, so this checks our exact bytes on the wire and our parsing of that body.
"""

import json
import re

import httpx
import pytest
from langchain_core.messages import AIMessage, HumanMessage

from langchain_gptproto import ChatGPTProto
from tests.conftest import DATA
from tests.unit.wire import answer_in_process

pytestmark = pytest.mark.usefixtures("no_gptproto_env")  # the default case means no env setting

KEY = "sk-seed-000000"
CURL = (DATA / "doubao_seed_request.curl").read_text()
SEED_URL = re.search(r"--request POST '([^']+)'", CURL).group(1)
SEED_AUTHORIZATION = re.search(r"--header 'Authorization: ([^']*)'", CURL).group(1)
SEED_BODY = json.loads(re.search(r"--data-raw '(.*)'", CURL, re.DOTALL).group(1))
# The page masks its key as sk-*****; the same header with our test key in its place.
SEED_HEADER_WITH_TEST_KEY = SEED_AUTHORIZATION.replace("sk-*****", KEY)


def test_the_seed_page_sends_the_bare_key():
    # What the raw form reproduces: no scheme word before the key.
    assert SEED_AUTHORIZATION == "sk-*****"
    assert SEED_HEADER_WITH_TEST_KEY == KEY


def send_seed_request(**settings: str) -> tuple[httpx.Request, AIMessage]:
    reply_body = (DATA / "doubao_seed_response.json").read_bytes()
    llm = ChatGPTProto(
        model="doubao-1-5-vision-pro-32k-250115", max_tokens=5000, api_key=KEY, **settings
    )
    seen = answer_in_process(
        llm,
        lambda request: httpx.Response(
            200, content=reply_body, headers={"content-type": "application/json"}
        ),
    )
    (part_text, part_image) = SEED_BODY["messages"][0]["content"]
    reply = llm.invoke([HumanMessage(content=[part_text, part_image])])
    (request,) = seen
    return request, reply


@pytest.mark.parametrize(
    ("settings", "authorization"),
    [
        ({"auth_scheme": "raw"}, SEED_HEADER_WITH_TEST_KEY),
        ({}, f"Bearer {KEY}"),
        ({"auth_scheme": "bearer"}, f"Bearer {KEY}"),
    ],
)
def test_seed_request_and_reply(settings, authorization):
    request, reply = send_seed_request(**settings)

    assert str(request.url) == SEED_URL
    assert request.headers["authorization"] == authorization
    assert request.headers.get_list("authorization") == [authorization]  # one header, not two
    assert json.loads(request.content) == SEED_BODY
    assert reply.text.startswith("The image shows a wooden boardwalk")
    assert reply.usage_metadata is not None
    assert (
        reply.usage_metadata["input_tokens"],
        reply.usage_metadata["output_tokens"],
        reply.usage_metadata["total_tokens"],
    ) == (5147, 133, 5280)
    assert reply.response_metadata["finish_reason"] == "stop"


def test_the_raw_form_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    request, _ = send_seed_request()
    assert request.headers["authorization"] == SEED_HEADER_WITH_TEST_KEY


def test_the_argument_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    request, _ = send_seed_request(auth_scheme="bearer")
    assert request.headers["authorization"] == f"Bearer {KEY}"
