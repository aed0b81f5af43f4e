"""Frozen values that ingest hands to the rest of Mailroom.

Everything here is plain data: no parser objects, no file handles. A `ParsedEmail`
is complete on its own, so the composition root can file it without going back to
ingest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class MailKind(StrEnum):
    """What kind of mail this is, for the never-answer rules."""

    NORMAL = "normal"
    AUTO_REPLY = "auto_reply"  # out-of-office, vacation, Auto-Submitted: auto-replied
    BOUNCE = "bounce"  # delivery status notifications, mailer-daemon
    OWN = "own"  # mail Mailroom sent itself (our Message-ID domain / X-Mailroom header)
    LIST = "list"  # bulk / mailing-list traffic (List-Id, Precedence: bulk|list)


class LeafOutcome(StrEnum):
    """How one MIME leaf of a message ended; the ledger adds up to the leaves."""

    BODY = "body"  # a text/plain or text/html body part
    STORED = "stored"  # kept as an attachment (content-addressed)
    DEDUPLICATED = "deduplicated"  # same bytes as an earlier leaf of this message
    IGNORED = "ignored"  # deliberately not kept (reason says why, e.g. tracking pixel)
    REJECTED = "rejected"  # refused (reason says why, e.g. over the size limit)


class TextStatus(StrEnum):
    """Whether text could be extracted from an attachment."""

    OK = "ok"
    EMPTY = "empty"  # readable but no text (e.g. a scanned PDF)
    UNSUPPORTED = "unsupported"  # a type we do not extract (images, archives)
    UNREADABLE = "unreadable"  # claimed a type we read but failed (truncated PDF, fake XLSX)
    TRUNCATED = "truncated"  # text cut at the size/time limit


@dataclass(frozen=True)
class RawEmail:
    """The bytes of one message exactly as received, and where they came from."""

    data: bytes
    sha256: str
    origin: str  # e.g. "file:/path/a.eml", "mbox:/path#12", "imap:INBOX:1699:42"

    @classmethod
    def from_bytes(cls, data: bytes, origin: str) -> RawEmail:
        """The value for bytes read anywhere, with their sha256 computed here."""
        return cls(data=data, sha256=hashlib.sha256(data).hexdigest(), origin=origin)


@dataclass(frozen=True)
class Address:
    name: str
    email: str  # lower-cased addr-spec; "" when unparseable

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Leaf:
    """One MIME leaf and what became of it."""

    path: str  # MIME part path, e.g. "2.1"; nested containers add levels
    content_type: str
    filename: str | None
    size: int
    outcome: LeafOutcome
    reason: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A stored attachment, with its extracted text."""

    filename: str  # safe display name: never a path (no separators, no "..")
    content_type: str
    size: int
    sha256: str
    data: bytes = field(repr=False)
    text: str = ""
    text_status: TextStatus = TextStatus.OK
    text_error: str | None = None
    inline: bool = False
    content_id: str | None = None
    container: str | None = None  # e.g. "winmail.dat" or "message/rfc822" it came from


@dataclass(frozen=True)
class ParsedEmail:
    """One parsed message. Built by `ingest.parse`, which never raises on bad input."""

    sha256: str
    message_id: str  # with angle brackets; synthesised from sha256 when missing
    subject: str
    from_: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    delivered_to: tuple[Address, ...] = ()  # Delivered-To / X-Original-To / envelope hints
    date: datetime | None = None  # timezone-aware, UTC when the header had no zone
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # the whole chain, oldest first
    headers: tuple[tuple[str, str], ...] = ()  # decoded, in order
    text_body: str = ""
    html_body: str = ""
    body_text: str = ""  # best plain text: text part, else HTML turned into text
    reply_text: str = ""  # the new part only
    attachments: tuple[Attachment, ...] = ()
    leaves: tuple[Leaf, ...] = ()
    kind: MailKind = MailKind.NORMAL
    kind_reason: str = ""
    defects: tuple[str, ...] = ()  # parser defects and charset fallbacks, human readable
    parser: str = "email"  # the stdlib parser built the tree; "none" for the minimal value

    def header(self, name: str) -> str | None:
        """First value of a header, case-insensitive."""
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    def header_all(self, name: str) -> tuple[str, ...]:
        lname = name.lower()
        return tuple(v for k, v in self.headers if k.lower() == lname)

    @property
    def recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc + self.delivered_to
