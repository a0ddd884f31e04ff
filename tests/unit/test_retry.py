import pytest

from gptproto_core import errors as e
from gptproto_core.retry import FINAL_ERRORS, RequestKind, RetryPolicy, is_retryable, retry_delay

NO_JITTER = RetryPolicy(jitter=lambda: 1.0)
READ, SUBMIT = RequestKind.READ, RequestKind.SUBMIT


def status_error(status: int, **kwargs) -> e.APIError:
    """The error the client raises for `status` with the server's default-looking body."""
    return e.error_from_response(status, b'{"error":{"message":"nope"}}', kwargs or None)


NEVER_SENT = e.APIConnectionError("connect refused", request_sent=False)
BROKEN = e.APIConnectionError("reset after sending")
TIMED_OUT = e.APITimeoutError("read timeout")


@pytest.mark.parametrize(
    ("kind", "error", "expected"),
    [
        (READ, status_error(429, **{"retry-after": "3"}), 3.0),
        (READ, status_error(429), 0.5),
        (READ, status_error(503), 0.5),
        (READ, status_error(503, **{"Retry-After": "4"}), 4.0),
        (READ, status_error(500), 0.5),
        (READ, status_error(408), 0.5),
        (READ, NEVER_SENT, 0.5),
        (READ, BROKEN, 0.5),
        (READ, TIMED_OUT, 0.5),
        (READ, status_error(400), None),
        (READ, status_error(401), None),
        (READ, status_error(402), None),
        (READ, status_error(403), None),
        (READ, status_error(404), None),
        (READ, status_error(409), None),
        (READ, status_error(422), None),
        (READ, e.UnexpectedResponseError("not JSON", status_code=200), None),
        (READ, e.StreamError("stream said no"), None),  # no status: not an answer to resend
        (SUBMIT, status_error(429, **{"retry-after": "2"}), 2.0),
        (SUBMIT, NEVER_SENT, 0.5),
        (SUBMIT, e.APITimeoutError("connect timeout", request_sent=False), 0.5),
        (SUBMIT, status_error(500), None),
        (SUBMIT, status_error(503), None),
        (SUBMIT, BROKEN, None),
        (SUBMIT, TIMED_OUT, None),
        (SUBMIT, status_error(400), None),
    ],
)
def test_retry_table(kind, error, expected):
    assert retry_delay(kind, error, attempt=0, max_retries=2, policy=NO_JITTER) == expected


# Each final class, given a status that alone would be retried: the class wins.
FINAL = [
    *(
        cls("final", status_code=503)
        for cls in (
            e.AuthenticationError,
            e.PermissionDeniedError,
            e.InsufficientBalanceError,
            e.BadRequestError,
            e.ContentPolicyError,
            e.NotFoundError,
            e.UnexpectedResponseError,
        )
    ),
    e.ConfigurationError("no key"),
    e.InvalidInputError("bad field"),
    e.TaskFailedError("t-1", "nsfw"),
    e.TaskTimeoutError("t-1", "running", 60),
]


@pytest.mark.parametrize("error", FINAL, ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("kind", [READ, SUBMIT])
def test_final_errors_are_never_retried_whatever_their_status(kind, error):
    assert not is_retryable(kind, error)


def test_every_final_class_is_in_that_table():
    assert set(FINAL_ERRORS) <= {type(error) for error in FINAL}


@pytest.mark.parametrize("error", [status_error(500), status_error(429), NEVER_SENT, BROKEN])
def test_a_stream_that_gave_events_is_never_replayed(error):
    assert retry_delay(READ, error, attempt=0, max_retries=2) is not None
    assert retry_delay(READ, error, attempt=0, max_retries=2, partial=True) is None


def test_backoff_grows_and_caps_and_stops_at_max_retries():
    server = status_error(500)
    delays = [
        retry_delay(READ, server, attempt=n, max_retries=10, policy=NO_JITTER) for n in range(6)
    ]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert retry_delay(READ, server, attempt=2, max_retries=2) is None


def test_retry_after_is_capped():
    error = status_error(429, **{"retry-after": "3600"})
    assert retry_delay(READ, error, attempt=0, max_retries=1) == 60.0


def test_jitter_keeps_delay_within_half_to_full_backoff():
    for _ in range(50):
        delay = retry_delay(READ, status_error(502), attempt=1, max_retries=3)
        assert delay is not None
        assert 0.5 <= delay <= 1.0
