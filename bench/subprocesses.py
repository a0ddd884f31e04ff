"""Running fresh interpreters (same ``sys.executable``) for cold-start measurements."""

from __future__ import annotations

import os
import subprocess
import sys

_TIMEOUT = 120.0


def run_python(code: str, *args: str) -> str:
    """Run ``python -c code args...`` in a fresh process; return its last stdout line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHONPROFILE")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"child failed ({result.returncode}): {result.stderr.strip()[-500:]}")
    lines = result.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError("child printed nothing")
    return lines[-1]
