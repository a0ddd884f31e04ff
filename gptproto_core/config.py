"""Where the key, the base URL and the other client settings come from, and their checks.

    settings = ClientSettings(api_key=SecretStr("sk-..."), base_url="http://127.0.0.1:8787")
    settings = settings.validate()          # ConfigurationError naming what to fix
    client = GPTProtoClient.from_settings(settings)

`ClientSettings` is the one place a client setting is named, defaulted and checked. Arguments
first, then `GPTPROTO_API_KEY` / `GPTPROTO_BASE_URL` / `GPTPROTO_AUTH_SCHEME`, then the
defaults. No other vendor's variable is ever read: a key meant for OpenAI must not travel to a
third-party URL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import SecretStr

from gptproto_core.errors import ConfigurationError, register_secret

__all__ = [
    "API_KEY_ENV",
    "AUTH_SCHEME_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncTransport",
    "AuthScheme",
    "ClientConfig",
    "ClientSettings",
    "as_secret",
    "resolve_api_key",
    "resolve_auth_scheme",
    "resolve_base_url",
]

API_KEY_ENV = "GPTPROTO_API_KEY"
BASE_URL_ENV = "GPTPROTO_BASE_URL"
AUTH_SCHEME_ENV = "GPTPROTO_AUTH_SCHEME"
DEFAULT_BASE_URL = "https://gptproto.com"
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_RETRIES = 2

AuthScheme = Literal["bearer", "raw"]
AsyncTransport = Literal["auto", "httpx", "aiohttp"]
_AUTH_SCHEMES: tuple[str, ...] = get_args(AuthScheme)
_ASYNC_TRANSPORTS: tuple[str, ...] = get_args(AsyncTransport)


def as_secret(api_key: str | SecretStr | None) -> SecretStr | None:
    """The key as a `SecretStr` (None stays None), so a plain string is never kept."""
    return SecretStr(api_key) if isinstance(api_key, str) else api_key


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


def resolve_auth_scheme(auth_scheme: str | None) -> AuthScheme:
    """The argument, else `GPTPROTO_AUTH_SCHEME`, else "bearer"; anything else is refused."""
    source, value = "auth_scheme", auth_scheme
    if value is None:
        source, value = AUTH_SCHEME_ENV, os.environ.get(AUTH_SCHEME_ENV) or "bearer"
    if value == "bearer":
        return "bearer"
    if value == "raw":
        return "raw"
    allowed = " or ".join(repr(scheme) for scheme in _AUTH_SCHEMES)
    raise ConfigurationError(
        f"{source} must be {allowed} ('bearer' sends 'Authorization: Bearer <key>', 'raw' the "
        f"bare key as in gptproto's curl examples), got {value!r}"
    )


def _timeout(timeout: float | None) -> float:
    if timeout is None:
        return DEFAULT_TIMEOUT
    # `not > 0` also refuses NaN; a bool is an int to Python but never a number of seconds.
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ConfigurationError(f"timeout must be a positive number of seconds, got {timeout!r}")
    return float(timeout)


def _max_retries(max_retries: int | None) -> int:
    if max_retries is None:
        return DEFAULT_MAX_RETRIES
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(
            f"max_retries must be a whole number, 0 or more, got {max_retries!r}"
        )
    return max_retries


def _default_headers(headers: Mapping[str, str]) -> dict[str, str]:
    for name in headers:
        # The key's header is ours to write: a second one would be sent, or silently replaced.
        if name.strip().lower() == "authorization":
            raise ConfigurationError(
                f"default_headers must not set {name!r}: the key is sent from api_key, and its "
                "form is chosen with auth_scheme='bearer' (Authorization: Bearer <key>) or "
                "auth_scheme='raw' (the bare key)"
            )
    return dict(headers)


@dataclass(frozen=True)
class ClientConfig:
    """The resolved settings a client runs on; made by `ClientSettings.resolve()`."""

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
        auth_scheme: AuthScheme | None = None,
    ) -> ClientConfig:
        """Keyword form of `ClientSettings(...).resolve()`, which does every check."""
        return ClientSettings(
            api_key=as_secret(api_key),
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers or {},
            auth_scheme=auth_scheme,
        ).resolve()

    def arguments(self) -> dict[str, Any]:
        """These values by name: the keywords `ClientSettings` and the client core take."""
        return {item.name: getattr(self, item.name) for item in fields(self)}

    def auth_header(self) -> str:
        """`Bearer <key>` by default; the bare key where a route wants it (API.md §2.2)."""
        key = self.api_key.get_secret_value()
        return key if self.auth_scheme == "raw" else f"Bearer {key}"


@dataclass(frozen=True)
class ClientSettings:
    """Every client setting, once; `None` means "the environment, then the default".

    >>> settings = ClientSettings(api_key="sk-...", base_url="http://127.0.0.1:8787", timeout=30)
    >>> settings.resolve().timeout
    30.0

    `validate()` checks everything and pins the environment's values; `resolve()` gives the
    `ClientConfig` a client runs on. Both raise `ConfigurationError` naming what to fix.
    """

    api_key: SecretStr | str | None = None
    """Held as a `SecretStr`: a str given here is wrapped at once (`__post_init__`)."""
    base_url: str | None = None
    timeout: float | None = None
    """Seconds for one HTTP request (default 120)."""
    max_retries: int | None = None
    default_headers: Mapping[str, str] = field(default_factory=dict)
    """Extra headers on every request; never `Authorization` (see `auth_scheme`)."""
    auth_scheme: AuthScheme | None = None
    """"bearer" (`Authorization: Bearer <key>`) or "raw" (the bare key, as gptproto's curl)."""
    async_transport: AsyncTransport = "auto"

    def __post_init__(self) -> None:
        # Frozen, so set through object.__setattr__: a str key becomes a SecretStr at once, and
        # the headers are copied so a caller's later edits cannot change these settings.
        object.__setattr__(self, "api_key", as_secret(self.api_key))
        object.__setattr__(self, "default_headers", dict(self.default_headers or {}))

    def resolve(self) -> ClientConfig:
        """Apply the environment and the defaults, and check every setting."""
        if self.async_transport not in _ASYNC_TRANSPORTS:
            raise ConfigurationError(
                f"async_transport must be one of {_ASYNC_TRANSPORTS}, got {self.async_transport!r}"
            )
        return ClientConfig(
            api_key=resolve_api_key(self.api_key),
            base_url=resolve_base_url(self.base_url),
            timeout=_timeout(self.timeout),
            max_retries=_max_retries(self.max_retries),
            default_headers=_default_headers(self.default_headers),
            auth_scheme=resolve_auth_scheme(self.auth_scheme),
        )

    def validate(self) -> ClientSettings:
        """These settings checked, with the environment's values and the defaults filled in.

        Clients built later from the copy use what was checked now, whatever the environment
        says by then."""
        return replace(self, **self.resolve().arguments())
