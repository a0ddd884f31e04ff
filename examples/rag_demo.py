"""Retrieval-augmented answers on gptproto alone: its embeddings find the passage, its chat
model answers from it — once with LlamaIndex, once with LangChain.

Offline and keyless by default: it starts the gptproto emulator on 127.0.0.1. With
GPTPROTO_API_KEY set (and GPTPROTO_BASE_URL unset) the same code talks to gptproto.com.

    uv run python examples/rag_demo.py
"""

from __future__ import annotations

import os

from langchain_core.documents import Document as LCDocument
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough
from langchain_core.vectorstores import InMemoryVectorStore
from llama_index.core import Document, PromptTemplate, VectorStoreIndex

from langchain_gptproto import ChatGPTProto, GPTProtoEmbeddings
from llama_index_gptproto import GPTProto, GPTProtoEmbedding

PASSAGES = [
    "The Nature Boardwalk in Madison, Wisconsin crosses a restored marsh at the UW Arboretum.",
    "Suno turns a short prompt or your own lyrics into a full song with vocals.",
    "Kling makes five or ten second videos from a text prompt or a still image.",
    "Midjourney draws four images for a prompt; U1 to U4 upscale one of them.",
]
# The question first, then the passage: the emulator's scripted model echoes what it was sent
# (cut at 300 characters), so its answer shows the passage that reached it.
PROMPT = "Question: {question}\nAnswer it from this passage only:\n{context}"


def run_llamaindex_rag(base_url: str, api_key: str, question: str) -> str:
    """A LlamaIndex query engine: VectorStoreIndex on GPTProtoEmbedding, GPTProto as the LLM."""
    connection = {"api_key": api_key, "base_url": base_url}
    index = VectorStoreIndex.from_documents(
        [Document(text=passage) for passage in PASSAGES],
        embed_model=GPTProtoEmbedding(model="text-embedding-3-small", **connection),
    )
    engine = index.as_query_engine(
        llm=GPTProto(model="gpt-4o", **connection),
        similarity_top_k=1,
        text_qa_template=PromptTemplate(
            PROMPT.format(question="{query_str}", context="{context_str}")
        ),
    )
    response = engine.query(question)
    print(f"LlamaIndex query engine: {question}")
    print(f"  retrieved: {response.source_nodes[0].get_content()}")
    print(f"  answer:    {response}")
    return str(response)


def run_langchain_rag(base_url: str, api_key: str, question: str) -> str:
    """A LangChain retrieval chain: InMemoryVectorStore retriever | prompt | ChatGPTProto."""
    connection = {"api_key": api_key, "base_url": base_url}
    store = InMemoryVectorStore.from_texts(
        PASSAGES, embedding=GPTProtoEmbeddings(model="text-embedding-3-small", **connection)
    )
    retriever = store.as_retriever(search_kwargs={"k": 1})

    def passages(documents: list[LCDocument]) -> str:
        return "\n".join(document.page_content for document in documents)

    chain = (
        {"context": retriever | passages, "question": RunnablePassthrough()}
        | ChatPromptTemplate.from_template(PROMPT)
        | ChatGPTProto(model="gpt-4o", **connection)
        | StrOutputParser()
    )
    print(f"LangChain retrieval chain: {question}")
    print(f"  retrieved: {passages(retriever.invoke(question))}")
    answer = chain.invoke(question)
    print(f"  answer:    {answer}")
    return answer


def run_rag(base_url: str, api_key: str) -> None:
    run_llamaindex_rag(base_url, api_key, "Where is the boardwalk that crosses a marsh?")
    run_langchain_rag(base_url, api_key, "How do I upscale a Midjourney picture?")


def main() -> None:
    key, url = os.environ.get("GPTPROTO_API_KEY"), os.environ.get("GPTPROTO_BASE_URL")
    if key and not url:
        run_rag("https://gptproto.com", key)
        return
    from gptproto_emulator import EmulatorServer

    with EmulatorServer() as server:
        run_rag(server.url, server.api_key)


if __name__ == "__main__":
    main()
