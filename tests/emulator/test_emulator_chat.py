"""The scripted model of POST /v1/chat/completions (API.md §3.4-§3.5, §4, §5.4-§5.5, §6, §13)."""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import wave
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from gptproto_emulator import EmulatorServer

CHAT = "/v1/chat/completions"
MAGIC = {
    "type": "function",
    "function": {
        "name": "magic_function",
        "description": "Applies a magic function to an input.",
        "parameters": {
            "type": "object",
            "properties": {"input": {"type": "integer"}},
            "required": ["input"],
        },
    },
}
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather at a location.",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "City and state"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["location"],
        },
    },
}


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def chat(http: httpx.Client, content: Any = "Who are you?", **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": content}],
    }
    payload.update(extra)
    response = http.post(CHAT, json=payload)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def message_of(result: dict[str, Any]) -> dict[str, Any]:
    message: dict[str, Any] = result["choices"][0]["message"]
    return message


def only_call(result: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    calls = message_of(result)["tool_calls"]
    assert len(calls) == 1
    return calls[0]["function"]["name"], json.loads(calls[0]["function"]["arguments"])


# --- media built here, independently of the emulator's own readers --------------------------------


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80" * (3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\xff\xd9"


def pdf(pages: int, text: str) -> bytes:
    content = zlib.compress(f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode())
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /Contents 99 0 R >>" for _ in range(pages)],
    ]
    out = b"%PDF-1.4\n"
    for number, obj in enumerate(objects, start=1):
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    out += b"99 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
    return out + content + b"\nendstream\nendobj\n%%EOF\n"


def wav(seconds: float, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(rate)
        clip.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


# --- text answers ---------------------------------------------------------------------------------


def test_text_answer_names_model_and_echoes_the_last_user_text(http: httpx.Client) -> None:
    result = chat(http, "Tell me about otters.", model="grok-4")
    assert result["object"] == "chat.completion"
    assert result["model"] == "grok-4"
    # the seed's reply shape: an Ark id ("02", 13 digits, 38 hex), service_tier, logprobs null
    assert re.fullmatch(r"02\d{13}[0-9a-f]{38}", result["id"])
    assert isinstance(result["created"], int)
    assert result["service_tier"] == "default" and "system_fingerprint" not in result
    choice = result["choices"][0]
    assert choice["index"] == 0 and choice["logprobs"] is None
    assert choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    assert "grok-4" in choice["message"]["content"]
    assert '"Tell me about otters."' in choice["message"]["content"]
    assert "tool_calls" not in choice["message"]
    assert "reasoning_content" not in choice["message"]


def test_multi_turn_answers_the_last_user_message(http: httpx.Client) -> None:
    messages = [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "First question about cats"},
        {"role": "assistant", "content": "Cats are fine."},
        {"role": "user", "content": [{"type": "text", "text": "Second question about dogs"}]},
    ]
    response = http.post(CHAT, json={"model": "doubao-seed-1-6-250615", "messages": messages})
    content = message_of(response.json())["content"]
    assert "Second question about dogs" in content
    assert "cats" not in content


def test_answers_and_ids_are_deterministic(http: httpx.Client) -> None:
    first, second = chat(http, "Same input"), chat(http, "Same input")
    assert first["id"] == second["id"]
    assert message_of(first) == message_of(second)
    assert chat(http, "Other input")["id"] != first["id"]


def test_usage_has_the_documented_shape(http: httpx.Client) -> None:
    usage = chat(http, "abcdefgh")["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    # the seed's usage details, no more
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0}
    assert usage["completion_tokens_details"] == {"reasoning_tokens": 0}
    longer = chat(http, "abcdefgh" * 100)["usage"]
    assert longer["prompt_tokens"] - usage["prompt_tokens"] == 198  # 800 bytes / 4 - 8 / 4
    assert "cache_read_input_tokens" not in usage


# --- attachments ----------------------------------------------------------------------------------


def test_data_uri_images_are_decoded_and_described(http: httpx.Client) -> None:
    parts = [
        {"type": "text", "text": "What is in these images?"},
        {"type": "image_url", "image_url": {"url": data_uri("image/png", png(64, 48))}},
        {"type": "image_url", "image_url": {"url": data_uri("image/jpeg", jpeg_header(640, 480))}},
    ]
    content = message_of(chat(http, parts))["content"]
    assert "a 64x48 PNG image" in content
    assert "a 640x480 JPEG image" in content


@pytest.mark.parametrize(
    ("fmt", "options", "name"),
    [
        ("JPEG", {"progressive": True}, "JPEG"),
        ("WEBP", {}, "WebP"),
        ("WEBP", {"lossless": True}, "WebP"),
        ("GIF", {}, "GIF"),
    ],
)
def test_real_encoded_images_are_measured(
    http: httpx.Client, fmt: str, options: dict[str, Any], name: str
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (123, 45), "red").save(buffer, fmt, **options)
    url = data_uri(f"image/{fmt.lower()}", buffer.getvalue())
    content = message_of(chat(http, [{"type": "image_url", "image_url": {"url": url}}]))["content"]
    assert f"a 123x45 {name} image" in content
    assert "You sent no text." in content


def test_image_urls_are_described_not_fetched(http: httpx.Client) -> None:
    url = "https://upload.invalid/boardwalk.jpg"
    parts = [{"type": "text", "text": "Describe"}, {"type": "image_url", "image_url": {"url": url}}]
    assert f"an image at {url}" in message_of(chat(http, parts))["content"]


def test_image_tokens_depend_on_size(http: httpx.Client) -> None:
    def prompt_tokens(url: str) -> int:
        parts = [{"type": "image_url", "image_url": {"url": url}}]
        return int(chat(http, parts)["usage"]["prompt_tokens"])

    small = prompt_tokens(data_uri("image/png", png(64, 48)))
    large = prompt_tokens(data_uri("image/png", png(1024, 300)))
    unknown = prompt_tokens("https://x.invalid/a.png")
    assert small < large < unknown
    assert large - small == 170  # 2 tiles of 512 px against 1 tile
    assert unknown - small == 765 - (85 + 170)


def test_pdf_data_is_read_for_pages_and_text(http: httpx.Client) -> None:
    file_part = {
        "type": "file",
        "file": {"filename": "doc.pdf", "file_data": data_uri("application/pdf", pdf(3, "Hi"))},
    }
    content = message_of(chat(http, [{"type": "text", "text": "Summarize"}, file_part]))["content"]
    assert "a PDF document of 3 pages" in content
    assert '"Hi"' in content


@pytest.mark.parametrize(
    "part",
    [
        {"type": "file", "file": {"filename": "api-doc.pdf", "file_data": "https://x.test/a.pdf"}},
        {"type": "file_url", "file_url": {"url": "https://x.test/a.pdf"}},
    ],
    ids=["file-with-url (API.md §4 example one)", "file_url (API.md §4 example two)"],
)
def test_pdf_urls_are_described(http: httpx.Client, part: dict[str, Any]) -> None:
    parts = [{"type": "text", "text": "Summarize the contents of this document"}, part]
    result = chat(http, parts, model="claude-3-7-sonnet-20250219")
    assert "a PDF document at https://x.test/a.pdf" in message_of(result)["content"]


def test_wav_audio_is_measured(http: httpx.Client) -> None:
    audio = base64.b64encode(wav(1.5)).decode()
    part = {"type": "input_audio", "input_audio": {"data": audio, "format": "wav"}}
    result = chat(http, [{"type": "text", "text": "Transcribe"}, part])
    assert "a WAV audio clip of 1.5 s" in message_of(result)["content"]
    assert result["usage"]["prompt_tokens_details"]["audio_tokens"] == 15


# --- tools ----------------------------------------------------------------------------------------


def test_integer_argument_comes_from_the_text(http: httpx.Client) -> None:
    result = chat(http, "What is the value of magic_function(3)? Use the tool.", tools=[MAGIC])
    assert result["choices"][0]["finish_reason"] == "tool_calls"
    assert message_of(result)["content"] is None
    assert only_call(result) == ("magic_function", {"input": 3})
    call_id = message_of(result)["tool_calls"][0]["id"]
    assert re.fullmatch(r"call_[0-9a-f]{24}", call_id)
    assert message_of(result)["tool_calls"][0]["type"] == "function"


def test_string_argument_is_the_capitalized_place(http: httpx.Client) -> None:
    result = chat(http, "What is the weather in San Francisco, CA?", tools=[MAGIC, WEATHER])
    assert only_call(result) == ("get_weather", {"location": "San Francisco, CA"})


def test_optional_enum_is_filled_only_when_named(http: httpx.Client) -> None:
    result = chat(http, "What's the weather in 'Oslo' in fahrenheit?", tools=[WEATHER])
    assert only_call(result) == ("get_weather", {"location": "Oslo", "unit": "fahrenheit"})


def test_auto_without_a_matching_tool_answers_in_text(http: httpx.Client) -> None:
    result = chat(http, "Hello!", tools=[MAGIC, WEATHER])
    assert "tool_calls" not in message_of(result)
    assert result["choices"][0]["finish_reason"] == "stop"


def test_tool_choice_none_never_calls(http: httpx.Client) -> None:
    result = chat(http, "Weather in Paris?", tools=[WEATHER], tool_choice="none")
    assert "tool_calls" not in message_of(result)
    assert "Weather in Paris?" in message_of(result)["content"]


def test_tool_choice_required_calls_even_without_a_match(http: httpx.Client) -> None:
    result = chat(http, "Hello!", tools=[MAGIC, WEATHER], tool_choice="required")
    name, args = only_call(result)
    assert name == "magic_function"
    assert args == {"input": 0}


def test_named_tool_choice_wins_over_the_best_match(http: httpx.Client) -> None:
    forced = {"type": "function", "function": {"name": "magic_function"}}
    result = chat(http, "Weather in Paris at 5?", tools=[WEATHER, MAGIC], tool_choice=forced)
    assert only_call(result) == ("magic_function", {"input": 5})


def test_two_named_tools_are_called_in_parallel(http: httpx.Client) -> None:
    text = "Call get_weather for Paris and magic_function with 7."
    calls = message_of(chat(http, text, tools=[MAGIC, WEATHER]))["tool_calls"]
    assert [c["function"]["name"] for c in calls] == ["get_weather", "magic_function"]
    assert json.loads(calls[0]["function"]["arguments"]) == {"location": "Paris"}
    assert json.loads(calls[1]["function"]["arguments"]) == {"input": 7}
    assert calls[0]["id"] != calls[1]["id"]

    single = chat(http, text, tools=[MAGIC, WEATHER], parallel_tool_calls=False)
    assert len(message_of(single)["tool_calls"]) == 1


def test_tool_results_are_used_in_the_answer(http: httpx.Client) -> None:
    call = {
        "id": "call_abc",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
    }
    messages = [
        {"role": "user", "content": "What is the weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_abc", "content": "18 degrees and sunny"},
    ]
    response = http.post(CHAT, json={"model": "gpt-4o", "messages": messages, "tools": [WEATHER]})
    result = response.json()
    assert "tool_calls" not in message_of(result)
    assert message_of(result)["content"] == "Based on the tool result: 18 degrees and sunny"
    assert result["choices"][0]["finish_reason"] == "stop"


def test_schema_refs_nesting_and_any_of(http: httpx.Client) -> None:
    tool = {
        "type": "function",
        "function": {
            "name": "book_trip",
            "description": "Book a trip",
            "parameters": {
                "$defs": {
                    "Place": {
                        "type": "object",
                        "properties": {"city": {"type": "string"}, "nights": {"type": "integer"}},
                        "required": ["city", "nights"],
                    }
                },
                "type": "object",
                "properties": {
                    "destination": {"$ref": "#/$defs/Place"},
                    "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
                    "budget": {"type": "number"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "refundable": {"type": "boolean"},
                },
                "required": ["destination", "budget", "tags", "refundable"],
            },
        },
    }
    result = chat(http, "Book a trip to Lisbon for 4 nights, budget 999.5", tools=[tool])
    name, args = only_call(result)
    assert name == "book_trip"
    assert args == {
        "destination": {"city": "Lisbon", "nights": 4},
        "budget": 999.5,
        "tags": [args["tags"][0]],
        "refundable": False,
    }
    assert isinstance(args["tags"][0], str)


def test_tool_without_parameters_gets_empty_arguments(http: httpx.Client) -> None:
    tool = {"type": "function", "function": {"name": "magic_function_no_args"}}
    result = chat(http, "What is the value of magic_function_no_args()?", tools=[tool])
    assert only_call(result) == ("magic_function_no_args", {})


# --- structured output ----------------------------------------------------------------------------


def conforms(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A tiny JSON-schema check: $ref, type, enum, properties/required/additionalProperties."""
    if "$ref" in schema:
        return conforms(value, root["$defs"][schema["$ref"].split("/")[-1]], root)
    if "enum" in schema and value not in schema["enum"]:
        return False
    kinds: dict[str, type | tuple[type, ...]] = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "array": list,
    }
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        if not isinstance(value, dict) or not set(schema.get("required", [])) <= set(value):
            return False
        if schema.get("additionalProperties") is False and not set(value) <= set(props):
            return False
        return all(conforms(v, props[k], root) for k, v in value.items() if k in props)
    if kind == "array":
        return isinstance(value, list) and all(conforms(v, schema["items"], root) for v in value)
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return kind is None or isinstance(value, kinds[kind])


def test_json_schema_output_validates(http: httpx.Client) -> None:
    schema = {
        "$defs": {
            "Ingredient": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "grams": {"type": "integer"}},
                "required": ["name", "grams"],
                "additionalProperties": False,
            }
        },
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "servings": {"type": "integer"},
            "spicy": {"type": "boolean"},
            "course": {"type": "string", "enum": ["starter", "main", "dessert"]},
            "ingredients": {"type": "array", "items": {"$ref": "#/$defs/Ingredient"}},
        },
        "required": ["title", "servings", "spicy", "course", "ingredients"],
        "additionalProperties": False,
    }
    fmt = {"type": "json_schema", "json_schema": {"name": "recipe", "schema": schema}}
    text = 'A "Lemon Tart" dessert for 6 people with 250 grams of flour'
    content = message_of(chat(http, text, response_format=fmt))["content"]
    value = json.loads(content)
    assert conforms(value, schema, schema)
    assert value["title"] == "Lemon Tart"
    assert value["servings"] == 6
    assert value["course"] == "dessert"
    assert value["ingredients"][0]["grams"] == 250
    assert content == json.dumps(value, separators=(",", ":"))


def test_json_object_uses_quoted_keys_or_answer(http: httpx.Client) -> None:
    fmt = {"type": "json_object"}
    text = "Tell me a joke about cats. Return JSON with 'setup' and 'punchline' keys."
    assert set(json.loads(message_of(chat(http, text, response_format=fmt))["content"])) == {
        "setup",
        "punchline",
    }
    plain = json.loads(message_of(chat(http, "Say hi as JSON", response_format=fmt))["content"])
    assert list(plain) == ["answer"]
    assert "Say hi as JSON" in plain["answer"]


# --- limits ---------------------------------------------------------------------------------------


def test_stop_cuts_at_the_first_stop_sequence(http: httpx.Client) -> None:
    result = chat(http, "Hello there", stop=["You said", "emulator"])
    assert message_of(result)["content"] == "I am the gptproto "
    assert result["choices"][0]["finish_reason"] == "stop"


def test_max_tokens_truncates_with_finish_length(http: httpx.Client) -> None:
    full = message_of(chat(http, "A long enough question"))["content"]
    result = chat(http, "A long enough question", max_tokens=5)
    content = message_of(result)["content"]
    assert result["choices"][0]["finish_reason"] == "length"
    assert content == full[:20]
    assert result["usage"]["completion_tokens"] == 5
    assert (
        chat(http, "A long enough question", max_completion_tokens=3)["usage"]["completion_tokens"]
        == 3
    )


# --- model families -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["deepseek-reasoner", "o3", "claude-sonnet-4-20250514-thinking", "grok-3-mini"]
)
def test_reasoning_models_add_reasoning_content(http: httpx.Client, model: str) -> None:
    result = chat(http, "Why is the sky blue?", model=model)
    message = message_of(result)
    assert "Why is the sky blue?" in message["reasoning_content"]
    reasoning = result["usage"]["completion_tokens_details"]["reasoning_tokens"]
    assert reasoning == (len(message["reasoning_content"].encode()) + 3) // 4
    content_tokens = (len(message["content"].encode()) + 3) // 4
    assert result["usage"]["completion_tokens"] == content_tokens + reasoning


def test_gemini_image_model_returns_a_markdown_data_uri_png(http: httpx.Client) -> None:
    result = chat(http, "Draw a banana", model="gemini-2.5-flash-image-preview")
    content = message_of(result)["content"]
    match = re.search(r"!\[[^\]]*\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", content)
    assert match, content
    image = base64.b64decode(match.group(1))
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    index, chunks = 8, {}
    while index < len(image):
        (length,) = struct.unpack(">I", image[index : index + 4])
        kind, data = image[index + 4 : index + 8], image[index + 8 : index + 8 + length]
        (crc,) = struct.unpack(">I", image[index + 8 + length : index + 12 + length])
        assert crc == zlib.crc32(kind + data)
        chunks[kind] = data
        index += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, color) == (8, 2)
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)
    assert set(chunks) == {b"IHDR", b"IDAT", b"IEND"}


@pytest.mark.parametrize("model", ["gpt-4o-image", "gpt-4o-image-vip", "gpt-image-1"])
def test_gpt_image_models_link_to_a_cdn_url(http: httpx.Client, model: str) -> None:
    content = message_of(chat(http, "Draw a horse", model=model))["content"]
    assert re.search(
        rf"!\[[^\]]*\]\({re.escape(str(http.base_url))}/__emulator__/files/cdn/[0-9a-f]{{32}}\.png\)",
        content,
    )


# --- prompt caching -------------------------------------------------------------------------------


def test_second_identical_long_request_reports_cached_tokens(http: httpx.Client) -> None:
    long_text = "The quick brown fox jumps over the lazy dog. " * 120  # ~1350 tokens
    first = chat(http, long_text)["usage"]
    second = chat(http, long_text)["usage"]
    assert first["prompt_tokens_details"]["cached_tokens"] == 0
    cached = second["prompt_tokens_details"]["cached_tokens"]
    assert cached >= 1024
    assert cached % 128 == 0
    assert cached <= second["prompt_tokens"] < cached + 128 + 10


def test_a_conversation_that_extends_a_cached_prefix_hits_it(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    system = {"role": "system", "content": "Policy text. " * 400}
    first = [system, {"role": "user", "content": "Question one"}]
    http.post(CHAT, json={"model": "claude-sonnet-4-20250514", "messages": first})
    follow = [*first, {"role": "assistant", "content": "A"}, {"role": "user", "content": "Two"}]
    usage = http.post(CHAT, json={"model": "claude-sonnet-4-20250514", "messages": follow}).json()[
        "usage"
    ]
    assert usage["prompt_tokens_details"]["cached_tokens"] >= 1024
    assert usage["cache_read_input_tokens"] == usage["prompt_tokens_details"]["cached_tokens"]
    assert usage["cache_creation_input_tokens"] >= 0

    gptproto_emulator.reset()
    again = http.post(CHAT, json={"model": "claude-sonnet-4-20250514", "messages": follow}).json()
    assert again["usage"]["prompt_tokens_details"]["cached_tokens"] == 0


def test_short_prompts_are_never_cached(http: httpx.Client) -> None:
    chat(http, "short")
    assert chat(http, "short")["usage"]["prompt_tokens_details"]["cached_tokens"] == 0
