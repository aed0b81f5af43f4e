"""Text from an attachment, chosen by type from one literal dispatch table.

The kind is decided by file extension first (what the sender's program saved), then by
content type (many clients send everything as ``application/octet-stream``). Every
failure becomes a status and a reason: library exceptions stop here, because PDFium,
openpyxl and python-docx raise anything from `KeyError` to `struct.error` on hostile
files, and one bad attachment must not fail the message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import PurePosixPath

from ingest import extractors
from ingest.pdf_text import pdf_text
from ingest.types import TextStatus

Extractor = Callable[[bytes, int], str]

EXTRACTORS: dict[str, Extractor] = {
    "pdf": pdf_text,
    "xlsx": extractors.xlsx_text,
    "docx": extractors.docx_text,
    "csv": extractors.csv_text,
    "tsv": extractors.plain_text,
    "text": extractors.plain_text,
    "html": extractors.html_text,
}

BY_EXTENSION: dict[str, str] = {
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".docx": "docx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".log": "text",
    ".json": "text",
    ".xml": "text",
    ".htm": "html",
    ".html": "html",
}

BY_CONTENT_TYPE: dict[str, str] = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "text",
    "text/markdown": "text",
    "application/json": "text",
    "text/xml": "text",
    "application/xml": "text",
    "text/html": "html",
}

log = logging.getLogger(__name__)


def kind_of(filename: str, content_type: str) -> str | None:
    """The extractor name for a file, or None when we don't extract that type."""
    suffix = PurePosixPath(filename.lower()).suffix
    if suffix in BY_EXTENSION:
        return BY_EXTENSION[suffix]
    return BY_CONTENT_TYPE.get(content_type.lower().split(";")[0].strip())


def extract_text(
    data: bytes, filename: str, content_type: str, *, max_chars: int = 200_000
) -> tuple[str, TextStatus, str | None]:
    """``(text, status, reason)`` for one attachment; never raises on bad data."""
    kind = kind_of(filename, content_type)
    if kind is None:
        return "", TextStatus.UNSUPPORTED, None
    try:
        text = EXTRACTORS[kind](data, max_chars)
    except extractors.Unreadable as exc:
        return "", TextStatus.UNREADABLE, f"{kind}: {exc}"
    except Exception as exc:  # library errors on hostile files; see the module docstring
        log.debug("extracting %s from %r failed", kind, filename, exc_info=True)
        return "", TextStatus.UNREADABLE, f"{kind}: {type(exc).__name__}: {exc}"[:300]
    if len(text) > max_chars:
        return text[:max_chars], TextStatus.TRUNCATED, f"cut at {max_chars} characters"
    if not text.strip():
        return "", TextStatus.EMPTY, None
    return text, TextStatus.OK, None
