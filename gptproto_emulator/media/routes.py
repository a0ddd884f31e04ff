"""All media routes in one list, so the app registers them with one line.

>>> len(media_routes(EmulatorState())) > 10  # doctest: +SKIP
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.flux import flux_routes
from gptproto_emulator.media.images import images_routes
from gptproto_emulator.media.kling.routes import kling_routes
from gptproto_emulator.media.midjourney.routes import midjourney_routes
from gptproto_emulator.media.openai.routes import openai_routes
from gptproto_emulator.media.suno.routes import suno_routes


def media_routes(state: EmulatorState) -> list[BaseRoute]:
    """Midjourney (§7), Suno (§8), Kling (§9), Flux (§12.3-§12.4), image generation
    and OpenAI edits and audio (§3.3, §3.8, §3.9)."""
    return [
        *midjourney_routes(state),
        *suno_routes(state),
        *kling_routes(state),
        *flux_routes(state),
        *images_routes(state),
        *openai_routes(state),
    ]
