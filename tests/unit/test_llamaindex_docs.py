"""docs/llamaindex.md's features table and the tests that back it (docs/maintainers/test-evidence.md)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "llamaindex.md"
EVIDENCE = ROOT / "docs" / "maintainers" / "test-evidence.md"
TESTS = ROOT / "tests"
_REFERENCE = re.compile(r"`((?:[\w/]+\.py)?)::(\w+)`")


def _rows_after(path, heading: str) -> list[str]:
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if (
            line.startswith("| ")
            and not line.startswith("| :")
            and not line.startswith("| Feature")
        ):
            rows.append(line)
    return rows


def _feature(row: str) -> str:
    return row.split(" | ")[0].removeprefix("| ").strip()


def test_every_feature_of_the_page_has_its_evidence_row():
    page = [_feature(row) for row in _rows_after(PAGE, "### Features")]
    evidence = [_feature(row) for row in _rows_after(EVIDENCE, "## GPTProto (LlamaIndex)")]
    assert len(page) >= 20
    assert page == evidence


def test_every_evidence_row_names_tests_that_exist():
    rows = _rows_after(EVIDENCE, "## GPTProto (LlamaIndex)")
    assert len(rows) >= 20
    for row in rows:
        references = _REFERENCE.findall(row)
        assert references, f"no test named in: {row}"
        current = ""
        for path, name in references:
            current = path or current  # `::name` refers to the file named before it
            source = (TESTS / current).read_text()
            assert re.search(rf"^(async )?def {name}\(", source, re.MULTILINE), (
                f"{current}::{name} (named in docs/maintainers/test-evidence.md) does not exist"
            )
