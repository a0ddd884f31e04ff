"""The models the emulator says it serves (``GET /v1/models``) and its embedding models' sizes.

Written from API.md's own model lists (§3, §4, §5, §6, §13, §15.3) and the OpenAI embedding
models that §2.6 tells us to assume; the emulator keeps its own list (it must not share the
client's catalogue). Chat answers any model name; this list is what the emulator *names*.

    >>> EMBEDDING_MODELS["text-embedding-3-large"].dimensions
    3072
"""

from __future__ import annotations

from dataclasses import dataclass

# A fixed date (2025-01-01 UTC), so listings and cassettes stay the same from run to run.
CREATED = 1_735_689_600


@dataclass(frozen=True)
class EmbeddingModel:
    dimensions: int
    """The vector size when a request names no ``dimensions``."""
    shortens: bool
    """Whether ``dimensions`` may ask for shorter vectors (OpenAI: text-embedding-3-* only)."""


EMBEDDING_MODELS: dict[str, EmbeddingModel] = {
    "text-embedding-3-small": EmbeddingModel(1536, shortens=True),
    "text-embedding-3-large": EmbeddingModel(3072, shortens=True),
    "text-embedding-ada-002": EmbeddingModel(1536, shortens=False),
}

# owner → model names, as API.md lists them.
_LISTED: dict[str, tuple[str, ...]] = {
    "openai": (
        "gpt-4o",
        "gpt-4o-2024-08-06",
        "gpt-4o-all",
        "gpt-4o-image",
        "gpt-4o-image-vip",
        "gpt-image-1",
        "gpt-image-1-vip",
        "gpt-4.1",
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "gpt-5",
        "gpt-5-mini",
        "gpt-5-nano",
        "gpt-oss-120b",
        "gpt-oss-20b",
        "o3",
        "o3-deep-research",
        "o4-mini",
        "o4-mini-deep-research",
        "gpt-4o-transcribe",
        "gpt-4o-mini-tts",
        *EMBEDDING_MODELS,
    ),
    "anthropic": (
        "claude-3-5-haiku-20241022",
        "claude-3-7-sonnet-20250219",
        "claude-haiku-4-5-20251001",
        "claude-opus-4-1-20250805",
        "claude-sonnet-4-20250514",
        "claude-sonnet-4-5-20250929",
        "claude-sonnet-4-5-20250929-thinking",
    ),
    "google": (
        "gemini-2.5-pro",
        "gemini-2.5-flash",
        "gemini-2.5-flash-image-preview",
        "veo3",
        "veo3.1",
    ),
    "xai": ("grok-4", "grok-3", "grok-3-mini"),
    "bytedance": (
        "doubao-1-5-pro-32k-250115",
        "doubao-1-5-vision-pro-32k-250115",
        "doubao-seed-1-6-250615",
        "doubao-seed-1-6-thinking-250615",
        "doubao-seedream-4-0-250828",
        "seedance-1-0-pro-250528",
    ),
    "deepseek": ("deepseek-r1", "deepseek-v3"),
}


def model_list() -> dict[str, object]:
    """The ``GET /v1/models`` body: OpenAI's list object, one entry per named model."""
    data = [
        {"id": name, "object": "model", "created": CREATED, "owned_by": owner}
        for owner, names in _LISTED.items()
        for name in names
    ]
    return {"object": "list", "data": data}
