"""The connection settings of every LangChain class here, declared once.

class ChatGPTProto(ClosesClients, Connection, BaseChatModel): ...
ChatGPTProto(base_url="http://127.0.0.1:8787", timeout=30).client_settings()
"""

from __future__ import annotations

from langchain_core.utils import from_env, secret_from_env
from pydantic import BaseModel, Field, SecretStr

from gptproto_core.arguments import aliases
from gptproto_core.config import API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, AuthScheme
from gptproto_core.session import ClientSettings

__all__ = ["Connection"]


class Connection(BaseModel):
    """Mixin: key, address, auth form, timeout, retries and headers (defaults from the env)."""

    api_key: SecretStr | None = Field(default_factory=secret_from_env(API_KEY_ENV, default=None))
    """Your gptproto key; defaults to `GPTPROTO_API_KEY`. No other variable is read."""
    base_url: str = Field(
        default_factory=from_env(BASE_URL_ENV, default=DEFAULT_BASE_URL),
        validation_alias=aliases("base_url"),
    )
    """Defaults to `GPTPROTO_BASE_URL`, then https://gptproto.com. Also accepted as
    `openai_api_base=` or `api_base=`."""
    auth_scheme: AuthScheme | None = None
    """"bearer" (`Authorization: Bearer <key>`) or "raw" (the bare key, as gptproto's curl
    examples); defaults to `GPTPROTO_AUTH_SCHEME`, then "bearer"."""
    timeout: float | None = Field(default=None, validation_alias=aliases("timeout"))
    """Seconds for one HTTP request (default 120). Also `request_timeout`."""
    max_retries: int = 2
    """Retries of the core client (connection failures, 408, 429, 5xx where safe)."""
    default_headers: dict[str, str] | None = None
    """Extra headers on every request; never `Authorization` (that is `auth_scheme`'s)."""

    def client_settings(self) -> ClientSettings:
        """The connection settings, as the core takes them."""
        return ClientSettings(
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            default_headers=self.default_headers or {},
            auth_scheme=self.auth_scheme,
        )
