"""Ideogram (API.md §11) and Doubao image (§13.3-§13.5) routes of the emulator: multipart parsing,
strict fields, synchronous answers, and result files that can be fetched without a key."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer
from tests.conftest import DATA

PNG = (DATA / "sample.png").read_bytes()
IDEOGRAM = "/ideogram/v1/ideogram-v3"
URL = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seedream_i2i.jpeg"


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def form(http: httpx.Client, action: str, fields: dict[str, str], **files: Any) -> httpx.Response:
    parts = [(k, (None, v)) for k, v in fields.items()]
    for name, content in files.items():
        for one in content if isinstance(content, list) else [content]:
            parts.append((name, (f"{name}.png", one, "image/png")))
    return http.post(f"{IDEOGRAM}/{action}", files=parts)


def test_generate_answers_at_once_with_fetchable_images(http: httpx.Client):
    answer = form(
        http, "generate", {"prompt": "a poster", "num_images": "2", "aspect_ratio": "16x9"}
    )
    assert answer.status_code == 200
    data = answer.json()["data"]
    assert len(data) == 2 and all(item["is_image_safe"] for item in data)
    assert data[0]["resolution"] == "1360x768" and data[0]["style_type"] == "GENERAL"
    picture = httpx.get(data[0]["url"])  # no key: a CDN link
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    width, height = int.from_bytes(picture.content[16:20]), int.from_bytes(picture.content[20:24])
    assert picture.content.startswith(b"\x89PNG") and (width, height) == (16, 9)


@pytest.mark.parametrize(
    ("action", "fields", "files", "message"),
    [
        ("generate", {"rendering_speed": "TURBO"}, {}, "'prompt' is required"),
        ("edit", {"prompt": "p"}, {"image": PNG}, "'mask' is required"),
        ("remix", {"prompt": "p"}, {}, "'image' is required"),
        ("replace-background", {"prompt": "p", "image": "text"}, {}, "must be a file part"),
        ("remix", {"prompt": "p"}, {"image": b"GIF89a"}, "JPEG, PNG or WebP"),
        ("generate", {"prompt": "p", "rendering_speed": "FAST"}, {}, "'rendering_speed'"),
        ("generate", {"prompt": "p", "num_images": "9"}, {}, "'num_images'"),
        ("generate", {"prompt": "p", "aspect_ratio": "16:9"}, {}, "'aspect_ratio'"),
        ("generate", {"prompt": "p"}, {"character_reference_images": [PNG, PNG]}, "at most 1"),
        (
            "generate",
            {"prompt": "p", "style_type": "DESIGN"},
            {"character_reference_images": PNG},
            "'style_type'",
        ),
    ],
)
def test_a_broken_body_is_refused_naming_the_field(http, action, fields, files, message):
    if action == "replace-background":
        answer = http.post(
            f"{IDEOGRAM}/{action}", files=[(k, (None, v)) for k, v in fields.items()]
        )
    else:
        answer = form(http, action, fields, **files)
    assert answer.status_code == 400 and message in answer.json()["error"]["message"]


def test_ideogram_wants_multipart_and_flags_banned_prompts(http: httpx.Client):
    refused = http.post(f"{IDEOGRAM}/generate", json={"prompt": "p"})
    assert refused.status_code == 400 and "multipart" in refused.json()["error"]["message"]
    flagged = form(http, "edit", {"prompt": "a nude"}, image=PNG, mask=PNG).json()["data"][0]
    assert flagged["is_image_safe"] is False and flagged["url"] is None


def test_doubao_models_get_arks_answer_on_the_shared_route(http: httpx.Client):
    body = {
        "model": "doubao-seededit-3-0-i2i-250628",
        "prompt": "hearts",
        "image": URL,
        "size": "adaptive",
        "seed": 21,
        "guidance_scale": 5.5,
        "watermark": True,
    }
    answer = http.post("/v1/images/generations", json=body).json()
    assert answer["model"] == body["model"] and answer["usage"]["generated_images"] == 1
    assert httpx.get(answer["data"][0]["url"]).content.startswith(b"\x89PNG")
    b64 = http.post("/v1/images/generations", json={**body, "response_format": "b64_json"})
    assert base64.b64decode(b64.json()["data"][0]["b64_json"]).startswith(b"\x89PNG")


def test_the_ark_path_makes_groups_and_refuses_streaming(http: httpx.Client):
    body = {
        "model": "seedream-4-0-250828",
        "prompt": "twins",
        "image": [URL, URL],
        "size": "2K",
        "sequential_image_generation": "auto",
        "sequential_image_generation_options": {"max_images": 3},
        "stream": False,
    }
    answer = http.post("/api/v3/images/generations", json=body)
    assert answer.status_code == 200 and len(answer.json()["data"]) == 3
    streamed = http.post("/api/v3/images/generations", json={**body, "stream": True})
    assert streamed.status_code == 400 and "'stream'" in streamed.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"model": "doubao-seededit-3-0-i2i-250628"}, "'image' is required"),
        ({"model": "doubao-seededit-3-0-i2i-250628", "image": URL, "size": "2K"}, "'size'"),
        ({"model": "doubao-seedream-3-0-t2i-250415", "image": URL}, "Seedream 3.0"),
        ({"model": "doubao-seedream-3-0-t2i-250415", "size": "2K"}, "'size'"),
        ({"model": "doubao-seedream-4-0-250828", "image": [URL] * 11}, "at most 10"),
        ({"model": "doubao-seedream-4-0-250828", "image": "cat.png"}, "'image'"),
        ({"model": "doubao-seedream-4-0-250828", "guidance_scale": 11}, "'guidance_scale'"),
        ({"model": "doubao-seedream-4-0-250828", "response_format": "png"}, "'response_format'"),
    ],
)
def test_a_doubao_body_that_breaks_the_contract_is_refused(http, fields, message):
    answer = http.post("/api/v3/images/generations", json={"prompt": "p", **fields})
    assert answer.status_code == 400 and message in answer.json()["error"]["message"]


def test_a_sensitive_prompt_gets_arks_error(http: httpx.Client):
    body = {"model": "doubao-seedream-4-0-250828", "prompt": "a nsfw cat"}
    answer = http.post("/v1/images/generations", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "InputTextSensitiveContentDetected"


def test_an_unknown_result_file_is_not_found(gptproto_emulator: EmulatorServer):
    assert httpx.get(f"{gptproto_emulator.url}/__emulator__/files/nothing.png").status_code == 404
