"""gptproto_core: the framework-free gptproto client behind the LangChain and LlamaIndex adapters.

from gptproto_core import GPTProtoClient, ClientSettings
client = GPTProtoClient()                   # GPTPROTO_API_KEY, GPTPROTO_BASE_URL
client = GPTProtoClient.from_settings(ClientSettings(auth_scheme="raw"))
embed(client, ["a passage"], EmbeddingOptions(dimensions=256)).vectors
[entry.id for entry in list_models(client)]
"""

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.config import ClientSettings
from gptproto_core.downloads import SavedFile, adownload, download
from gptproto_core.embeddings import EmbeddingOptions, EmbeddingResult, aembed, embed
from gptproto_core.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ContentPolicyError,
    GPTProtoError,
    InsufficientBalanceError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    StreamError,
    TaskFailedError,
    TaskTimeoutError,
    UnexpectedResponseError,
    redact,
    register_secret,
)
from gptproto_core.model_listing import ListedModel, alist_models, list_models
from gptproto_core.models import ModelInfo, UnknownModelWarning, known_models, model_info
from gptproto_core.task_types import Action, Output, Task, TaskStatus

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Action",
    "AsyncGPTProtoClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientSettings",
    "ConfigurationError",
    "ContentPolicyError",
    "EmbeddingOptions",
    "EmbeddingResult",
    "GPTProtoClient",
    "GPTProtoError",
    "InsufficientBalanceError",
    "InvalidInputError",
    "ListedModel",
    "ModelInfo",
    "NotFoundError",
    "Output",
    "PermissionDeniedError",
    "RateLimitError",
    "SavedFile",
    "ServerError",
    "StreamError",
    "Task",
    "TaskFailedError",
    "TaskStatus",
    "TaskTimeoutError",
    "UnexpectedResponseError",
    "UnknownModelWarning",
    "adownload",
    "aembed",
    "alist_models",
    "download",
    "embed",
    "known_models",
    "list_models",
    "model_info",
    "redact",
    "register_secret",
]
