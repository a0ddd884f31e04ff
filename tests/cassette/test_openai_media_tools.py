"""OpenAI images and audio tools end to end (API.md §3.2, §3.3, §3.8, §3.9), replayed from
cassettes recorded on the emulator. Multipart bodies are matched part by part."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from gptproto_core.client import GPTProtoClient
from gptproto_core.errors import BadRequestError
from gptproto_core.files import FileRef
from langchain_gptproto.tools import (
    OpenaiEditImage,
    OpenaiGenerateImage,
    OpenaiTextToSpeech,
    OpenaiTranscribeAudio,
)
from tests._multipart import multipart_fields
from tests.cassette._media import make
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

PNG = DATA / "sample.png"


def call(tool: Any, args: dict[str, Any]) -> ToolMessage:
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def posted(vcr: Any, path: str) -> list[Any]:
    return [r for r in vcr.requests if r.method == "POST" and r.path == path]


def fields(request: Any) -> dict[str, Any]:
    return {
        name: (filename, kind, content)
        for name, filename, kind, content in multipart_fields(request) or []
    }


def test_generate_answers_at_once_with_urls_and_revised_prompts(gptproto_target, vcr):
    message = call(make(OpenaiGenerateImage, gptproto_target), {"prompt": "oxen", "n": 2})
    task = message.artifact
    assert task.status == "succeeded" and [o.kind for o in task.outputs] == ["image", "image"]
    assert all(o.url.startswith("https://") and o.url in message.content for o in task.outputs)
    assert "Revised prompt (image 2)" in message.content
    (sent,) = posted(vcr, "/v1/images/generations")
    assert json.loads(sent.body) == {"model": "gpt-image-1", "prompt": "oxen", "n": 2}
    assert len(vcr.requests) == 1  # nothing to poll


def test_b64_json_images_become_data_uris_shortened_for_the_model(gptproto_target, vcr):
    tool = make(OpenaiGenerateImage, gptproto_target, include_images=True)
    message = call(tool, {"prompt": "a kite", "response_format": "b64_json", "size": "1024x1024"})
    (image,) = message.artifact.outputs
    assert image.url.startswith("data:image/png;base64,")
    assert base64.b64decode(image.url.split(",", 1)[1]).startswith(b"\x89PNG")
    text, block = message.content
    assert "<data:image/png;base64 …" in text["text"] and block == {
        "type": "image",
        "url": image.url,
    }


def test_edit_uploads_image_and_mask_as_multipart(gptproto_target, vcr):
    message = call(
        make(OpenaiEditImage, gptproto_target),
        {"image": str(PNG), "mask": str(PNG), "prompt": "add a hat", "n": 2},
    )
    assert message.artifact.status == "succeeded" and len(message.artifact.outputs) == 2
    (sent,) = posted(vcr, "/v1/images/edits")
    found = fields(sent)
    assert found["image"] == ("sample.png", "image/png", PNG.read_bytes())
    assert found["mask"] == ("sample.png", "image/png", PNG.read_bytes())
    assert {k: found[k][2] for k in ("prompt", "model", "n")} == {
        "prompt": b"add a hat",
        "model": b"gpt-image-1",
        "n": b"2",
    }


def test_edit_of_several_images_repeats_the_image_field(gptproto_target, vcr):
    uri = "data:image/png;base64," + base64.b64encode(PNG.read_bytes()).decode()
    call(make(OpenaiEditImage, gptproto_target), {"image": [str(PNG), uri], "prompt": "merge"})
    (sent,) = posted(vcr, "/v1/images/edits")
    images = [p for p in multipart_fields(sent) or [] if p[0] == "image"]
    assert [(p[1], p[3]) for p in images] == [
        ("sample.png", PNG.read_bytes()),
        ("image.png", PNG.read_bytes()),
    ]


def test_bad_files_are_refused_before_sending(gptproto_target, vcr, tmp_path: Path):
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG" + bytes(5 * 1024 * 1024))
    edit = make(OpenaiEditImage, gptproto_target)
    for args, words in [
        ({"prompt": "p", "mask": str(PNG)}, "mask needs the image"),
        ({"prompt": "p", "image": str(tmp_path / "gone.png")}, "image"),
        ({"prompt": "p", "image": str(DATA / "sample.wav")}, "not image/png"),
        ({"prompt": "p", "image": str(PNG), "mask": str(big)}, "the limit is 4.0 MB"),
    ]:
        answer = edit.invoke(args)
        assert answer.startswith("Invalid arguments") and words in answer, answer
    transcribe = make(OpenaiTranscribeAudio, gptproto_target)
    for args, words in [
        ({"file": str(PNG)}, "file"),
        ({"file": str(DATA / "sample.wav"), "response_format": "docx"}, "response_format"),
    ]:
        answer = transcribe.invoke(args)
        assert answer.startswith("Invalid arguments") and words in answer, answer
    assert len(vcr.requests) == 0


def test_a_server_4xx_on_a_multipart_upload_keeps_the_servers_message(gptproto_target, vcr):
    client = GPTProtoClient(api_key=gptproto_target.api_key, base_url=gptproto_target.base_url)
    with client, pytest.raises(BadRequestError, match=r"'image' \(a file\) is required"):
        client.request_json("POST", "/v1/images/edits", files={"mask": FileRef(str(PNG))})


def test_speech_is_saved_as_wav_with_its_duration(gptproto_target, vcr, tmp_path: Path):
    tool = make(OpenaiTextToSpeech, gptproto_target, output_dir=str(tmp_path))
    message = call(tool, {"input": "Hello there.", "response_format": "wav", "voice": "nova"})
    (audio,) = message.artifact.outputs
    saved = Path(audio.path or "")
    assert saved.parent == tmp_path and saved.suffix == ".wav" and saved.read_bytes()[:4] == b"RIFF"
    assert audio.url == saved.as_uri() and audio.kind == "audio"
    assert f"saved to {saved}" in message.content and "audio/wav" in message.content
    assert f"{saved.stat().st_size:,} bytes" in message.content and "0.72 s" in message.content
    (sent,) = posted(vcr, "/v1/audio/speech")
    assert json.loads(sent.body) == {
        "input": "Hello there.",
        "model": "gpt-4o-mini-tts",
        "voice": "nova",
        "response_format": "wav",
    }


def test_mp3_speech_has_no_known_duration(gptproto_target, vcr, tmp_path: Path):
    tool = make(OpenaiTextToSpeech, gptproto_target, output_dir=str(tmp_path))
    message = call(tool, {"input": "Hi.", "speed": 1.5, "instructions": "cheerful"})
    assert "audio/mpeg" in message.content and "duration unknown" in message.content
    assert Path(message.artifact.outputs[0].path).suffix == ".mp3"


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("json", "Hi. Bye."),
        ("text", "Hi. Bye.\n"),
        ("srt", "1\n00:00:00,000 --> 00:00:00,206\nHi.\n\n2\n00:00:00,206 --> 00:00:00,480\nBye."),
        ("vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:00.206\nHi.\n"),
        ("verbose_json", "Hi. Bye."),
    ],
    ids=["json", "text", "srt", "vtt", "verbose_json"],
)
def test_speech_round_trips_through_transcription_in_every_format(
    gptproto_target, vcr, tmp_path: Path, fmt: str, expected: str
):
    spoken = call(
        make(OpenaiTextToSpeech, gptproto_target, output_dir=str(tmp_path)),
        {"input": "Hi. Bye.", "response_format": "wav"},
    ).artifact.outputs[0]
    # A stable name: the saved file's name is random, and the upload carries it.
    stable = tmp_path / "hi.wav"
    stable.write_bytes(Path(spoken.path or "").read_bytes())
    args = {"file": str(stable), "response_format": fmt, "language": "en", "temperature": 0}
    task = call(make(OpenaiTranscribeAudio, gptproto_target), args).artifact
    assert task.status == "succeeded" and task.text.startswith(expected)
    (sent,) = posted(vcr, "/v1/audio/transcriptions")
    found = fields(sent)
    assert (found["file"][0], found["file"][2]) == ("hi.wav", stable.read_bytes())
    assert found["response_format"][2] == fmt.encode() and found["language"][2] == b"en"
    if fmt == "verbose_json":
        assert [s["text"] for s in task.raw["segments"]] == ["Hi.", "Bye."]
        assert "2 timed segments" in " ".join(task.notes)


async def test_async_edit_and_transcription(gptproto_target, vcr):
    edit = make(OpenaiEditImage, gptproto_target)
    edited = await edit.ainvoke(
        {
            "type": "tool_call",
            "id": "a",
            "name": edit.name,
            "args": {"image": str(PNG), "prompt": "x"},
        }
    )
    assert edited.artifact.status == "succeeded"
    heard = await make(OpenaiTranscribeAudio, gptproto_target).ainvoke(
        {"file": str(DATA / "sample.wav"), "response_format": "text"}
    )
    assert "seconds of audio" in heard
