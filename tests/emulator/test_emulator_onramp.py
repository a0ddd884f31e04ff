"""The on-ramp for a user's own code: the banner's export lines, --clock-speed, the fixture and the
helper that set the environment, and a 401 that names the key to use."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from gptproto_emulator import DEFAULT_API_KEY, EmulatorServer, emulator_environment
from gptproto_emulator.__main__ import main
from langchain_gptproto import ChatGPTProto, GPTProtoToolkit
from llama_index_gptproto import GPTProto, GPTProtoToolSpec

CHAT = "/v1/chat/completions"
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}


def _start_cli(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    command = [sys.executable, "-m", "gptproto_emulator", "--port", "0", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, [process.stdout.readline().strip() for _ in range(3)]


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


def test_banner_prints_export_lines_that_work() -> None:
    process, lines = _start_cli()
    try:
        url = re.fullmatch(r"export GPTPROTO_BASE_URL=(http://127\.0\.0\.1:\d+)", lines[1])
        key = re.fullmatch(r"export GPTPROTO_API_KEY=(\S+)", lines[2])
        assert url and key, lines
        assert key.group(1) == DEFAULT_API_KEY
        response = httpx.post(
            f"{url.group(1)}{CHAT}", json=BODY, headers={"Authorization": f"Bearer {key.group(1)}"}
        )
        assert response.status_code == 200
    finally:
        _stop(process)


def _midjourney_progress_after(url: str, seconds: float) -> str:
    headers = {"Authorization": DEFAULT_API_KEY}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as http:
        task_id = http.post("/mj/submit/imagine", json={"prompt": "a fox"}).json()["result"]
        # Real seconds pass while we wait; a Midjourney grid takes far longer at speed 1.
        import time

        time.sleep(seconds)
        status: str = http.get(f"/mj/task/{task_id}/fetch").json()["status"]
        return status


def test_clock_speed_flag_speeds_up_media_jobs() -> None:
    fast, lines = _start_cli("--clock-speed", "1000")
    slow, slow_lines = _start_cli()
    try:
        assert "clock speed 1000x" in lines[0]
        fast_url = lines[1].split("=", 1)[1]
        slow_url = slow_lines[1].split("=", 1)[1]
        assert _midjourney_progress_after(fast_url, 1.0) == "SUCCESS"
        assert _midjourney_progress_after(slow_url, 1.0) != "SUCCESS"
    finally:
        _stop(fast)
        _stop(slow)


@pytest.mark.parametrize("value", ["0", "-2", "nan", "inf", "fast"])
def test_clock_speed_must_be_a_positive_number(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--clock-speed", value])
    assert exit_info.value.code == 2
    assert "--clock-speed" in capsys.readouterr().err


def test_401_names_the_accepted_key(gptproto_emulator: EmulatorServer) -> None:
    for headers in ({}, {"Authorization": "Bearer sk-wrong"}):
        response = httpx.post(f"{gptproto_emulator.url}{CHAT}", json=BODY, headers=headers)
        assert response.status_code == 401
        error = response.json()["error"]
        assert set(error) == {"message", "type", "code"}
        assert error["code"] == "invalid_api_key"
        assert f"the emulator accepts the key {DEFAULT_API_KEY}" in error["message"]


def test_401_never_shows_a_key_the_emulator_was_started_with() -> None:
    with EmulatorServer(api_keys=["sk-mine-1", "sk-mine-2"]) as server:
        response = httpx.post(f"{server.url}{CHAT}", json=BODY)
    message = response.json()["error"]["message"]
    assert "sk-mine" not in response.text and "the key it was started with" in message


def test_fixture_sets_the_environment(gptproto_emulator_env: EmulatorServer) -> None:
    assert os.environ["GPTPROTO_BASE_URL"] == gptproto_emulator_env.url
    assert os.environ["GPTPROTO_API_KEY"] == gptproto_emulator_env.api_key


def test_user_code_with_no_arguments_reaches_the_fixture(
    gptproto_emulator_env: EmulatorServer,
) -> None:
    reply = ChatGPTProto(model="gpt-4o").invoke("Hello from my own code")
    assert "Hello from my own code" in str(reply.content)
    answer = GPTProto(model="gpt-4o").complete("And from LlamaIndex")
    assert "And from LlamaIndex" in answer.text
    requests = gptproto_emulator_env.counters()["requests"]
    assert requests == {"POST /v1/chat/completions": 2}


async def test_tools_with_no_arguments_reach_the_fixture(
    gptproto_emulator_env: EmulatorServer,
) -> None:
    gptproto_emulator_env.set_clock_speed(1000)
    tools = {tool.name: tool for tool in GPTProtoToolkit(include=["flux"]).get_tools()}
    text = await tools["flux_generate_image"].ainvoke({"prompt": "a lighthouse"})
    assert gptproto_emulator_env.url in str(text)
    spec_tools = GPTProtoToolSpec(include=["flux"]).to_tool_list()
    output = await spec_tools[0].acall(prompt="a harbour")
    assert gptproto_emulator_env.url in str(output)
    submissions = gptproto_emulator_env.counters()["submissions"]
    assert sum(submissions.values()) == 2, submissions


def test_helper_sets_and_restores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GPTPROTO_BASE_URL", raising=False)
    monkeypatch.setenv("GPTPROTO_API_KEY", "sk-before-0000")
    with emulator_environment() as server:
        assert os.environ["GPTPROTO_BASE_URL"] == server.url
        reply = ChatGPTProto(model="gpt-4o").invoke("Outside pytest")
        assert "Outside pytest" in str(reply.content)
        assert server.counters()["requests"] == {"POST /v1/chat/completions": 1}
    assert "GPTPROTO_BASE_URL" not in os.environ
    assert os.environ["GPTPROTO_API_KEY"] == "sk-before-0000"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/__emulator__/health")


def test_helper_accepts_a_running_server(gptproto_emulator: EmulatorServer) -> None:
    with emulator_environment(gptproto_emulator) as server:
        assert server is gptproto_emulator
    assert httpx.get(f"{gptproto_emulator.url}/__emulator__/health").json() == {"ok": True}


def _boxes(data: bytes) -> list[str]:
    """The top-level ISO-BMFF boxes of ``data`` (size + type, walking to the end exactly)."""
    kinds, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        assert size >= 8, f"box at {at} has size {size}"
        kinds.append(data[at + 4 : at + 8].decode("ascii"))
        at += size
    assert at == len(data)
    return kinds


def _mp3_frames(data: bytes) -> int:
    """Count MPEG-1 Layer III frames (32 kbit/s, 44.1 kHz), each header checked."""
    frames, at = 0, 0
    while at < len(data):
        header = data[at : at + 4]
        assert header[0] == 0xFF and header[1] & 0xFE == 0xFA, f"no frame sync at {at}"
        bitrate = (None, 32, 40, 48, 56, 64, 80, 96, 112, 128)[header[2] >> 4]
        assert bitrate and (header[2] >> 2) & 3 == 0  # 44.1 kHz
        at += 144 * bitrate * 1000 // 44100 + ((header[2] >> 1) & 1)
        frames += 1
    assert at == len(data)
    return frames


def test_media_results_are_real_files_on_the_answering_server(
    gptproto_emulator: EmulatorServer,
) -> None:
    from PIL import Image

    gptproto_emulator.set_clock_speed(1000)
    headers = {"Authorization": gptproto_emulator.api_key}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as http:
        body = {"mv": "chirp-v4", "prompt": "[Verse] la la", "tags": "pop"}
        ids = [clip["id"] for clip in http.post("/suno/generate", json=body).json()["clips"]]
        import time

        for _ in range(200):
            clips = http.get("/v1/suno/feed", params={"ids": ",".join(ids)}).json()
            if all(c["status"] == "complete" for c in clips):
                break
            time.sleep(0.05)
        clip = clips[0]
        urls = [clip["audio_url"], clip["video_url"], clip["image_large_url"]]
        assert all(u.startswith(f"{gptproto_emulator.url}/__emulator__/files/") for u in urls)
        # The files need no key, as on a vendor's CDN.
        audio, video, image = (httpx.get(u) for u in urls)
    assert audio.headers["content-type"] == "audio/mpeg"
    assert _mp3_frames(audio.content) > 10
    assert video.headers["content-type"] == "video/mp4"
    assert _boxes(video.content)[:1] == ["ftyp"]
    assert {"moov", "mdat"} <= set(_boxes(video.content))
    import io

    assert Image.open(io.BytesIO(image.content)).format == "JPEG"
    again = httpx.get(urls[1])
    assert again.content == video.content


@pytest.mark.parametrize(
    ("path", "kind"),
    [("kling/x-0.png", "PNG"), ("mj/1-preview.webp", "WEBP"), ("runway/t.jpg", "JPEG")],
)
def test_image_files_decode(gptproto_emulator: EmulatorServer, path: str, kind: str) -> None:
    import io

    from PIL import Image

    response = httpx.get(f"{gptproto_emulator.url}/__emulator__/files/{path}")
    picture = Image.open(io.BytesIO(response.content))
    picture.load()
    assert picture.format == kind


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe is not installed")
@pytest.mark.parametrize(("path", "codec"), [("suno/a.mp3", "mp3"), ("kling/a.mp4", "h264")])
def test_ffprobe_reads_the_media_files(
    gptproto_emulator: EmulatorServer, path: str, codec: str, tmp_path: Path
) -> None:
    target = tmp_path / path.replace("/", "-")
    target.write_bytes(httpx.get(f"{gptproto_emulator.url}/__emulator__/files/{path}").content)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", target],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == codec
