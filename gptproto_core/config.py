"""Where the key, the base URL and the other settings come from.

Arguments first, then `GPTPROTO_API_KEY` / `GPTPROTO_BASE_URL`, then the default URL. No other
vendor's variable is ever read: a key meant for OpenAI must not travel to a third-party URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from pydantic import SecretStr

from gptproto_core.errors import ConfigurationError, register_secret

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ClientConfig",
    "resolve_api_key",
    "resolve_base_url",
]

API_KEY_ENV = "GPTPROTO_API_KEY"
BASE_URL_ENV = "GPTPROTO_BASE_URL"
DEFAULT_BASE_URL = "https://gptproto.com"
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_RETRIES = 2

AuthScheme = Literal["bearer", "raw"]


def resolve_api_key(api_key: str | SecretStr | None) -> SecretStr:
    """The key from the argument, else `GPTPROTO_API_KEY`; a clear error when neither is set."""
    if isinstance(api_key, SecretStr):
        api_key = api_key.get_secret_value()
    key = (api_key or os.environ.get(API_KEY_ENV) or "").strip()
    if not key:
        raise ConfigurationError(
            f"No gptproto API key: pass api_key=... or set the {API_KEY_ENV} environment variable."
        )
    register_secret(key)  # from now on no GPTProtoError, wherever it is built, shows this key
    return SecretStr(key)


def resolve_base_url(base_url: str | None) -> str:
    """The base URL without a trailing slash or `/v1`; it must be http(s)."""
    url = (base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"base_url must be an http(s) URL such as {DEFAULT_BASE_URL!r}, got {url!r}"
        )
    # Users copy OpenAI-style base URLs ending in /v1; our paths already start with /v1.
    if url.endswith("/v1"):
        url = url[: -len("/v1")]
    return url


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client needs; build it with `ClientConfig.resolve(...)`."""

    api_key: SecretStr
    base_url: str = DEFAULT_BASE_URL
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    default_headers: Mapping[str, str] = field(default_factory=dict)
    auth_scheme: AuthScheme = "bearer"

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        auth_scheme: AuthScheme = "bearer",
    ) -> ClientConfig:
        if max_retries is not None and max_retries < 0:
            raise ConfigurationError(f"max_retries must be 0 or more, got {max_retries}")
        if timeout is not None and timeout <= 0:
            raise ConfigurationError(f"timeout must be a positive number of seconds, got {timeout}")
        if auth_scheme not in ("bearer", "raw"):
            raise ConfigurationError(f"auth_scheme must be 'bearer' or 'raw', got {auth_scheme!r}")
        return cls(
            api_key=resolve_api_key(api_key),
            base_url=resolve_base_url(base_url),
            timeout=DEFAULT_TIMEOUT if timeout is None else float(timeout),
            max_retries=DEFAULT_MAX_RETRIES if max_retries is None else max_retries,
            default_headers=dict(default_headers or {}),
            auth_scheme=auth_scheme,
        )

    def auth_header(self) -> str:
        """`Bearer <key>` by default; the bare key where a route wants it (API.md §2.2)."""
        key = self.api_key.get_secret_value()
        return key if self.auth_scheme == "raw" else f"Bearer {key}"
