"""Unit tests are pure logic: any socket they open is a bug."""

import pytest
from pytest_socket import disable_socket, enable_socket


@pytest.fixture(autouse=True)
def _no_sockets():
    disable_socket(allow_unix_socket=True)
    yield
    enable_socket()


@pytest.fixture
def no_gptproto_env(monkeypatch):
    """No GPTPROTO_* setting leaks in from the shell running the tests."""
    for name in ("GPTPROTO_API_KEY", "GPTPROTO_BASE_URL", "GPTPROTO_AUTH_SCHEME"):
        monkeypatch.delenv(name, raising=False)
