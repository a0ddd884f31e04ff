"""The snapshot of gptproto's docs in tests/data/reference is what the tests read when shared/ is
not beside the clone: it must be whole, and the same bytes as the shared copy where that exists
(as in CI), so a clone alone tests the same pages."""

from __future__ import annotations

import json

from tests.conftest import _SHARED_REFERENCE, DATA

SNAPSHOT = DATA / "reference"
NAMES = ["000_3939ebaea6f09b20.txt", "gptproto-postman-collection.json"]


def test_the_snapshot_is_whole():
    collection = json.loads((SNAPSHOT / NAMES[1]).read_text(encoding="utf-8"))
    assert collection["item"], "the Postman export lost its requests"
    seed = (SNAPSHOT / NAMES[0]).read_text(encoding="utf-8")
    assert "Body Params application/json" in seed and "🟢200" in seed  # request and reply


def test_the_snapshot_is_the_shared_copy_wherever_one_is_beside_the_repo():
    shared = [name for name in NAMES if (_SHARED_REFERENCE / name).is_file()]
    stale = [
        n for n in shared if (SNAPSHOT / n).read_bytes() != (_SHARED_REFERENCE / n).read_bytes()
    ]
    assert stale == [], f"copy shared/reference/{stale} into tests/data/reference"
