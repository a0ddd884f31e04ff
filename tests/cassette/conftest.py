"""Fixtures for the cassette tests."""

from collections.abc import Iterator

import pytest

from llama_index_gptproto.tools import GPTProtoTaskProgressEvent
from tests.cassette._media import collected_progress


@pytest.fixture
def progress() -> Iterator[list[GPTProtoTaskProgressEvent]]:
    """The LlamaIndex tool spec's progress events during the test."""
    with collected_progress() as events:
        yield events
