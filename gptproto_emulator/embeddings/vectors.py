"""Deterministic embeddings: the same text always gives the same vector, and texts that share
words (or parts of words) give vectors that are close.

Each text becomes a bag of features — its words without plural and tense endings ("crossed" →
"cross"), and the character trigrams of each (so "marshland" stays near "marsh") — hashed into
the vector's positions with a sign, then L2-normalised. Common function words weigh little, so
a question lands nearest the passage that shares its content words. The model name seeds the
hash: two models place the same text differently, as real models do.

    >>> round(sum(x * x for x in embed_text("the marsh", 16)), 4)
    1.0
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator

_WORD = re.compile(r"\w+", re.UNICODE)
_WORD_WEIGHT = 1.0
_TRIGRAM_WEIGHT = 0.35
_FUNCTION_WORD_WEIGHT = 0.1
_FUNCTION_WORDS = frozenset(
    _WORD.findall(
        "a an and are as at be by do does for from has have how i in is it its of on or that the "
        "this to was what when where which who why will with you your"
    )
)
# Six decimals keep bodies short and change no ranking a test can see.
_DECIMALS = 6


def _features(text: str) -> Iterator[tuple[str, float]]:
    words = _WORD.findall(text.lower())
    if not words:  # only punctuation or spaces: the text itself is the one feature
        yield "text:" + text, 1.0
        return
    for word in words:
        if word in _FUNCTION_WORDS:
            yield "word:" + word, _FUNCTION_WORD_WEIGHT
            continue
        stem = _stem(word)
        yield "word:" + stem, _WORD_WEIGHT
        padded = f"<{stem}>"
        for start in range(len(padded) - 2):
            yield "tri:" + padded[start : start + 3], _TRIGRAM_WEIGHT


def _stem(word: str) -> str:
    """Plural and tense endings off ("boardwalks" → "boardwalk", "crossed" → "cross")."""
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _slot(feature: str, size: int, seed: str) -> tuple[int, float]:
    digest = hashlib.blake2b(f"{seed}\n{feature}".encode(), digest_size=8).digest()
    number = int.from_bytes(digest, "little")
    return (number >> 1) % size, 1.0 if number & 1 else -1.0


def embed_text(text: str, size: int, seed: str = "") -> list[float]:
    """A unit vector of ``size`` floats for ``text`` (``seed``: the model name)."""
    vector = [0.0] * size
    for feature, weight in _features(text):
        index, sign = _slot(feature, size, seed)
        vector[index] += sign * weight
    norm = math.sqrt(sum(x * x for x in vector))
    if norm == 0.0:  # every feature cancelled out: still a unit vector, still deterministic
        index, _ = _slot("empty:" + text, size, seed)
        vector[index], norm = 1.0, 1.0
    return [round(x / norm, _DECIMALS) for x in vector]


def embed_tokens(tokens: list[int], size: int, seed: str = "") -> list[float]:
    """A token-id input (OpenAI accepts arrays of token ids): each id is a word."""
    return embed_text(" ".join(f"t{token}" for token in tokens), size, seed)
