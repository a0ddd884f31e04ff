"""Literal values found in the last user message, handed out to schema fields one at a time.

>>> lit = Literals('What is the weather in San Francisco, CA? Use "metric" units, 3 days.')
>>> lit.take_integer(), lit.take_phrase(), lit.take_run()
(3, 'metric', 'San Francisco, CA')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gptproto_emulator.model.words import STOP_WORDS

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w)")
_QUOTED = re.compile(
    r'"([^"\n]+)"|“([^”\n]+)”|‘([^’\n]+)’|(?<!\w)\'([^\'\n]+)\'(?!\w)|«([^»\n]+)»|「([^」\n]+)」'
)
_WORD = re.compile(r"[^\W_][\w'’&.-]*")
_RUN_GAP = re.compile(r"^,? +$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Literals:
    """Numbers, quoted phrases and runs of Capitalized Words of a text, each usable once."""

    def __init__(
        self, text: str, exclude: Iterable[str] = (), whole: Literals | None = None
    ) -> None:
        self.text = text
        self._whole = whole
        self.lowered = text.lower()
        excluded = set(exclude)
        self._numbers = [m.group(0) for m in _NUMBER.finditer(text)]
        self._phrases = [p for p in quoted_phrases(text) if p not in excluded]
        self._runs = sorted(capitalized_runs(text), key=len, reverse=True)

    def has_integer(self) -> bool:
        """Whether an unused integer literal is left."""
        return any(_is_integer(n) for n in self._numbers)

    def has_number(self) -> bool:
        """Whether an unused numeric literal is left."""
        return bool(self._numbers)

    def has_phrase(self, media: bool = False) -> bool:
        """Whether an unused quoted phrase is left (of the ``media`` kind, see ``take_phrase``)."""
        return any(is_media_literal(p) == media for p in self._phrases)

    def take_integer(self) -> int | None:
        """The next unused integer literal."""
        for index, literal in enumerate(self._numbers):
            if _is_integer(literal):
                del self._numbers[index]
                return int(literal)
        return None

    def take_number(self) -> int | float | None:
        """The next unused numeric literal (an int when it has no decimal point)."""
        if not self._numbers:
            return None
        literal = self._numbers.pop(0)
        return int(literal) if _is_integer(literal) else float(literal)

    def take_phrase(self, media: bool = False) -> str | None:
        """The next unused quoted phrase that is a URL, data URI or file path when ``media``
        (an image or file property), and one that is not otherwise (a prompt, a search word)."""
        for index, phrase in enumerate(self._phrases):
            if is_media_literal(phrase) == media:
                return self._phrases.pop(index)
        # A clause of a plan without its own phrase ("then remix that picture with …") means the
        # subject the user quoted earlier, as a model reads it.
        return self._whole.take_phrase(media) if self._whole is not None else None

    def take_run(self) -> str | None:
        """The longest unused run of Capitalized Words."""
        return self._runs.pop(0) if self._runs else None

    def mentioned(self, values: Iterable[object]) -> object | None:
        """The first of ``values`` that appears in the text as a word (case-insensitive)."""
        for value in values:
            word = str(value).lower()
            if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", self.lowered):
                return value
        return None


_MEDIA_LITERAL = re.compile(
    r"^(?:https?://\S+|data:[\w.+-]+/[\w.+-]+[;,]\S*|\S+\.[A-Za-z0-9]{2,5})$"
)


def is_media_literal(phrase: str) -> bool:
    """Whether a quoted phrase is a URL, a data URI or a file name rather than words.

    >>> [is_media_literal(p) for p in ("https://x/a.png", "data:image/png;base64,AA", "cat.jpg",
    ...                                "a red fox", "Mr. Fox")]
    [True, True, True, False, False]
    """
    return bool(_MEDIA_LITERAL.match(phrase))


def _is_integer(literal: str) -> bool:
    return "." not in literal


def quoted_phrases(text: str) -> list[str]:
    """Phrases between double, single or typographic quotes, in order of appearance."""
    phrases: list[str] = []
    for match in _QUOTED.finditer(text):
        phrase = next(g for g in match.groups() if g is not None).strip()
        if phrase:
            phrases.append(phrase)
    return phrases


def quoted_identifiers(text: str) -> list[str]:
    """Quoted phrases that look like JSON keys (``'setup'``), without repeats."""
    seen: list[str] = []
    for phrase in quoted_phrases(text):
        if _IDENTIFIER.match(phrase) and phrase not in seen:
            seen.append(phrase)
    return seen


def capitalized_runs(text: str) -> list[str]:
    """Runs like ``San Francisco, CA``: Capitalized Words joined by spaces or ", ".

    Leading stop words ("What", "Use", "I") are dropped, so a sentence start is not a name.
    """
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    previous_end = -1
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper():
            current = _close(runs, current)
            continue
        if current and not _RUN_GAP.match(text[previous_end : match.start()]):
            current = _close(runs, current)
        current.append(match)
        previous_end = match.end()
    _close(runs, current)
    return [text[run[0].start() : run[-1].end()].rstrip(".") for run in runs]


def _close(runs: list[list[re.Match[str]]], current: list[re.Match[str]]) -> list[re.Match[str]]:
    while current and (current[0].group(0).lower() in STOP_WORDS or current[0].group(0) == "I"):
        current = current[1:]
    if current:
        runs.append(current)
    return []
