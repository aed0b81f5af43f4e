"""Cheap test of whether bytes are an email at all, before anyone tries to parse them.

Used by `open_source` and by commands that must refuse a PDF or a JPEG given where an
``.eml`` was expected, with a one-line error instead of a parse full of defects.
"""

from __future__ import annotations

import re

_HEAD_BYTES = 8192
_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:")
_KNOWN = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"subject",
        b"date",
        b"message-id",
        b"received",
        b"mime-version",
        b"return-path",
        b"content-type",
        b"delivered-to",
        b"reply-to",
        b"in-reply-to",
        b"references",
        b"sender",
        b"x-mailer",
        b"dkim-signature",
    }
)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MSG_STREAM = "__substg1.0_".encode("utf-16-le")


def is_outlook_msg(data: bytes) -> bool:
    """An Outlook ``.msg``: an OLE compound file holding MAPI property streams."""
    return data.startswith(OLE_MAGIC) and _MSG_STREAM in data


def looks_like_email(data: bytes) -> bool:
    """True for an Outlook ``.msg`` or bytes opening with an RFC 5322 header block that
    names a known header (a missing blank line before the body is tolerated)."""
    if is_outlook_msg(data):
        return True
    head = data[:_HEAD_BYTES].lstrip(b"\r\n")
    lines = head.splitlines()
    if lines and lines[0].startswith(b"From "):  # mbox envelope line
        lines = lines[1:]
    known = 0
    for number, line in enumerate(lines):
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and number > 0:
            continue  # folded continuation
        if not _HEADER_LINE.match(line):
            return known > 0  # body text without the separating blank line
        if line.split(b":", 1)[0].strip().lower() in _KNOWN:
            known += 1
    return known > 0
