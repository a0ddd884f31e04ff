"""Two turns of image editing in both frameworks: the picture the model drew in the first turn
goes back in the second request, as an image part of the user turn that asks for the edit, and
the image model edits that picture. Replayed from cassettes recorded against the emulator; the
bodies are matched byte for byte, so the second request sent now is the one recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from llama_index.core.base.llms.types import ChatMessage, ImageBlock, MessageRole

from langchain_gptproto import ChatGPTProto
from llama_index_gptproto import GPTProto
from tests.conftest import Target

pytestmark = pytest.mark.vcr

LABEL = {"type": "text", "text": "The image you drew in your previous reply:"}


def _bodies(vcr: Any) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in vcr.requests]


def _image_url(block: dict[str, Any]) -> str:
    if block.get("base64"):
        return f"data:{block['mime_type']};base64,{block['base64']}"
    return str(block["url"])


def _assert_second_request_carries(body: dict[str, Any], first_image: str) -> None:
    *_, assistant, edit = body["messages"]
    assert assistant["role"] == "assistant" and isinstance(assistant["content"], str)
    assert "base64," not in assistant["content"]  # no megabytes of data URI read as text
    assert edit == {
        "role": "user",
        "content": [
            LABEL,
            {"type": "image_url", "image_url": {"url": first_image}},
            {"type": "text", "text": "Now make it blue"},
        ],
    }


@pytest.mark.parametrize("model", ["gemini-2.5-flash-image", "gpt-4o-image"])
def test_langchain_second_turn_sends_and_edits_the_first_image(
    gptproto_target: Target, vcr: Any, model: str
) -> None:
    llm = ChatGPTProto(
        model=model, api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    )
    history: list[Any] = [HumanMessage("Draw a red cat")]
    first = llm.invoke(history)
    assert isinstance(first, AIMessage)
    (drawn,) = [b for b in first.content_blocks if b["type"] == "image"]
    history += [first, HumanMessage("Now make it blue")]
    second = llm.invoke(history)

    _assert_second_request_carries(_bodies(vcr)[1], _image_url(dict(drawn)))
    assert "I edited" in second.text  # the image model read the picture it was given
    (edited,) = [b for b in second.content_blocks if b["type"] == "image"]
    assert _image_url(dict(edited)) != _image_url(dict(drawn))


@pytest.mark.parametrize("model", ["gemini-2.5-flash-image", "gpt-4o-image"])
def test_llamaindex_second_turn_sends_and_edits_the_first_image(
    gptproto_target: Target, vcr: Any, model: str
) -> None:
    llm = GPTProto(model=model, api_key=gptproto_target.api_key, base_url=gptproto_target.base_url)
    history = [ChatMessage(role=MessageRole.USER, content="Draw a red cat")]
    first = llm.chat(history).message
    (drawn,) = [b for b in first.blocks if isinstance(b, ImageBlock)]
    history += [first, ChatMessage(role=MessageRole.USER, content="Now make it blue")]
    second = llm.chat(history).message

    url = str(drawn.url) if drawn.url else f"data:image/png;base64,{drawn.image.decode()}"
    _assert_second_request_carries(_bodies(vcr)[1], url)
    assert "I edited" in (second.content or "")
    (edited,) = [b for b in second.blocks if isinstance(b, ImageBlock)]
    assert (edited.url, edited.image) != (drawn.url, drawn.image)
