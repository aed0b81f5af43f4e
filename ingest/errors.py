"""Ingest errors, grouped by what the caller must do about them.

    IngestError                 anything ingest raises on purpose
    ├── SourceError             not a source we can read (bad input: report, stop)
    ├── SourceUnavailable       the source exists but cannot be read right now (retry later)
    └── MalformedEmail          the message is broken beyond parsing (keep it, don't retry)

`ingest.parse` never raises: it records problems in `ParsedEmail.defects`. `MalformedEmail`
is for callers that must refuse bad bytes outright (for example a command given a PDF where
it expected an ``.eml``), so they can print one line and move on.
"""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error ingest raises on purpose."""


class SourceError(IngestError):
    """A path that is not an ``.eml`` file or folder, an mbox, or a Maildir."""


class SourceUnavailable(IngestError):
    """A source that should be readable is not, for now (I/O error, server down): retry."""


class MalformedEmail(IngestError):
    """Bytes that are not an email at all: keep them for review, never retry."""
