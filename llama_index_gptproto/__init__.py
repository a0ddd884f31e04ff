"""GPTProto for LlamaIndex: every gptproto chat model as a function-calling LLM.

from llama_index_gptproto import GPTProto   # or: from llama_index.llms.gptproto import ...

llm = GPTProto(model="gpt-4o")              # key from GPTPROTO_API_KEY
"""

from importlib.util import find_spec


def _has_llama_index_core() -> bool:
    try:
        return find_spec("llama_index.core") is not None
    except ImportError:  # the `llama_index` namespace itself is missing
        return False


# Every submodule import passes here first, so a missing extra always reads as this message.
if not _has_llama_index_core():
    raise ImportError(
        "llama_index_gptproto needs LlamaIndex (llama-index-core): "
        'pip install "gptproto-integrations[llama-index]"'
    )

from llama_index_gptproto.embeddings import GPTProtoEmbedding  # noqa: E402
from llama_index_gptproto.llms import GPTProto  # noqa: E402
from llama_index_gptproto.readers import GPTProtoAudioReader  # noqa: E402
from llama_index_gptproto.tools import GPTProtoToolSpec  # noqa: E402

__all__ = ["GPTProto", "GPTProtoAudioReader", "GPTProtoEmbedding", "GPTProtoToolSpec"]
