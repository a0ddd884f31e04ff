"""GPTProto for LlamaIndex: every gptproto chat model as a function-calling LLM.

from llama_index_gptproto import GPTProto   # or: from llama_index.llms.gptproto import ...

llm = GPTProto(model="gpt-4o")              # key from GPTPROTO_API_KEY
"""

from llama_index_gptproto.llms import GPTProto
from llama_index_gptproto.readers import GPTProtoAudioReader
from llama_index_gptproto.tools import GPTProtoToolSpec

__all__ = ["GPTProto", "GPTProtoAudioReader", "GPTProtoToolSpec"]
