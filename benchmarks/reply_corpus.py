"""Adapters that let the shared reply yardstick score `ingest.reply_text.extract_reply`.

The yardstick calls a function with the raw message bytes. These adapters parse with
the stdlib `email` package only (so they measure the extractor, not a parser), pick the
first text/plain and text/html body parts, and decode them leniently:

    .venv/bin/python /work/shared/corpus/replies/check_reply.py \\
        benchmarks.reply_corpus:reply --outcome benchmarks.reply_corpus:outcome --verbose

Run from the repository root. Nothing here is imported by Mailroom itself.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from ingest.reply_text import extract_reply

_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster|mail delivery (?:subsystem|system)", re.I)
_AUTO_SUBMITTED = re.compile(r"^\s*auto-(?:generated|replied|notified)", re.I)


def reply(raw: bytes) -> str:
    """The new text of the message in `raw`."""
    text, html = bodies(parse(raw))
    return extract_reply(text, html)


def outcome(raw: bytes) -> str:
    """normal | auto_generated | bounce, from headers and MIME structure only."""
    message = parse(raw)
    content_type = message.get_content_type()
    report_type = (message.get_param("report-type") or "").lower()
    if (content_type == "multipart/report" and report_type == "delivery-status") or any(
        part.get_content_type() == "message/delivery-status" for part in message.walk()
    ):
        return "bounce"
    if _BOUNCE_SENDER.search(str(message.get("From", ""))) or message.get("X-Failed-Recipients"):
        return "bounce"
    if _AUTO_SUBMITTED.match(str(message.get("Auto-Submitted", ""))):
        return "auto_generated"
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in {"bulk", "list", "junk", "auto_reply"}:
        return "auto_generated"
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return "auto_generated"
    return "normal"


def parse(raw: bytes) -> Message:
    """Stdlib parse; leading blank lines (an export artefact) would hide every header."""
    return email.message_from_bytes(raw.lstrip(b"\r\n"), policy=email.policy.compat32)


def bodies(message: Message) -> tuple[str, str]:
    """First inline text/plain and text/html bodies, decoded."""
    text = html = ""
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if (part.get("Content-Disposition") or "").lower().startswith("attachment"):
            continue
        subtype = part.get_content_subtype()
        if subtype == "plain" and not text:
            text = decode(part)
        elif subtype == "html" and not html:
            html = decode(part)
    return text, html


def decode(part: Message) -> str:
    """Payload as text: UTF-8 when non-ASCII bytes are valid UTF-8, else the declared charset.

    Valid UTF-8 with non-ASCII bytes is almost never another charset, and mislabelled
    UTF-8 (declared Big5, or no charset at all) is common.
    """
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    if not payload.isascii():  # 7-bit charsets (ISO-2022-JP) are also valid UTF-8
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for charset in (part.get_content_charset(), "cp1252", "latin-1"):
        if not charset:
            continue
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", "replace")
