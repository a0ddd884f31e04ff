"""Ideogram 3.0 tools end to end (API.md §11): multipart uploads, answered at once, replayed
from cassettes recorded on the emulator."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from langchain_gptproto.tools import (
    DoubaoSeedreamGenerateImage,
    IdeogramEdit,
    IdeogramGenerate,
    IdeogramRemix,
    IdeogramReplaceBackground,
)
from tests._multipart import multipart_fields
from tests.cassette._media import make
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

PNG = DATA / "sample.png"


def call(tool: Any, args: dict[str, Any]) -> ToolMessage:
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def fields(vcr: Any, action: str) -> dict[str, Any]:
    """The one multipart body sent to `action`: name → (filename, type, bytes) or text."""
    (request,) = [r for r in vcr.requests if r.path == f"/ideogram/v1/ideogram-v3/{action}"]
    parts = multipart_fields(request)
    assert parts is not None, "not a multipart body"
    return {name: (file, kind, data) if file else data.decode() for name, file, kind, data in parts}


def test_generate_sends_form_fields_and_reads_the_images(gptproto_target, vcr):
    message = call(
        make(IdeogramGenerate, gptproto_target),
        {
            "prompt": "a poster that says 'Hello'",
            "aspect_ratio": "16:9",
            "num_images": 2,
            "rendering_speed": "TURBO",
            "magic_prompt": "OFF",
            "seed": 7,
        },
    )
    task = message.artifact
    assert task.vendor == "ideogram" and task.status == "succeeded" and len(task.outputs) == 2
    assert all(o.url in message.content for o in task.outputs)
    assert task.outputs[0].label == task.raw["data"][0]["resolution"] == "1360x768"
    assert fields(vcr, "generate") == {
        "prompt": "a poster that says 'Hello'",
        "rendering_speed": "TURBO",
        "magic_prompt": "OFF",
        "num_images": "2",
        "seed": "7",
        "aspect_ratio": "16x9",
    }


def test_edit_uploads_image_and_mask_from_disk(gptproto_target, vcr):
    mask = "data:image/png;base64," + base64.b64encode(PNG.read_bytes()).decode()
    message = call(
        make(IdeogramEdit, gptproto_target),
        {"prompt": "replace the sky with a sunset", "image": str(PNG), "mask": mask},
    )
    assert message.artifact.operation == "edit" and message.artifact.outputs
    sent = fields(vcr, "edit")
    assert sent["image"] == ("sample.png", "image/png", PNG.read_bytes())
    assert sent["mask"] == ("mask.png", "image/png", PNG.read_bytes())
    assert sent["prompt"] == "replace the sky with a sunset"


def test_remix_with_a_character_reference_given_as_bytes(gptproto_target, vcr):
    message = call(
        make(IdeogramRemix, gptproto_target),
        {
            "prompt": "as a watercolour",
            "image": str(PNG),
            "image_weight": 30,
            "style_type": "FICTION",
            "character_reference_images": [PNG.read_bytes()],
        },
    )
    assert message.artifact.status == "succeeded"
    sent = fields(vcr, "remix")
    assert sent["character_reference_images"] == (
        "character_reference_images.png",
        "image/png",
        PNG.read_bytes(),
    )
    assert sent["image_weight"] == "30" and sent["style_type"] == "FICTION"


def test_replace_background_of_an_image_made_by_seedream(gptproto_target, vcr):
    made = call(make(DoubaoSeedreamGenerateImage, gptproto_target), {"prompt": "a red kite"})
    url = made.artifact.outputs[0].url
    message = call(
        make(IdeogramReplaceBackground, gptproto_target),
        {"prompt": "a stormy beach", "image": url},
    )
    assert message.artifact.operation == "replace_background" and message.artifact.outputs
    fetch = next(r for r in vcr.requests if r.method == "GET")
    assert fetch.uri == url and "authorization" not in {k.lower() for k in fetch.headers}
    _, kind, data = fields(vcr, "replace-background")["image"]
    assert kind == "image/png" and data.startswith(b"\x89PNG")


def test_unsafe_images_are_a_content_policy_error(gptproto_target, vcr):
    message = call(make(IdeogramGenerate, gptproto_target), {"prompt": "a nsfw poster"})
    assert message.status == "error" and "is_image_safe" in message.content
    assert "image 1 of 1" in message.content


def test_the_server_message_of_a_refused_upload_reaches_the_model(gptproto_target, vcr):
    # Bytes of no known type are the caller's word on our side; the server reads them and says no.
    message = call(make(IdeogramRemix, gptproto_target), {"prompt": "p", "image": b"GIF? no"})
    assert message.status == "error" and "HTTP 400" in message.content
    assert "'image' must be a JPEG, PNG or WebP image" in message.content


def test_bad_arguments_are_refused_before_sending(gptproto_target, vcr, tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(PNG.read_bytes() + b"\x00" * (10 * 1024 * 1024))
    for tool, args, field in [
        (IdeogramGenerate, {"prompt": ""}, "prompt"),
        (IdeogramGenerate, {"prompt": "p", "aspect_ratio": "7x5"}, "aspect_ratio"),
        (IdeogramGenerate, {"prompt": "p", "num_images": 9}, "num_images"),
        (IdeogramEdit, {"prompt": "p", "mask": str(PNG)}, "image"),
        (IdeogramEdit, {"prompt": "p", "image": str(PNG)}, "mask"),
        (IdeogramRemix, {"prompt": "p", "image": "no/such.png"}, "image"),
        (IdeogramRemix, {"prompt": "p", "image": str(DATA / "sample.wav")}, "not image/jpeg"),
        (IdeogramRemix, {"prompt": "p", "image": str(big)}, "the limit is 10.0 MB"),
        (
            IdeogramGenerate,
            {"prompt": "p", "character_reference_images": [str(PNG)], "style_type": "DESIGN"},
            "style_type DESIGN",
        ),
        (
            IdeogramGenerate,
            {"prompt": "p", "character_reference_images": [str(PNG), str(PNG)]},
            "character_reference_images",
        ),
    ]:
        answer = make(tool, gptproto_target).invoke(args)
        assert answer.startswith("Invalid arguments") and field in answer, answer
    assert len(vcr.requests) == 0


async def test_async_generate(gptproto_target, vcr):
    tool = make(IdeogramGenerate, gptproto_target)
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "c", "name": tool.name, "args": {"prompt": "an async comet"}}
    )
    assert message.artifact.status == "succeeded"
    assert fields(vcr, "generate") == {"prompt": "an async comet"}
