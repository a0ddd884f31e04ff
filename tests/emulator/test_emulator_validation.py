"""400 answers to bodies that break the documented chat contract (API.md §3.4-§3.5, §4, §2.5)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

CHAT = "/v1/chat/completions"
USER = {"role": "user", "content": "hi"}
TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
    },
}
CALL = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}


def body(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"model": "gpt-4o", "messages": [USER]}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not ...}


def user_parts(*parts: Any) -> dict[str, Any]:
    return body(messages=[{"role": "user", "content": [{"type": "text", "text": "x"}, *parts]}])


def with_call(call: Any) -> dict[str, Any]:
    return body(messages=[USER, {"role": "assistant", "content": None, "tool_calls": [call]}])


CASES: list[tuple[str, Any, str]] = [
    ("body is a list", [USER], "JSON object"),
    ("model missing", body(model=...), "'model'"),
    ("model empty", body(model=""), "'model'"),
    ("model not a string", body(model=4), "'model'"),
    ("messages missing", body(messages=...), "'messages'"),
    ("messages empty", body(messages=[]), "'messages'"),
    ("messages not a list", body(messages="hi"), "'messages'"),
    ("message not an object", body(messages=["hi"]), "messages[0]"),
    ("bad role", body(messages=[{"role": "bot", "content": "hi"}]), "messages[0].role"),
    ("function role", body(messages=[{"role": "function", "content": "x"}]), "'function'"),
    ("content a number", body(messages=[{"role": "user", "content": 42}]), "messages[0].content"),
    ("content an object", body(messages=[{"role": "user", "content": {"text": "hi"}}]), "content"),
    ("content missing", body(messages=[{"role": "user"}]), "messages[0].content"),
    ("content empty list", body(messages=[{"role": "user", "content": []}]), "content"),
    ("part not object", user_parts("hello"), "messages[0].content[1]"),
    ("unknown part type", user_parts({"type": "video", "video": {}}), "'video'"),
    ("text part without text", user_parts({"type": "text"}), "content[1].text"),
    ("image_url without url", user_parts({"type": "image_url", "image_url": {}}), "image_url"),
    (
        "image_url as a bare string",
        user_parts({"type": "image_url", "image_url": "https://x.test/a.png"}),
        "content[1].image_url",
    ),
    ("file without data or id", user_parts({"type": "file", "file": {"filename": "a"}}), "file_id"),
    ("file_url without url", user_parts({"type": "file_url", "file_url": {}}), "file_url"),
    (
        "input_audio without format",
        user_parts({"type": "input_audio", "input_audio": {"data": "UklGRg=="}}),
        "input_audio",
    ),
    (
        "tool message without tool_call_id",
        body(messages=[USER, {"role": "tool", "content": "22C"}]),
        "tool_call_id",
    ),
    (
        "tool message answering no call",
        body(messages=[USER, {"role": "tool", "tool_call_id": "call_x", "content": "22C"}]),
        "does not answer",
    ),
    ("tool call without id", with_call({**CALL, "id": None}), "tool_calls[0].id"),
    ("tool call of wrong type", with_call({**CALL, "type": "code"}), "tool_calls[0].type"),
    (
        "tool call without name",
        with_call({**CALL, "function": {"arguments": "{}"}}),
        "function.name",
    ),
    (
        "tool call arguments as object",
        with_call({**CALL, "function": {"name": "get_weather", "arguments": {}}}),
        "function.arguments",
    ),
    (
        "empty tool_calls",
        body(messages=[USER, {"role": "assistant", "content": None, "tool_calls": []}]),
        "tool_calls",
    ),
    (
        "assistant without content or calls",
        body(messages=[USER, {"role": "assistant"}]),
        "messages[1]",
    ),
    ("temperature too high", body(temperature=2.5), "'temperature'"),
    ("temperature negative", body(temperature=-0.1), "'temperature'"),
    ("temperature a string", body(temperature="hot"), "'temperature'"),
    ("top_p above 1", body(top_p=1.5), "'top_p'"),
    ("max_tokens zero", body(max_tokens=0), "'max_tokens'"),
    ("max_tokens a string", body(max_tokens="10"), "'max_tokens'"),
    ("max_tokens a float", body(max_tokens=10.5), "'max_tokens'"),
    ("max_completion_tokens negative", body(max_completion_tokens=-1), "max_completion_tokens"),
    ("stop five strings", body(stop=["a", "b", "c", "d", "e"]), "'stop'"),
    ("stop a number", body(stop=3), "'stop'"),
    ("stop list with a number", body(stop=["a", 1]), "'stop'"),
    ("tools not a list", body(tools=TOOL), "'tools'"),
    ("tools empty", body(tools=[]), "'tools'"),
    ("tool of other type", body(tools=[{"type": "retrieval"}]), "tools[0].type"),
    ("tool without function", body(tools=[{"type": "function"}]), "tools[0].function"),
    (
        "tool without name",
        body(tools=[{"type": "function", "function": {"parameters": {}}}]),
        "tools[0].function.name",
    ),
    (
        "tool with a bad name",
        body(tools=[{"type": "function", "function": {"name": "get weather"}}]),
        "tools[0].function.name",
    ),
    (
        "tool parameters not an object",
        body(tools=[{"type": "function", "function": {"name": "f", "parameters": "x"}}]),
        "parameters",
    ),
    ("tool_choice unknown word", body(tools=[TOOL], tool_choice="sometimes"), "'tool_choice'"),
    (
        "tool_choice names a tool not offered",
        body(tools=[TOOL], tool_choice={"type": "function", "function": {"name": "nope"}}),
        "not one of the offered tools",
    ),
    ("tool_choice required without tools", body(tool_choice="required"), "'tool_choice'"),
    ("response_format unknown type", body(response_format={"type": "xml"}), "response_format"),
    ("response_format not an object", body(response_format="json"), "response_format"),
    (
        "json_schema without schema",
        body(response_format={"type": "json_schema", "json_schema": {"name": "x"}}),
        "json_schema.schema",
    ),
    (
        "json_schema without name",
        body(response_format={"type": "json_schema", "json_schema": {"schema": {}}}),
        "json_schema.name",
    ),
    ("stream_options without stream", body(stream_options={"include_usage": True}), "stream"),
    ("stream not a bool", body(stream="yes"), "'stream'"),
    ("n is 2", body(n=2), "'n'"),
]


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def assert_invalid(response: httpx.Response, fragment: str) -> None:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_parameters"
    assert fragment in error["message"], error["message"]


@pytest.mark.parametrize(("payload", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_contract_violation_is_400_naming_the_field(
    http: httpx.Client, payload: Any, fragment: str
) -> None:
    assert_invalid(http.post(CHAT, json=payload), fragment)


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe"])
def test_non_json_body_is_400(http: httpx.Client, raw: bytes) -> None:
    response = http.post(CHAT, content=raw, headers={"Content-Type": "application/json"})
    assert_invalid(response, "not valid JSON")


def test_a_full_valid_request_passes(http: httpx.Client) -> None:
    """Every documented part type, role and parameter at once: no false positives."""
    payload = {
        "model": "claude-3-7-sonnet-20250219",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "developer", "content": [{"type": "text", "text": "Really brief."}]},
            {"role": "user", "content": "Weather?", "name": "ann"},
            {"role": "assistant", "content": "", "tool_calls": [CALL]},
            {"role": "tool", "tool_call_id": "call_1", "content": "22C"},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Summarize the contents of this document"},
                    {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
                    {
                        "type": "file",
                        "file": {"filename": "api-doc.pdf", "file_data": "https://x.test/a.pdf"},
                    },
                    {"type": "file", "file": {"file_id": "file-123"}},
                    {"type": "file_url", "file_url": {"url": "https://x.test/a.pdf"}},
                    {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "mp3"}},
                ],
            },
        ],
        "tools": [TOOL],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
        "temperature": 0,
        "top_p": 1,
        "n": 1,
        "max_tokens": 1000,
        "max_completion_tokens": 900,
        "stop": ["\n\n"],
        "response_format": {"type": "text"},
        "stream": False,
        "stream_options": None,
        "seed": 7,
        "user": "someone",
    }
    response = http.post(CHAT, json=payload)
    assert response.status_code == 200, response.text
