"""The emulator under the name users already import: a re-export of ``gptproto_emulator``.

    >>> from gptproto_core.emulator import EmulatorServer  # = gptproto_emulator.EmulatorServer

The names stay lazy, so importing this module does not import Starlette or uvicorn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import gptproto_emulator

if TYPE_CHECKING:
    from gptproto_emulator import DEFAULT_API_KEY, EmulatorServer, EmulatorState, create_app

__all__ = ["DEFAULT_API_KEY", "EmulatorServer", "EmulatorState", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(gptproto_emulator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
