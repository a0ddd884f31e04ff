"""The chat-format image models (API.md §3.1) through ChatGPTProto: streamed progress lines stay
text, the markdown image link becomes an image block. Replayed from a cassette."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessageChunk

from langchain_gptproto import ChatGPTProto

pytestmark = pytest.mark.vcr


def test_progress_lines_stay_text_and_the_link_becomes_an_image_block(gptproto_target, vcr):
    model = ChatGPTProto(
        model="gpt-4o-image-vip", api_key=gptproto_target.api_key, base_url=gptproto_target.base_url
    )
    chunks = list(model.stream("Draw a horse"))
    assert json.loads(vcr.requests[0].body)["stream"] is True
    first_image = next(
        i for i, c in enumerate(chunks) if any(b["type"] == "image" for b in c.content_blocks)
    )
    before = chunks[:first_image]
    assert before and all(b["type"] == "text" for c in before for b in c.content_blocks)
    assert "Generating" in "".join(c.text for c in before)  # progress arrives before the image
    full = chunks[0]
    for chunk in chunks[1:]:
        full += chunk
    assert isinstance(full, AIMessageChunk)
    images = [b for b in full.content_blocks if b["type"] == "image"]
    assert len(images) == 1 and images[0]["url"].startswith("https://")
    assert full.text.startswith("> Image generation task created")
    assert "> Image generated" in full.text
