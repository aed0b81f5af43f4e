"""Raw bytes → `ParsedEmail`, never raising on malformed input.

Three tiers, each used only when the one before it fails:

1. mail-parser (a library the customer fixed) builds the message tree and reports the
   parser's defects part by part;
2. the stdlib `email` parser (compat32, which keeps undecodable bytes) if mail-parser
   raises;
3. a minimal `ParsedEmail` carrying only defects, for bytes that are not mail at all or
   that no parser can take (a `RecursionError` on hostile nesting).

Bodies, attachments and the leaf ledger come from our own walk of the tree
(`ingest.leaves`): we need every leaf accounted for, charset fallbacks recorded per part,
and wrappers (rfc822, TNEF, .msg) opened. (mail-parser also decodes every part and
address header for an attachment list and diagnostics we do not use: about 1.5 ms a
message, paid in the parsing process, which in the in-process intake is a helper.)
A failure anywhere inside the walk also ends in tier 3, with the error as a defect,
because one message must never stop a mailbox.
"""

from __future__ import annotations

import email
import logging
from email import policy
from email.header import Header
from email.message import Message

from ingest.autoreply import classify_kind
from ingest.containers import msg_to_mime
from ingest.extractors import html_to_text
from ingest.headers import (
    addresses,
    decode_value,
    decoded_headers,
    message_ids,
    parse_date,
)
from ingest.leaves import walk
from ingest.reply_text import extract_reply
from ingest.settings import ParseLimits
from ingest.sniff import is_outlook_msg, looks_like_email
from ingest.types import Address, ParsedEmail, RawEmail

__all__ = ["looks_like_email", "parse"]

log = logging.getLogger(__name__)
DELIVERY_HEADERS = ("delivered-to", "x-original-to", "envelope-to", "x-envelope-to")


def parse(
    raw: RawEmail,
    *,
    limits: ParseLimits = ParseLimits(),
    own_domains: frozenset[str] = frozenset(),
) -> ParsedEmail:
    """Parse one message; problems go to ``defects``, never to exceptions."""
    if not looks_like_email(raw.data):
        return minimal(raw, "not an email: no RFC 5322 header block at the start")
    data, notes = _mime_bytes(raw.data)
    if data is None:
        return minimal(raw, *notes)
    message, parser, defects = _build_tree(data)
    defects = [*notes, *defects]
    if message is None:
        return minimal(raw, *defects)
    try:
        return _parsed(raw, message, parser, defects, limits, own_domains)
    except Exception as exc:  # the last-resort tier; see the module docstring
        log.warning("parsing %s failed", raw.origin, exc_info=True)
        return minimal(raw, *defects, f"parse failed: {type(exc).__name__}: {exc}"[:300])


def minimal(raw: RawEmail, *defects: str) -> ParsedEmail:
    """The last-resort value: identity and defects, nothing read from the bytes."""
    return ParsedEmail(
        sha256=raw.sha256,
        message_id=_synthetic_id(raw.sha256),
        subject="",
        from_=None,
        defects=tuple(defects),
        parser="none",
    )


def _mime_bytes(data: bytes) -> tuple[bytes | None, list[str]]:
    """The bytes to parse: as given, or an Outlook ``.msg`` rewritten as MIME."""
    if not is_outlook_msg(data):
        return data, []
    converted, error = msg_to_mime(data)
    if converted is None:
        return None, [error or "Outlook .msg not convertible"]
    return converted, ["Outlook .msg converted to MIME; leaves are those of the conversion"]


def _build_tree(data: bytes) -> tuple[Message | None, str, list[str]]:
    try:
        import mailparser

        parsed = mailparser.MailParser.from_bytes(data)
        return parsed.message, "mail-parser", _mailparser_defects(parsed.defects)
    except Exception as exc:  # mail-parser raises many types; fall back to the stdlib
        note = f"mail-parser failed ({type(exc).__name__}), used the email package"
    try:
        message = email.message_from_bytes(data, policy=policy.compat32)
        return message, "email", [note, *_part_defects(message)]
    except Exception as exc:  # RecursionError on absurd nesting, mostly
        return None, "none", [note, f"email package failed: {type(exc).__name__}"]


def _mailparser_defects(defects: list[dict[str, list[str]]]) -> list[str]:
    found: list[str] = []
    for entry in defects:
        for content_type, problems in entry.items():
            found.extend(f"{content_type}: {problem}" for problem in problems)
    return list(dict.fromkeys(found))


def _part_defects(message: Message) -> list[str]:
    """The parser's defects, part by part, worded as mail-parser worded them."""
    found: list[str] = []
    for part in message.walk():
        if part.defects:
            content_type = part.get_content_type()
            found.extend(f"{content_type}: {type(d).__name__}: {d.__doc__}" for d in part.defects)
    return list(dict.fromkeys(found))


def _parsed(
    raw: RawEmail,
    message: Message,
    parser: str,
    defects: list[str],
    limits: ParseLimits,
    own_domains: frozenset[str],
) -> ParsedEmail:
    headers = decoded_headers(message)
    date, date_defect = parse_date(_first(message, "date"))
    found = walk(message, limits)
    text_body, html_body = "\n\n".join(found.texts), "\n\n".join(found.htmls)
    body_text = text_body or (html_to_text(html_body) if html_body else "")
    in_reply_to = message_ids(_first(message, "in-reply-to"))
    references = message_ids(" ".join(map(decode_value, _all(message, "references"))))
    references = references or in_reply_to
    senders = addresses(_all(message, "from"))
    from_ = _one(senders)
    subject = _first(message, "subject") or ""
    reply_text, reply_defect = _reply_text(text_body, html_body)
    kind, kind_reason = classify_kind(
        headers, from_.email if from_ else "", subject, message.get_content_type(), own_domains,
        reply_text, calendar_reply=_calendar_reply(message),
    )  # fmt: skip
    to, cc = addresses(_all(message, "to")), addresses(_all(message, "cc"))
    reply_to = addresses(_all(message, "reply-to"))
    listed = {"from": senders, "to": to, "cc": cc, "reply-to": reply_to}
    problems = [
        *defects,
        *_address_defects(listed),
        *found.defects,
        *(d for d in (date_defect, reply_defect) if d),
    ]
    return ParsedEmail(
        sha256=raw.sha256,
        message_id=_message_id(message, raw.sha256),
        subject=subject,
        from_=from_,
        to=to,
        cc=cc,
        reply_to=reply_to,
        delivered_to=_delivered_to(message),
        date=date,
        in_reply_to=in_reply_to,
        references=references,
        headers=headers,
        text_body=text_body,
        html_body=html_body,
        body_text=body_text,
        reply_text=reply_text,
        attachments=tuple(found.attachments),
        leaves=tuple(found.leaves),
        kind=kind,
        kind_reason=kind_reason,
        defects=tuple(dict.fromkeys(problems)),
        parser=parser,
    )


def _address_defects(listed: dict[str, tuple[Address, ...]]) -> list[str]:
    """Address header entries with no usable e-mail address in them."""
    return [
        f"{header} header: no e-mail address in {address.name[:80]!r}"
        for header, found in listed.items()
        for address in found
        if not address.email
    ]


def _calendar_reply(message: Message) -> bool:
    """A text/calendar part with METHOD:REPLY: a calendar's accept or decline."""
    return any(
        part.get_content_type() == "text/calendar"
        and str(part.get_param("method") or "").upper() == "REPLY"
        for part in message.walk()
    )


def _reply_text(text: str, html: str) -> tuple[str, str | None]:
    """The new text of the message; a failing extractor costs the reply text, not the mail."""
    try:
        return extract_reply(text, html), None
    except Exception as exc:  # another team's heuristics on hostile text
        log.warning("reply extraction failed", exc_info=True)
        return text.strip(), f"reply extraction failed: {type(exc).__name__}"


def _first(message: Message, name: str) -> str | None:
    value = message.get(name)
    return None if value is None else decode_value(value)


def _all(message: Message, name: str) -> list[str | Header]:
    """Raw values: addresses are split before their names are decoded."""
    return list(message.get_all(name, []))


def _one(found: tuple[Address, ...]) -> Address | None:
    return found[0] if found else None


def _delivered_to(message: Message) -> tuple[Address, ...]:
    found: list[Address] = []
    for name in DELIVERY_HEADERS:
        found.extend(addresses(_all(message, name)))
    return tuple(dict.fromkeys(found))


def _message_id(message: Message, sha: str) -> str:
    ids = message_ids(_first(message, "message-id"))
    return ids[0] if ids else _synthetic_id(sha)


def _synthetic_id(sha: str) -> str:
    return f"<{sha}@sha256.invalid>"
