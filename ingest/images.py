"""Tracking-pixel detection for image leaves.

A tracking pixel is an image whose only job is to be fetched or counted: tiny in bytes,
1x1 (or 2x2) in size, or named like one. Dimensions are read from the PNG and GIF
headers only; other formats fall back to the byte-size test.
"""

from __future__ import annotations

import re
import struct

_TRACKING_NAME = re.compile(r"(pixel|spacer|beacon|track|blank|transparent)", re.IGNORECASE)
_MAX_PIXEL_SIDE = 2


def dimensions(data: bytes) -> tuple[int, int] | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    return None


def is_tracking_pixel(data: bytes, filename: str, min_bytes: int) -> bool:
    if len(data) < min_bytes:
        return True
    size = dimensions(data)
    if size is not None and size[0] <= _MAX_PIXEL_SIDE and size[1] <= _MAX_PIXEL_SIDE:
        return True
    return len(data) < 4 * min_bytes and bool(_TRACKING_NAME.search(filename))
