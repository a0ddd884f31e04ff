"""Every cassette is free of keys and Authorization values, and was produced by our code."""

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import CASSETTES

FILES = sorted(CASSETTES.rglob("*.yaml"))
KEY = re.compile(r"sk-(?!REDACTED\b)[A-Za-z0-9_-]{6,}")


def test_there_are_cassettes():
    assert len(FILES) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cassette_has_no_secret(path: Path):
    text = path.read_text()
    assert not KEY.search(text), f"an API key in {path}"
    data = yaml.safe_load(text)
    for interaction in data["interactions"]:
        for headers in (interaction["request"]["headers"], interaction["response"]["headers"]):
            lowered = {name.lower() for name in headers}
            assert not lowered & {"authorization", "x-api-key", "x-goog-api-key", "cookie"}
        assert (
            "key=" not in interaction["request"]["uri"]
            or "key=REDACTED" in interaction["request"]["uri"]
        )
