"""The documented example bodies of gptproto's Postman export, read the way a careful person would.

    for example in documented_examples(REFERENCE / "gptproto-postman-collection.json"):
        example.name, example.method, example.path, example.body

Postman bodies are shown as text and some are not JSON as written: `//` comments (Suno, veo), and
two Doubao items pasted from a shell (`'\\''` for a quote, a stray `'` after the body, API.md §16).
Those are cleaned; nothing else is changed. Items without a URL (API.md §16: 35 of them) have an
empty `path`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Example", "documented_examples", "strip_comments"]

_HOST = re.compile(r"^(?:\{\{baseUrl\}\}|https?://[^/]+)")


@dataclass(frozen=True)
class Example:
    name: str  # the folder path and item name, as Postman shows it
    method: str
    path: str  # "" when the item has no URL
    body: Any  # None when the item has no raw JSON body


def strip_comments(text: str) -> str:
    """`//` and `/* */` comments removed, leaving string contents alone."""
    out: list[str] = []
    i, in_string = 0, False
    while i < len(text):
        char = text[i]
        if in_string:
            step = 2 if char == "\\" else 1  # an escape is copied whole: \" ends no string
            out.append(text[i : i + step])
            in_string = char != '"'
            i += step
            continue
        if char == '"':
            in_string = True
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _unshell(text: str) -> str:
    """Undo a body pasted from a shell's `--data-raw '…'` (API.md §16, Doubao)."""
    return text.replace("'\\''", "'").strip().removesuffix("'")


def _path(request: dict[str, Any]) -> str:
    url = request.get("url")
    raw = url.get("raw", "") if isinstance(url, dict) else str(url or "")
    raw = _HOST.sub("", raw.strip().strip("'")).split("?", 1)[0]
    if not raw:
        return ""
    return raw if raw.startswith("/") else f"/{raw}"  # Flux submit has no host (API.md §12.3)


def _items(items: list[dict[str, Any]], folder: tuple[str, ...]) -> Iterator[Example]:
    for item in items:
        if "item" in item:
            yield from _items(item["item"], (*folder, item["name"]))
            continue
        request = item["request"]
        raw = (request.get("body") or {}).get("raw") or ""
        body = json.loads(_unshell(strip_comments(raw))) if raw.strip() else None
        name = "/".join((*folder, item["name"].strip()))
        yield Example(name, request["method"], _path(request), body)


def documented_examples(collection: Path) -> list[Example]:
    """Every request item of the collection, in the collection's order."""
    return list(_items(json.loads(collection.read_text(encoding="utf-8"))["item"], ()))
