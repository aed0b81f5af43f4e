"""Header decoding: RFC 2047 words, raw 8-bit bytes, addresses, dates, message-id lists.

Every function here returns something usable for any input and reports problems as
human-readable defect strings; header trouble never fails a message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

from ingest.charsets import decode_lenient
from ingest.types import Address

_MSG_ID = re.compile(r"<[^<>\s]+>")
_FOLD = re.compile(r"\r?\n[ \t]*")
_SURROGATE_ESCAPE = re.compile("[\udc80-\udcff]")
ADDRESS_HEADERS = ("from", "to", "cc", "reply-to", "delivered-to", "x-original-to")


def decode_value(value: object) -> str:
    """A header value as clean text: unfolded, encoded words decoded, 8-bit bytes guessed."""
    if isinstance(value, Header):
        return _decode_header_object(value)
    text = _unescape_surrogates(str(value))
    text = _FOLD.sub(" ", text)
    if "=?" not in text:
        return text.strip()
    try:
        return str(make_header(decode_header(text))).strip()
    except (ValueError, LookupError, UnicodeError, AssertionError, HeaderParseError):
        pass
    # An unknown or lying charset inside an encoded word: decode each word leniently.
    try:
        pieces = decode_header(text)
    except (ValueError, LookupError, AssertionError, HeaderParseError):
        return text.strip()
    words = [decode_lenient(c, cs) if isinstance(c, bytes) else c for c, cs in pieces]
    return " ".join(w.strip() for w in words if w.strip())


def _decode_header_object(value: Header) -> str:
    """compat32 wraps headers holding raw 8-bit bytes in a `Header` (charset unknown-8bit)."""
    pieces = decode_header(value)
    words = [decode_lenient(c, cs) if isinstance(c, bytes) else c for c, cs in pieces]
    return _FOLD.sub(" ", "".join(words)).strip()


def _unescape_surrogates(text: str) -> str:
    """Header bytes the parser could not decode arrive as surrogate escapes; guess a charset."""
    if text.isascii() or not _SURROGATE_ESCAPE.search(text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    return decode_lenient(raw)


def decoded_headers(message: Message) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), decode_value(value)) for name, value in message.items())


def addresses(values: list[str | Header]) -> tuple[Address, ...]:
    """Addresses from raw header values (names decoded after splitting, so an encoded
    comma can't split an address); e-mail lower-cased, "" when unparseable."""
    if not values:
        return ()  # most delivery headers are absent; the stdlib parser costs even on none
    raw = tuple(
        decode_value(v) if isinstance(v, Header) else _FOLD.sub(" ", _unescape_surrogates(v))
        for v in values
    )
    return _split_addresses(raw)


@lru_cache(maxsize=4096)
def _split_addresses(raw: tuple[str, ...]) -> tuple[Address, ...]:
    """`addresses` of unfolded values. Cached: a mailbox's From/To/Cc values repeat from
    mail to mail, and the stdlib parser costs ~40 µs a header (a third of header work)."""
    result: list[Address] = []
    for encoded_name, addr in getaddresses(list(raw)):
        name = decode_value(encoded_name)
        if not name and not addr:
            continue
        addr = addr.strip().lower()
        if addr and ("@" not in addr or " " in addr):
            name, addr = name or addr, ""
        result.append(Address(name=name.strip(), email=addr))
    return tuple(result)


def parse_date(value: str | None) -> tuple[datetime | None, str | None]:
    """An aware UTC datetime, or None and a defect."""
    if not value:
        return None, None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"unparseable Date header: {value[:80]!r}"
    if parsed is None:
        return None, f"unparseable Date header: {value[:80]!r}"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC), None


def message_ids(value: str | None) -> tuple[str, ...]:
    """Message-ids in order, deduplicated; bare ids without brackets are accepted alone."""
    if not value:
        return ()
    found = _MSG_ID.findall(value)
    if not found and value.strip() and " " not in value.strip():
        found = [f"<{value.strip().strip('<>')}>"]
    return tuple(dict.fromkeys(found))
