"""Embeddings and model listing in the core and both adapters, against in-process handlers.

The handler plays an OpenAI-style server: each vector encodes (batch number, position in the
batch, text length), so a test sees which request carried which text and whether the vectors
came back in the texts' order even when the server lists them shuffled.
"""

from __future__ import annotations

import base64
import json
import struct
import warnings
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gptproto_core import (
    AsyncGPTProtoClient,
    ConfigurationError,
    GPTProtoClient,
    GPTProtoError,
    InvalidInputError,
    ListedModel,
    RateLimitError,
    UnexpectedResponseError,
    alist_models,
    list_models,
)
from gptproto_core.embeddings import (
    EmbeddingOptions,
    aembed,
    build_payload,
    embed,
    parse_embeddings,
)
from gptproto_core.model_listing import parse_model_list
from langchain_gptproto import GPTProtoEmbeddings
from llama_index_gptproto import GPTProtoEmbedding
from tests.unit._fuzz_settings import FUZZ
from tests.unit._fuzz_shapes import mutated
from tests.unit._wired import wire

BASE = "https://gateway.test"
KEY = "sk-unit-embed-0000"


class FakeServer:
    """Answers /v1/embeddings with vectors that say where each text travelled."""

    def __init__(self, *, shuffle: bool = True, base64_vectors: bool = False) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.shuffle = shuffle
        self.base64_vectors = base64_vectors

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/models":
            return httpx.Response(200, json=MODEL_LIST)
        body = json.loads(request.content)
        self.bodies.append(body)
        batch = len(self.bodies)
        data = [
            {"object": "embedding", "index": i, "embedding": self._vector([batch, i, len(text)])}
            for i, text in enumerate(body["input"])
        ]
        if self.shuffle:
            data.reverse()
        tokens = sum(len(text) for text in body["input"])
        return httpx.Response(
            200,
            json={
                "object": "list",
                "data": data,
                "model": body["model"],
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            },
        )

    def _vector(self, values: list[int]) -> list[float] | str:
        floats = [float(v) for v in values]
        if self.base64_vectors:
            return base64.b64encode(struct.pack("<3f", *floats)).decode()
        return floats


MODEL_LIST = {
    "object": "list",
    "data": [
        {"id": "gpt-4o", "object": "model", "created": 1_700_000_000, "owned_by": "openai"},
        {"id": "text-embedding-3-small", "object": "model", "owned_by": "openai"},
        {"object": "model"},  # no id: nothing to pass as model=, left out
    ],
}


def clients(handler: Any) -> tuple[GPTProtoClient, AsyncGPTProtoClient]:
    transport = httpx.MockTransport(handler)
    sync = GPTProtoClient(
        api_key=KEY, base_url=BASE, max_retries=0, http_client=httpx.Client(transport=transport)
    )
    asynchronous = AsyncGPTProtoClient(
        api_key=KEY,
        base_url=BASE,
        max_retries=0,
        http_client=httpx.AsyncClient(transport=transport),
    )
    return sync, asynchronous


TEXTS = ["alpha", "be", "gamma ray", "d", "epsilon"]


# --- the core: batching, order, the body -----------------------------------------------------


def test_texts_are_split_into_chunk_size_batches_and_come_back_in_order():
    server = FakeServer(shuffle=True)
    sync, _ = clients(server)
    result = embed(sync, TEXTS, EmbeddingOptions(chunk_size=2))
    assert [body["input"] for body in server.bodies] == [
        ["alpha", "be"],
        ["gamma ray", "d"],
        ["epsilon"],
    ]
    # (batch, position in batch, length) for every text, in the caller's order
    assert result.vectors == [[1, 0, 5], [1, 1, 2], [2, 0, 9], [2, 1, 1], [3, 0, 7]]
    assert result.usage.prompt_tokens == sum(len(t) for t in TEXTS)
    assert result.model == "text-embedding-3-small"


async def test_async_sends_the_same_requests_and_reads_the_same_vectors():
    sync_server, async_server = FakeServer(), FakeServer()
    options = EmbeddingOptions(chunk_size=3, dimensions=3, model="text-embedding-3-large")
    expected = embed(clients(sync_server)[0], TEXTS, options)
    got = await aembed(clients(async_server)[1], TEXTS, options)
    assert got == expected
    assert async_server.bodies == sync_server.bodies


def test_dimensions_encoding_and_extra_fields_are_in_the_body():
    options = EmbeddingOptions(
        model="text-embedding-3-large",
        dimensions=256,
        encoding_format="base64",
        extra={"user": "u-1"},
    )
    assert build_payload(options, ["a"]) == {
        "user": "u-1",
        "model": "text-embedding-3-large",
        "input": ["a"],
        "encoding_format": "base64",
        "dimensions": 256,
    }
    assert "dimensions" not in build_payload(EmbeddingOptions(), ["a"])


def test_base64_vectors_are_decoded_as_little_endian_float32():
    sync, _ = clients(FakeServer(shuffle=False, base64_vectors=True))
    result = embed(sync, ["abc", "de"], EmbeddingOptions(encoding_format="base64"))
    assert result.vectors == [[1.0, 0.0, 3.0], [1.0, 1.0, 2.0]]


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ("one string", "not one string"),
        (["ok", ""], r"texts\[1\] is empty"),
        (["ok", 3], r"texts\[1\] must be a string, got int"),
        ({"a": 1}, "must be a list of strings, got dict"),
    ],
)
def test_bad_texts_are_refused_before_any_request(texts: Any, message: str):
    server = FakeServer()
    sync, _ = clients(server)
    with pytest.raises(InvalidInputError, match=message):
        embed(sync, texts, EmbeddingOptions())
    assert server.bodies == []


def test_no_texts_make_no_request():
    server = FakeServer()
    assert embed(clients(server)[0], [], EmbeddingOptions()).vectors == []
    assert server.bodies == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"dimensions": 0}, "dimensions must be a whole number above 0"),
        ({"dimensions": True}, "dimensions must be a whole number above 0"),
        ({"chunk_size": 0}, "chunk_size must be a whole number from 1 to 2048"),
        ({"chunk_size": 2049}, "chunk_size must be a whole number from 1 to 2048"),
        ({"model": " "}, "model must be an embedding model name"),
        ({"encoding_format": "int8"}, "encoding_format must be one of"),
        ({"extra": {"input": ["x"], "dimensions": 3}}, "must not set input, dimensions"),
    ],
)
def test_bad_options_are_configuration_errors(options: dict[str, Any], message: str):
    with pytest.raises(ConfigurationError, match=message):
        EmbeddingOptions(**options)


def test_a_429_is_retried_as_a_read():
    answers = [
        httpx.Response(429, headers={"retry-after": "0"}, json={"error": {"message": "slow"}})
    ]
    server = FakeServer()

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop() if answers else server(request)

    sync = GPTProtoClient(
        api_key=KEY,
        base_url=BASE,
        max_retries=1,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    assert embed(sync, ["a"], EmbeddingOptions()).vectors == [[1, 0, 1]]
    no_retry = GPTProtoClient(
        api_key=KEY,
        base_url=BASE,
        max_retries=0,
        http_client=httpx.Client(
            transport=httpx.MockTransport(
                lambda r: httpx.Response(429, headers={"retry-after": "0"}, json={})
            )
        ),
    )
    with pytest.raises(RateLimitError):
        embed(no_retry, ["a"], EmbeddingOptions())


# --- broken replies ---------------------------------------------------------------------------

GOOD = {"data": [{"index": 0, "embedding": [0.1, 0.2]}, {"index": 1, "embedding": [0.3, 0.4]}]}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, "no 'data' list"),
        ([], "no 'data' list"),
        ({"data": "x"}, "no 'data' list"),
        ({"data": [{"index": 0, "embedding": [0.1]}]}, "holds 1 vectors for 2 inputs"),
        ({"data": [{"index": 0, "embedding": [1.0]}, {"index": 0, "embedding": [1.0]}]}, "index 0"),
        ({"data": [{"index": 0, "embedding": [1.0]}, {"index": 7, "embedding": [1.0]}]}, "index 7"),
        (
            {"data": [{"index": 0, "embedding": [1.0]}, {"index": 1, "embedding": [1.0, 2.0]}]},
            "different sizes",
        ),
        ({"data": [{"index": 0, "embedding": [1.0]}, {"index": 1}]}, "no vector at index 1"),
        (
            {"data": [{"index": 0, "embedding": []}, {"index": 1, "embedding": [1.0]}]},
            "no vector at index 0",
        ),
        (
            {"data": [{"index": 0, "embedding": ["1"]}, {"index": 1, "embedding": [1.0]}]},
            "not a number",
        ),
        (
            {"data": [{"index": 0, "embedding": [True]}, {"index": 1, "embedding": [1.0]}]},
            "not a number",
        ),
        (
            {"data": [{"index": 0, "embedding": [float("nan")]}, {"index": 1, "embedding": [1.0]}]},
            "not finite",
        ),
        (
            {"data": [{"index": 0, "embedding": "AAA"}, {"index": 1, "embedding": [1.0]}]},
            "cannot read",
        ),
        (
            {"data": [{"index": 0, "embedding": "AAAAAAA="}, {"index": 1, "embedding": [1.0]}]},
            "base64 vector of 5 bytes",
        ),
    ],
)
def test_a_broken_reply_is_an_unexpected_response(body: Any, message: str):
    with pytest.raises(UnexpectedResponseError, match=message):
        parse_embeddings(2, None, body)


def test_a_reply_of_the_wrong_size_is_refused_when_dimensions_were_asked():
    assert parse_embeddings(2, 2, GOOD).vectors == [[0.1, 0.2], [0.3, 0.4]]
    with pytest.raises(UnexpectedResponseError, match="2 dimensions where 256 were asked for"):
        parse_embeddings(2, 256, GOOD)


def test_missing_indexes_mean_list_order_and_odd_usage_reads_as_zero():
    body = {"data": [{"embedding": [1]}, {"embedding": [2]}], "usage": {"prompt_tokens": "x"}}
    result = parse_embeddings(2, None, body)
    assert result.vectors == [[1.0], [2.0]]
    assert result.usage.prompt_tokens == 0


def test_a_broken_reply_through_an_adapter_is_typed_and_carries_an_excerpt():
    embeddings = GPTProtoEmbeddings(api_key=KEY, base_url=BASE)
    wire(embeddings, lambda request: httpx.Response(200, json={"data": [{"index": 0}]}))
    with pytest.raises(UnexpectedResponseError) as caught:
        embeddings.embed_query("x")
    assert '"data"' in (caught.value.body or "")


@FUZZ
@given(data=st.data())
def test_any_mutated_reply_reads_or_raises_a_typed_error(data: st.DataObject):
    body = data.draw(mutated(GOOD))
    try:
        result = parse_embeddings(2, None, body)
    except GPTProtoError:
        return
    assert len(result.vectors) == 2


@FUZZ
@given(data=st.data())
def test_any_mutated_model_list_reads_or_raises_a_typed_error(data: st.DataObject):
    body = data.draw(mutated(MODEL_LIST))
    try:
        entries = parse_model_list(body)
    except GPTProtoError:
        return
    assert all(isinstance(entry.id, str) and entry.id for entry in entries)


# --- model listing ----------------------------------------------------------------------------


async def test_list_models_reads_entries_sync_and_async():
    sync, asynchronous = clients(FakeServer())
    entries = list_models(sync)
    assert entries == [
        ListedModel("gpt-4o", "openai", 1_700_000_000),
        ListedModel("text-embedding-3-small", "openai", None),
    ]
    assert await alist_models(asynchronous) == entries


def test_a_bare_list_is_read_and_a_body_without_a_list_is_refused():
    assert [e.id for e in parse_model_list([{"id": "a"}, {"id": 7}, {"id": ""}])] == ["a", "7"]
    with pytest.raises(UnexpectedResponseError, match="without a 'data' list"):
        parse_model_list({"object": "list"})


# --- the adapters -----------------------------------------------------------------------------


async def test_langchain_embeddings_batch_in_order_sync_and_async():
    server = FakeServer()
    embeddings = GPTProtoEmbeddings(
        api_key=KEY, base_url=BASE, chunk_size=2, dimensions=3, model="text-embedding-3-large"
    )
    wire(embeddings, server)
    assert embeddings.embed_documents(TEXTS) == [
        [1, 0, 5],
        [1, 1, 2],
        [2, 0, 9],
        [2, 1, 1],
        [3, 0, 7],
    ]
    # batches 4 to 6 of the server's life, the same positions and texts
    assert await embeddings.aembed_documents(TEXTS) == [
        [4, 0, 5],
        [4, 1, 2],
        [5, 0, 9],
        [5, 1, 1],
        [6, 0, 7],
    ]
    assert embeddings.embed_query("query") == [7, 0, 5]
    assert await embeddings.aembed_query("query") == [8, 0, 5]
    assert {body["dimensions"] for body in server.bodies} == {3}
    assert {body["model"] for body in server.bodies} == {"text-embedding-3-large"}


async def test_llamaindex_embedding_batches_by_embed_batch_size_sync_and_async():
    server = FakeServer()
    embed_model = GPTProtoEmbedding(
        api_key=KEY, base_url=BASE, embed_batch_size=2, dimensions=3, model="text-embedding-3-large"
    )
    wire(embed_model, server)
    vectors = embed_model.get_text_embedding_batch(TEXTS)
    assert [len(body["input"]) for body in server.bodies] == [2, 2, 1]
    assert vectors == [[1, 0, 5], [1, 1, 2], [2, 0, 9], [2, 1, 1], [3, 0, 7]]
    again = await embed_model.aget_text_embedding_batch(TEXTS)
    assert again == [[4, 0, 5], [4, 1, 2], [5, 0, 9], [5, 1, 1], [6, 0, 7]]
    assert embed_model.get_query_embedding("query") == [7, 0, 5]
    assert await embed_model.aget_query_embedding("query") == [8, 0, 5]
    assert {body["dimensions"] for body in server.bodies} == {3}


def test_langchain_maps_openai_names_and_forwards_other_arguments_with_a_warning():
    embeddings = GPTProtoEmbeddings(
        api_key=KEY, openai_api_base=BASE + "/v1", model_name="text-embedding-3-large"
    )
    assert embeddings.model == "text-embedding-3-large"
    assert embeddings.client_settings().validate().base_url == BASE
    with pytest.warns(UserWarning, match=r"model_kwargs\['user'\]"):
        forwarded = GPTProtoEmbeddings(api_key=KEY, base_url=BASE, user="u-7")
    server = FakeServer()
    wire(forwarded, server)
    forwarded.embed_query("x")
    assert server.bodies[0]["user"] == "u-7"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"openai_api_key": "sk-openai"}, "did you mean api_key="),
        ({"api_base": BASE, "base_url": BASE}, "two names for one setting"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"max_retries": -1}, "max_retries must be a whole number"),
        ({"dimensions": 0}, "dimensions must be a whole number above 0"),
        ({"chunk_size": 5000}, "chunk_size must be a whole number from 1 to 2048"),
        ({"proxy_url": "http://proxy.test"}, "did you mean base_url="),
    ],
)
def test_langchain_bad_settings_are_configuration_errors(kwargs: dict[str, Any], message: str):
    with pytest.raises(ConfigurationError, match=message):
        GPTProtoEmbeddings(**{"api_key": KEY, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"user": "u-1"}, "has no argument user=.*additional_kwargs"),
        ({"openai_api_key": "sk-openai"}, "did you mean api_key="),
        ({"embed_batch_size": 0}, "embed_batch_size"),
        ({"embed_batch_size": 4096}, "embed_batch_size"),
        ({"timeout": -1}, "timeout must be a positive number"),
        ({"additional_kwargs": {"model": "x"}}, "must not set model"),
    ],
)
def test_llamaindex_bad_settings_are_configuration_errors(kwargs: dict[str, Any], message: str):
    with pytest.raises(ConfigurationError, match=message):
        GPTProtoEmbedding(**{"api_key": KEY, **kwargs})


@pytest.mark.usefixtures("no_gptproto_env")
@pytest.mark.parametrize("cls", [GPTProtoEmbeddings, GPTProtoEmbedding])
def test_a_missing_key_fails_at_construction(cls: type[Any]):
    with pytest.raises(ConfigurationError, match="GPTPROTO_API_KEY"):
        cls()


@pytest.mark.parametrize("cls", [GPTProtoEmbeddings, GPTProtoEmbedding])
def test_the_key_is_not_in_repr_or_serialised_form(cls: type[Any]):
    model = cls(api_key=KEY, base_url=BASE)
    assert KEY not in repr(model)
    assert KEY not in json.dumps(model.model_dump(mode="json"), default=str)


def test_llamaindex_round_trips_through_to_dict():
    embed_model = GPTProtoEmbedding(api_key=KEY, base_url=BASE, model="text-embedding-3-large")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = GPTProtoEmbedding.from_dict({**embed_model.to_dict(), "api_key": KEY})
    assert again.model_name == again.model == "text-embedding-3-large"
    assert again.base_url == BASE


@pytest.mark.parametrize("cls", [GPTProtoEmbeddings, GPTProtoEmbedding])
async def test_close_and_aclose_free_the_clients_and_a_later_call_works(cls: type[Any]):
    model = cls(api_key=KEY, base_url=BASE)
    sync = model._clients.sync()
    model.close()
    assert sync._http.is_closed
    asynchronous = model._clients.for_running_loop()
    await model.aclose()
    assert asynchronous._http.is_closed
    assert model._clients.sync() is not sync
