"""Input files are checked before any request; results are written to disk as they arrive."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
import pytest

from gptproto_core.downloads import Sink
from gptproto_core.errors import InvalidInputError
from gptproto_core.files import FileRef, file_parts, file_reference, open_upload
from gptproto_core.media_types import MB
from tests.conftest import DATA

PNG = DATA / "sample.png"


def test_a_local_image_is_checked_and_made_absolute():
    assert file_reference(str(PNG), field="image", kinds=("image",)) == str(PNG.resolve())


@pytest.mark.parametrize(
    ("value", "kinds", "max_bytes", "message"),
    [
        ("no/such/file.png", ("image",), None, "image: 'no/such/file.png' is neither"),
        (str(DATA / "sample.wav"), ("image",), None, ", not an image; give a file of that type"),
        (str(PNG), ("image",), 10, "the file is 1,470 bytes; the limit is 10 bytes"),
        ("data:image/png;base64,@@@", ("image",), None, "base64 does not decode"),
        ("data:image/png,plain", ("image",), None, "must be base64"),
        ("data:text/plain;base64,aGk=", ("image",), None, "is text/plain, not an image"),
        (b"x" * 20, (), 10, "the file is 20 bytes; the limit is 10 bytes"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_the_fix(value, kinds, max_bytes, message):
    with pytest.raises(InvalidInputError) as caught:
        file_reference(value, field="image", kinds=kinds, max_bytes=max_bytes)
    assert message in str(caught.value)
    assert str(caught.value).startswith("image:")


def test_urls_pass_unchecked_until_they_are_fetched():
    assert (
        file_reference(" https://cdn.example/a.png ", field="image") == "https://cdn.example/a.png"
    )


def test_a_data_uri_becomes_an_upload_of_its_bytes():
    raw = PNG.read_bytes()
    uri = "data:image/png;base64," + base64.b64encode(raw).decode()
    upload = open_upload(FileRef(uri), field="image")
    assert (upload.filename, upload.content_type) == ("image.png", "image/png")
    with upload.open() as f:
        assert f.read() == raw


def test_a_path_upload_streams_from_disk_and_reopens_for_a_retry():
    upload = open_upload(FileRef(str(PNG)), field="image")
    assert upload.path == PNG and upload.content is None
    with upload.open() as first, upload.open() as second:
        assert first.read(8) == second.read(8) == PNG.read_bytes()[:8]


def test_several_files_under_one_field_keep_their_order():
    a, b = FileRef("a"), FileRef("b")
    assert file_parts({"image": [a, b], "mask": a}) == [("image", a), ("image", b), ("mask", a)]


def _response(url: str, **headers: str) -> httpx.Response:
    return httpx.Response(200, headers=headers, request=httpx.Request("GET", url))


def test_a_sink_names_the_file_after_the_url_in_a_directory(tmp_path: Path):
    sink = Sink(
        _response("https://cdn.example/v/clip.mp4?sig=1", **{"content-type": "video/mp4"}), tmp_path
    )
    for chunk in (b"ab", b"cd"):
        sink.write(chunk)
    saved = sink.close()
    assert saved.path == tmp_path / "clip.mp4" and saved.size == 4
    assert saved.path.read_bytes() == b"abcd" and saved.content_type == "video/mp4"


def test_a_sink_adds_an_extension_from_the_content_type(tmp_path: Path):
    saved = Sink(_response("https://x/speech", **{"content-type": "audio/mpeg"}), tmp_path).close()
    assert saved.path.name == "speech.mp3"


def test_a_sink_stops_and_removes_the_file_over_its_limit(tmp_path: Path):
    sink = Sink(_response("https://x/big.bin"), tmp_path, max_bytes=3, field="result")
    sink.write(b"abc")
    with pytest.raises(InvalidInputError, match=r"result: .*limit"):
        sink.write(b"d")
    assert not (tmp_path / "big.bin").exists()


def test_a_declared_length_over_the_limit_is_refused_before_reading(tmp_path: Path):
    with pytest.raises(InvalidInputError, match=r"the limit is 1\.0 MB"):
        Sink(
            _response("https://x/big.bin", **{"content-length": str(2 * MB)}),
            tmp_path,
            max_bytes=MB,
        )
    assert list(tmp_path.iterdir()) == []
