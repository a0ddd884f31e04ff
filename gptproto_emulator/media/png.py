"""A tiny, valid, deterministic PNG written with zlib (the image the image models "draw").

>>> make_png(8, 8, b"a cat").startswith(b"\\x89PNG")
True
"""

from __future__ import annotations

import hashlib
import struct
import zlib


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def make_png(width: int, height: int, seed: bytes) -> bytes:
    """An RGB gradient whose colours come from ``sha256(seed)``."""
    digest = hashlib.sha256(seed).digest()
    base = digest[:3]
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type: none
        for x in range(width):
            rows.extend(((base[0] + 16 * x) % 256, (base[1] + 16 * y) % 256, base[2]))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows)))
        + _chunk(b"IEND", b"")
    )
