"""All media routes in one list, so the app registers them with one line.

>>> len(media_routes(EmulatorState())) > 10  # doctest: +SKIP
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.media.cdn import cdn_routes
from gptproto_emulator.media.doubao.images import doubao_routes
from gptproto_emulator.media.flux import flux_routes
from gptproto_emulator.media.ideogram.routes import ideogram_routes
from gptproto_emulator.media.images import images_routes
from gptproto_emulator.media.kling.routes import kling_routes
from gptproto_emulator.media.midjourney.routes import midjourney_routes
from gptproto_emulator.media.suno.routes import suno_routes


def media_routes(state: EmulatorState) -> list[BaseRoute]:
    """Midjourney (§7), Suno (§8), Kling (§9), Ideogram (§11), Flux (§12.3-§12.4), Doubao
    images (§13.3-§13.5), image generation routes, and the result files they link to."""
    return [
        *midjourney_routes(state),
        *suno_routes(state),
        *kling_routes(state),
        *flux_routes(state),
        *images_routes(state),
        *ideogram_routes(state),
        *doubao_routes(state),
        *cdn_routes(),
    ]
