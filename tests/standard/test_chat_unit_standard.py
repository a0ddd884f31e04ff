"""langchain-tests unit suite for ChatGPTProto (no sockets)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_tests.unit_tests import ChatModelUnitTests
from syrupy.assertion import SnapshotAssertion

from langchain_gptproto import ChatGPTProto


class TestChatGPTProtoUnit(ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ChatGPTProto]:
        return ChatGPTProto

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": "gpt-4o", "api_key": "sk-unit-test"}

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_pdf_inputs(self) -> bool:
        return True

    @property
    def supports_json_mode(self) -> bool:
        return True

    @property
    def supports_anthropic_inputs(self) -> bool:
        return True

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"GPTPROTO_API_KEY": "sk-from-env", "GPTPROTO_BASE_URL": "https://relay.example.test"},
            {"model": "claude-sonnet-4-5-20250929"},
            {"api_key": "sk-from-env", "base_url": "https://relay.example.test"},
        )

    @pytest.mark.xfail(
        reason="langchain-core's load() only revives classes on its own allowlist "
        "(langchain_core.load.mapping), which third-party packages cannot join; "
        "tests/unit/test_langchain_serialization.py checks our round trip with an explicit "
        "allowed_objects list instead",
        strict=True,
    )
    def test_serdes(self, model: BaseChatModel, snapshot: SnapshotAssertion) -> None:
        super().test_serdes(model, snapshot)
