"""The connection settings of every LlamaIndex class here, declared once.

class GPTProto(ClosesClients, Connection, FunctionCallingLLM): ...
GPTProto(base_url="http://127.0.0.1:8787", timeout=30).client_settings()
"""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

from gptproto_core.arguments import aliases
from gptproto_core.config import AuthScheme
from gptproto_core.session import ClientSettings

__all__ = ["Connection"]


class Connection(BaseModel):
    """Mixin: key, address, auth form, timeout, retries and headers; None defers to the
    environment, read by the core when the client is built."""

    api_key: SecretStr | None = Field(
        default=None, exclude=True, description="Defaults to GPTPROTO_API_KEY; nothing else."
    )
    base_url: str | None = Field(
        default=None,
        validation_alias=aliases("base_url"),
        description="Defaults to GPTPROTO_BASE_URL, then https://gptproto.com. "
        "Also api_base, openai_api_base.",
    )
    auth_scheme: AuthScheme | None = Field(
        default=None,
        description="'bearer' (Authorization: Bearer <key>) or 'raw' (the bare key, as gptproto's "
        "curl examples); defaults to GPTPROTO_AUTH_SCHEME, then 'bearer'.",
    )
    timeout: float | None = Field(
        default=None,
        validation_alias=aliases("timeout"),
        description="Seconds for one HTTP request (default 120). Also request_timeout.",
    )
    max_retries: int = Field(default=2, description="Retries of the core client; the only layer.")
    default_headers: dict[str, str] | None = Field(
        default=None, description="Extra headers; never Authorization (that is auth_scheme's)."
    )

    def client_settings(self) -> ClientSettings:
        """The connection settings, as the core takes them."""
        return ClientSettings(
            api_key=self.api_key,  # the argument, then GPTPROTO_API_KEY; nothing else
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            default_headers=self.default_headers or {},
            auth_scheme=self.auth_scheme,
        )
