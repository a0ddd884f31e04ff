"""The cassette matcher for multipart bodies: same parts match whatever the boundary."""

from __future__ import annotations

import httpx
import pytest
from vcr.request import Request

from tests._multipart import multipart_body, parts


def _request(files: list[tuple[str, tuple[str, bytes, str]]], data: dict[str, str]) -> Request:
    sent = httpx.Request("POST", "http://x/v1/images/edits", files=files, data=data)
    return Request("POST", str(sent.url), sent.read(), dict(sent.headers))


def test_the_same_form_matches_across_boundaries_and_a_changed_part_does_not():
    files = [("image", ("a.png", b"\x89PNG", "image/png"))]
    one, two = _request(files, {"prompt": "hat"}), _request(files, {"prompt": "hat"})
    assert one.body != two.body  # random boundaries
    multipart_body(one, two)
    assert parts(one) == [  # httpx sends the fields first, then the files
        ("prompt", None, "text/plain", b"hat"),
        ("image", "a.png", "image/png", b"\x89PNG"),
    ]
    with pytest.raises(AssertionError):
        multipart_body(one, _request(files, {"prompt": "cap"}))
    with pytest.raises(AssertionError):
        multipart_body(
            one, _request([("image", ("a.png", b"\x89PNX", "image/png"))], {"prompt": "hat"})
        )


def test_other_bodies_fall_back_to_vcrs_body_matcher():
    plain = Request("POST", "http://x/", b'{"a":1}', {"Content-Type": "application/json"})
    multipart_body(
        plain, Request("POST", "http://x/", b'{"a":1}', {"Content-Type": "application/json"})
    )
    with pytest.raises(AssertionError):
        multipart_body(
            plain, Request("POST", "http://x/", b'{"a":2}', {"Content-Type": "application/json"})
        )
