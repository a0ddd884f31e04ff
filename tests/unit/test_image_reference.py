"""Images in vendors' JSON fields (Midjourney, Kling, Flux, Runway, higgsfield, Veo, Seedance):
checked the way the files module checks every input, before any request."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from gptproto_core.errors import InvalidInputError
from gptproto_core.vendors import flux, higgsfield, kling, midjourney, runway, seedance, veo
from gptproto_core.vendors._inputs import IMAGE_LIMIT, image_reference, validated

DATA = Path(__file__).resolve().parents[1] / "data"
PNG = (DATA / "sample.png").read_bytes()
PNG_URI = "data:image/png;base64," + base64.b64encode(PNG).decode()
MOTION = "5d0eee15-7d4b-4a3e-9b4c-0d1e2f3a4b5c"


def test_bytes_a_path_and_a_data_uri_become_the_same_data_uri():
    assert image_reference(PNG) == image_reference(str(DATA / "sample.png")) == PNG_URI
    assert image_reference(PNG_URI) == PNG_URI


def test_a_url_is_sent_as_it_is():
    assert image_reference(" https://example.com/a.png ") == "https://example.com/a.png"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("data:image/png;base64,@@@", "base64 does not decode"),
        ("data:text/plain;base64,aGk=", "is text/plain, not an image"),
        ("data:image/png;base64,", "not a readable image"),
        ("data:image/png;base64," + base64.b64encode(b"not an image").decode(), "not a readable"),
        ("data:image/png,rawtext", "must be base64"),
        (b"hello", "not a readable image"),
        ((DATA / "sample.wav").read_bytes(), "not an image"),
        (str(DATA / "sample.pdf"), "not an image"),
        ("/no/such/file.png", r"neither an http\(s\) URL, a data URI, nor a readable file"),
        (42, "not int"),
    ],
)
def test_what_is_not_an_image_is_refused_naming_the_field(value, message):
    with pytest.raises(InvalidInputError, match=message) as caught:
        image_reference(value, "first_frame")
    assert str(caught.value).startswith("first_frame: ")


def test_a_text_file_named_like_a_png_is_refused(tmp_path):
    fake = tmp_path / "fake.png"
    fake.write_text("not an image")
    with pytest.raises(InvalidInputError, match="not a readable image"):
        image_reference(str(fake))


def test_an_image_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.png"
    with big.open("wb") as out:
        out.write(PNG)
        out.truncate(IMAGE_LIMIT + 1)  # sparse: nothing near that size is written
    with pytest.raises(InvalidInputError, match=r"the limit is 10\.0 MB"):
        image_reference(str(big))


# Every vendor's image fields go through it, bytes included (the tool schema stays a string).
REQUESTS = [
    (midjourney.ImagineRequest, {"prompt": "p"}, "images", [PNG]),
    (kling.ImageToVideoRequest, {"prompt": "p"}, "image", PNG),
    (flux.ImageRequest, {"prompt": "p"}, "image", PNG),
    (runway.ImageToVideoRequest, {"prompt": "p"}, "image", PNG),
    (higgsfield.GenerateVideoRequest, {"prompt": "p", "motion_id": MOTION}, "image", PNG),
    (veo.VideoRequest, {"prompt": "p", "model": "veo3.1"}, "first_frame", PNG),
    (seedance.VideoRequest, {"prompt": "p"}, "first_frame", PNG),
]


@pytest.mark.parametrize(("model", "fields", "name", "value"), REQUESTS)
def test_every_vendors_image_fields_take_bytes_and_refuse_a_bad_data_uri(
    model, fields, name, value
):
    request = validated(model, **fields, **{name: value})
    sent = getattr(request, name)
    assert (sent[0] if isinstance(sent, list) else sent) == PNG_URI
    bad = ["data:image/png;base64,@@@"] if isinstance(value, list) else "data:image/png;base64,@@@"
    with pytest.raises(InvalidInputError, match=f"^{name}: .*base64 does not decode"):
        validated(model, **fields, **{name: bad})
