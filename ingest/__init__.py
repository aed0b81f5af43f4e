"""ingest: mail in, typed values out. Knows mail, nothing about projects.

The public surface; nothing else is imported from outside the package::

    source = open_source(path)             # .eml file/folder, mbox or Maildir
    for raw in source:                     # RawEmail: bytes, sha256, origin
        RawStore(root).put(raw.data)       # raw bytes first, then parse
        parsed = parse(raw, own_domains=frozenset({"mailroom.example"}))
"""

from __future__ import annotations

from ingest import errors
from ingest.attachment_text import extract_text
from ingest.autoreply import classify_kind
from ingest.errors import IngestError, MalformedEmail, SourceError, SourceUnavailable
from ingest.parse import parse
from ingest.raw_store import RawStore, sha256_hex
from ingest.settings import ParseLimits
from ingest.sniff import looks_like_email
from ingest.sources import Source, open_source
from ingest.types import (
    Address,
    Attachment,
    Leaf,
    LeafOutcome,
    MailKind,
    ParsedEmail,
    RawEmail,
    TextStatus,
)

__all__ = [
    "Address",
    "Attachment",
    "IngestError",
    "Leaf",
    "LeafOutcome",
    "MailKind",
    "MalformedEmail",
    "ParseLimits",
    "ParsedEmail",
    "RawEmail",
    "RawStore",
    "Source",
    "SourceError",
    "SourceUnavailable",
    "TextStatus",
    "classify_kind",
    "errors",
    "extract_text",
    "looks_like_email",
    "open_source",
    "parse",
    "sha256_hex",
]
