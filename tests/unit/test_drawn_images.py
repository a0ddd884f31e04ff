"""Images the model drew go back in the history the same way from both adapters (no sockets)."""

from __future__ import annotations

import base64

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage
from llama_index.core.base.llms.types import (
    ChatMessage,
    ImageBlock,
    MessageRole,
    ToolCallBlock,
)

from gptproto_core.chat import parse_chat_completion
from gptproto_core.drawn_images import carry_drawn_images
from gptproto_core.errors import InvalidInputError
from gptproto_core.models import model_info
from langchain_gptproto import ChatGPTProto
from langchain_gptproto._messages import result_to_message
from langchain_gptproto._messages import to_wire_messages as lc_wire
from llama_index_gptproto._messages import to_wire_messages as li_wire
from llama_index_gptproto._responses import result_to_response
from tests.conftest import DATA

PNG = base64.b64encode((DATA / "sample.png").read_bytes()).decode()
PNG_URI = f"data:image/png;base64,{PNG}"
GEMINI_IMAGE = model_info("gemini-2.5-flash-image")
REPLY = {
    "id": "chatcmpl-1",
    "model": "gemini-2.5-flash-image",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": f"A cat.\n![image]({PNG_URI})"},
        }
    ],
}


def _image_part(url: str) -> dict:
    return {"type": "image_url", "image_url": {"url": url}}


def test_a_drawn_data_uri_image_goes_to_the_next_user_turn_in_both_adapters():
    ai = result_to_message(parse_chat_completion(REPLY))
    langchain = lc_wire([HumanMessage("Draw a cat"), ai, HumanMessage("Blue")], GEMINI_IMAGE)
    llama = li_wire(
        [
            ChatMessage(role=MessageRole.USER, content="Draw a cat"),
            result_to_response(parse_chat_completion(REPLY)).message,
            ChatMessage(role=MessageRole.USER, content="Blue"),
        ],
        GEMINI_IMAGE,
    )
    assert langchain == llama
    assert langchain[1] == {"role": "assistant", "content": "A cat.\n"}
    assert langchain[2]["content"] == [
        {"type": "text", "text": "The image you drew in your previous reply:"},
        _image_part(PNG_URI),
        {"type": "text", "text": "Blue"},
    ]


def test_a_streamed_reply_carries_its_image_too():
    chunks = [
        AIMessageChunk(content="A cat."),
        AIMessageChunk(content=[{"type": "image", "base64": PNG, "mime_type": "image/png"}]),
    ]
    full = chunks[0] + chunks[1]
    out = lc_wire([HumanMessage("Draw"), full, HumanMessage("Blue")], GEMINI_IMAGE)
    assert out[1]["content"] == "A cat."
    assert _image_part(PNG_URI) in out[2]["content"]


def test_openai_format_image_url_blocks_count_as_drawn_images():
    ai = AIMessage(content=[{"type": "image_url", "image_url": {"url": "https://cdn.test/a.png"}}])
    out = lc_wire([ai, HumanMessage("Blue")])
    assert out[0]["content"] == ""
    assert out[1]["content"][1] == _image_part("https://cdn.test/a.png")


def test_with_no_user_turn_after_it_the_image_gets_a_user_message_of_its_own():
    ai = AIMessage(content=[{"type": "image", "url": "https://cdn.test/a.png"}])
    out = lc_wire([HumanMessage("Draw"), ai])
    assert out[-1] == {
        "role": "user",
        "content": [
            {"type": "text", "text": "The image you drew in your previous reply:"},
            _image_part("https://cdn.test/a.png"),
        ],
    }


def test_images_of_an_assistant_tool_call_turn_wait_for_the_next_user_turn():
    call = ToolCallBlock(tool_call_id="c1", tool_name="f", tool_kwargs={})
    out = li_wire(
        [
            ChatMessage(role=MessageRole.USER, content="Go"),
            ChatMessage(
                role=MessageRole.ASSISTANT,
                blocks=[
                    ImageBlock(url="https://cdn.test/a.png"),
                    ImageBlock(url="https://cdn.test/b.png"),
                    call,
                ],
            ),
            ChatMessage(
                role=MessageRole.TOOL, content="ok", additional_kwargs={"tool_call_id": "c1"}
            ),
            ChatMessage(role=MessageRole.USER, content="Next"),
        ],
        model_info("gpt-4o"),
    )
    assert [m["role"] for m in out] == ["user", "assistant", "tool", "user"]
    assert out[3]["content"][0] == {
        "type": "text",
        "text": "The 2 images you drew in your previous reply:",
    }
    assert out[3]["content"][1:3] == [
        _image_part("https://cdn.test/a.png"),
        _image_part("https://cdn.test/b.png"),
    ]


def test_a_model_that_reads_no_images_gets_a_note_instead():
    ai = AIMessage(
        content=[
            {"type": "text", "text": "Done"},
            {"type": "image", "url": "https://cdn.test/a.png"},
        ]
    )
    out = lc_wire([ai, HumanMessage("What next?")], model_info("deepseek-chat"))
    assert out[1]["content"] == [
        {
            "type": "text",
            "text": "[The image you drew here, omitted: deepseek-chat cannot read images]",
        },
        {"type": "text", "text": "What next?"},
    ]


def test_chat_model_sends_a_text_model_the_note_not_a_refused_image_part():
    llm = ChatGPTProto(model="deepseek-chat", api_key="sk-test-000000")
    ai = AIMessage(content=[{"type": "image", "url": "https://cdn.test/a.png"}])
    _, body = llm._request([HumanMessage("Draw"), ai, HumanMessage("Thanks")], None, False, {})
    assert all(p["type"] == "text" for p in body["messages"][2]["content"])
    # ...while an image part the user sends to that model is still refused before any request
    with pytest.raises(InvalidInputError, match="does not accept image"):
        llm._request(
            [HumanMessage(content=[_image_part("https://cdn.test/a.png")])], None, False, {}
        )


def test_earlier_drawings_stay_in_order_when_two_replies_precede_one_user_turn():
    wire = [
        {"role": "assistant", "content": "one"},
        {"role": "assistant", "content": "two"},
        {"role": "user", "content": "next"},
    ]
    carry_drawn_images(
        wire,
        [(0, [_image_part("https://x.test/1.png")]), (1, [_image_part("https://x.test/2.png")])],
    )
    urls = [p["image_url"]["url"] for p in wire[2]["content"] if p["type"] == "image_url"]
    assert urls == ["https://x.test/1.png", "https://x.test/2.png"]
