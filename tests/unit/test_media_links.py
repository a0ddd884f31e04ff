"""Images from reply text: only http(s) URLs and base64 data URIs of images (issue 13, point 2)."""

from __future__ import annotations

import json

import pytest
from llama_index.core.base.llms.types import ImageBlock, TextBlock

from gptproto_core.chat import parse_chat_completion
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.media_links import (
    OutputImage,
    image_from_target,
    images_from_field,
    split_images,
)
from langchain_gptproto._messages import delta_to_chunk, result_to_message
from llama_index_gptproto._responses import ResponseStream, result_to_response
from tests.unit._fuzz_shapes import PNG_B64

PNG_URI = f"data:image/png;base64,{PNG_B64}"


def reply(text: str) -> dict[str, object]:
    return {"id": "c1", "choices": [{"message": {"role": "assistant", "content": text}}]}


@pytest.mark.parametrize(
    "target",
    [
        "image.png",
        "/static/cat.png",
        "./cat.png",
        "ftp://x.test/cat.png",
        "javascript:alert(1)",
        "https://",
        "http://[::1",
        "data:text/plain;base64,aGk=",
        "data:image/png,rawbytes",
        "data:image/png;base64,@@@@",
        "data:image/png;base64,",
    ],
)
def test_a_target_that_is_no_web_url_or_image_data_is_no_image(target):
    assert image_from_target(target) is None
    text = f"Use ![alt text]({target}) in your README."
    assert split_images(text) == (text, [])


def test_web_urls_and_image_data_uris_are_images():
    assert image_from_target("https://x.test/a.webp?s=1") == OutputImage(
        url="https://x.test/a.webp?s=1", mime_type="image/webp"
    )
    assert image_from_target("HTTP://x.test/a") == OutputImage(url="HTTP://x.test/a")
    assert image_from_target(PNG_URI) == OutputImage(data=PNG_B64, mime_type="image/png")


def test_data_uri_images_leave_the_text_and_url_images_stay_in_it():
    text, images = split_images(f"a ![x]({PNG_URI}) b ![y](https://x.test/y.png) c ![z](z.png)")
    assert text == "a  b ![y](https://x.test/y.png) c ![z](z.png)"
    assert [i.url or i.mime_type for i in images] == ["image/png", "https://x.test/y.png"]


def test_the_images_field_skips_relative_and_broken_entries():
    field = [{"image_url": {"url": "/rel.png"}}, {"url": "https://x.test/a.png"}, "data:x", 5]
    assert images_from_field(field) == [
        OutputImage(url="https://x.test/a.png", mime_type="image/png")
    ]


def test_llamaindex_reads_an_answer_that_shows_markdown_image_syntax():
    text = "Write `![alt text](image.png)` to embed an image."
    response = result_to_response(parse_chat_completion(reply(text)))
    assert [type(b) for b in response.message.blocks] == [TextBlock]
    assert response.message.content == text


def test_llamaindex_reads_a_relays_relative_image_link_as_text():
    text = "Here: ![image](/v1/files/abc.png)"
    response = result_to_response(parse_chat_completion(reply(text)))
    assert not [b for b in response.message.blocks if isinstance(b, ImageBlock)]


def test_langchain_adds_no_image_block_for_markdown_that_is_no_image():
    message = result_to_message(parse_chat_completion(reply("See ![alt text](image.png)")))
    assert message.content == "See ![alt text](image.png)"


def test_both_adapters_still_make_images_of_real_ones():
    result = parse_chat_completion(reply(f"![a](https://x.test/a.png) ![b]({PNG_URI})"))
    blocks = result_to_message(result).content
    assert [b["type"] for b in blocks if isinstance(b, dict)] == ["text", "image", "image"]
    images = [b for b in result_to_response(result).message.blocks if isinstance(b, ImageBlock)]
    assert [str(b.url) if b.url else b.image_mimetype for b in images] == [
        "https://x.test/a.png",
        "image/png",
    ]


def test_llamaindex_skips_a_url_its_own_validation_refuses_but_keeps_the_text():
    text = "![a](https://x.t\x00est/a.png)"
    response = result_to_response(parse_chat_completion(reply(text)))
    assert response.message.content == text
    assert not [b for b in response.message.blocks if isinstance(b, ImageBlock)]


def stream(*pieces: str) -> ChatStreamParser:
    parser = ChatStreamParser()
    for piece in pieces:
        parser.feed(json.dumps({"choices": [{"delta": {"content": piece}}]}))
    return parser


def test_a_streamed_markdown_image_that_is_no_image_stays_text_in_both_adapters():
    pieces = ["Try ![alt ", "text](ima", "ge.png) now"]
    llama = ResponseStream(ChatStreamParser())
    for piece in pieces:
        llama.feed(json.dumps({"choices": [{"delta": {"content": piece}}]}))
    final = llama.finish()
    assert final.message.content == "Try ![alt text](image.png) now"
    assert not [b for b in final.message.blocks if isinstance(b, ImageBlock)]
    last = delta_to_chunk(stream(*pieces).finish(), final=True)
    assert last.content == ""  # no image blocks were added


def test_a_streamed_data_uri_image_is_taken_out_of_the_text():
    parser = stream("a ![x](", PNG_URI[:20], PNG_URI[20:] + ") b")
    assert [i.mime_type for i in parser.finish().images] == ["image/png"]
