"""Doubao Seedream and SeedEdit tools end to end (API.md §13.3-§13.5), answered at once,
replayed from cassettes recorded on the emulator."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_gptproto.tools import DoubaoSeededitEditImage, DoubaoSeedreamGenerateImage
from tests.cassette._media import make
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

PNG = DATA / "sample.png"
EXAMPLE = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"


def call(tool: Any, args: dict[str, Any]) -> ToolMessage:
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def sent(vcr: Any, path: str) -> list[Any]:
    return [json.loads(r.body) for r in vcr.requests if r.method == "POST" and r.path == path]


def test_seedream_3_text_to_image_sends_the_documented_body(gptproto_target, vcr):
    args = {
        "prompt": "Fisheye lens, a cat's head",
        "model": "doubao-seedream-3-0-t2i-250415",
        "size": "1024x1024",
        "seed": 12,
        "guidance_scale": 2.5,
        "watermark": True,
    }
    message = call(make(DoubaoSeedreamGenerateImage, gptproto_target), args)
    task = message.artifact
    assert task.vendor == "doubao" and task.status == "succeeded"
    assert task.outputs[0].url in message.content and len(vcr.requests) == 1
    assert sent(vcr, "/v1/images/generations") == [{**args, "response_format": "url"}]


def test_seedream_4_combines_reference_images_into_a_group(gptproto_target, vcr):
    message = call(
        make(DoubaoSeedreamGenerateImage, gptproto_target),
        {
            "prompt": "a twin photo in the snow",
            "image": [EXAMPLE, str(PNG)],
            "size": "2K",
            "sequential_image_generation": "auto",
            "max_images": 3,
        },
    )
    assert len(message.artifact.outputs) == 3
    (body,) = sent(vcr, "/v1/images/generations")
    assert body["image"][0] == EXAMPLE
    assert base64.b64decode(body["image"][1].split(",", 1)[1]) == PNG.read_bytes()
    assert body["image"][1].startswith("data:image/png;base64,")
    assert body["sequential_image_generation_options"] == {"max_images": 3}


def test_the_ark_format_posts_to_the_ark_path(gptproto_target, vcr):
    tool = make(DoubaoSeedreamGenerateImage, gptproto_target, api_format="ark")
    message = call(tool, {"prompt": "a twin photo", "image": [EXAMPLE], "watermark": False})
    assert message.artifact.status == "succeeded"
    assert sent(vcr, "/api/v3/images/generations") == [
        {
            "prompt": "a twin photo",
            "model": "doubao-seedream-4-0-250828",
            "image": [EXAMPLE],
            "watermark": False,
            "response_format": "url",
            "stream": False,
        }
    ]


def test_seededit_edits_a_local_image_and_answers_b64(gptproto_target, vcr):
    message = call(
        make(DoubaoSeededitEditImage, gptproto_target),
        {
            "prompt": "Change bubbles into heart shape",
            "image": str(PNG),
            "seed": 21,
            "guidance_scale": 5.5,
            "watermark": True,
            "response_format": "b64_json",
        },
    )
    output = message.artifact.outputs[0]
    assert output.url.startswith("data:image/png;base64,")
    assert base64.b64decode(output.url.split(",", 1)[1]).startswith(b"\x89PNG")
    assert "characters>" in message.content  # the model gets the size, not the bytes
    (body,) = sent(vcr, "/v1/images/generations")
    assert body["size"] == "adaptive" and body["model"] == "doubao-seededit-3-0-i2i-250628"
    assert body["image"].startswith("data:image/png;base64,")


def test_a_refused_prompt_is_a_content_policy_error(gptproto_target, vcr):
    message = call(make(DoubaoSeedreamGenerateImage, gptproto_target), {"prompt": "a nsfw cat"})
    assert message.status == "error" and "InputTextSensitiveContentDetected" in message.content


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr):
    seedream_3 = "doubao-seedream-3-0-t2i-250415"
    for tool, args, field in [
        (DoubaoSeedreamGenerateImage, {"prompt": ""}, "prompt"),
        (DoubaoSeedreamGenerateImage, {"prompt": "p", "size": "huge"}, "size"),
        (DoubaoSeedreamGenerateImage, {"prompt": "p", "model": seedream_3, "size": "2K"}, "3.0"),
        (
            DoubaoSeedreamGenerateImage,
            {"prompt": "p", "model": seedream_3, "image": [EXAMPLE]},
            "need 4.0",
        ),
        (DoubaoSeedreamGenerateImage, {"prompt": "p", "image": [EXAMPLE] * 11}, "image"),
        (DoubaoSeedreamGenerateImage, {"prompt": "p", "response_format": "png"}, "response_format"),
        (DoubaoSeededitEditImage, {"prompt": "p"}, "image"),
        (DoubaoSeededitEditImage, {"prompt": "p", "image": "no/such.png"}, "image"),
        (
            DoubaoSeededitEditImage,
            {"prompt": "p", "image": EXAMPLE, "guidance_scale": 11},
            "guidance",
        ),
        (DoubaoSeededitEditImage, {"prompt": "p", "image": EXAMPLE, "size": "1K"}, "size"),
    ]:
        answer = make(tool, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer, answer
    assert len(vcr.requests) == 0


async def test_async_seedream(gptproto_target, vcr):
    tool = make(DoubaoSeedreamGenerateImage, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}}
    )
    assert message.artifact.status == "succeeded" and message.artifact.operation == "seedream"
