"""Chat inputs refused before any request, the same way through both adapters (issue 13.4)."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
import pytest
from langchain_core.messages import HumanMessage
from llama_index.core.base.llms.types import ChatMessage, ImageBlock, TextBlock

from gptproto_core import request_checks
from gptproto_core.content import image_url, media_part, normalize_part
from gptproto_core.errors import InvalidInputError
from gptproto_core.routing import CallDefaults, build_request
from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto
from tests.unit._fuzz_shapes import PNG_B64
from tests.unit._wired import wire

HI = [{"role": "user", "content": "hi"}]
PNG = base64.b64decode(PNG_B64)


def tool(name: str = "get_weather", parameters: Any = None) -> dict[str, Any]:
    function: dict[str, Any] = {"name": name, "description": "d"}
    function["parameters"] = (
        {"type": "object", "properties": {}} if parameters is None else parameters
    )
    return {"type": "function", "function": function}


def build(**options: Any) -> tuple[str, dict[str, Any]]:
    return build_request(CallDefaults(model="gpt-4o"), HI, stream=False, options=options)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"max_tokens": 0}, "max_tokens"),
        ({"max_tokens": -5}, "max_tokens"),
        ({"max_tokens": 1.5}, "max_tokens"),
        ({"max_tokens": True}, "max_tokens"),
        ({"max_tokens": "10"}, "max_tokens"),
        ({"temperature": -0.1}, "temperature"),
        ({"temperature": 2.01}, "temperature"),
        ({"temperature": float("nan")}, "temperature"),
        ({"temperature": "hot"}, "temperature"),
        ({"top_p": 1.5}, "top_p"),
        ({"top_p": -1}, "top_p"),
        ({"top_p": float("inf")}, "top_p"),
        ({"tools": [tool("get weather")]}, "get weather"),
        ({"tools": [tool("x" * 65)]}, "x" * 65),
        ({"tools": [tool("")]}, "tool name"),
        ({"tools": [tool("wetter_für_paris")]}, "wetter_für_paris"),
        ({"tools": [tool(parameters={"type": "string"})]}, "parameters"),
        ({"tools": [tool(parameters=["city"])]}, "parameters"),
        ({"tools": [tool(parameters={"type": "object", "properties": []})]}, "parameters"),
        ({"tools": ["get_weather"]}, "tool"),
    ],
)
def test_out_of_range_options_and_bad_tools_are_refused_naming_the_field(options, field):
    with pytest.raises(InvalidInputError, match=field.replace("(", r"\(")):
        build(**options)


@pytest.mark.parametrize(
    "options",
    [
        {"max_tokens": 1, "temperature": 0, "top_p": 0},
        {"temperature": 2, "top_p": 1.0},
        {"tools": [tool("get-weather_2"), tool("x" * 64)]},
        {"tools": [tool(parameters={})]},
        {"tools": [tool(parameters={"properties": {"a": {"type": "string"}}})]},
        {"tools": [{"type": "web_search_preview"}]},
    ],
)
def test_values_at_the_edges_and_built_in_tools_are_sent(options):
    build(**options)


def test_the_ranges_can_be_widened_for_a_gateway_that_takes_more(monkeypatch):
    monkeypatch.setitem(request_checks.SAMPLING_RANGES, "temperature", (0.0, 5.0))
    assert build(temperature=4.5)[1]["temperature"] == 4.5
    monkeypatch.setitem(request_checks.SAMPLING_RANGES, "top_p", None)
    assert build(top_p=3)[1]["top_p"] == 3


def test_the_responses_route_checks_the_same_options():
    with pytest.raises(InvalidInputError, match="max_tokens"):
        build_request(CallDefaults(model="o3"), HI, stream=False, options={"max_tokens": 0})


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("/no/such/cat.png", "readable image file"),
        ("cat.png", "readable image file"),
        ("file:///no/such/cat.png", "readable image file"),
        ("ftp://x.test/cat.png", "http"),
        ("data:image/png,rawbytes", "base64"),
        ("data:image/png;base64,@@@@", "base64"),
        ("data:image/png;base64,", "base64"),
        ("data:text/plain;base64,aGk=", "image/"),
        ("http://[::1", "http"),
    ],
)
def test_image_urls_that_are_no_url_or_image_data_are_refused(url, hint):
    with pytest.raises(InvalidInputError, match=hint):
        normalize_part({"type": "image_url", "image_url": {"url": url}})
    with pytest.raises(InvalidInputError):
        media_part("image", url=url)


def test_a_readable_local_image_is_read_into_a_data_uri(tmp_path: Path):
    path = tmp_path / "dot.png"
    path.write_bytes(PNG)
    expected = f"data:image/png;base64,{PNG_B64}"
    assert image_url(str(path)) == expected
    assert image_url(path.as_uri()) == expected


def test_a_local_file_that_is_no_image_is_refused(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("not an image")
    with pytest.raises(InvalidInputError, match="image"):
        image_url(str(path))


def test_image_data_must_be_base64_of_an_image_type():
    with pytest.raises(InvalidInputError, match="base64"):
        media_part("image", data="not base64!", mime_type="image/png")
    with pytest.raises(InvalidInputError, match="image/"):
        media_part("image", data=PNG_B64, mime_type="application/pdf")
    assert media_part("image", data=PNG, mime_type="image/png")["image_url"]["url"].endswith(
        PNG_B64
    )


def test_web_urls_and_image_data_uris_pass_unchanged():
    for url in ("https://x.test/a.png", f"data:image/png;base64,{PNG_B64}"):
        assert image_url(url) == url


# --- through both adapters: refused before any request ------------------------------------------


def refused_before_sending(run: Any, llm: Any) -> str:
    sent: list[httpx.Request] = []
    wire(llm, lambda request: sent.append(request) or httpx.Response(500))
    with pytest.raises(InvalidInputError) as caught:
        run()
    assert sent == []
    return str(caught.value)


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"max_tokens": 0}, "max_tokens"),
        ({"temperature": 3}, "temperature"),
        ({"top_p": 2}, "top_p"),
    ],
)
def test_both_adapters_refuse_bad_settings(settings, field):
    chat = ChatGPTProto(model="gpt-4o", api_key="sk-t", base_url="http://gptproto.test", **settings)
    assert field in refused_before_sending(lambda: chat.invoke("hi"), chat)
    llama = GPTProto(model="gpt-4o", api_key="sk-t", base_url="http://gptproto.test")
    hello = [ChatMessage(role="user", content="hi")]
    assert field in refused_before_sending(lambda: llama.chat(hello, **settings), llama)


def test_both_adapters_refuse_a_non_url_image():
    chat = ChatGPTProto(model="gpt-4o", api_key="sk-t", base_url="http://gptproto.test")
    message = HumanMessage(content=[{"type": "image", "url": "cat.png"}])
    assert "image URL" in refused_before_sending(lambda: chat.invoke([message]), chat)
    llama = GPTProto(model="gpt-4o", api_key="sk-t", base_url="http://gptproto.test")
    blocks = [TextBlock(text="what is it?"), ImageBlock(url="ftp://x.test/cat.png")]
    question = [ChatMessage(role="user", blocks=blocks)]
    assert "image URL" in refused_before_sending(lambda: llama.chat(question), llama)


def test_langchain_refuses_a_badly_named_tool_before_sending():
    chat = ChatGPTProto(model="gpt-4o", api_key="sk-t", base_url="http://gptproto.test")
    bound = chat.bind(tools=[tool("bad name")])
    assert "bad name" in refused_before_sending(lambda: bound.invoke("hi"), chat)
