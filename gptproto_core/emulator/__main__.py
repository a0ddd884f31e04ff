"""``python -m gptproto_core.emulator``: the command line of ``python -m gptproto_emulator``."""

from gptproto_emulator.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m gptproto_core.emulator"))
