"""The conventional LlamaIndex import path:
`from llama_index.embeddings.gptproto import GPTProtoEmbedding`."""

from llama_index_gptproto import GPTProtoEmbedding

__all__ = ["GPTProtoEmbedding"]
