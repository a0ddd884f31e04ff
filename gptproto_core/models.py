"""Catalogue of gptproto chat model names and what each can do.

    info = model_info("claude-sonnet-4-5-20250929")
    info.family, info.pdf_input, info.context_window   # ("claude", True, 200000)

Names come from API.md (§3–§6, §13, §15.3). A name not listed is matched by family prefix, and a
name of no known family gets permissive defaults: nothing is refused before the server speaks.
"""

from __future__ import annotations

import difflib
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from gptproto_core.arguments import user_stacklevel

__all__ = [
    "Family",
    "ModelInfo",
    "StructuredMethod",
    "UnknownModelWarning",
    "known_models",
    "model_info",
    "warn_if_misspelt",
]

Family = Literal["openai", "claude", "gemini", "grok", "doubao", "deepseek", "unknown"]
StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]

# The provider LangSmith/LlamaIndex users see for each family.
PROVIDERS: dict[str, str] = {
    "openai": "openai",
    "claude": "anthropic",
    "gemini": "google",
    "grok": "xai",
    "doubao": "bytedance",
    "deepseek": "deepseek",
    "unknown": "gptproto",
}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    family: Family
    context_window: int = 128_000
    max_output_tokens: int = 16_384
    image_input: bool = False
    pdf_input: bool = False
    audio_input: bool = False
    video_input: bool = False
    image_output: bool = False
    tool_calling: bool = True
    json_schema: bool = False
    json_mode: bool = False
    reasoning: bool = False
    prefers_responses_api: bool = False
    known: bool = True

    @property
    def provider(self) -> str:
        return PROVIDERS[self.family]

    @property
    def structured_output_method(self) -> StructuredMethod:
        """The method `with_structured_output` uses when the caller names none."""
        if self.json_schema:
            return "json_schema"
        if self.tool_calling:
            return "function_calling"
        return "json_mode"


_GPT4O = ModelInfo(
    "gpt-4o",
    "openai",
    128_000,
    16_384,
    image_input=True,
    pdf_input=True,
    json_schema=True,
    json_mode=True,
)
_GPT41 = replace(_GPT4O, name="gpt-4.1", context_window=1_047_576, max_output_tokens=32_768)
_GPT5 = replace(
    _GPT4O, name="gpt-5", context_window=400_000, max_output_tokens=128_000, reasoning=True
)
_O_SERIES = replace(
    _GPT4O,
    name="o3",
    context_window=200_000,
    max_output_tokens=100_000,
    reasoning=True,
    prefers_responses_api=True,
)
_GPT_IMAGE = ModelInfo(
    "gpt-4o-image",
    "openai",
    128_000,
    16_384,
    image_input=True,
    image_output=True,
    tool_calling=False,
)
_GPT_OSS = ModelInfo(
    "gpt-oss-120b", "openai", 131_072, 131_072, reasoning=True, json_schema=True, json_mode=True
)
_CLAUDE = ModelInfo(
    "claude-sonnet-4-5-20250929", "claude", 200_000, 64_000, image_input=True, pdf_input=True
)
_GEMINI = ModelInfo(
    "gemini-2.5-pro",
    "gemini",
    1_048_576,
    65_536,
    image_input=True,
    pdf_input=True,
    audio_input=True,
    video_input=True,
    json_schema=True,
    json_mode=True,
    reasoning=True,
)
_GEMINI_IMAGE = ModelInfo(
    "gemini-2.5-flash-image-preview",
    "gemini",
    32_768,
    32_768,
    image_input=True,
    image_output=True,
    tool_calling=False,
)
_GROK = ModelInfo(
    "grok-4",
    "grok",
    256_000,
    64_000,
    image_input=True,
    json_schema=True,
    json_mode=True,
    reasoning=True,
)
_GROK3 = ModelInfo("grok-3", "grok", 131_072, 16_384, json_schema=True, json_mode=True)
_DOUBAO = ModelInfo("doubao-1-5-pro-32k-250115", "doubao", 32_768, 12_288, json_mode=True)
_DOUBAO_VISION = replace(_DOUBAO, name="doubao-1-5-vision-pro-32k-250115", image_input=True)
_DOUBAO_SEED = ModelInfo(
    "doubao-seed-1-6-250615", "doubao", 256_000, 32_768, image_input=True, json_mode=True
)
_DEEPSEEK = ModelInfo("deepseek-chat", "deepseek", 128_000, 8_192, json_mode=True)


def _named(base: ModelInfo, *names: str, **changes: object) -> dict[str, ModelInfo]:
    return {name: replace(base, name=name, **changes) for name in names}  # type: ignore[arg-type]


_CATALOGUE: dict[str, ModelInfo] = {
    **_named(_GPT4O, "gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-all", "gpt-4o-mini"),
    **_named(
        _GPT41,
        "gpt-4.1",
        "gpt-4.1-2025-04-14",
        "gpt-4.1-mini",
        "gpt-4.1-nano",
        "gpt-4.1-nano-2025-04-14",
    ),
    **_named(
        _GPT5, "gpt-5", "gpt-5-all", "gpt-5-mini", "gpt-5-nano", "gpt-5-pro", "gpt-5-thinking"
    ),
    **_named(_O_SERIES, "o3", "o4-mini"),
    **_named(
        _O_SERIES,
        "o3-deep-research",
        "o4-mini-deep-research",
        tool_calling=False,
        json_schema=False,
    ),
    **_named(_GPT_IMAGE, "gpt-4o-image", "gpt-4o-image-vip", "gpt-image-1", "gpt-image-1-vip"),
    **_named(_GPT_OSS, "gpt-oss-120b", "gpt-oss-20b"),
    **_named(
        _CLAUDE, "claude-3-5-haiku-20241022", "claude-3-5-sonnet-20241022", max_output_tokens=8_192
    ),
    **_named(
        _CLAUDE,
        "claude-3-7-sonnet-20250219",
        "claude-3-7-sonnet-all",
        "claude-sonnet-4-20250514",
        "claude-sonnet-4-5-20250929",
        "claude-haiku-4-5-20251001",
    ),
    **_named(
        _CLAUDE,
        "claude-3-7-sonnet-20250219-thinking",
        "claude-3-7-sonnet-thinking",
        "claude-3-7-sonnet-thinking-all",
        "claude-sonnet-4-20250514-thinking",
        "claude-sonnet-4-5-20250929-thinking",
        "claude-sonnet-4-thinking",
        reasoning=True,
    ),
    **_named(
        _CLAUDE,
        "claude-opus-4",
        "claude-opus-4-20250514",
        "claude-opus-4-1-20250805",
        max_output_tokens=32_000,
    ),
    **_named(
        _CLAUDE,
        "claude-opus-4-thinking",
        "claude-opus-4-20250514-thinking",
        "claude-opus-4-1-20250805-thinking",
        max_output_tokens=32_000,
        reasoning=True,
    ),
    **_named(_GEMINI, "gemini-2.5-pro", "gemini-2.5-pro-deepsearch", "gemini-2.5-flash"),
    **_named(
        _GEMINI_IMAGE,
        "gemini-2.5-flash-image-preview",
        "gemini-2.5-flash-image-preview-hd",
        "gemini-2.5-flash-image",
        "gemini-2.0-flash-exp-image-generation",
    ),
    **_named(_GROK, "grok-4"),
    **_named(_GROK3, "grok-3", "grok"),
    **_named(_GROK3, "grok-3-mini", "grok-3-reasoner", "grok-3-reasoner-r", reasoning=True),
    **_named(_DOUBAO, "doubao-1-5-pro-32k-250115"),
    **_named(_DOUBAO, "doubao-1-5-pro-256k-250115", context_window=256_000),
    **_named(_DOUBAO_VISION, "doubao-1-5-vision-pro-32k-250115"),
    **_named(_DOUBAO_SEED, "doubao-seed-1-6-250615", "doubao-seed-1-6-flash-250615"),
    **_named(
        _DOUBAO_SEED,
        "doubao-seed-1-6-thinking-250615",
        "doubao-seed-1-6-thinking-250715",
        reasoning=True,
    ),
    **_named(_DEEPSEEK, "deepseek-chat", "deepseek-v3"),
    **_named(
        _DEEPSEEK, "deepseek-reasoner", "deepseek-r1", reasoning=True, max_output_tokens=65_536
    ),
}

# A name we have not listed still gets its family's usual abilities (longest prefix wins).
_FAMILY_BY_PREFIX: tuple[tuple[str, ModelInfo], ...] = (
    ("gpt-4o-image", _GPT_IMAGE),
    ("gpt-image", _GPT_IMAGE),
    ("gpt-4.1", _GPT41),
    ("gpt-4o", _GPT4O),
    ("gpt-5", _GPT5),
    ("gpt-oss", _GPT_OSS),
    ("gpt-", _GPT4O),
    ("o1", _O_SERIES),
    ("o3", _O_SERIES),
    ("o4", _O_SERIES),
    ("claude", _CLAUDE),
    ("gemini", _GEMINI),
    ("grok-4", _GROK),
    ("grok", _GROK3),
    ("doubao-seed", _DOUBAO_SEED),
    ("doubao", _DOUBAO),
    ("deepseek", _DEEPSEEK),
)

_PERMISSIVE = ModelInfo(
    "",
    "unknown",
    image_input=True,
    pdf_input=True,
    audio_input=True,
    video_input=True,
    json_mode=True,
    known=False,
)


def known_models() -> list[str]:
    """Every model name the catalogue lists by name, sorted.

    >>> "gpt-4o-mini" in known_models()
    True

    gptproto serves more models than these; any other name still works (see `model_info`).
    """
    return sorted(_CATALOGUE)


class UnknownModelWarning(UserWarning):
    """A model name the catalogue does not list, close to names it does: a typo?

    Silence it with `warnings.filterwarnings("ignore", category=UnknownModelWarning)`."""


_warned: set[str] = set()
_warned_lock = threading.Lock()


def warn_if_misspelt(name: str, names: Sequence[str] | None = None) -> None:
    """Warn once per name (per process) when `name` is unknown but close to catalogue names
    (or to `names`, e.g. the embedding models).

    Never raises: gptproto adds models often, and an unlisted name is sent as it is. A name far
    from every listed one (a new model family) is not warned about."""
    listed = known_models() if names is None else list(names)
    if name in listed:
        return
    close = difflib.get_close_matches(name.lower(), listed, n=3, cutoff=0.85)
    if not close:
        return
    with _warned_lock:
        if name in _warned:
            return
        _warned.add(name)
    warnings.warn(
        f"model {name!r} is not in the gptproto_core catalogue; did you mean "
        f"{' or '.join(map(repr, close))}? It is sent as written (gptproto adds models often), "
        "with abilities guessed from its name.",
        UnknownModelWarning,
        stacklevel=user_stacklevel(),
    )


@lru_cache(maxsize=512)
def model_info(name: str) -> ModelInfo:
    """What `name` can do; never raises, whatever the name."""
    exact = _CATALOGUE.get(name)
    if exact is not None:
        return exact
    lowered = name.lower()
    for prefix, base in _FAMILY_BY_PREFIX:
        if lowered.startswith(prefix):
            reasoning = base.reasoning or "thinking" in lowered or "reason" in lowered
            image_output = base.image_output or "image" in lowered
            return replace(
                base, name=name, known=False, reasoning=reasoning, image_output=image_output
            )
    return replace(_PERMISSIVE, name=name)
