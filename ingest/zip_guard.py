"""Refuse zip containers (XLSX, DOCX) that would expand into far more than they weigh.

Checked from the central directory alone, before any library opens the file: member
count, total declared uncompressed size, and the compression ratio of large members.
`zipfile` then stops reading each member at its declared size, so a directory that
lies about sizes cannot expand past what we checked.
"""

from __future__ import annotations

import io
import zipfile

MAX_MEMBERS = 5_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # honest sheet XML compresses 10-50x; zeros compress ~1000x
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may have any ratio


class ZipRefused(Exception):
    """The zip is not one we will open; the message says why."""


def check_zip(data: bytes) -> None:
    """Raise `ZipRefused` unless the bytes are a zip within our expansion limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ZipRefused(f"not a valid zip container ({exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise ZipRefused(f"zip bomb suspected: {len(members)} members")
    total = sum(member.file_size for member in members)
    if total > MAX_TOTAL_BYTES:
        raise ZipRefused(f"zip bomb suspected: expands to {total} bytes")
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise ZipRefused(f"zip bomb suspected: {member.filename!r} expands {ratio:.0f}x")
