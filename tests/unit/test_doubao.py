"""Doubao images (API.md §13.3-§13.5): request models, both wire formats, the answer's shapes."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from gptproto_core.errors import ContentPolicyError, InvalidInputError, UnexpectedResponseError
from gptproto_core.tool_table import OPERATIONS
from gptproto_core.vendors import doubao
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

PNG = DATA / "sample.png"
URL = "https://heyoo.oss-ap-southeast-1.aliyuncs.com/ai-draw/java/test/cto.jpeg"
SEEDREAM = OPERATIONS["doubao_seedream_generate_image"]
SEEDEDIT = OPERATIONS["doubao_seededit_edit_image"]


def body(op: Any, wire_format: str | None = None, **fields: Any) -> Any:
    submit = op.job_for(wire_format)(validated(op.request, **fields)).submit
    return submit.path, submit.json


def test_seedream_4_sends_the_postman_body_on_the_openai_route():
    path, sent = body(SEEDREAM, prompt="snow", image=[URL, URL], seed=12, size="1024x1280")
    assert path == "/v1/images/generations"
    assert sent == {
        "prompt": "snow",
        "model": "doubao-seedream-4-0-250828",
        "image": [URL, URL],
        "size": "1024x1280",
        "seed": 12,
        "response_format": "url",
    }


def test_the_ark_format_adds_stream_false_and_group_options():
    path, sent = body(
        SEEDREAM,
        "ark",
        prompt="twins",
        image=[URL],
        size="2K",
        sequential_image_generation="auto",
        max_images=4,
    )
    assert path == "/api/v3/images/generations" and sent["stream"] is False
    assert sent["sequential_image_generation"] == "auto"
    assert sent["sequential_image_generation_options"] == {"max_images": 4}


def test_local_files_and_bytes_travel_as_data_uris():
    raw = PNG.read_bytes()
    _, sent = body(SEEDREAM, prompt="p", image=[str(PNG), raw])
    for uri in sent["image"]:
        head, data = uri.split(",", 1)
        assert head == "data:image/png;base64" and base64.b64decode(data) == raw
    _, edit = body(SEEDEDIT, prompt="hearts", image=URL, guidance_scale=5.5, watermark=True)
    assert edit == {
        "prompt": "hearts",
        "image": URL,
        "model": "doubao-seededit-3-0-i2i-250628",
        "size": "adaptive",
        "guidance_scale": 5.5,
        "watermark": True,
        "response_format": "url",
    }


@pytest.mark.parametrize(
    ("op", "fields", "message"),
    [
        (SEEDREAM, {"prompt": "p", "model": "doubao-seedream-3-0-t2i-250415", "size": "4K"}, "WxH"),
        (
            SEEDREAM,
            {"prompt": "p", "model": "doubao-seedream-3-0-t2i-250415", "image": [URL]},
            "need 4.0",
        ),
        (SEEDREAM, {"prompt": "p", "max_images": 3}, "sequential_image_generation='auto'"),
        (SEEDREAM, {"prompt": "p", "image": [URL] * 11}, "image"),
        (SEEDREAM, {"prompt": "p", "image": ["page.html"]}, "image"),
        (SEEDREAM, {"prompt": "p", "image": [str(DATA / "sample.wav")]}, "not an image"),
        (SEEDREAM, {"prompt": "p", "seed": -2}, "seed"),
        (SEEDREAM, {"prompt": "p", "response_format": "jpeg"}, "response_format"),
        (SEEDEDIT, {"prompt": "p", "image": URL, "size": "1024x1024"}, "size"),
        (
            SEEDEDIT,
            {"prompt": "p", "image": b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024)},
            "the limit is 10.0 MB",
        ),
    ],
)
def test_bad_requests_are_refused_naming_the_field(op, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(op.request, **fields)


def test_the_ark_answer_with_urls_and_usage():
    answer = {
        "model": "m",
        "created": 1757321139,
        "data": [{"url": "https://ark/x.jpeg", "size": "1024x1024"}],
        "usage": {"generated_images": 1},
    }
    task = doubao.read_images(answer, "seedream")
    assert task.status == "succeeded" and task.outputs[0].url == "https://ark/x.jpeg"
    assert task.id == "seedream-1757321139"


def test_b64_answers_become_data_uris_of_their_real_type():
    png = base64.b64encode(PNG.read_bytes()).decode()
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0" + b"0" * 20).decode()
    task = doubao.read_images({"data": [{"b64_json": png}, {"b64_json": jpeg}]}, "seededit")
    assert [o.url.split(";")[0] for o in task.outputs] == ["data:image/png", "data:image/jpeg"]


def test_failed_images_of_a_group_are_notes_or_a_typed_error():
    refused = {"code": "OutputImageSensitiveContentDetected", "message": "flagged"}
    partial = doubao.read_images({"data": [{"url": "https://a"}, {"error": refused}]}, "seedream")
    assert len(partial.outputs) == 1 and "flagged" in partial.notes[0]
    with pytest.raises(ContentPolicyError, match="flagged"):
        doubao.read_images({"data": [{"error": refused}]}, "seedream")
    with pytest.raises(UnexpectedResponseError, match="busy"):
        doubao.read_images({"data": [{"error": {"code": "Busy", "message": "busy"}}]}, "seedream")


@pytest.mark.parametrize("answer", [{}, {"data": []}, {"data": [{}]}, "oops", None])
def test_a_body_without_images_is_unexpected(answer):
    with pytest.raises(UnexpectedResponseError):
        doubao.read_images(answer, "seedream")
