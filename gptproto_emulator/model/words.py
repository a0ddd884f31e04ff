"""Word splitting shared by tool matching and literal extraction.

>>> sorted(content_words("getWeather in magic_function(3)"))
['magic', 'weather']
"""

from __future__ import annotations

import re

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could did do does doing down during each
    few for from further get gets give had has have having he her here hers herself him himself
    his how i if in into is it its itself just let like me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own please same she should so some such
    tell than that the their theirs them themselves then there these they this those through to
    too under until up use used using very was we were what when where which while who whom why
    will with would you your yours yourself yourselves call calls called tool tools function
    functions value values result results return returns show make want need know thing things
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_TOKEN = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")


def split_words(text: str) -> list[str]:
    """Lowercase words of ``text``, splitting snake_case, kebab-case and camelCase."""
    return [w.lower() for w in _TOKEN.findall(text)]


def content_words(text: str) -> set[str]:
    """Words of at least three letters that are not stop words."""
    return {w for w in split_words(text) if len(w) >= 3 and w not in STOP_WORDS}
