"""LangChain integration for gptproto.

    from langchain_gptproto import ChatGPTProto
    ChatGPTProto(model="gpt-4o").invoke("Hello")

Names are imported on first use, so `import langchain_gptproto` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

# Looked up, not imported, so `import langchain_gptproto` stays cheap; every submodule import
# passes here first, so a missing extra always reads as this message.
if find_spec("langchain_core") is None:
    raise ImportError(
        "langchain_gptproto needs LangChain (langchain-core): "
        'pip install "gptproto-integrations[langchain]"'
    )

if TYPE_CHECKING:
    from langchain_gptproto.chat_models import ChatGPTProto
    from langchain_gptproto.document_loaders import GPTProtoAudioLoader
    from langchain_gptproto.embeddings import GPTProtoEmbeddings
    from langchain_gptproto.tools import GPTProtoToolkit

__all__ = ["ChatGPTProto", "GPTProtoAudioLoader", "GPTProtoEmbeddings", "GPTProtoToolkit"]

_LOCATIONS = {
    "ChatGPTProto": "langchain_gptproto.chat_models",
    "GPTProtoAudioLoader": "langchain_gptproto.document_loaders",
    "GPTProtoEmbeddings": "langchain_gptproto.embeddings",
    "GPTProtoToolkit": "langchain_gptproto.tools",
}


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'langchain_gptproto' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
