"""langchain-tests integration suite for ChatGPTProto, one class per model family.

Every test replays a cassette (`pytestmark = vcr`); `make record` re-records them against the
emulator or the live service. Each switch is set from the model catalogue; skips are listed in
docs/langchain.md with their reasons.
"""

from __future__ import annotations

import pytest

from tests.standard._chat_helpers import CatalogueFamily

pytestmark = pytest.mark.vcr


class TestGPT4o(CatalogueFamily):
    model_name = "gpt-4o"
    override_model = "gpt-4o-2024-08-06"
    reasoning_model = "o4-mini"


class TestClaude(CatalogueFamily):
    model_name = "claude-sonnet-4-5-20250929"
    override_model = "claude-haiku-4-5-20251001"
    reasoning_model = "claude-sonnet-4-5-20250929-thinking"
    usage_details = ("cache_read_input", "cache_creation_input")


class TestGemini(CatalogueFamily):
    model_name = "gemini-2.5-pro"
    override_model = "gemini-2.5-flash"


class TestGrok(CatalogueFamily):
    model_name = "grok-4"
    override_model = "grok-3"
    reasoning_model = "grok-3-mini"


class TestDoubaoVision(CatalogueFamily):
    model_name = "doubao-1-5-vision-pro-32k-250115"
    override_model = "doubao-1-5-pro-32k-250115"
    reasoning_model = "doubao-seed-1-6-thinking-250615"
