import pytest

from gptproto_core.retry import Failure, RequestKind, RetryPolicy, retry_delay

NO_JITTER = RetryPolicy(jitter=lambda: 1.0)
READ, SUBMIT = RequestKind.READ, RequestKind.SUBMIT


@pytest.mark.parametrize(
    ("kind", "status", "failure", "retry_after", "expected"),
    [
        (READ, 429, None, 3.0, 3.0),
        (READ, 429, None, None, 0.5),
        (READ, 503, None, None, 0.5),
        (READ, 500, None, None, 0.5),
        (READ, 408, None, None, 0.5),
        (READ, None, Failure.CONNECT, None, 0.5),
        (READ, None, Failure.READ, None, 0.5),
        (READ, 400, None, None, None),
        (READ, 401, None, None, None),
        (READ, 404, None, None, None),
        (SUBMIT, 429, None, 2.0, 2.0),
        (SUBMIT, None, Failure.CONNECT, None, 0.5),
        (SUBMIT, 500, None, None, None),
        (SUBMIT, 503, None, None, None),
        (SUBMIT, None, Failure.READ, None, None),
        (SUBMIT, 400, None, None, None),
    ],
)
def test_retry_table(kind, status, failure, retry_after, expected):
    delay = retry_delay(
        kind,
        attempt=0,
        max_retries=2,
        status=status,
        failure=failure,
        retry_after=retry_after,
        policy=NO_JITTER,
    )
    assert delay == expected


def test_backoff_grows_and_caps_and_stops_at_max_retries():
    delays = [
        retry_delay(READ, attempt=n, max_retries=10, status=500, policy=NO_JITTER) for n in range(6)
    ]
    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert retry_delay(READ, attempt=2, max_retries=2, status=500) is None


def test_retry_after_is_capped():
    assert retry_delay(READ, attempt=0, max_retries=1, status=429, retry_after=3600) == 60.0


def test_jitter_keeps_delay_within_half_to_full_backoff():
    for _ in range(50):
        delay = retry_delay(READ, attempt=1, max_retries=3, status=502)
        assert delay is not None
        assert 0.5 <= delay <= 1.0
