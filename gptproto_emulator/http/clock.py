"""The emulator's clock: wall time that tests can speed up or jump forward (for media jobs).

>>> clock = Clock(speed=10.0)
>>> clock.advance(60)   # one emulated minute passes at once
"""

from __future__ import annotations

import asyncio
import threading
import time


class Clock:
    """Emulated time = start time + real elapsed time x ``speed`` + any ``advance`` jumps."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0")
        self._lock = threading.Lock()
        self._speed = speed
        self._real_base = time.monotonic()
        self._emulated_base = time.time()

    @property
    def speed(self) -> float:
        """How many emulated seconds pass per real second."""
        return self._speed

    def now(self) -> float:
        """Emulated Unix time in seconds."""
        with self._lock:
            return self._emulated_base + (time.monotonic() - self._real_base) * self._speed

    def set_speed(self, speed: float) -> None:
        """Change the speed from now on (emulated time stays continuous)."""
        if speed <= 0:
            raise ValueError("speed must be > 0")
        current = self.now()
        with self._lock:
            self._emulated_base, self._real_base, self._speed = current, time.monotonic(), speed

    def advance(self, seconds: float) -> None:
        """Jump emulated time forward."""
        with self._lock:
            self._emulated_base += seconds

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of emulated time."""
        await asyncio.sleep(seconds / self._speed)
