import base64

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from gptproto_core.chat import parse_chat_completion
from gptproto_core.errors import InvalidInputError
from langchain_gptproto._messages import result_to_message, to_wire_messages

URL = "https://example.com/cat.png"
B64 = base64.b64encode(b"\x89PNG fake").decode()


def wire_content(*blocks):
    return to_wire_messages([HumanMessage(content=list(blocks))])[0]["content"]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            {"type": "image_url", "image_url": {"url": URL}},
            {"type": "image_url", "image_url": {"url": URL}},
        ),
        ({"type": "image_url", "image_url": URL}, {"type": "image_url", "image_url": {"url": URL}}),
        ({"type": "image", "url": URL}, {"type": "image_url", "image_url": {"url": URL}}),
        (
            {"type": "image", "base64": B64, "mime_type": "image/jpeg"},
            {"type": "image_url", "image_url": {"url": f"data:image/jpeg;base64,{B64}"}},
        ),
        (
            {"type": "image", "source_type": "base64", "data": B64, "mime_type": "image/png"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{B64}"}},
        ),
        (
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64}},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{B64}"}},
        ),
        (
            {"type": "image", "source": {"type": "url", "url": URL}},
            {"type": "image_url", "image_url": {"url": URL}},
        ),
        (
            {"type": "file", "url": "https://x.org/a.pdf", "mime_type": "application/pdf"},
            {
                "type": "file",
                "file": {"filename": "document.pdf", "file_data": "https://x.org/a.pdf"},
            },
        ),
        (
            {"type": "file", "base64": B64, "mime_type": "application/pdf", "filename": "r.pdf"},
            {
                "type": "file",
                "file": {"filename": "r.pdf", "file_data": f"data:application/pdf;base64,{B64}"},
            },
        ),
        (
            {
                "type": "document",
                "source": {"type": "base64", "media_type": "application/pdf", "data": B64},
            },
            {
                "type": "file",
                "file": {
                    "filename": "document.pdf",
                    "file_data": f"data:application/pdf;base64,{B64}",
                },
            },
        ),
        (
            {"type": "audio", "base64": B64, "mime_type": "audio/wav"},
            {"type": "input_audio", "input_audio": {"data": B64, "format": "wav"}},
        ),
        (
            {"type": "file", "file": {"filename": "a.pdf", "file_data": "https://x/a.pdf"}},
            {"type": "file", "file": {"filename": "a.pdf", "file_data": "https://x/a.pdf"}},
        ),
    ],
)
def test_blocks_become_documented_parts(block, expected):
    assert wire_content({"type": "text", "text": "hi"}, block) == [
        {"type": "text", "text": "hi"},
        expected,
    ]


def test_seed_doubao_message_is_sent_verbatim():
    parts = [
        {"type": "text", "text": "Doubao,What is in this image?"},
        {"type": "image_url", "image_url": {"url": URL}},
    ]
    assert to_wire_messages([HumanMessage(content=parts)]) == [{"role": "user", "content": parts}]


def test_unknown_block_type_names_the_type():
    with pytest.raises(InvalidInputError, match="'hologram'"):
        wire_content({"type": "hologram", "data": 1})


def test_audio_url_is_refused_with_advice():
    with pytest.raises(InvalidInputError, match="base64"):
        wire_content({"type": "audio", "url": "https://x/a.wav"})


def test_conversation_with_tool_round_trip():
    messages = [
        SystemMessage("be brief"),
        HumanMessage("weather?", name="ann"),
        AIMessage("", tool_calls=[{"name": "get_weather", "args": {"city": "Paris"}, "id": "c1"}]),
        ToolMessage("sunny", tool_call_id="c1"),
    ]
    assert to_wire_messages(messages) == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "weather?", "name": "ann"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
    ]


def test_anthropic_tool_use_and_tool_result_blocks():
    messages = [
        AIMessage(
            [
                {"type": "text", "text": "calling"},
                {"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}},
            ]
        ),
        HumanMessage(
            [
                {"type": "tool_result", "tool_use_id": "t1", "content": "42"},
                {"type": "text", "text": "thanks"},
            ]
        ),
    ]
    wire = to_wire_messages(messages)
    assert wire[0]["tool_calls"][0]["function"] == {"name": "f", "arguments": '{"a": 1}'}
    assert wire[0]["content"] == "calling"
    assert wire[1] == {"role": "tool", "tool_call_id": "t1", "content": "42"}
    assert wire[2] == {"role": "user", "content": [{"type": "text", "text": "thanks"}]}


def test_reply_with_reasoning_images_usage_and_bad_tool_json():
    body = {
        "id": "chatcmpl-9",
        "model": "gemini-2.5-flash-image-preview",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {
                    "role": "assistant",
                    "reasoning_content": "I drew it.",
                    "content": "Here ![image](data:image/png;base64,AAAA)",
                    "images": [{"type": "image_url", "image_url": {"url": "https://cdn/x.png"}}],
                    "tool_calls": [
                        {
                            "id": "c",
                            "type": "function",
                            "function": {"name": "f", "arguments": "{oops"},
                        }
                    ],
                },
            }
        ],
        "usage": {
            "prompt_tokens": 10,
            "completion_tokens": 5,
            "total_tokens": 15,
            "prompt_tokens_details": {"cached_tokens": 4},
            "completion_tokens_details": {"reasoning_tokens": 2},
            "cache_read_input_tokens": 6,
            "cache_creation_input_tokens": 3,
        },
    }
    message = result_to_message(parse_chat_completion(body))
    assert message.additional_kwargs["reasoning_content"] == "I drew it."
    assert message.content == [
        {"type": "text", "text": "Here "},
        {"type": "image", "base64": "AAAA", "mime_type": "image/png"},
        {"type": "image", "url": "https://cdn/x.png", "mime_type": "image/png"},
    ]
    assert message.invalid_tool_calls[0]["name"] == "f"
    assert message.usage_metadata == {
        "input_tokens": 10,
        "output_tokens": 5,
        "total_tokens": 15,
        "input_token_details": {"cache_read": 6, "cache_creation": 3},
        "output_token_details": {"reasoning": 2},
    }
    assert message.response_metadata["model_provider"] == "gptproto"
    assert any(b["type"] == "reasoning" for b in message.content_blocks)
