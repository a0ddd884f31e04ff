"""Values the scripted model copies from tool results (rule 3 of docs/emulator.md).

An LLM told ``call midjourney_action with task_id='1795…'`` passes that id on, and from a list
line ``- U1: MJ::JOB::…`` it takes the id of the button the user named. Two general rules:

- keyed: ``<property>=<value>`` or ``<property>: <value>`` (the property name as a whole word,
  case-insensitive, optionally as a quoted JSON key), the value quoted or a bare token, from the
  newest tool result that has one (so an image made two calls ago still reaches the next call);
- labelled: a list line ``- <label>: <value>`` of the newest result whose label the last user
  message names as a whole word; each such line is used once.

    >>> result = "Call act with task_id='17' and one custom_id:\\n- U1: MJ::a\\n- U2: MJ::b"
    >>> values = ResultValues([result, "Image: https://x/a.png"], "Upscale U2, please")
    >>> values.keyed("task_id"), values.keyed("image")
    ('17', 'https://x/a.png')
    >>> values.take_labelled(), values.take_labelled()
    ('MJ::b', None)
    >>> is_id_name("custom_id"), is_id_name("taskId"), is_id_name("id"), is_id_name("grid")
    (True, True, True, False)
"""

from __future__ import annotations

import re

_VALUE = r"""(?:'([^'\n]*)'|"([^"\n]*)"|([^\s'",;]+))"""
_LIST_LINE = re.compile(r"^[ \t]*[-*•][ \t]+(\S[^\n]*?):[ \t]+" + _VALUE, re.MULTILINE)
_TRAILING = ".)]}>"
_ID_NAME = re.compile(r"(?:^|[_-])[iI][dD]$|[a-z0-9](?:Id|ID)$")


def is_id_name(name: str) -> bool:
    """Whether a property name marks an id: ``id``, ``…_id``, ``…-id``, ``…Id``, ``…ID``."""
    return bool(_ID_NAME.search(name))


class ResultValues:
    """The texts of the tool results (newest first), read for values of named properties."""

    def __init__(self, results: list[str], user_text: str) -> None:
        self.results = results
        self._labelled = [
            value
            for label, value in _list_lines(results[0] if results else "")
            if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", user_text, re.IGNORECASE)
        ]

    def keyed(self, name: str) -> str | None:
        """The first non-empty value written as ``name=value`` or ``name: value``."""
        pattern = rf"(?<![\w-])[\"']?{re.escape(name)}[\"']?[ \t]*[=:][ \t]*{_VALUE}"
        for result in self.results:
            for match in re.finditer(pattern, result, re.IGNORECASE):
                value = _value(match)
                if value:
                    return value
        return None

    def has_labelled(self) -> bool:
        """Whether a list line whose label the user named is still unused."""
        return bool(self._labelled)

    def take_labelled(self) -> str | None:
        """The value of the next unused list line whose label the user named."""
        return self._labelled.pop(0) if self._labelled else None

    def has_id(self, name: str) -> bool:
        """Whether :meth:`take_id` would find a value for the id property ``name``."""
        return self.keyed(name) is not None or self.has_labelled()

    def take_id(self, name: str) -> str | None:
        """A value for the id property ``name``: keyed first, else a labelled list line."""
        return self.keyed(name) or self.take_labelled()


def _list_lines(text: str) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for match in _LIST_LINE.finditer(text):
        value = _value(match, first_group=2)
        if value:
            lines.append((match.group(1).strip(), value))
    return lines


def _value(match: re.Match[str], first_group: int = 1) -> str:
    quoted_single, quoted_double, bare = match.group(first_group, first_group + 1, first_group + 2)
    if bare is not None:
        return bare.rstrip(_TRAILING)
    return (quoted_single if quoted_single is not None else quoted_double or "").strip()
