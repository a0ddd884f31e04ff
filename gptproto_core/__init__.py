"""gptproto_core: the framework-free gptproto client behind the LangChain and LlamaIndex adapters.

from gptproto_core import GPTProtoClient, ClientSettings
client = GPTProtoClient()                   # GPTPROTO_API_KEY, GPTPROTO_BASE_URL
client = GPTProtoClient.from_settings(ClientSettings(auth_scheme="raw"))
"""

from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.config import ClientSettings
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
from gptproto_core.files import SavedFile, adownload, download
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
    "GPTProtoClient",
    "GPTProtoError",
    "InsufficientBalanceError",
    "InvalidInputError",
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
    "download",
    "known_models",
    "model_info",
    "redact",
    "register_secret",
]
