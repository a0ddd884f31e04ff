"""OpenAI image edits and audio routes of the emulator (API.md §3.3, §3.8, §3.9): multipart
parsing, refusals naming the field, real tiny audio files, every transcript format."""

from __future__ import annotations

import base64
import io
import wave
from collections.abc import Iterator

import httpx
import pytest

from gptproto_emulator import EmulatorServer
from tests.conftest import DATA

PNG = (DATA / "sample.png").read_bytes()


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def _message(response: httpx.Response) -> str:
    return str(response.json()["error"]["message"])


def test_edits_take_image_files_and_answer_the_images_shape(http: httpx.Client):
    files = [("image", ("a.png", PNG, "image/png")), ("image", ("b.png", PNG, "image/png"))]
    files.append(("mask", ("m.png", PNG, "image/png")))
    data = {"prompt": "add a hat", "model": "gpt-image-1", "n": "2", "response_format": "b64_json"}
    answer = http.post("/v1/images/edits", files=files, data=data)
    assert answer.status_code == 200
    items = answer.json()["data"]
    assert len(items) == 2 and all(base64.b64decode(i["b64_json"])[:4] == b"\x89PNG" for i in items)
    assert items[0]["revised_prompt"].startswith("add a hat")


@pytest.mark.parametrize(
    ("files", "data", "field"),
    [
        ([], {"prompt": "p"}, "'image' (a file) is required"),
        ([("image", ("a.png", PNG, "image/png"))], {}, "'prompt' is required"),
        (
            [("image", ("a.png", PNG, "image/png")), ("mask", ("m.jpg", PNG, "image/jpeg"))],
            {"prompt": "p"},
            "'mask' must be a PNG",
        ),
        ([("image", ("a.png", PNG, "image/png"))], {"prompt": "p", "n": "11"}, "'n' must be"),
        (
            [("image", ("a.png", PNG, "image/png"))],
            {"prompt": "p", "response_format": "gif"},
            "'response_format'",
        ),
    ],
)
def test_edits_refuse_a_broken_form_naming_the_field(http: httpx.Client, files, data, field):
    answer = http.post("/v1/images/edits", files=files or {"other": ("x", b"x")}, data=data)
    assert answer.status_code == 400 and field in _message(answer)


def test_an_image_sent_as_a_text_field_or_json_is_refused(http: httpx.Client):
    answer = http.post(
        "/v1/images/edits", files={"x": ("x", b"")}, data={"image": "a.png", "prompt": "p"}
    )
    assert answer.status_code == 400 and "'image' must be a file part" in _message(answer)
    answer = http.post("/v1/images/edits", json={"image": "a.png", "prompt": "p"})
    assert answer.status_code == 400 and "multipart/form-data" in _message(answer)


def test_speech_is_a_real_wav_or_mp3_or_pcm(http: httpx.Client):
    body = {"model": "gpt-4o-mini-tts", "input": "The quick brown fox.", "voice": "alloy"}
    wav = http.post("/v1/audio/speech", json={**body, "response_format": "wav"})
    assert wav.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(wav.content)) as audio:
        assert (
            audio.getnchannels() == 1
            and audio.getnframes() / audio.getframerate() == pytest.approx(1.2)
        )
    mp3 = http.post("/v1/audio/speech", json=body)
    assert mp3.headers["content-type"] == "audio/mpeg" and mp3.content[:2] == b"\xff\xfb"
    pcm = http.post("/v1/audio/speech", json={**body, "response_format": "pcm", "speed": 2})
    assert len(pcm.content) == int(0.6 * 8000) * 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"voice": None}, "'voice'"),
        ({"input": ""}, "'input'"),
        ({"speed": 9}, "'speed'"),
        ({"response_format": "flac"}, "'response_format'"),
    ],
)
def test_speech_refuses_a_broken_body(http: httpx.Client, change, field):
    body = {"model": "gpt-4o-mini-tts", "input": "x", "voice": "alloy", **change}
    answer = http.post("/v1/audio/speech", json={k: v for k, v in body.items() if v is not None})
    assert answer.status_code == 400 and field in _message(answer)


def _speak(http: httpx.Client, text: str) -> bytes:
    body = {"model": "gpt-4o-mini-tts", "input": text, "voice": "alloy", "response_format": "wav"}
    return http.post("/v1/audio/speech", json=body).content


def test_transcription_hears_the_emulators_own_speech_in_every_format(http: httpx.Client):
    audio = _speak(http, "Hi. Bye.")

    def heard(fmt: str) -> httpx.Response:
        data = {"model": "gpt-4o-transcribe", "response_format": fmt, "language": "en"}
        return http.post(
            "/v1/audio/transcriptions", files={"file": ("a.wav", audio, "audio/wav")}, data=data
        )

    assert heard("json").json() == {"text": "Hi. Bye."}
    verbose = heard("verbose_json").json()
    assert verbose["duration"] == pytest.approx(0.48) and verbose["language"] == "en"
    assert [s["text"] for s in verbose["segments"]] == ["Hi.", "Bye."]
    assert heard("text").text == "Hi. Bye.\n"
    srt = heard("srt")
    assert srt.text.startswith("1\n00:00:00,000 --> 00:00:00,206\nHi.\n\n2\n")
    assert heard("vtt").text.startswith("WEBVTT\n\n00:00:00.000 --> ")


def test_other_audio_is_heard_as_its_length(http: httpx.Client):
    wav = (DATA / "sample.wav").read_bytes()
    answer = http.post(
        "/v1/audio/transcriptions", files={"file": ("s.wav", wav)}, data={"model": "whisper-1"}
    )
    assert answer.json() == {"text": "This is 0.5 seconds of audio."}


@pytest.mark.parametrize(
    ("files", "data", "field"),
    [
        ({"other": ("x", b"x")}, {"model": "whisper-1"}, "'file' (a file) is required"),
        ({"file": ("a.wav", b"RIFF")}, {}, "'model' is required"),
        (
            {"file": ("a.wav", b"RIFF")},
            {"model": "m", "response_format": "docx"},
            "'response_format'",
        ),
        ({"file": ("a.wav", b"RIFF")}, {"model": "m", "temperature": "2"}, "'temperature'"),
    ],
)
def test_transcription_refuses_a_broken_form(http: httpx.Client, files, data, field):
    answer = http.post("/v1/audio/transcriptions", files=files, data=data)
    assert answer.status_code == 400 and field in _message(answer)


def test_reverse_image_models_stream_progress_lines_before_the_link(http: httpx.Client):
    body = {"model": "gpt-4o-image-vip", "messages": [{"role": "user", "content": "Draw a horse"}]}
    content = http.post("/v1/chat/completions", json=body).json()["choices"][0]["message"][
        "content"
    ]
    assert content.startswith("> Image generation task created")
    assert content.index("> Image generated") < content.index(f"![image]({http.base_url}")
    plain = {**body, "model": "gpt-image-1"}
    assert (
        "Generating"
        not in http.post("/v1/chat/completions", json=plain).json()["choices"][0]["message"][
            "content"
        ]
    )
