"""The emulator's ``POST /v1/embeddings`` and ``GET /v1/models`` (API.md §2.6, OpenAI shapes)."""

from __future__ import annotations

import base64
import math
import struct
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

EMBEDDINGS = "/v1/embeddings"
MODEL = "text-embedding-3-small"


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def vectors(http: httpx.Client, texts: list[str], **body: Any) -> list[list[float]]:
    response = http.post(EMBEDDINGS, json={"model": MODEL, "input": texts, **body})
    assert response.status_code == 200, response.text
    return [item["embedding"] for item in response.json()["data"]]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_the_reply_has_openai_s_shape_with_usage(http: httpx.Client):
    response = http.post(EMBEDDINGS, json={"model": MODEL, "input": ["Hello there", "Hi"]})
    body = response.json()
    assert body["object"] == "list"
    assert body["model"] == MODEL
    assert [(item["object"], item["index"]) for item in body["data"]] == [
        ("embedding", 0),
        ("embedding", 1),
    ]
    assert [len(item["embedding"]) for item in body["data"]] == [1536, 1536]
    # ceil(UTF-8 bytes / 4) per input, the emulator's token rule
    assert body["usage"] == {"prompt_tokens": 3 + 1, "total_tokens": 4}


def test_one_string_is_one_input(http: httpx.Client):
    response = http.post(EMBEDDINGS, json={"model": MODEL, "input": "just one"})
    assert len(response.json()["data"]) == 1


def test_the_same_text_always_gives_the_same_unit_vector(http: httpx.Client):
    first, second = vectors(
        http, ["The boardwalk crosses the marsh.", "The boardwalk crosses the marsh."]
    )
    assert first == second == vectors(http, ["The boardwalk crosses the marsh."])[0]
    assert math.isclose(math.sqrt(cosine(first, first)), 1.0, abs_tol=1e-4)


def test_similar_texts_are_closer_than_unrelated_ones(http: httpx.Client):
    question, near, far = vectors(
        http,
        [
            "Where does the boardwalk cross the marsh?",
            "A wooden boardwalk crosses the restored marsh near the lake.",
            "Quarterly revenue grew by eight percent in the retail segment.",
        ],
    )
    assert cosine(question, near) > 0.3
    assert cosine(question, near) > cosine(question, far) + 0.3


def test_word_forms_stay_close(http: httpx.Client):
    cats, cat, revenue = vectors(
        http, ["cats sit on mats", "a cat sat on the mat", "quarterly revenue grew"], dimensions=256
    )
    assert cosine(cats, cat) > 0.5 > cosine(cats, revenue)


def test_dimensions_shorten_the_vector_and_each_model_has_its_size(http: httpx.Client):
    assert [len(v) for v in vectors(http, ["x"], dimensions=64)] == [64]
    large = http.post(EMBEDDINGS, json={"model": "text-embedding-3-large", "input": "x"}).json()
    assert len(large["data"][0]["embedding"]) == 3072
    ada = http.post(EMBEDDINGS, json={"model": "text-embedding-ada-002", "input": "x"}).json()
    assert len(ada["data"][0]["embedding"]) == 1536


def test_models_place_the_same_text_differently(http: httpx.Client):
    small = vectors(http, ["a boardwalk"], dimensions=64)[0]
    large = http.post(
        EMBEDDINGS,
        json={"model": "text-embedding-3-large", "input": "a boardwalk", "dimensions": 64},
    ).json()["data"][0]["embedding"]
    assert small != large


def test_base64_carries_the_same_values_as_float32(http: httpx.Client):
    floats = vectors(http, ["a boardwalk"], dimensions=32)[0]
    encoded = vectors(http, ["a boardwalk"], dimensions=32, encoding_format="base64")[0]
    assert isinstance(encoded, str)
    decoded = struct.unpack("<32f", base64.b64decode(encoded))
    assert all(math.isclose(a, b, abs_tol=1e-6) for a, b in zip(floats, decoded, strict=True))


def test_token_id_inputs_are_accepted(http: httpx.Client):
    one = http.post(EMBEDDINGS, json={"model": MODEL, "input": [1, 2, 3], "dimensions": 8})
    assert len(one.json()["data"]) == 1
    assert one.json()["usage"]["prompt_tokens"] == 3
    two = http.post(EMBEDDINGS, json={"model": MODEL, "input": [[1, 2], [3]], "dimensions": 8})
    assert len(two.json()["data"]) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "request body must be a JSON object"),
        ({"input": "x"}, "'model' is required"),
        ({"model": MODEL}, "'input' is required"),
        ({"model": MODEL, "input": []}, "Invalid 'input'"),
        ({"model": MODEL, "input": ""}, "Invalid 'input'"),
        ({"model": MODEL, "input": ["ok", ""]}, "Invalid 'input[1]'"),
        ({"model": MODEL, "input": ["ok", 3.5]}, "Invalid 'input[1]'"),
        ({"model": MODEL, "input": ["ok", None]}, "Invalid 'input[1]'"),
        ({"model": MODEL, "input": ["x"] * 2049}, "at most 2048 inputs"),
        ({"model": MODEL, "input": "word " * 7000}, "longer than 8192 tokens"),
        ({"model": MODEL, "input": "x", "dimensions": 0}, "Invalid 'dimensions'"),
        ({"model": MODEL, "input": "x", "dimensions": "64"}, "Invalid 'dimensions'"),
        ({"model": MODEL, "input": "x", "dimensions": 4096}, "at most 1536"),
        ({"model": "text-embedding-ada-002", "input": "x", "dimensions": 8}, "does not support"),
        ({"model": MODEL, "input": "x", "encoding_format": "int8"}, "Invalid 'encoding_format'"),
        ({"model": MODEL, "input": "x", "user": 5}, "Invalid 'user'"),
        ({"model": "gpt-4o", "input": "x"}, "'gpt-4o' is not an embedding model"),
    ],
)
def test_a_body_that_breaks_the_contract_is_a_400_naming_the_field(
    http: httpx.Client, body: Any, field: str
):
    response = http.post(EMBEDDINGS, json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_parameters"
    assert field in error["message"]


def test_a_body_that_is_not_json_is_a_400(http: httpx.Client):
    response = http.post(EMBEDDINGS, content=b"{nope", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]


@pytest.mark.parametrize(("method", "path"), [("POST", EMBEDDINGS), ("GET", "/v1/models")])
def test_both_routes_need_the_key(gptproto_emulator: EmulatorServer, method: str, path: str):
    body = {"model": MODEL, "input": "x"} if method == "POST" else None
    for headers in ({}, {"Authorization": "Bearer sk-wrong"}):
        response = httpx.request(method, gptproto_emulator.url + path, json=body, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_api_key"


def test_the_model_list_has_openai_s_shape_and_names_embedding_and_chat_models(http: httpx.Client):
    body = http.get("/v1/models").json()
    assert body["object"] == "list"
    entries = body["data"]
    assert all(set(entry) == {"id", "object", "created", "owned_by"} for entry in entries)
    assert all(
        entry["object"] == "model" and isinstance(entry["created"], int) for entry in entries
    )
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    assert {
        "text-embedding-3-small",
        "text-embedding-3-large",
        "gpt-4o",
        "claude-sonnet-4-5-20250929",
    } <= set(ids)
    # every listed embedding model answers the embeddings route
    for name in (i for i in ids if "embedding" in i):
        assert http.post(EMBEDDINGS, json={"model": name, "input": "x"}).status_code == 200
    # and the list does not change between calls (cassettes recorded from it stay valid)
    assert http.get("/v1/models").json() == body


def test_the_requests_are_counted(http: httpx.Client, gptproto_emulator: EmulatorServer):
    vectors(http, ["a"])
    http.get("/v1/models")
    counted = gptproto_emulator.counters()["requests"]
    assert counted["POST /v1/embeddings"] == 1
    assert counted["GET /v1/models"] == 1
