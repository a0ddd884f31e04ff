"""The seed's Doubao vision call: the documented request out, the documented reply in.

The seed page (gptproto's own "Doubao / chat image mode", API.md §13.2,
../shared/reference/000_3939ebaea6f09b20.txt) shows the request — its body, and a curl whose
`Authorization: sk-…` header carries the bare key — and a real 200 reply; both are read from the
page itself, so this test follows the page, not a copy. `tests/data/doubao_seed_response.json`
holds that reply verbatim; the curl is kept verbatim in tests/data/doubao_seed_request.curl. We
send `Bearer <key>` by default and the seed's bare form with `auth_scheme="raw"`
(docs/api-choices.md). No socket: an httpx transport answers in-process, so this checks our exact
bytes on the wire and our parsing of that body.
"""

import json
import re
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, HumanMessage

from langchain_gptproto import ChatGPTProto
from tests.conftest import DATA, REFERENCE
from tests.unit.wire import answer_in_process

pytestmark = pytest.mark.usefixtures("no_gptproto_env")  # the default case means no env setting

SEED_PAGE = REFERENCE / "000_3939ebaea6f09b20.txt"
KEY = "sk-seed-000000"
CURL = (DATA / "doubao_seed_request.curl").read_text()
SEED_URL = re.search(r"--request POST '([^']+)'", CURL).group(1)
SEED_AUTHORIZATION = re.search(r"--header 'Authorization: ([^']*)'", CURL).group(1)
# The page masks its key as sk-*****; the same header with our test key in its place.
SEED_HEADER_WITH_TEST_KEY = SEED_AUTHORIZATION.replace("sk-*****", KEY)


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


def test_the_kept_curl_is_the_seed_pages_curl_and_sends_the_bare_key():
    documented_request, _, _ = _seed()
    assert json.loads(re.search(r"--data-raw '(.*)'", CURL, re.DOTALL).group(1)) == (
        documented_request
    )
    assert SEED_AUTHORIZATION == "sk-*****"  # no scheme word before the key
    assert SEED_HEADER_WITH_TEST_KEY == KEY


def send_seed_request(**settings: str) -> tuple[httpx.Request, AIMessage]:
    documented_request, _, reply_text = _seed()
    llm = ChatGPTProto(
        model=documented_request["model"],
        max_tokens=documented_request["max_tokens"],
        api_key=KEY,
        **settings,
    )
    seen = answer_in_process(
        llm,
        lambda request: httpx.Response(
            200, content=reply_text.encode(), headers={"content-type": "application/json"}
        ),
    )
    (message,) = documented_request["messages"]
    reply = llm.invoke([HumanMessage(content=message["content"])])
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
    documented_request, documented_reply, _ = _seed()
    request, reply = send_seed_request(**settings)

    assert str(request.url) == SEED_URL
    assert request.headers["authorization"] == authorization
    assert request.headers.get_list("authorization") == [authorization]  # one header, not two
    assert json.loads(request.content) == documented_request
    (choice,) = documented_reply["choices"]
    usage = documented_reply["usage"]
    assert reply.text == choice["message"]["content"]
    assert (
        reply.usage_metadata["input_tokens"],
        reply.usage_metadata["output_tokens"],
        reply.usage_metadata["total_tokens"],
    ) == (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"])
    assert reply.response_metadata["finish_reason"] == choice["finish_reason"]
    assert reply.response_metadata["id"] == documented_reply["id"]
    assert reply.response_metadata["model_name"] == documented_reply["model"]


def test_the_raw_form_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    request, _ = send_seed_request()
    assert request.headers["authorization"] == SEED_HEADER_WITH_TEST_KEY


def test_the_argument_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("GPTPROTO_AUTH_SCHEME", "raw")
    request, _ = send_seed_request(auth_scheme="bearer")
    assert request.headers["authorization"] == f"Bearer {KEY}"
