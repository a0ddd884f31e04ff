"""The cassette matcher for multipart bodies compares fields and files, not boundaries."""

from __future__ import annotations

import httpx
import pytest
from vcr.request import Request

from tests._multipart import multipart_body, multipart_fields


def recorded(files: list, data: dict | None = None) -> Request:
    real = httpx.Request("POST", "http://h/x", files=files, data=data)
    return Request("POST", "http://h/x", real.read(), dict(real.headers))


def test_the_same_fields_match_across_random_boundaries():
    a = recorded([("image", ("a.png", b"\x89PNG", "image/png"))], {"prompt": "p"})
    b = recorded([("image", ("a.png", b"\x89PNG", "image/png"))], {"prompt": "p"})
    assert a.body != b.body  # different boundaries ...
    multipart_body(a, b)  # ... same request
    assert multipart_fields(a) == [
        ("prompt", None, None, b"p"),
        ("image", "a.png", "image/png", b"\x89PNG"),
    ]


@pytest.mark.parametrize(
    ("files", "data"),
    [
        ([("image", ("a.png", b"\x89PNG!", "image/png"))], {"prompt": "p"}),
        ([("image", ("b.png", b"\x89PNG", "image/png"))], {"prompt": "p"}),
        ([("image", ("a.png", b"\x89PNG", "image/png"))], {"prompt": "q"}),
    ],
)
def test_a_different_file_or_field_does_not_match(files, data):
    a = recorded([("image", ("a.png", b"\x89PNG", "image/png"))], {"prompt": "p"})
    with pytest.raises(AssertionError):
        multipart_body(a, recorded(files, data))


def test_other_bodies_compare_as_vcr_does():
    json_a = Request("POST", "http://h/x", b'{"a":1}', {"Content-Type": "application/json"})
    json_b = Request("POST", "http://h/x", b'{"a":2}', {"Content-Type": "application/json"})
    multipart_body(json_a, json_a)
    with pytest.raises(AssertionError):
        multipart_body(json_a, json_b)
