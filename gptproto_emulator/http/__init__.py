"""The HTTP side of the emulator: server, app, middleware, key check, faults, clock and state.

    >>> from gptproto_emulator.http.server import EmulatorServer

Only docstrings here: importing a subpackage must not load Starlette or its siblings.
"""
