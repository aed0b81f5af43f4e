"""Which mail must never be answered: our own, bounces, auto-replies, list traffic.

The checks run in one declared order and the first hit wins. Own mail comes first
(answering ourselves is a mail loop), then bounces (a DSN usually also says
``Auto-Submitted``, but "bounce" is the more useful answer), then auto-replies, then
bulk/list mail. The reason names the signal, so a reviewer sees *why* a message was
left unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest.types import MailKind

Headers = Sequence[tuple[str, str]]
Check = Callable[["_Mail"], str | None]

_OWN_ID = re.compile(r"^<mr\.[^@<>]+@([^<>]+)>$", re.IGNORECASE)
_DAEMONS = frozenset({"mailer-daemon", "postmaster", "mail-daemon", "maildaemon"})
_VACATION_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|fw|fwd|tr|wg)\s*:\s*)*"
    r"(?:out\s+of\s+(?:the\s+)?office|automatic\s+reply|auto[\s-]?reply|autoresponse"
    r"|auto[\s-]?response|vacation\s+(?:reply|notice|message)|on\s+vacation"
    r"|abwesenheitsnotiz|automatische\s+antwort|abwesenheit|nicht\s+im\s+b[üu]ro"
    r"|r[ée]ponse\s+automatique|absence\s+du\s+bureau|absent(?:e)?\s+du\s+bureau"
    r"|message\s+d['’]absence)",
    re.IGNORECASE,
)


class _Mail:
    """The few facts the checks look at, with case-insensitive header access."""

    def __init__(
        self,
        headers: Headers,
        from_addr: str,
        subject: str,
        content_type: str,
        own_domains: frozenset[str],
    ) -> None:
        self.headers = [(k.lower(), v) for k, v in headers]
        self.from_addr = (from_addr or "").lower()
        self.subject = subject or ""
        self.content_type = (content_type or "").lower()
        self.own_domains = frozenset(d.lower() for d in own_domains)

    def get(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


def _own(mail: _Mail) -> str | None:
    match = _OWN_ID.match((mail.get("message-id") or "").strip())
    if not match or match.group(1).lower() not in mail.own_domains:
        return None
    if mail.get("x-mailroom-sent") is not None:
        return f"X-Mailroom-Sent with our Message-ID domain {match.group(1).lower()}"
    return f"Message-ID in our domain {match.group(1).lower()}"


def _delivery_report(mail: _Mail) -> str | None:
    content_type = (mail.get("content-type") or "").lower()
    if mail.content_type == "multipart/report" and "delivery-status" in content_type:
        return "multipart/report delivery-status"
    return None


def _daemon_sender(mail: _Mail) -> str | None:
    local = mail.from_addr.split("@", 1)[0]
    return f"sender is {local}" if local in _DAEMONS else None


def _failed_recipients(mail: _Mail) -> str | None:
    return "X-Failed-Recipients header" if mail.get("x-failed-recipients") else None


def _auto_submitted(mail: _Mail) -> str | None:
    value = (mail.get("auto-submitted") or "").strip().lower()
    if value and not value.startswith("no"):
        return f"Auto-Submitted: {value.split(';')[0]}"
    return None


def _autoreply_headers(mail: _Mail) -> str | None:
    for name in ("x-autoreply", "x-autorespond"):
        if mail.get(name) is not None:
            return f"{name} header"
    if (mail.get("precedence") or "").strip().lower() == "auto_reply":
        return "Precedence: auto_reply"
    return None


def _read_receipt(mail: _Mail) -> str | None:
    content_type = (mail.get("content-type") or "").lower()
    if mail.content_type == "multipart/report" and "disposition-notification" in content_type:
        return "read receipt (disposition-notification)"
    return None


def _vacation_subject(mail: _Mail) -> str | None:
    match = _VACATION_SUBJECT.match(mail.subject)
    return f"vacation subject {match.group(0).strip()!r}" if match else None


def _precedence(mail: _Mail) -> str | None:
    value = (mail.get("precedence") or "").strip().lower()
    return f"Precedence: {value}" if value in ("bulk", "junk", "list") else None


def _list_headers(mail: _Mail) -> str | None:
    for name in ("list-id", "list-unsubscribe"):
        if mail.get(name) is not None:
            return f"{name} header"
    return None


CHECKS: tuple[tuple[str, MailKind, Check], ...] = (
    ("own-message-id", MailKind.OWN, _own),
    ("delivery-report", MailKind.BOUNCE, _delivery_report),
    ("daemon-sender", MailKind.BOUNCE, _daemon_sender),
    ("failed-recipients", MailKind.BOUNCE, _failed_recipients),
    ("auto-submitted", MailKind.AUTO_REPLY, _auto_submitted),
    ("autoreply-headers", MailKind.AUTO_REPLY, _autoreply_headers),
    ("read-receipt", MailKind.AUTO_REPLY, _read_receipt),
    ("vacation-subject", MailKind.AUTO_REPLY, _vacation_subject),
    ("precedence", MailKind.LIST, _precedence),
    ("list-headers", MailKind.LIST, _list_headers),
)


def classify_kind(
    headers: Headers,
    from_addr: str,
    subject: str,
    content_type: str,
    own_domains: frozenset[str] = frozenset(),
) -> tuple[MailKind, str]:
    """The kind of a message and the signal that decided it ("" for normal mail)."""
    mail = _Mail(headers, from_addr, subject, content_type, own_domains)
    for _name, kind, check in CHECKS:
        reason = check(mail)
        if reason:
            return kind, reason
    return MailKind.NORMAL, ""
