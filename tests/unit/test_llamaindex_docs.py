"""docs/llamaindex.md: every test its features table names exists."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOC = ROOT / "docs" / "llamaindex.md"
TESTS = ROOT / "tests"
_REFERENCE = re.compile(r"`((?:[\w/]+\.py)?)::(\w+)`")


def _table_rows() -> list[str]:
    lines = DOC.read_text().splitlines()
    start = lines.index("### Features")
    rows = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        if line.startswith("| ") and "✅" in line:
            rows.append(line)
    return rows


def test_every_feature_row_names_tests_that_exist():
    rows = _table_rows()
    assert len(rows) >= 20
    for row in rows:
        references = _REFERENCE.findall(row)
        assert references, f"no test named in: {row}"
        current = ""
        for path, name in references:
            current = path or current  # `::name` refers to the file named before it
            source = (TESTS / current).read_text()
            assert re.search(rf"^(async )?def {name}\(", source, re.MULTILINE), (
                f"{current}::{name} (named in docs/llamaindex.md) does not exist"
            )
