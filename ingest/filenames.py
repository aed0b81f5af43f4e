"""Attachment file names as display names only: never a path, never a surprise.

A sender controls the name completely (``../../etc/passwd``, ``C:\\evil\\a.exe``, NULs,
right-to-left overrides, 5,000 characters). We keep the last path component, drop
control and formatting characters and leading dots, and cut the length while keeping
the extension. Nothing in Mailroom should ever join this name onto a path; blobs are
stored by sha256.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata

_SEPARATORS = re.compile(r"[\\/]")
_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')


def safe_filename(raw: str | None, index: int, content_type: str, max_chars: int = 150) -> str:
    """A harmless display name; ``attachment-<index>.<ext>`` when nothing usable is left."""
    name = _clean(raw or "")
    if not name:
        return f"attachment-{index}{_extension_for(content_type)}"
    return _shorten(name, max_chars)


def _clean(raw: str) -> str:
    name = "".join(ch for ch in raw if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    name = _SEPARATORS.split(name)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = name.strip().lstrip(".").strip()
    return name.replace("..", "_")


def _shorten(name: str, max_chars: int) -> str:
    if len(name) <= max_chars:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and 0 < len(ext) <= 10 and stem:
        return stem[: max_chars - len(ext) - 1] + "." + ext
    return name[:max_chars]


def _extension_for(content_type: str) -> str:
    if content_type in ("text/plain", "message/rfc822"):
        return ".txt" if content_type == "text/plain" else ".eml"
    return mimetypes.guess_extension(content_type, strict=False) or ".bin"
