"""gptproto media tools for LlamaIndex agents."""

from llama_index_gptproto.tools._base import GPTProtoTaskProgressEvent, TaskBlocks, ToolFailure
from llama_index_gptproto.tools.spec import GPTProtoToolSpec

__all__ = ["GPTProtoTaskProgressEvent", "GPTProtoToolSpec", "TaskBlocks", "ToolFailure"]
