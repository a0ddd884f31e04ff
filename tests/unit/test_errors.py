import json
import re

import pytest

from gptproto_core import errors as e
from gptproto_core.retry import RequestKind, retry_delay


@pytest.mark.parametrize(
    ("status", "body", "cls", "message"),
    [
        # E1: PH-ERR-A placeholder bodies
        (
            400,
            {
                "error": {
                    "message": "Invalid request parameters",
                    "type": "invalid_request_error",
                    "code": "invalid_parameters",
                }
            },
            e.BadRequestError,
            "Invalid request parameters",
        ),
        (
            401,
            {
                "error": {
                    "message": "Invalid API key",
                    "type": "authentication_error",
                    "code": "invalid_api_key",
                }
            },
            e.AuthenticationError,
            "Invalid API key",
        ),
        (
            429,
            {
                "error": {
                    "message": "Rate limit exceeded",
                    "type": "rate_limit_error",
                    "code": "rate_limit_exceeded",
                }
            },
            e.RateLimitError,
            "Rate limit exceeded",
        ),
        # E2: the house format, type = status as a string
        (
            401,
            {"error": {"message": "Invalid signature", "type": "401"}},
            e.AuthenticationError,
            "Invalid signature",
        ),
        (
            403,
            {"error": {"message": "Invalid Token", "type": "403"}},
            e.PermissionDeniedError,
            "Invalid Token",
        ),
        (
            403,
            {"error": {"message": "Insufficient balance", "type": "403"}},
            e.InsufficientBalanceError,
            "Insufficient balance",
        ),
        (
            500,
            {"error": {"message": "Internal server error", "type": "500"}},
            e.ServerError,
            "Internal server error",
        ),
        (
            503,
            {
                "error": {
                    "message": "Input may not meet the guidelines. Please adjust and try again.",
                    "type": "503",
                }
            },
            e.ServerError,  # a 5xx is the server failing, whatever words it uses
            "Input may not meet the guidelines",
        ),
        # E3: flat
        (
            401,
            {"code": 401, "message": "Token cannot be empty", "type": "error"},
            e.AuthenticationError,
            "Token cannot be empty",
        ),
        # E4: SDK unified
        (
            400,
            {"error": {"code": 400, "message": "model is required"}},
            e.BadRequestError,
            "model is required",
        ),
        # E5
        (
            400,
            {
                "error": {
                    "message": "Invalid task_id format",
                    "type": "invalid_request_error",
                    "code": "invalid_parameters",
                }
            },
            e.BadRequestError,
            "Invalid task_id format",
        ),
        # E8: vendor-native
        (
            404,
            {"error": {"code": 404, "message": "models/x is not found", "status": "NOT_FOUND"}},
            e.NotFoundError,
            "models/x is not found",
        ),
        (
            502,
            {"code": 5000, "message": "Server internal error", "request_id": "r1"},
            e.ServerError,
            "Server internal error",
        ),
        (422, {"error": "plain string error"}, e.BadRequestError, "plain string error"),
    ],
)
def test_class_and_message_per_body_shape(status, body, cls, message):
    error = e.error_from_response(status, json.dumps(body).encode())
    assert type(error) is cls
    assert message in error.message
    assert error.status_code == status


def test_non_json_body_keeps_a_short_excerpt():
    error = e.error_from_response(502, b"<html>" + b"x" * 5000 + b"</html>")
    assert isinstance(error, e.ServerError)
    assert error.body is not None and len(error.body) < 400
    assert error.message.startswith("<html>")


def test_empty_body_still_says_something():
    error = e.error_from_response(500, b"")
    assert "HTTP 500" in error.message


def test_retry_after_header_is_read():
    error = e.error_from_response(429, b"{}", {"retry-after": "7"})
    assert isinstance(error, e.RateLimitError)
    assert error.retry_after == 7.0


@pytest.mark.parametrize(
    ("body", "cls"),
    [
        ({"code": 4, "description": "banned prompt"}, e.ContentPolicyError),  # E6 midjourney
        ({"code": 23, "description": "queue full"}, e.BadRequestError),
        ({"code": 500, "message": "upstream failed", "data": None}, e.ServerError),  # E7
        ({"code": 1102, "message": "account balance not enough"}, e.InsufficientBalanceError),
        ({"error": {"message": "boom", "type": "server_error"}}, e.ServerError),
    ],
)
def test_http_200_bodies_with_error_codes(body, cls):
    error = e.error_from_body(body)
    assert type(error) is cls


@pytest.mark.parametrize(
    "body",
    [
        {"code": 1, "result": "123"},
        {"code": 200, "data": {}},
        {"code": 0, "data": {}},
        {"code": "success", "data": "abc"},
        {"id": "chatcmpl-1", "choices": []},
        [1, 2],
    ],
)
def test_success_bodies_are_not_errors(body):
    assert e.error_from_body(body) is None


def test_task_errors_carry_ids():
    failed = e.TaskFailedError("t-1", "NSFW content", vendor="midjourney")
    assert failed.task_id == "t-1" and "NSFW content" in str(failed)
    timeout = e.TaskTimeoutError("t-2", "running", 600)
    assert timeout.task_id == "t-2" and "t-2" in str(timeout)


# One real-looking message per hint word; the test below fails when a word is added untested.
HINT_MESSAGES = {
    "balance": "Insufficient balance",
    "quota": "quota exceeded, retry later",
    "insufficient fund": "insufficient funds on this account",
    "insufficient credit": "Insufficient credits for this model",
    "guideline": "Input may not meet the guidelines. Please adjust and try again.",
    "moderat": "Request Moderated",
    "banned": "banned word in prompt",
    "sensitive": "the prompt contains sensitive content",
    "nsfw": "NSFW image refused",
    "content_policy": "rejected (content_policy_violation)",
    "content policy": "refused by the content policy",
}
HINTED = [(word, cls) for cls, words in e.HINTS for word in words]


def test_every_hint_word_has_a_message_below():
    assert sorted(HINT_MESSAGES) == sorted(word for word, _ in HINTED)


@pytest.mark.parametrize(("word", "cls"), HINTED)
@pytest.mark.parametrize("status", [400, 403])
def test_a_hint_word_refines_a_400_or_403(status, word, cls):
    body = {"error": {"message": HINT_MESSAGES[word], "type": str(status)}}
    error = e.error_from_response(status, json.dumps(body))
    assert type(error) is cls
    assert retry_delay(RequestKind.READ, error, attempt=0, max_retries=2) is None


@pytest.mark.parametrize(("word", "cls"), HINTED)
def test_a_hint_word_refines_an_http_200_error_body(word, cls):
    assert type(e.error_from_body({"code": 7, "message": HINT_MESSAGES[word]})) is cls
    assert type(e.error_from_body({"error": {"message": HINT_MESSAGES[word]}})) is cls


@pytest.mark.parametrize(("word", "cls"), HINTED)
@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_hint_word_in_a_5xx_is_still_a_server_error_retried_for_reads(status, word, cls):
    body = {"error": {"message": HINT_MESSAGES[word], "type": str(status)}}
    error = e.error_from_response(status, json.dumps(body))
    assert type(error) is e.ServerError
    assert retry_delay(RequestKind.READ, error, attempt=0, max_retries=2) is not None
    assert retry_delay(RequestKind.SUBMIT, error, attempt=0, max_retries=2) is None


@pytest.mark.parametrize(("word", "cls"), HINTED)
def test_an_http_200_body_declaring_a_5xx_is_a_server_error(word, cls):
    # E2/E7 inside a 200: the body's own status is as much a 5xx as the HTTP one.
    for body in (
        {"code": 503, "message": HINT_MESSAGES[word]},
        {"error": {"message": HINT_MESSAGES[word], "type": "500"}},
    ):
        assert type(e.error_from_body(body)) is e.ServerError


@pytest.mark.parametrize(
    ("status", "cls"),
    [(401, e.AuthenticationError), (404, e.NotFoundError), (429, e.RateLimitError)],
)
def test_hint_words_leave_other_statuses_alone(status, cls):
    body = {"error": {"message": "quota exceeded, sensitive", "type": str(status)}}
    assert type(e.error_from_response(status, json.dumps(body))) is cls
    assert type(e.error_from_body({"code": status, "message": "balance"})) is cls


def test_a_hint_in_the_code_alone_counts():
    body = {"error": {"message": "rejected", "code": "insufficient_quota"}}
    assert type(e.error_from_response(400, json.dumps(body))) is e.InsufficientBalanceError


def test_insufficient_permissions_is_not_a_balance_problem():
    # authentication.mdx: 403 `permission_error` / `insufficient_permissions`
    body = {
        "error": {
            "message": "Insufficient permissions",
            "type": "permission_error",
            "code": "insufficient_permissions",
        }
    }
    assert type(e.error_from_response(403, json.dumps(body))) is e.PermissionDeniedError


def test_402_is_insufficient_balance():
    assert type(e.error_from_response(402, b"{}")) is e.InsufficientBalanceError


def test_retry_after_is_kept_on_any_status():
    error = e.error_from_response(503, b"{}", {"Retry-After": "2"})
    assert isinstance(error, e.ServerError) and error.retry_after == 2.0


def drawn_tree() -> dict[str, str | None]:
    """Each class in the docstring's tree, with the class drawn as its parent."""
    doc = e.__doc__ or ""
    lines = doc.split("The tree")[1].split("\n\n")[1].splitlines()
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in lines:
        name = re.search(r"[A-Za-z]+", line)
        assert name is not None, line
        depth = (name.start() - 4) // 4
        del stack[depth:]
        parents[name.group()] = stack[-1] if stack else None
        stack.append(name.group())
    return parents


def test_the_module_docstring_draws_every_class_under_its_base():
    classes = {
        name: value
        for name, value in vars(e).items()
        if isinstance(value, type) and issubclass(value, e.GPTProtoError)
    }
    drawn = drawn_tree()
    assert set(drawn) == set(classes)
    for name, cls in classes.items():
        base = next((b for b in cls.__bases__ if issubclass(b, e.GPTProtoError)), None)
        assert drawn[name] == (base.__name__ if base else None), name


@pytest.mark.parametrize("code", [[], [0], {"a": 1}, {}])
def test_a_code_that_is_a_list_or_an_object_is_a_bad_code_not_a_crash(code):
    error = e.error_from_body({"code": code, "description": "d"}, ok_codes=frozenset({0, 1}))
    assert isinstance(error, e.APIError) and error.message == "d"


def test_an_error_body_nested_past_the_parsers_stack_still_types_the_status():
    error = e.error_from_response(500, "[" * 60_000 + "]" * 60_000)
    assert isinstance(error, e.ServerError) and error.status_code == 500
