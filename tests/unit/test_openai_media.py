"""OpenAI images and audio (API.md §3.2, §3.3, §3.8, §3.9): bodies, file checks and every answer
shape the readers accept, without sockets."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from gptproto_core.downloads import SavedFile
from gptproto_core.errors import InvalidInputError, TaskTimeoutError, UnexpectedResponseError
from gptproto_core.files import FileRef
from gptproto_core.operations import tool_schema
from gptproto_core.task_text import describe_error, describe_task
from gptproto_core.tool_table import OPERATIONS
from gptproto_core.vendors import openai_media as oa
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

PNG = DATA / "sample.png"
WAV = DATA / "sample.wav"
B64_PNG = base64.b64encode(PNG.read_bytes()).decode()


def test_generate_body_is_the_documented_one_plus_given_options():
    job = oa.generate_image(validated(oa.ImageRequest, prompt="oxen and horses", size="1024x1024"))
    assert (job.submit.method, job.submit.path) == ("POST", "/v1/images/generations")
    assert job.submit.json == {
        "model": "gpt-image-1",
        "prompt": "oxen and horses",
        "n": 1,
        "size": "1024x1024",
    }
    assert job.tracker is None  # answered at once


@pytest.mark.parametrize(
    ("body", "urls", "notes"),
    [
        ({"created": 7, "data": [{"url": "https://cdn/a.png"}]}, ["https://cdn/a.png"], []),
        (  # UPSTREAM: b64_json with a revised prompt; the type sniffed from the bytes
            {"data": [{"b64_json": B64_PNG, "revised_prompt": "oxen, detailed"}]},
            [f"data:image/png;base64,{B64_PNG}"],
            ["Revised prompt (image 1): oxen, detailed"],
        ),
        ({"data": [{"b64_json": "/9j/4AAQ"}, {}]}, ["data:image/jpeg;base64,/9j/4AAQ"], []),
    ],
)
def test_images_answers_by_url_or_b64(body: dict[str, Any], urls: list[str], notes: list[str]):
    task = oa.generate_image(validated(oa.ImageRequest, prompt="p")).read_submitted(body)
    assert [o.url for o in task.outputs] == urls and list(task.notes) == notes
    assert task.status == "succeeded" and task.operation == "generate_image"


@pytest.mark.parametrize("body", [{"data": []}, {"error": "x"}, "nonsense", None])
def test_an_images_answer_without_images_is_unexpected(body: Any):
    with pytest.raises(UnexpectedResponseError, match="without images"):
        oa.generate_image(validated(oa.ImageRequest, prompt="p")).read_submitted(body)


def test_edit_is_multipart_with_repeated_images_and_a_mask():
    request = validated(
        oa.ImageEditRequest, image=[str(PNG), "https://e.x/b.png"], mask=str(PNG), prompt="hat", n=2
    )
    job = oa.edit_image(request)
    assert job.submit.path == "/v1/images/edits" and job.submit.json is None
    files = job.submit.files or {}
    assert [r.value for r in files["image"]] == [str(PNG.resolve()), "https://e.x/b.png"]  # type: ignore[union-attr]
    assert isinstance(files["mask"], FileRef) and files["mask"].kinds == ("image/png",)
    assert job.submit.data == {"model": "gpt-image-1", "prompt": "hat", "n": "2"}


def test_one_image_may_be_given_without_a_list():
    assert validated(oa.ImageEditRequest, image=str(PNG), prompt="p").image == [str(PNG.resolve())]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"prompt": "p", "mask": str(PNG)}, "mask: a mask needs the image it applies to"),
        ({"prompt": "p", "image": "nope.png"}, "image: 'nope.png' is neither"),
        ({"prompt": "p", "image": str(WAV)}, "image: file 'sample.wav' is audio"),
        (
            {"prompt": "p", "image": str(PNG), "mask": "data:image/jpeg;base64,AAAA"},
            "mask: the data URI is image/jpeg",
        ),
        ({"prompt": "", "image": str(PNG)}, "prompt"),
        ({"prompt": "p", "image": []}, "image"),
    ],
)
def test_bad_edit_input_is_refused_naming_the_field(fields: dict[str, Any], message: str):
    with pytest.raises(InvalidInputError, match=message):
        validated(oa.ImageEditRequest, **fields)


def test_an_over_size_file_is_refused_with_the_limit(tmp_path: Path):
    big = tmp_path / "big.wav"
    big.write_bytes(b"RIFF" + bytes(26 * 1024 * 1024))
    with pytest.raises(
        InvalidInputError, match=r"file: the file is 26\.0 MB; the limit is 25\.0 MB"
    ):
        validated(oa.TranscriptionRequest, file=str(big))


def test_speech_body_and_binary_answer():
    request = validated(oa.SpeechRequest, input="Hi", voice="nova", speed=1.5, instructions="calm")
    job = oa.speech(request)
    assert job.submit.binary and job.submit.path == "/v1/audio/speech"
    assert job.submit.json == {
        "input": "Hi",
        "model": "gpt-4o-mini-tts",
        "voice": "nova",
        "speed": 1.5,
        "instructions": "calm",
    }


def test_a_saved_wav_is_described_with_its_duration(tmp_path: Path):
    path = tmp_path / "speech-1.wav"
    path.write_bytes(WAV.read_bytes())
    task = oa.speech(validated(oa.SpeechRequest, input="x")).read_submitted(
        SavedFile(path, "audio/wav", path.stat().st_size)
    )
    (audio,) = task.outputs
    assert audio.path == str(path) and audio.url == path.as_uri() and audio.kind == "audio"
    assert audio.label == f"audio/wav, {path.stat().st_size:,} bytes, 0.50 s"
    text = describe_task(task, lookup_tool=None)
    assert f"Audio ({audio.label}): saved to {path}" in text


def test_other_formats_and_broken_wavs_have_no_known_duration(tmp_path: Path):
    path = tmp_path / "x.wav"
    path.write_bytes(b"RIFF....WAVEjunk")
    for kind in ("audio/mpeg", "audio/wav"):
        saved = SavedFile(path, kind, 16)
        assert oa.wav_seconds(saved) is None
    with pytest.raises(UnexpectedResponseError):
        oa.speech(validated(oa.SpeechRequest, input="x")).read_submitted({"not": "a file"})


@pytest.mark.parametrize(
    ("fmt", "text_mode"),
    [("json", False), ("verbose_json", False), ("text", True), ("srt", True), ("vtt", True)],
)
def test_transcription_is_multipart_and_text_formats_are_read_as_text(fmt: str, text_mode: bool):
    request = validated(
        oa.TranscriptionRequest, file=str(WAV), response_format=fmt, language="zh", temperature=0
    )
    job = oa.transcribe(request)
    assert job.submit.text is text_mode and job.submit.path == "/v1/audio/transcriptions"
    assert job.submit.data == {
        "model": "gpt-4o-transcribe",
        "language": "zh",
        "response_format": fmt,
        "temperature": "0.0",
    }


VERBOSE = {
    "task": "transcribe",
    "language": "english",
    "duration": 1.5,
    "text": "Hi. Bye.",
    "segments": [{"id": 0, "start": 0.0, "end": 0.6, "text": " Hi."}, {"id": 1, "start": 0.6}],
}


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"text": "hello"}, "hello"),  # json
        (VERBOSE, "Hi. Bye."),  # verbose_json
        ("1\n00:00:00,000 --> 00:00:01,000\nhello\n", "1\n00:00:00,000 --> 00:00:01,000\nhello\n"),
        ('{"text": "json where text was due"}', "json where text was due"),  # tolerated
    ],
)
def test_transcription_answers(body: Any, text: str):
    task = oa.transcribe(validated(oa.TranscriptionRequest, file=str(WAV))).read_submitted(body)
    assert task.text == text and task.status == "succeeded"


@pytest.mark.parametrize("body", [{"segments": []}, None, 42])
def test_a_transcription_without_text_is_unexpected(body: Any):
    with pytest.raises(UnexpectedResponseError, match="without text"):
        oa.transcribe(validated(oa.TranscriptionRequest, file=str(WAV))).read_submitted(body)


def test_unknown_transcript_format_and_bad_language_are_refused():
    with pytest.raises(InvalidInputError, match="response_format"):
        validated(oa.TranscriptionRequest, file=str(WAV), response_format="docx")
    with pytest.raises(InvalidInputError, match="language"):
        validated(oa.TranscriptionRequest, file=str(WAV), language="english")


def test_synchronous_rows_have_no_wait_and_no_lookup():
    for name in ("openai_generate_image", "openai_edit_image", "openai_text_to_speech"):
        op = OPERATIONS[name]
        assert op.vendor == "openai" and op.lookup_tool is None and not op.is_lookup
        assert "wait" not in tool_schema(op).model_fields
    # A timeout cannot happen without polling; if it did, the advice names no lookup tool.
    assert "call None" not in describe_error(
        TaskTimeoutError("t", "running", 1.0), lookup_tool=None
    )


def test_the_transcript_keeps_segments_language_and_duration():
    from gptproto_core.transcripts import transcript_of

    request = validated(oa.TranscriptionRequest, file=str(WAV), response_format="verbose_json")
    task = oa.transcribe(request).read_submitted(VERBOSE)
    found = transcript_of(task, request, "talk.wav")
    assert found.metadata() == {
        "source": "talk.wav",
        "model": "gpt-4o-transcribe",
        "response_format": "verbose_json",
        "language": "english",
        "duration": 1.5,
        "segments": [{"start": 0.0, "end": 0.6, "text": "Hi."}],  # the broken one is skipped
    }


def test_bytes_are_sniffed_for_their_type_and_name():
    from gptproto_core.files import open_upload

    audio = WAV.read_bytes()
    request = validated(oa.TranscriptionRequest, file=audio)
    ref = oa.transcribe(request).submit.files["file"]  # type: ignore[index]
    upload = open_upload(ref, field="file")  # type: ignore[arg-type]
    assert (upload.filename, upload.content_type) == ("file.wav", "audio/wav")
    with pytest.raises(InvalidInputError, match="image: the content is audio/wav, not image"):
        validated(oa.ImageEditRequest, image=audio, prompt="p")
    unknown = open_upload(FileRef(b"\x00\x01"), field="file")
    assert (unknown.filename, unknown.content_type) == ("file", "application/octet-stream")
