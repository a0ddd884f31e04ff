"""langchain-tests standard suites for GPTProtoEmbeddings: the unit suite (no sockets) and the
integration suite, which replays cassettes (`pytestmark = vcr`; `make record` re-records them).
The integration tests' env points at the target (tests/standard/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from langchain_gptproto import GPTProtoEmbeddings


class TestGPTProtoEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[GPTProtoEmbeddings]:
        return GPTProtoEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"model": "text-embedding-3-small", "api_key": "sk-unit-test"}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"GPTPROTO_API_KEY": "sk-from-env", "GPTPROTO_BASE_URL": "https://relay.example.test"},
            {"model": "text-embedding-3-large"},
            {"api_key": "sk-from-env", "base_url": "https://relay.example.test"},
        )


@pytest.mark.vcr
class TestGPTProtoEmbeddingsIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[GPTProtoEmbeddings]:
        return GPTProtoEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        # Key and base URL from the env the suite's conftest points at the target.
        return {"model": "text-embedding-3-small", "dimensions": 64}
