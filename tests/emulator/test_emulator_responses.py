"""POST /v1/responses without streaming (API.md §3.6, §3.7; OpenAI Responses semantics)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

RESPONSES = "/v1/responses"
SETTINGS = "/__emulator__/responses/settings"
DATA = Path(__file__).resolve().parent.parent / "data"
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the weather at a location.",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
    },
}
MAGIC = {
    "type": "function",
    "name": "magic_function",
    "parameters": {
        "type": "object",
        "properties": {"input": {"type": "integer"}},
        "required": ["input"],
    },
}
SEARCH = {"type": "web_search_preview"}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": gptproto_emulator.api_key}  # bare key, as the Dify plugin sends
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def respond(http: httpx.Client, input: Any = "Who are you?", **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"model": extra.pop("model", "gpt-4.1"), "input": input, **extra}
    response = http.post(RESPONSES, json=payload)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def kinds(result: dict[str, Any]) -> list[str]:
    return [item["type"] for item in result["output"]]


def text_of(result: dict[str, Any]) -> str:
    messages = [item for item in result["output"] if item["type"] == "message"]
    assert len(messages) == 1, result["output"]
    (part,) = messages[0]["content"]
    assert part["type"] == "output_text"
    text: str = part["text"]
    return text


def calls_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in result["output"] if item["type"] == "function_call"]


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def user(*parts: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"role": "user", "content": list(parts)}]


# --- text answers ---------------------------------------------------------------------------------


def test_string_input_gives_the_documented_response_object(http: httpx.Client) -> None:
    result = respond(http, "Tell me a three sentence bedtime story about a unicorn.")
    assert re.fullmatch(r"resp_[0-9a-f]{48}", result["id"])
    assert result["object"] == "response"
    assert result["status"] == "completed"
    assert result["model"] == "gpt-4.1"
    assert isinstance(result["created_at"], int)
    assert result["error"] is None and result["incomplete_details"] is None
    assert "output_text" not in result
    (item,) = result["output"]
    assert item["type"] == "message" and item["role"] == "assistant"
    assert item["status"] == "completed" and item["id"].startswith("msg_")
    assert item["content"] == [
        {
            "type": "output_text",
            "text": 'I am the gptproto emulator (model gpt-4.1). You said: "Tell me a three '
            'sentence bedtime story about a unicorn.".',
            "annotations": [],
        }
    ]
    usage = result["usage"]
    assert usage["input_tokens_details"] == {"cached_tokens": 0}
    assert usage["output_tokens_details"] == {"reasoning_tokens": 0}
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert result["reasoning"] == {"effort": None, "summary": None}
    assert result["text"] == {"format": {"type": "text"}}
    assert (result["tools"], result["tool_choice"], result["parallel_tool_calls"]) == (
        [],
        "auto",
        True,
    )


def test_ids_are_deterministic(http: httpx.Client) -> None:
    first, second = respond(http, "Same"), respond(http, "Same")
    assert first["id"] == second["id"]
    assert first["output"] == second["output"]
    assert respond(http, "Other")["id"] != first["id"]


def test_item_input_answers_the_last_user_message(http: httpx.Client) -> None:
    items = [
        {"role": "developer", "content": "Be brief."},
        {"role": "user", "content": [{"type": "input_text", "text": "First question"}]},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "First answer", "annotations": []}],
        },
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"role": "user", "content": [{"type": "input_text", "text": "Second question"}]},
    ]
    result = respond(http, items, instructions="You are a test.")
    assert result["instructions"] == "You are a test."
    assert text_of(result).endswith('You said: "Second question".')


def test_dify_plugin_parts_are_described(http: httpx.Client) -> None:
    items = user(
        {"type": "input_text", "text": "Describe this"},
        {"type": "input_image", "image_url": "https://example.com/a.png"},
        {"type": "input_file", "file_url": "https://example.com/a.pdf"},
    )
    text = text_of(respond(http, items, model="gpt-4o", tools=[SEARCH]))
    assert "an image at https://example.com/a.png" in text
    assert "a PDF document at https://example.com/a.pdf" in text


def test_data_uri_image_and_pdf_are_decoded(http: httpx.Client) -> None:
    png = data_uri("image/png", (DATA / "sample.png").read_bytes())
    pdf = data_uri("application/pdf", (DATA / "sample.pdf").read_bytes())
    items = user(
        {"type": "input_text", "text": "What are these?"},
        {"type": "input_image", "image_url": png, "detail": "high"},
        {"type": "input_file", "file_data": pdf, "filename": "sample.pdf"},
        {"type": "input_file", "file_id": "file-abc123"},
    )
    result = respond(http, items)
    text = text_of(result)
    assert "a 32x24 PNG image" in text
    assert 'a PDF document of 1 page that begins "Dummy PDF file"' in text
    assert "the uploaded file file-abc123" in text
    assert result["usage"]["input_tokens"] > 255 + 500 + 500


def test_long_prompts_are_cached_on_repeat(http: httpx.Client) -> None:
    long_text = "word " * 1500
    first = respond(http, long_text, instructions="Cache me.")
    second = respond(http, long_text, instructions="Cache me.")
    assert first["usage"]["input_tokens_details"]["cached_tokens"] == 0
    cached = second["usage"]["input_tokens_details"]["cached_tokens"]
    assert cached >= 1024 and cached % 128 == 0


# --- function calling -----------------------------------------------------------------------------


def test_auto_calls_the_matching_tool_with_arguments_from_the_text(http: httpx.Client) -> None:
    result = respond(http, "What is the weather in San Francisco, CA?", tools=[MAGIC, WEATHER])
    assert kinds(result) == ["function_call"]
    (call,) = calls_of(result)
    assert call["name"] == "get_weather" and call["status"] == "completed"
    assert json.loads(call["arguments"]) == {"location": "San Francisco, CA"}
    assert call["id"].startswith("fc_") and re.fullmatch(r"call_[0-9a-f]{24}", call["call_id"])
    assert result["tools"] == [MAGIC, WEATHER]


@pytest.mark.parametrize(
    ("tool_choice", "expected"),
    [
        ("none", []),
        ("auto", []),
        ("required", ["magic_function"]),
        ({"type": "function", "name": "get_weather"}, ["get_weather"]),
    ],
)
def test_tool_choice_variants(http: httpx.Client, tool_choice: Any, expected: list[str]) -> None:
    result = respond(http, "Hello there", tools=[MAGIC, WEATHER], tool_choice=tool_choice)
    assert [c["name"] for c in calls_of(result)] == expected
    assert result["tool_choice"] == tool_choice
    if not expected:
        assert kinds(result) == ["message"]


def test_parallel_calls_and_their_switch(http: httpx.Client) -> None:
    text = "Call magic_function with 3 and get_weather for Paris"
    both = respond(http, text, tools=[WEATHER, MAGIC])
    assert [c["name"] for c in calls_of(both)] == ["magic_function", "get_weather"]
    assert len({c["call_id"] for c in calls_of(both)}) == 2
    assert json.loads(calls_of(both)[0]["arguments"]) == {"input": 3}
    one = respond(http, text, tools=[WEATHER, MAGIC], parallel_tool_calls=False)
    assert [c["name"] for c in calls_of(one)] == ["magic_function"]
    assert one["parallel_tool_calls"] is False


def test_function_call_output_is_answered(http: httpx.Client) -> None:
    items = [
        {"role": "user", "content": "What is the weather in Paris?"},
        {
            "type": "function_call",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"location": "Paris"}',
        },
        {"type": "function_call_output", "call_id": "call_1", "output": "22 C and sunny"},
    ]
    result = respond(http, items, tools=[WEATHER])
    assert kinds(result) == ["message"]
    assert text_of(result) == "Based on the tool result: 22 C and sunny"


def test_previous_response_id_continues_after_a_call(http: httpx.Client) -> None:
    first = respond(http, "What is the weather in Paris?", tools=[WEATHER])
    (call,) = calls_of(first)
    answer = {"type": "function_call_output", "call_id": call["call_id"], "output": "Rainy"}
    second = respond(http, [answer], tools=[WEATHER], previous_response_id=first["id"])
    assert text_of(second) == "Based on the tool result: Rainy"
    assert second["previous_response_id"] == first["id"]
    third = respond(http, "And you?", tools=[WEATHER], previous_response_id=second["id"])
    assert text_of(third).endswith('You said: "And you?".')
    assert third["usage"]["input_tokens"] > second["usage"]["input_tokens"]


def test_unstored_or_unknown_previous_responses_are_rejected(http: httpx.Client) -> None:
    unstored = respond(http, "Hi", store=False)
    for previous in (unstored["id"], "resp_unknown"):
        body = {"model": "gpt-4.1", "input": "Again", "previous_response_id": previous}
        response = http.post(RESPONSES, json=body)
        assert response.status_code == 400
        assert "'previous_response_id'" in response.json()["error"]["message"]


# --- structured output ----------------------------------------------------------------------------


def test_json_schema_output_fits_the_schema(http: httpx.Client) -> None:
    schema = {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "servings": {"type": "integer"},
            "course": {"type": "string", "enum": ["starter", "main", "dessert"]},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["title", "servings", "course", "tags"],
        "additionalProperties": False,
    }
    fmt = {"type": "json_schema", "name": "recipe", "schema": schema, "strict": True}
    result = respond(http, 'A "Lemon Tart" dessert for 6 people', text={"format": fmt})
    value = json.loads(text_of(result))
    assert set(value) == set(schema["properties"])
    assert value["title"] == "Lemon Tart" and value["servings"] == 6
    assert value["course"] == "dessert"
    assert isinstance(value["tags"], list) and all(isinstance(t, str) for t in value["tags"])
    assert result["text"] == {"format": fmt}


def test_json_object_output_uses_quoted_keys(http: httpx.Client) -> None:
    text = "Tell a joke as JSON with 'setup' and 'punchline'"
    result = respond(http, text, text={"format": {"type": "json_object"}})
    assert set(json.loads(text_of(result))) == {"setup", "punchline"}


# --- reasoning models -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["o3", "o4-mini"])
def test_reasoning_summary_comes_first(http: httpx.Client, model: str) -> None:
    result = respond(http, "Why is the sky blue?", model=model, reasoning={"summary": "auto"})
    assert kinds(result) == ["reasoning", "message"]
    reasoning = result["output"][0]
    assert reasoning["id"].startswith("rs_")
    (summary,) = reasoning["summary"]
    assert summary["type"] == "summary_text"
    assert summary["text"].startswith('The user asked: "Why is the sky blue?"')
    assert result["usage"]["output_tokens_details"]["reasoning_tokens"] > 0
    assert result["reasoning"] == {"effort": "medium", "summary": "auto"}


def test_concise_summary_states_the_decision(http: httpx.Client) -> None:
    result = respond(
        http,
        "Weather in Paris?",
        model="o3",
        tools=[WEATHER],
        reasoning={"effort": "high", "summary": "concise"},
    )
    assert kinds(result) == ["reasoning", "function_call"]
    assert result["output"][0]["summary"][0]["text"] == "I decided to call get_weather."
    assert result["reasoning"] == {"effort": "high", "summary": "concise"}


@pytest.mark.parametrize(
    ("model", "extra", "reasoning_item"),
    [
        ("o4-mini", {}, True),
        ("gpt-5", {}, True),
        ("gpt-4.1", {"reasoning": {"effort": "low"}}, True),
        ("gpt-4.1", {}, False),
    ],
)
def test_which_requests_reason(
    http: httpx.Client, model: str, extra: dict[str, Any], reasoning_item: bool
) -> None:
    result = respond(http, "Hi", model=model, **extra)
    if reasoning_item:
        assert kinds(result) == ["reasoning", "message"]
        assert result["output"][0]["summary"] == []
        assert result["usage"]["output_tokens_details"]["reasoning_tokens"] > 0
    else:
        assert kinds(result) == ["message"]


@pytest.mark.parametrize("model", ["o3-deep-research", "o4-mini-deep-research"])
def test_deep_research_answers_the_documented_body(http: httpx.Client, model: str) -> None:
    # API.md §3.7: gptproto's o-series example has no tools; OpenAI's own deep-research models
    # would refuse it, but gptproto's docs are the authority over upstream.
    body = {"model": model, "input": "Tell me a three sentence bedtime story about a unicorn."}
    response = http.post(RESPONSES, json=body)
    assert response.status_code == 200
    assert kinds(response.json()) == ["reasoning", "message"]
    assert kinds(respond(http, "Research unicorns.", model=model, tools=[WEATHER])) == [
        "reasoning",
        "message",
    ]
    result = respond(http, "Research unicorns.", model=model, tools=[SEARCH])
    assert kinds(result) == ["reasoning", "web_search_call", "message"]
    vector = {"type": "file_search", "vector_store_ids": ["vs_1"]}
    assert kinds(respond(http, "Research.", model=model, tools=[vector])) == [
        "reasoning",
        "message",
    ]


def test_web_search_adds_a_call_and_a_citation(http: httpx.Client) -> None:
    result = respond(http, "Latest unicorn news", tools=[SEARCH])
    assert kinds(result) == ["web_search_call", "message"]
    search = result["output"][0]
    assert search["id"].startswith("ws_") and search["status"] == "completed"
    part = result["output"][1]["content"][0]
    (annotation,) = part["annotations"]
    assert annotation["type"] == "url_citation"
    assert httpx.URL(annotation["url"]).host.endswith(".invalid")
    linked = part["text"][annotation["start_index"] : annotation["end_index"]]
    assert linked == f"[search.emulator.invalid]({annotation['url']})"
    assert respond(http, "Latest unicorn news", tools=[SEARCH])["output"] == result["output"]


def test_no_search_with_tool_choice_none(http: httpx.Client) -> None:
    result = respond(http, "Latest news", tools=[SEARCH], tool_choice="none")
    assert kinds(result) == ["message"]


# --- limits ---------------------------------------------------------------------------------------


def test_max_output_tokens_truncates_and_marks_incomplete(http: httpx.Client) -> None:
    result = respond(http, "Tell me a long story", max_output_tokens=5)
    assert result["status"] == "incomplete"
    assert result["incomplete_details"] == {"reason": "max_output_tokens"}
    assert result["output"][0]["status"] == "incomplete"
    assert text_of(result) == "I am the gptproto em"  # 5 tokens = 20 bytes
    assert result["usage"]["output_tokens"] == 5
    assert result["max_output_tokens"] == 5


def test_reasoning_can_use_up_the_output_budget(http: httpx.Client) -> None:
    result = respond(http, "Tell me a long story", model="o4-mini", max_output_tokens=16)
    assert result["status"] == "incomplete"
    assert kinds(result) == ["reasoning"]
    assert result["usage"]["output_tokens"] == 16
    assert result["usage"]["output_tokens_details"]["reasoning_tokens"] == 16


# --- the relay form, counters, auth, faults -------------------------------------------------------


def test_plain_string_output_setting(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    assert http.get(SETTINGS).json() == {"plain_output": False}
    assert http.post(SETTINGS, json={"plain_output": True}).json() == {"plain_output": True}
    result = respond(http, "Hi")
    assert result["output"] == 'I am the gptproto emulator (model gpt-4.1). You said: "Hi".'
    assert result["object"] == "response" and "usage" in result
    gptproto_emulator.reset()
    assert isinstance(respond(http, "Hi")["output"], list)
    gptproto_emulator.state.responses.configure(plain_output=True)
    assert isinstance(respond(http, "Hi")["output"], str)


@pytest.mark.parametrize("spec", [[], {"plain_output": "yes"}, {"other": True}])
def test_bad_settings_are_rejected(http: httpx.Client, spec: Any) -> None:
    assert http.post(SETTINGS, json=spec).status_code == 400


def test_counters_and_last_request(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    respond(http, "Counted")
    http.post(RESPONSES, json={"model": "gpt-4.1"})
    assert gptproto_emulator.counters()["requests"]["POST /v1/responses"] == 2
    last = gptproto_emulator.last_request(RESPONSES)
    assert last is not None
    assert last["body"] == {"model": "gpt-4.1"}
    assert last["headers"]["authorization"] == "<redacted>"


@pytest.mark.parametrize("authorization", [None, "", "Bearer sk-wrong"])
def test_a_key_is_required(gptproto_emulator: EmulatorServer, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.post(
        f"{gptproto_emulator.url}{RESPONSES}",
        headers=headers,
        json={"model": "gpt-4.1", "input": "Hi"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"


def test_bearer_key_is_accepted(gptproto_emulator: EmulatorServer) -> None:
    response = httpx.post(
        f"{gptproto_emulator.url}{RESPONSES}",
        headers={"Authorization": f"Bearer {gptproto_emulator.api_key}"},
        json={"model": "gpt-4.1", "input": "Hi"},
    )
    assert response.status_code == 200


def test_429_fault_comes_before_the_answer(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.add_fault(RESPONSES, status=429, headers={"Retry-After": "2"})
    limited = http.post(RESPONSES, json={"model": "gpt-4.1", "input": "Hi"})
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "2"
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
    assert respond(http, "Hi")["status"] == "completed"


# --- validation -----------------------------------------------------------------------------------

FN = {"type": "function", "name": "f"}
DROP = object()  # leave the field out


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"model": DROP}, "'model'"),
        ({"model": "", "input": "Hi"}, "'model'"),
        ({"input": DROP}, "'input'"),
        ({"input": DROP, "messages": [{"role": "user", "content": "Hi"}]}, "'input'"),
        ({"input": []}, "'input'"),
        ({"input": 3}, "'input'"),
        ({"input": ["Hi"]}, "'input[0]'"),
        ({"input": [{"role": "tool", "content": "x"}]}, "'input[0].role'"),
        ({"input": [{"role": "user", "content": []}]}, "'input[0].content'"),
        ({"input": user({"type": "text", "text": "Hi"})}, "'input[0].content[0].type'"),
        ({"input": user({"type": "input_text"})}, "'input[0].content[0].text'"),
        (
            {"input": [{"role": "assistant", "content": [{"type": "input_text", "text": "x"}]}]},
            "'input[0].content[0].type'",
        ),
        ({"input": user({"type": "input_image"})}, "'input[0].content[0]'"),
        (
            {"input": user({"type": "input_image", "image_url": {"url": "https://x.test/a.png"}})},
            "'input[0].content[0].image_url'",
        ),
        (
            {"input": user({"type": "input_image", "image_url": "https://x", "detail": "max"})},
            "'input[0].content[0].detail'",
        ),
        ({"input": user({"type": "input_file"})}, "'input[0].content[0]'"),
        (
            {"input": user({"type": "input_file", "file_data": "data:application/pdf;base64,AA"})},
            "'input[0].content[0].filename'",
        ),
        (
            {"input": user({"type": "input_file", "file_data": "AAAA", "filename": "a.pdf"})},
            "'input[0].content[0].file_data'",
        ),
        ({"input": [{"type": "item_reference", "id": "x"}]}, "'input[0].type'"),
        ({"input": [{"type": "function_call", "name": "f", "arguments": "{}"}]}, "call_id"),
        (
            {"input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": {}}]},
            "'input[0].arguments'",
        ),
        (
            {"input": [{"type": "function_call_output", "call_id": "c1", "output": "x"}]},
            "'input[0].call_id'",
        ),
        (
            {"input": [{"type": "function_call_output", "call_id": "c1", "output": 3}]},
            "'input[0].output'",
        ),
        ({"instructions": 3}, "'instructions'"),
        ({"tools": {}}, "'tools'"),
        ({"tools": [{"type": "code_interpreter"}]}, "'tools[0].type'"),
        ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "'tools[0].name'"),
        ({"tools": [{"type": "function", "name": "bad name"}]}, "'tools[0].name'"),
        ({"tools": [{**FN, "parameters": []}]}, "'tools[0].parameters'"),
        ({"tools": [{**FN, "strict": "yes"}]}, "'tools[0].strict'"),
        ({"tools": [{"type": "file_search"}]}, "'tools[0].vector_store_ids'"),
        ({"tools": [{"type": "mcp"}]}, "'tools[0].server_label'"),
        ({"tools": [{"type": "web_search", "search_context_size": "huge"}]}, "search_context"),
        ({"tool_choice": "required"}, "'tool_choice'"),
        ({"tool_choice": "always", "tools": [FN]}, "'tool_choice'"),
        ({"tool_choice": {"type": "function", "name": "g"}, "tools": [FN]}, "'tool_choice.name'"),
        (
            {"tool_choice": {"type": "function", "function": {"name": "f"}}, "tools": [FN]},
            "'tool_choice.name'",
        ),
        ({"parallel_tool_calls": "no"}, "'parallel_tool_calls'"),
        ({"reasoning": "high"}, "'reasoning'"),
        ({"reasoning": {"effort": "extreme"}}, "'reasoning.effort'"),
        ({"reasoning": {"summary": "long"}}, "'reasoning.summary'"),
        ({"max_output_tokens": 0}, "'max_output_tokens'"),
        ({"max_output_tokens": "5"}, "'max_output_tokens'"),
        ({"temperature": 3}, "'temperature'"),
        ({"top_p": -0.1}, "'top_p'"),
        ({"text": "json"}, "'text'"),
        ({"text": {"format": {"type": "yaml"}}}, "'text.format.type'"),
        ({"text": {"format": {"type": "json_schema", "schema": {}}}}, "'text.format.name'"),
        ({"text": {"format": {"type": "json_schema", "name": "x"}}}, "'text.format.schema'"),
        (
            {"text": {"format": {"type": "json_schema", "json_schema": {"name": "x"}}}},
            "'text.format.schema'",
        ),
        ({"text": {"verbosity": "loud"}}, "'text.verbosity'"),
        ({"response_format": {"type": "json_object"}}, "'text.format'"),
        ({"stream": "yes"}, "'stream'"),
        ({"store": 1}, "'store'"),
        ({"metadata": {"a": 1}}, "'metadata'"),
        ({"previous_response_id": 5}, "'previous_response_id'"),
    ],
)
def test_contract_breaks_get_400_naming_the_field(
    http: httpx.Client, body: dict[str, Any], field: str
) -> None:
    merged = {"model": "gpt-4.1", "input": "Hi", **body}
    payload = {k: v for k, v in merged.items() if v is not DROP}
    response = http.post(RESPONSES, json=payload)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_parameters"
    assert field in error["message"]


def test_a_body_that_is_not_json_gets_400(http: httpx.Client) -> None:
    response = http.post(RESPONSES, content=b"{not json")
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]
