"""All media routes in one list, so the app registers them with one line.

>>> len(media_routes(EmulatorState())) > 10  # doctest: +SKIP
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.cdn import cdn_routes
from gptproto_emulator.media.doubao.images import doubao_routes
from gptproto_emulator.media.flux import flux_routes
from gptproto_emulator.media.higgsfield.routes import higgsfield_routes
from gptproto_emulator.media.ideogram.routes import ideogram_routes
from gptproto_emulator.media.images import images_routes
from gptproto_emulator.media.kling.routes import kling_routes
from gptproto_emulator.media.midjourney.routes import midjourney_routes
from gptproto_emulator.media.openai.routes import openai_routes
from gptproto_emulator.media.runway.routes import runway_routes
from gptproto_emulator.media.seedance.routes import seedance_routes
from gptproto_emulator.media.suno.routes import suno_routes
from gptproto_emulator.media.veo.routes import veo_routes


def media_routes(state: EmulatorState) -> list[BaseRoute]:
    """Midjourney (§7), Suno (§8), Kling (§9), Runway (§10), Ideogram (§11), Flux (§12.3-§12.4),
    Veo (§5.2-§5.3), Doubao images and Seedance (§13.3-§13.7), higgsfield (§14), OpenAI edits and
    audio (§3.3, §3.8, §3.9), image generation routes, and the result files they link to."""
    return [
        *midjourney_routes(state),
        *suno_routes(state),
        *kling_routes(state),
        *flux_routes(state),
        *veo_routes(state),
        *seedance_routes(state),
        *images_routes(state),
        *runway_routes(state),
        *higgsfield_routes(state),
        *ideogram_routes(state),
        *doubao_routes(state),
        *cdn_routes(),
        *openai_routes(state),
    ]
