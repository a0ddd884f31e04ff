"""gptproto media tools for LlamaIndex agents."""

from llama_index_gptproto.tools._base import GPTProtoTaskProgressEvent, TaskBlocks, ToolFailure
from llama_index_gptproto.tools.agent_runs import raise_developer_errors
from llama_index_gptproto.tools.spec import GPTProtoToolSpec

__all__ = [
    "GPTProtoTaskProgressEvent",
    "GPTProtoToolSpec",
    "TaskBlocks",
    "ToolFailure",
    "raise_developer_errors",
]
