"""The conventional LlamaIndex import path: `from llama_index.llms.gptproto import GPTProto`."""

from llama_index_gptproto import GPTProto

__all__ = ["GPTProto"]
