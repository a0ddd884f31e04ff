"""Every tool of every vendor, from the vendors' rows; and the docs' tool table built from them.

OPERATIONS["kling_text_to_video"].route        # 'POST /kling/v1/videos/text2video'
chosen = select(["midjourney", "flux_generate_image"])
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gptproto_core.errors import ConfigurationError
from gptproto_core.operations import Operation, table, tool_schema
from gptproto_core.vendors import (
    doubao,
    flux,
    higgsfield,
    ideogram,
    kling,
    midjourney,
    openai_media,
    runway,
    seedance,
    suno,
    veo,
)

__all__ = ["OPERATIONS", "VENDORS", "cost_table", "markdown_table", "refresh_docs", "select"]

OPERATIONS: dict[str, Operation] = table(
    midjourney.OPERATIONS,
    suno.OPERATIONS,
    kling.OPERATIONS,
    flux.OPERATIONS,
    runway.OPERATIONS,
    higgsfield.OPERATIONS,
    veo.OPERATIONS,
    seedance.OPERATIONS,
    doubao.OPERATIONS,
    ideogram.OPERATIONS,
    openai_media.OPERATIONS,
)
VENDORS: tuple[str, ...] = tuple(dict.fromkeys(op.vendor for op in OPERATIONS.values()))


def select(include: Sequence[str] | None) -> list[Operation]:
    """The rows named by vendor, tool name or a tool-name prefix (`doubao_seedance`: Seedance
    without the Doubao image tools), in table order; None means all."""
    if not include:
        return list(OPERATIONS.values())
    unknown = sorted(
        entry for entry in set(include) if not any(_names(entry, op) for op in OPERATIONS.values())
    )
    if unknown:
        raise ConfigurationError(
            f"include names unknown vendors or tools {unknown}; vendors are {list(VENDORS)}, "
            f"tools are {sorted(OPERATIONS)}"
        )
    return [op for op in OPERATIONS.values() if any(_names(entry, op) for entry in include)]


def _names(entry: str, op: Operation) -> bool:
    # Tool names start with their vendor, so a vendor is one such prefix among others.
    return entry == op.vendor or op.name == entry or op.name.startswith(f"{entry}_")


def _argument(name: str, spec: dict[str, Any], required: Iterable[str]) -> str:
    mark = "" if name in required else "?"
    text = str(spec.get("description", "")).rstrip(".").replace("|", "\\|")
    return f"`{name}{mark}`: {text}"


def _chosen(op: Operation, key: str) -> bool:
    """`key` names a vendor, or tool-name prefixes joined by `|` (one vendor, several pages)."""
    return any(
        op.vendor == part or op.name == part or op.name.startswith(f"{part}_")
        for part in key.split("|")
    )


def markdown_table(vendor: str) -> str:
    """A vendor's tools (or those `_chosen` by the key) as a markdown table; docs/tools.md is
    checked against it. Users never see the reference, so `op.section` is not printed."""
    lines = ["| Tool | Route | Arguments (`?` optional) |", "| --- | --- | --- |"]
    for op in OPERATIONS.values():
        if not _chosen(op, vendor):
            continue
        schema = tool_schema(op).model_json_schema()
        required = schema.get("required", [])
        arguments = "<br>".join(
            _argument(name, spec, required)
            for name, spec in schema["properties"].items()
            if name != "wait"  # every tool takes it; the page says so once
        )
        lines.append(f"| `{op.name}` | `{op.route}` | {arguments} |")
    return "\n".join(lines)


_BLOCK = re.compile(r"(<!-- tool-table:([\w|]+) -->\n).*?(<!-- /tool-table -->)", re.DOTALL)


def cost_table() -> str:
    """What handing an agent each vendor's tools costs in its prompt: descriptions and schemas."""
    lines = [
        "| `include=` | tools | description characters | schema characters | ≈ tokens |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows = [(vendor, select([vendor])) for vendor in VENDORS] + [("(all)", select(None))]
    for name, ops in rows:
        described = sum(len(op.summary) for op in ops)
        schemas = sum(len(json.dumps(tool_schema(op).model_json_schema())) for op in ops)
        tokens = (described + schemas) // 4  # ~4 characters a token for English and JSON
        label = f"`{name}`" if name != "(all)" else "everything"
        lines.append(f"| {label} | {len(ops)} | {described:,} | {schemas:,} | {tokens:,} |")
    return "\n".join(lines)


_COSTS = re.compile(r"(<!-- tool-costs -->\n).*?(<!-- /tool-costs -->)", re.DOTALL)


def refresh_docs(text: str) -> str:
    """`text` with every `<!-- tool-table:<vendor> -->` block (and the costs) rebuilt."""
    text = _BLOCK.sub(lambda m: f"{m[1]}{markdown_table(m[2])}\n{m[3]}", text)
    return _COSTS.sub(lambda m: f"{m[1]}{cost_table()}\n{m[2]}", text)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m gptproto_core.tool_table docs/tools.md`: rewrite the file's tool tables."""
    for name in argv if argv is not None else sys.argv[1:]:
        path = Path(name)
        path.write_text(refresh_docs(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
