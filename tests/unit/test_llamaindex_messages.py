"""LlamaIndex messages and blocks → gptproto wire messages (no sockets)."""

from __future__ import annotations

import base64

import pytest
from llama_index.core.base.llms.types import (
    AudioBlock,
    CacheControl,
    CachePoint,
    ChatMessage,
    CitableBlock,
    DocumentBlock,
    ImageBlock,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
    VideoBlock,
)

from gptproto_core.errors import InvalidInputError
from gptproto_core.models import model_info
from llama_index_gptproto import GPTProto
from llama_index_gptproto._blocks import block_to_part
from llama_index_gptproto._messages import to_wire_messages
from tests.conftest import DATA

GPT4O = model_info("gpt-4o")
PDF_URL = "https://www.bt.cn/data/api-doc.pdf"
PNG = (DATA / "sample.png").read_bytes()
PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()


def wire(*messages: ChatMessage, model: str = "gpt-4o") -> list[dict]:
    return to_wire_messages(list(messages), model_info(model))


def call_block(call_id: str = "call_1", **kwargs) -> ToolCallBlock:
    return ToolCallBlock(tool_call_id=call_id, tool_name="lookup", tool_kwargs=kwargs or {"q": 1})


def tool_result(call_id: str, *blocks) -> ChatMessage:
    return ChatMessage(
        role=MessageRole.TOOL, blocks=list(blocks), additional_kwargs={"tool_call_id": call_id}
    )


# --- user content ----------------------------------------------------------------------------


def test_plain_text_is_a_string_and_text_blocks_join_with_newlines():
    assert wire(ChatMessage(role="user", content="Hi")) == [{"role": "user", "content": "Hi"}]
    two = ChatMessage(role="user", blocks=[TextBlock(text="a"), TextBlock(text="b")])
    assert wire(two)[0]["content"] == "a\nb"


def test_system_and_developer_messages_keep_their_role():
    out = wire(
        ChatMessage(role="system", content="Be brief."),
        ChatMessage(role="developer", content="Use JSON."),
        ChatMessage(role="user", content="Hi"),
    )
    assert [m["role"] for m in out] == ["system", "developer", "user"]
    assert out[0]["content"] == "Be brief."


def test_system_message_with_an_image_is_refused():
    with pytest.raises(InvalidInputError, match="system messages take text only"):
        wire(ChatMessage(role="system", blocks=[ImageBlock(url="https://x.test/a.png")]))


def test_image_url_is_forwarded_with_its_detail():
    part = block_to_part(ImageBlock(url="https://x.test/a.png", detail="low"))
    assert part == {
        "type": "image_url",
        "image_url": {"url": "https://x.test/a.png", "detail": "low"},
    }


def test_image_bytes_and_path_become_data_uris():
    assert block_to_part(ImageBlock(image=PNG))["image_url"]["url"] == PNG_URI
    assert block_to_part(ImageBlock(path=DATA / "sample.png"))["image_url"]["url"] == PNG_URI


def test_pdf_by_url_is_the_documented_file_part():
    # API.md §4, example one: the URL goes in file_data, the file name in filename.
    assert block_to_part(DocumentBlock(url=PDF_URL)) == {
        "type": "file",
        "file": {"filename": "api-doc.pdf", "file_data": PDF_URL},
    }


def test_pdf_data_and_path_become_pdf_data_uris():
    pdf = (DATA / "sample.pdf").read_bytes()
    by_data = block_to_part(DocumentBlock(data=pdf, title="report.pdf"))
    by_path = block_to_part(DocumentBlock(path=DATA / "sample.pdf"))
    expected = "data:application/pdf;base64," + base64.b64encode(pdf).decode()
    assert by_data == {"type": "file", "file": {"filename": "report.pdf", "file_data": expected}}
    assert by_path["file"] == {"filename": "sample.pdf", "file_data": expected}


def test_audio_bytes_become_input_audio_and_audio_urls_are_refused():
    wav = (DATA / "sample.wav").read_bytes()
    part = block_to_part(AudioBlock(audio=wav))
    assert part == {
        "type": "input_audio",
        "input_audio": {"data": base64.b64encode(wav).decode(), "format": "wav"},
    }
    with pytest.raises(InvalidInputError, match="base64"):
        block_to_part(AudioBlock(url="https://x.test/a.wav"))


def test_video_becomes_a_video_url_part():
    part = block_to_part(VideoBlock(url="https://x.test/clip.mp4"))
    assert part == {"type": "video_url", "video_url": {"url": "https://x.test/clip.mp4"}}


def test_blocks_without_input_are_skipped_and_citable_blocks_flattened():
    message = ChatMessage(
        role="user",
        blocks=[
            ThinkingBlock(content="hmm"),
            CachePoint(cache_control=CacheControl(type="ephemeral")),
            CitableBlock(title="t", source="s", content=[TextBlock(text="cited")]),
            TextBlock(text="question"),
        ],
    )
    assert wire(message)[0]["content"] == "cited\nquestion"


def test_mixed_user_content_is_a_list_of_parts_in_order():
    message = ChatMessage(
        role="user",
        blocks=[TextBlock(text="What is this?"), ImageBlock(url="https://x.test/a.png")],
    )
    assert wire(message)[0]["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
    ]


# --- capability checks (before any request; sockets are off in unit tests) ------------------


@pytest.mark.parametrize(
    ("model", "block", "kind"),
    [
        ("doubao-1-5-pro-32k-250115", ImageBlock(url="https://x.test/a.png"), "image"),
        ("gpt-4o", AudioBlock(audio=b"RIFF0000WAVEfmt "), "audio"),
        ("grok-4", DocumentBlock(url=PDF_URL), "PDF/file"),
        ("gpt-4o", VideoBlock(url="https://x.test/clip.mp4"), "video"),
    ],
)
def test_a_block_the_model_cannot_take_is_refused_before_any_request(model, block, kind):
    llm = GPTProto(model=model, api_key="sk-test-000000")
    with pytest.raises(InvalidInputError, match=f"does not accept {kind} input"):
        llm.chat([ChatMessage(role="user", blocks=[TextBlock(text="look"), block])])


def test_video_is_accepted_by_a_model_that_reads_video():
    llm = GPTProto(model="gemini-2.5-pro", api_key="sk-test-000000")
    message = ChatMessage(role="user", blocks=[VideoBlock(url="https://x.test/clip.mp4")])
    payload = llm._payload([message], False, {})
    assert payload["messages"][0]["content"][0]["type"] == "video_url"


# --- assistant turns and tool results -------------------------------------------------------


def test_assistant_tool_calls_are_sent_back_with_null_content():
    assistant = ChatMessage(role="assistant", blocks=[TextBlock(text=""), call_block(q=1)])
    out = wire(
        ChatMessage(role="user", content="Go"),
        assistant,
        tool_result("call_1", TextBlock(text="42")),
    )
    assert out[1] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "lookup", "arguments": '{"q": 1}'},
            }
        ],
    }
    assert out[2] == {"role": "tool", "tool_call_id": "call_1", "content": "42"}


def test_partial_string_arguments_are_sent_as_given():
    block = ToolCallBlock(tool_call_id="c", tool_name="lookup", tool_kwargs='{"q": "x"}')
    out = wire(ChatMessage(role="assistant", blocks=[block]))
    assert out[0]["tool_calls"][0]["function"]["arguments"] == '{"q": "x"}'


def test_tool_calls_stored_by_other_integrations_are_sent_back():
    legacy = {"id": "call_9", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    message = ChatMessage(role="assistant", content="", additional_kwargs={"tool_calls": [legacy]})
    assert wire(message)[0]["tool_calls"] == [legacy]


def test_a_tool_message_without_a_call_id_is_refused():
    with pytest.raises(InvalidInputError, match="tool_call_id"):
        wire(ChatMessage(role="tool", content="42"))


def test_tool_images_follow_the_run_of_tool_messages_in_one_user_message():
    assistant = ChatMessage(role="assistant", blocks=[call_block("call_1"), call_block("call_2")])
    out = wire(
        ChatMessage(role="user", content="Draw two charts"),
        assistant,
        tool_result("call_1", TextBlock(text="chart one"), ImageBlock(image=PNG)),
        tool_result("call_2", ImageBlock(url="https://x.test/two.png")),
    )
    assert [m["role"] for m in out] == ["user", "assistant", "tool", "tool", "user"]
    assert out[2]["content"] == "chart one\n[1 attachment(s) follow in the next user message]"
    assert out[3]["content"] == "[1 attachment(s) follow in the next user message]"
    assert out[4]["content"] == [
        {"type": "text", "text": "Attachments returned by tool call call_1:"},
        {"type": "image_url", "image_url": {"url": PNG_URI}},
        {"type": "text", "text": "Attachments returned by tool call call_2:"},
        {"type": "image_url", "image_url": {"url": "https://x.test/two.png"}},
    ]


def test_tool_images_are_replaced_by_a_note_for_a_model_without_image_input():
    out = wire(
        ChatMessage(role="assistant", blocks=[call_block("call_1")]),
        tool_result("call_1", TextBlock(text="done"), ImageBlock(image=PNG)),
        model="deepseek-chat",
    )
    assert [m["role"] for m in out] == ["assistant", "tool"]
    assert out[1]["content"] == "done\n[1 attachment(s) omitted: deepseek-chat cannot read them]"


def test_tool_documents_follow_for_a_model_that_reads_pdfs():
    out = wire(
        ChatMessage(role="assistant", blocks=[call_block("call_1")]),
        tool_result("call_1", DocumentBlock(url=PDF_URL)),
        model="claude-sonnet-4-5-20250929",
    )
    assert out[-1]["content"][1] == {
        "type": "file",
        "file": {"filename": "api-doc.pdf", "file_data": PDF_URL},
    }


def _tool_loop(model: str) -> list[dict]:
    thinking = ThinkingBlock(content="I should look it up.")
    return wire(
        ChatMessage(role="user", content="Earlier question"),
        ChatMessage(role="assistant", blocks=[ThinkingBlock(content="old"), call_block("c0")]),
        tool_result("c0", TextBlock(text="old result")),
        ChatMessage(role="assistant", blocks=[ThinkingBlock(content="old"), TextBlock(text="ok")]),
        ChatMessage(role="user", content="New question"),
        ChatMessage(role="assistant", blocks=[thinking, call_block("c1")]),
        tool_result("c1", TextBlock(text="result")),
        model=model,
    )


def test_reasoning_goes_back_only_inside_the_current_tool_loop_of_a_reasoning_model():
    out = _tool_loop("deepseek-reasoner")
    assert out[5]["reasoning_content"] == "I should look it up."
    assert all("reasoning_content" not in m for i, m in enumerate(out) if i != 5)


def test_reasoning_is_not_sent_to_a_model_without_reasoning():
    assert all("reasoning_content" not in m for m in _tool_loop("gpt-4o"))


def test_images_the_model_drew_go_to_the_next_user_turn_not_the_assistant_text():
    reply = ChatMessage(
        role="assistant",
        blocks=[TextBlock(text="Here it is"), ImageBlock(url="https://cdn.test/a.png")],
    )
    out = wire(reply, ChatMessage(role="user", content="Bluer"))
    assert out[0]["content"] == "Here it is"
    assert out[1]["content"][1] == {
        "type": "image_url",
        "image_url": {"url": "https://cdn.test/a.png"},
    }
