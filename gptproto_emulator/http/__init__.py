"""The HTTP side of the emulator: server, app, middleware, key check, faults, clock and state.

    >>> from gptproto_emulator.http.server import EmulatorServer

No Starlette import here (importing a subpackage must not load it); only a check that the
`emulator` extra is installed, so its absence reads as the install line, not a bare
`ModuleNotFoundError: uvicorn` from deep inside the server.
"""

from importlib.util import find_spec

_MISSING = [name for name in ("starlette", "uvicorn") if find_spec(name) is None]
if _MISSING:
    raise ImportError(
        f"the gptproto emulator needs {' and '.join(_MISSING)}: "
        'pip install "gptproto-integrations[emulator]"'
    )
