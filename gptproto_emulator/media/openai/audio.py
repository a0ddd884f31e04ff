"""Tiny, valid audio files for the speech route, and what the transcription route "hears".

The emulator's speech is a quiet tone whose length follows the text (60 ms a character, at most
30 s). A WAV it makes carries the spoken text in a RIFF ``LIST``/``INFO`` ``ICMT`` chunk (players
skip it), so transcribing the emulator's own speech gives the text back: a round trip a test can
check. Any other audio is heard as its length.

    >>> wav_text(make_wav("Hello there"))
    'Hello there'
"""

from __future__ import annotations

import math
import re
import struct

RATE = 8000
SECONDS_PER_CHARACTER = 0.06
MAX_SECONDS = 30.0
# One MPEG-1 Layer III frame, 128 kbit/s at 44.1 kHz, with all-zero side info: silence.
_MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)
_MP3_FRAME_SECONDS = 1152 / 44100


def seconds_for(text: str, speed: float) -> float:
    return min(MAX_SECONDS, max(0.2, len(text) * SECONDS_PER_CHARACTER / speed))


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) % 2 else b"")


def pcm(seconds: float) -> bytes:
    """16-bit mono samples at 8 kHz: a soft 440 Hz tone."""
    count = int(seconds * RATE)
    samples = (int(800 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(count))
    return b"".join(struct.pack("<h", s) for s in samples)


def make_wav(text: str, speed: float = 1.0) -> bytes:
    """A PCM WAV of the text's length whose ``ICMT`` comment is the text."""
    fmt = struct.pack("<HHIIHH", 1, 1, RATE, RATE * 2, 2, 16)
    comment = text.encode("utf-8") + b"\0"
    info = _chunk(b"LIST", b"INFO" + _chunk(b"ICMT", comment))
    body = b"WAVE" + _chunk(b"fmt ", fmt) + info + _chunk(b"data", pcm(seconds_for(text, speed)))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def make_mp3(text: str, speed: float = 1.0) -> bytes:
    """Silent MP3 frames lasting as long as the speech would."""
    return _MP3_FRAME * max(1, round(seconds_for(text, speed) / _MP3_FRAME_SECONDS))


def _chunks(data: bytes, start: int, end: int) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    index = start
    while index + 8 <= end:
        kind = data[index : index + 4]
        (size,) = struct.unpack("<I", data[index + 4 : index + 8])
        found.setdefault(kind, data[index + 8 : index + 8 + size])
        index += 8 + size + (size & 1)
    return found


def wav_text(data: bytes) -> str | None:
    """The ``ICMT`` comment of a WAV, if it has one."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    listed = _chunks(data, 12, len(data)).get(b"LIST", b"")
    if not listed.startswith(b"INFO"):
        return None
    comment = _chunks(listed, 4, len(listed)).get(b"ICMT")
    return comment.rstrip(b"\0").decode("utf-8", "replace") if comment else None


def wav_seconds(data: bytes) -> float | None:
    """The length a WAV states: its ``data`` bytes over the ``fmt `` byte rate."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    chunks = _chunks(data, 12, len(data))
    fmt, samples = chunks.get(b"fmt "), chunks.get(b"data")
    if not fmt or len(fmt) < 12 or samples is None:
        return None
    (byte_rate,) = struct.unpack("<I", fmt[8:12])
    return len(samples) / byte_rate if byte_rate else None


def heard(data: bytes) -> tuple[str, float]:
    """The transcript of an upload and its length in seconds (estimated for non-WAV audio)."""
    seconds = wav_seconds(data)
    text = wav_text(data)
    if text:
        return text, seconds or seconds_for(text, 1.0)
    if seconds is not None:
        return f"This is {seconds:.1f} seconds of audio.", seconds
    seconds = round(len(data) / 16000, 1)  # ~128 kbit/s
    return f"This is an audio file of {len(data)} bytes.", seconds


def segments(text: str, seconds: float) -> list[dict[str, object]]:
    """Sentences as OpenAI ``verbose_json`` segments, timed in proportion to their length."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s] or [text]
    total = sum(len(s) for s in sentences) or 1
    found, start = [], 0.0
    for number, sentence in enumerate(sentences):
        end = start + seconds * len(sentence) / total
        found.append(
            {
                "id": number,
                "seek": 0,
                "start": round(start, 3),
                "end": round(end, 3),
                "text": sentence,
                "temperature": 0.0,
                "avg_logprob": -0.2,
                "compression_ratio": 1.0,
                "no_speech_prob": 0.01,
            }
        )
        start = end
    return found


def _stamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02}:{minutes:02}:{rest // 1000:02}{separator}{rest % 1000:03}"


def subtitles(parts: list[dict[str, object]], kind: str) -> str:
    """SubRip (``srt``) or WebVTT (``vtt``) cues for the segments."""
    separator = "," if kind == "srt" else "."
    cues = []
    for part in parts:
        start, end = float(part["start"]), float(part["end"])  # type: ignore[arg-type]
        times = f"{_stamp(start, separator)} --> {_stamp(end, separator)}"
        number = f"{int(part['id']) + 1}\n" if kind == "srt" else ""  # type: ignore[call-overload]
        cues.append(f"{number}{times}\n{part['text']}\n")
    head = "WEBVTT\n\n" if kind == "vtt" else ""
    return head + "\n".join(cues)
