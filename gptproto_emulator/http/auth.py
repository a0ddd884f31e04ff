"""API-key check of the emulator (API.md §2.2).

The gateway is shown with both ``Authorization: Bearer <key>`` and a bare ``Authorization: <key>``;
the emulator accepts both forms and nothing else (no ``x-goog-api-key``: no chat route shows it).

    >>> extract_api_key("Bearer sk-emulator-0000")
    'sk-emulator-0000'
"""

from __future__ import annotations

from collections.abc import Container

DEFAULT_API_KEY = "sk-emulator-0000"


def extract_api_key(header_value: str) -> str:
    """Return the key carried by an ``Authorization`` value, with or without ``Bearer``."""
    value = header_value.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer":
        return rest.strip()
    return value


def authorization_problem(header_value: str | None, accepted: Container[str]) -> str | None:
    """Say what is wrong with an ``Authorization`` header, or return ``None`` when it is fine."""
    if header_value is None:
        return "Missing Authorization header"
    key = extract_api_key(header_value)
    if not key:
        return "Empty API key in Authorization header"
    if key not in accepted:
        return "Invalid API key"
    return None


def key_hint(problem: str, key: str) -> str:
    """``problem`` plus the key to use: the default key is no secret, and a user pointing their
    own code at the emulator should not have to look it up. A key it was started with may be a
    real one, so that key is never written into an answer.

    >>> key_hint("Invalid API key", DEFAULT_API_KEY)[:60]
    'Invalid API key: the emulator accepts the key sk-emulator-00'
    """
    if key != DEFAULT_API_KEY:
        return (
            f"{problem}: the emulator accepts the key it was started with (--api-key or "
            "api_keys=; not shown here, as it may be a real key)"
        )
    return f"{problem}: the emulator accepts the key {key} (set GPTPROTO_API_KEY={key})"
