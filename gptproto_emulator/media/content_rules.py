"""The emulator's content rule: a small banned-word list that sends media jobs down their
vendor's banned / moderated path (Midjourney code 24, Suno ``error`` clips, Kling code 1301,
BFL ``Request Moderated``, image route 503). The words are the emulator's own; API.md §7.2 shows
``bannedWord: "nude"`` as the kind of word upstream filters.

    >>> banned_word("A NSFW cat"), banned_word("a cat", None)
    ('nsfw', None)
"""

from __future__ import annotations

import re

BANNED_WORDS = ("bannedword", "nsfw", "nude")
_WORD = re.compile(r"[a-z]+")


def banned_word(*texts: str | None) -> str | None:
    """The first banned word found (as a whole word, any case) in ``texts``, else ``None``."""
    for text in texts:
        if not text:
            continue
        words = set(_WORD.findall(text.lower()))
        for word in BANNED_WORDS:
            if word in words:
                return word
    return None
