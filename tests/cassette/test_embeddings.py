"""GPTProtoEmbeddings and GPTProtoEmbedding end to end, sync and async, and retrieval with both
frameworks' vector stores; replayed from cassettes recorded against the emulator (`make record`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.exceptions import ModelAuthenticationError
from langchain_core.vectorstores import InMemoryVectorStore
from llama_index.core import Document, VectorStoreIndex

from gptproto_core import (
    AsyncGPTProtoClient,
    AuthenticationError,
    GPTProtoClient,
    alist_models,
    list_models,
)
from langchain_gptproto import GPTProtoEmbeddings
from llama_index_gptproto import GPTProtoEmbedding
from tests.conftest import Target

pytestmark = pytest.mark.vcr

# Small vectors keep the cassettes small; the retrieval works the same at full size.
DIMENSIONS = 64

PASSAGES = [
    "The Nature Boardwalk in Madison, Wisconsin crosses a restored marsh at the UW Arboretum.",
    "Suno turns a short prompt or your own lyrics into a full song with vocals.",
    "Kling makes five or ten second videos from a text prompt or a still image.",
    "Midjourney draws four images for a prompt; U1 to U4 upscale one of them.",
]
QUESTIONS = {
    "Where is the boardwalk that crosses a marsh?": PASSAGES[0],
    "Which service writes a song from my lyrics?": PASSAGES[1],
    "How do I upscale a Midjourney picture?": PASSAGES[3],
}


def langchain(target: Target, **kwargs: Any) -> GPTProtoEmbeddings:
    return GPTProtoEmbeddings(
        api_key=target.api_key, base_url=target.base_url, dimensions=DIMENSIONS, **kwargs
    )


def llamaindex(target: Target, **kwargs: Any) -> GPTProtoEmbedding:
    return GPTProtoEmbedding(
        api_key=target.api_key, base_url=target.base_url, dimensions=DIMENSIONS, **kwargs
    )


def sent_bodies(vcr: Any) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in vcr.requests if request.body]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


# --- LangChain ---------------------------------------------------------------------------------


def test_langchain_embed_documents_batches_and_keeps_order(gptproto_target, vcr):
    embeddings = langchain(gptproto_target, chunk_size=3)
    vectors = embeddings.embed_documents([*PASSAGES, PASSAGES[0]])
    assert [body["input"] for body in sent_bodies(vcr)] == [
        PASSAGES[:3],
        [PASSAGES[3], PASSAGES[0]],
    ]
    assert all(body["dimensions"] == DIMENSIONS for body in sent_bodies(vcr))
    assert [len(v) for v in vectors] == [DIMENSIONS] * 5
    # the fifth text repeats the first (in another request): the same vector
    assert vectors[4] == vectors[0]
    assert vectors[0] != vectors[1]


def test_langchain_embed_query_is_nearest_its_passage(gptproto_target):
    embeddings = langchain(gptproto_target)
    passages = embeddings.embed_documents(PASSAGES)
    query = embeddings.embed_query("Where is the boardwalk that crosses a marsh?")
    scores = [cosine(query, passage) for passage in passages]
    assert scores.index(max(scores)) == 0


async def test_langchain_async_gives_the_vectors_sync_gives(gptproto_target, vcr):
    embeddings = langchain(gptproto_target, chunk_size=2)
    documents = await embeddings.aembed_documents(PASSAGES)
    query = await embeddings.aembed_query(PASSAGES[2])
    assert len(sent_bodies(vcr)) == 3  # two batches and the query
    assert query == documents[2]
    await embeddings.aclose()


def test_langchain_base64_reads_as_the_same_vectors(gptproto_target, vcr):
    floats = langchain(gptproto_target).embed_documents(PASSAGES[:2])
    packed = langchain(gptproto_target, encoding_format="base64").embed_documents(PASSAGES[:2])
    assert sent_bodies(vcr)[1]["encoding_format"] == "base64"
    assert all(
        abs(a - b) < 1e-6
        for f, p in zip(floats, packed, strict=True)
        for a, b in zip(f, p, strict=True)
    )


def test_langchain_a_wrong_key_is_an_authentication_error(gptproto_target):
    embeddings = GPTProtoEmbeddings(api_key="sk-wrong-key-0000", base_url=gptproto_target.base_url)
    with pytest.raises(AuthenticationError) as caught:
        embeddings.embed_query("x")
    assert isinstance(caught.value, ModelAuthenticationError)


def test_langchain_in_memory_vector_store_retrieves_the_right_passage(gptproto_target):
    store = InMemoryVectorStore.from_texts(PASSAGES, embedding=langchain(gptproto_target))
    retriever = store.as_retriever(search_kwargs={"k": 1})
    for question, passage in QUESTIONS.items():
        assert [doc.page_content for doc in retriever.invoke(question)] == [passage]


async def test_langchain_in_memory_vector_store_retrieves_async(gptproto_target):
    store = await InMemoryVectorStore.afrom_texts(PASSAGES, embedding=langchain(gptproto_target))
    found = await store.as_retriever(search_kwargs={"k": 1}).ainvoke(
        "How do I upscale a Midjourney picture?"
    )
    assert [doc.page_content for doc in found] == [PASSAGES[3]]


# --- LlamaIndex --------------------------------------------------------------------------------


def test_llamaindex_batches_by_embed_batch_size(gptproto_target, vcr):
    embed_model = llamaindex(gptproto_target, embed_batch_size=3)
    vectors = embed_model.get_text_embedding_batch(PASSAGES)
    assert vectors[3] == embed_model.get_text_embedding(PASSAGES[3])
    assert embed_model.get_query_embedding(PASSAGES[1]) == vectors[1]
    # a batch of three, the fourth text alone, then the two single texts
    assert [len(body["input"]) for body in sent_bodies(vcr)] == [3, 1, 1, 1]


async def test_llamaindex_async_gives_the_vectors_sync_gives(gptproto_target):
    embed_model = llamaindex(gptproto_target, model="text-embedding-3-large")
    vectors = await embed_model.aget_text_embedding_batch(PASSAGES)
    assert await embed_model.aget_query_embedding(PASSAGES[0]) == vectors[0]
    assert await embed_model.aget_text_embedding(PASSAGES[2]) == vectors[2]
    await embed_model.aclose()


def test_llamaindex_vector_store_index_retrieves_the_right_passage(gptproto_target):
    documents = [Document(text=passage) for passage in PASSAGES]
    index = VectorStoreIndex.from_documents(documents, embed_model=llamaindex(gptproto_target))
    retriever = index.as_retriever(similarity_top_k=1)
    for question, passage in QUESTIONS.items():
        assert [node.get_content() for node in retriever.retrieve(question)] == [passage]


async def test_llamaindex_vector_store_index_retrieves_async(gptproto_target):
    index = VectorStoreIndex(nodes=[], embed_model=llamaindex(gptproto_target))
    await index.ainsert_nodes([Document(text=passage) for passage in PASSAGES])
    found = await index.as_retriever(similarity_top_k=1).aretrieve(
        "Which service writes a song from my lyrics?"
    )
    assert [node.get_content() for node in found] == [PASSAGES[1]]


# --- GET /v1/models ----------------------------------------------------------------------------


async def test_list_models_names_the_embedding_models(gptproto_target):
    settings = {"api_key": gptproto_target.api_key, "base_url": gptproto_target.base_url}
    with GPTProtoClient(**settings) as client:
        entries = list_models(client)
    async with AsyncGPTProtoClient(**settings) as client:
        assert await alist_models(client) == entries
    ids = [entry.id for entry in entries]
    assert {"text-embedding-3-small", "text-embedding-3-large", "gpt-4o"} <= set(ids)
    assert all(entry.owned_by for entry in entries)
