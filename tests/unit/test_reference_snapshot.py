"""The snapshot of gptproto's docs in tests/data/reference is the shared copy, byte for byte,
whenever the shared copy is beside the repo (as in CI): a clone alone tests the same pages."""

from __future__ import annotations

import pytest

from tests.conftest import _SHARED_REFERENCE, DATA


@pytest.mark.parametrize("name", ["000_3939ebaea6f09b20.txt", "gptproto-postman-collection.json"])
def test_the_snapshot_is_the_shared_reference(name):
    if not _SHARED_REFERENCE.is_dir():
        pytest.skip("no shared/ beside this clone: the snapshot is all there is to test")
    assert (DATA / "reference" / name).read_bytes() == (_SHARED_REFERENCE / name).read_bytes()
