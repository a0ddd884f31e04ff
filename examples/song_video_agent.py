"""A tool-calling agent that writes lyrics, makes a Suno song of them and a Kling video of the
song's cover art, with a progress bar per job.

Offline and keyless by default (the local emulator, its clock sped up); with GPTPROTO_API_KEY set
and GPTPROTO_BASE_URL unset it talks to gptproto.com.

    uv run python examples/song_video_agent.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from media_agent import run_tool_agent

REQUEST = (
    "Write lyrics with suno_generate_lyrics about 'a lighthouse keeper', then make the song with "
    "suno_generate_music, then make a video of its cover image with kling_image_to_video."
)


def run_song_video_agent(base_url: str, api_key: str, poll_interval: float = 2.0) -> list[str]:
    """Lyrics, a song of them (Suno), then a video of the song's cover (Kling)."""
    return run_tool_agent(base_url, api_key, REQUEST, ["suno", "kling"], poll_interval)


def main() -> None:
    key, url = os.environ.get("GPTPROTO_API_KEY"), os.environ.get("GPTPROTO_BASE_URL")
    if key and not url:
        run_song_video_agent("https://gptproto.com", key)
        return
    from gptproto_emulator import EmulatorServer

    with EmulatorServer() as server:
        server.set_clock_speed(10)
        run_song_video_agent(server.url, server.api_key, poll_interval=0.1)


if __name__ == "__main__":
    main()
