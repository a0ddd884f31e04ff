import json

import pytest

from gptproto_core import errors as e


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
            e.ContentPolicyError,
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
