"""No registered key survives in any error, however it was built, nor in `redact`'s output."""

from __future__ import annotations

import json
import traceback

import pytest
from pydantic import SecretStr

from gptproto_core import errors as e
from gptproto_core.config import ClientConfig
from langchain_gptproto._errors import as_langchain_error

CANARY = "sk-canary-unit-7f3a9c2e5b1d4680"
e.register_secret(CANARY)


def everything_shown(error: BaseException) -> str:
    """Every way an error's text reaches a user, a log or a tracker."""
    try:
        raise error
    except BaseException as raised:
        formatted = "".join(traceback.format_exception(raised))
    attributes = [repr(value) for value in vars(error).values()]
    return "\n".join([str(error), repr(error), repr(error.args), formatted, *attributes])


def built_with_the_key() -> list[e.GPTProtoError]:
    echo = f"Invalid API key: {CANARY}"
    api = {"code": CANARY, "body": json.dumps({"key": CANARY}), "request_id": CANARY}
    return [
        e.GPTProtoError(echo),
        e.ConfigurationError(echo),
        e.InvalidInputError(echo),
        e.APIError(echo, status_code=401, **api),
        e.AuthenticationError(echo, **api),
        e.RateLimitError(echo, retry_after=1.0, **api),
        e.ContentPolicyError(echo, **api),
        e.StreamError(echo, **api),
        e.UnexpectedResponseError(echo, **api),
        e.APIConnectionError(echo, request_sent=False),
        e.APITimeoutError(echo),
        e.TaskFailedError(CANARY, echo, vendor=CANARY),
        e.TaskTimeoutError(CANARY, CANARY, 3.0),
    ]


@pytest.mark.parametrize("error", built_with_the_key(), ids=lambda error: type(error).__name__)
def test_an_error_built_with_the_key_never_shows_it(error):
    shown = everything_shown(error)
    assert CANARY not in shown
    assert e.REDACTED in shown


def test_an_attribute_set_after_construction_is_redacted_too():
    error = e.APIError("fine")
    error.body = f"echo {CANARY}"
    error.message = CANARY
    error.args = (CANARY, 1)
    assert CANARY not in everything_shown(error)
    assert error.args == (e.REDACTED, 1)


def test_errors_from_answers_are_redacted():
    body = {"error": {"message": f"bad key {CANARY}", "type": "401", "code": CANARY}}
    headers = {"x-request-id": CANARY}
    from_status = e.error_from_response(401, json.dumps(body).encode(), headers)
    from_200 = e.error_from_body({"code": 4, "description": f"refused {CANARY}"})
    assert from_200 is not None
    for error in (from_status, from_200):
        assert CANARY not in everything_shown(error)


def test_the_langchain_twin_of_an_error_stays_clean():
    twin = as_langchain_error(e.RateLimitError(f"slow down {CANARY}", body=CANARY))
    assert CANARY not in everything_shown(twin)


def test_a_key_cut_by_the_excerpt_leaves_no_first_half():
    text = "x" * 295 + CANARY + "y" * 100
    assert CANARY[:8] not in e.excerpt(text)
    error = e.error_from_response(502, text.encode())
    assert CANARY[:8] not in everything_shown(error)


def test_redact_for_other_text():
    assert e.redact(f"a {CANARY} and {CANARY}.") == f"a {e.REDACTED} and {e.REDACTED}."
    assert e.redact("nothing secret") == "nothing secret"


def test_a_key_containing_another_key_is_removed_whole():
    short, longer = "sk-nested-12345678", "sk-nested-12345678-and-more"
    e.register_secret(short)
    e.register_secret(longer)
    assert e.redact(f"[{longer}] [{short}]") == f"[{e.REDACTED}] [{e.REDACTED}]"


def test_short_values_are_not_registered():
    # Shorter than MIN_SECRET_LENGTH: hiding it would garble every message using the word.
    e.register_secret("test")
    e.register_secret("  ")
    e.register_secret(None)
    assert e.redact("a test message") == "a test message"


def test_a_secret_str_is_registered_by_its_value():
    e.register_secret(SecretStr("sk-secretstr-0a1b2c3d4e"))
    assert e.redact("sk-secretstr-0a1b2c3d4e") == e.REDACTED


def test_resolving_a_client_config_registers_its_key():
    key = "sk-config-resolved-99aa88bb77"
    assert e.redact(key) == key  # not known before
    ClientConfig.resolve(api_key=key)
    assert CANARY not in everything_shown(e.ServerError(f"{key} {CANARY}"))
    assert key not in str(e.ServerError(f"upstream echoed {key}"))


def test_the_registry_is_bounded_and_its_repr_shows_no_key():
    registry = e._SecretRegistry(2)
    for secret in ("sk-first-00000001", "sk-second-0000002", "sk-third-00000003"):
        registry.add(secret)
    assert registry.redact("sk-first-00000001") == "sk-first-00000001"  # the oldest left
    assert registry.redact("sk-third-00000003") == e.REDACTED
    assert "sk-" not in repr(registry) and CANARY not in repr(e._REGISTRY)
