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
)
from gptproto_core.models import ModelInfo, UnknownModelWarning, known_models, model_info

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
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
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "StreamError",
    "TaskFailedError",
    "TaskTimeoutError",
    "UnexpectedResponseError",
    "UnknownModelWarning",
    "known_models",
    "model_info",
]
