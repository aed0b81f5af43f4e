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
_DAEMONS = frozenset({"mailer-daemon", "mail-daemon", "maildaemon"})
# "postmaster" is also a person's mailbox (an IT admin writes from it): it bounces only with
# a bounce's subject or structure.
_POSTMASTERS = frozenset({"postmaster"})
# The responder's marker leads the subject and ends there or at a colon ("Automatic reply:
# Quote Q-12", "Out of Office AutoReply: …"): "RE: Automatic reply: …" is a person
# answering one, "Out of office next week - handover" a person writing one.
_VACATION_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?"
    r"(?:out\s+of\s+(?:the\s+)?office(?:\s+auto\s*reply)?|automatic\s+reply|auto[\s-]?reply"
    r"|autoresponse|auto[\s-]?response|vacation\s+(?:reply|notice|message)|on\s+vacation"
    r"|abwesenheitsnotiz|automatische\s+antwort|abwesenheit|nicht\s+im\s+b[üu]ro"
    r"|r[ée]ponse\s+automatique|absence\s+du\s+bureau|absent(?:e)?\s+du\s+bureau"
    r"|message\s+d['’]absence|respuesta\s+autom[áa]tica|risposta\s+automatica"
    r"|automatisch\s+antwoord|resposta\s+autom[áa]tica|自動応答|自动回复|自動回覆)"
    r"(?=\s*(?:[:：]|$))",
    re.IGNORECASE,
)
# HCL Notes/Domino's out-of-office agent names the person first: "Kim Lee is out of the office."
_DOMINO_ABSENCE = re.compile(
    r"^[^:]{1,60}?\b(?:is\s+out\s+of\s+the\s+office|ist\s+nicht\s+im\s+b[üu]ro"
    r"|est\s+absente?\s+du\s+bureau)\.?\s*$",
    re.IGNORECASE,
)
_ROOM_TEXT = re.compile(
    r"\byour\s+(?:meeting\s+)?request\s+(?:was|has\s+been)\s+(?:accepted|declined|tentatively)"
    r"|\bihre\s+anfrage\s+wurde\s+(?:angenommen|abgelehnt)"
    r"|\bsu\s+solicitud\s+(?:fue|ha\s+sido)\s+(?:aceptada|rechazada)"
    r"|\bvotre\s+demande\s+a\s+[ée]t[ée]\s+(?:accept[ée]e|refus[ée]e)"
    r"|\bla\s+tua\s+richiesta\s+[èe]\s+stata\s+(?:accettata|rifiutata)",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(?:undeliverable|undelivered\s+mail|returned\s+mail|mail\s+delivery\s+(?:failed|failure"
    r"|subsystem)|delivery\s+(?:status\s+notification|failure|has\s+failed|delayed|notification)"
    r"|failure\b|warning:\s+could\s+not\s+send|unzustellbar|non\s+remis|non\s+distribuibile"
    r"|no\s+se\s+puede\s+entregar|onbestelbaar)"
    r"|^\s*(?:系统退信|退信|邮件退回|无法投递|配信不能|送信エラー|メール配信エラー|반송|전송\s?실패)",
    re.IGNORECASE,
)
# Canned responders that set no header: the text says what it is. Only short texts are
# read, and only wording a person does not write in a note of their own.
CANNED_MAX_WORDS = 120
_CANNED_TEXT = re.compile(
    r"\b(?:i\s+am|i'm)\s+(?:currently\s+)?(?:out\s+of\s+(?:the\s+)?office|on\s+(?:annual\s+"
    r"|parental\s+|sick\s+|maternity\s+)?leave|away\s+from\s+the\s+office|on\s+vacation)"
    r"\s+(?:until|till|through|returning|and\s+will\s+(?:be\s+back|return|not\s+be))"
    r"|\bplease\s+note\s+that\s+i\s+am\s+(?:out|on\s+\w*\s*leave|away)"
    r"|\bthis\s+is\s+an\s+automated\s+(?:message|response|reply|notification|acknowledg)"
    r"|\b(?:ticket|incident|case|request)\s+(?:#|no\.?|number)?\s*[A-Z]{0,8}-?\d{3,}\s+has\s+been"
    r"\s+(?:opened|created|logged|received|raised)"
    r"|\bwe\s+have\s+received\s+your\s+(?:request|e-?mail|message|ticket)\b.{0,160}\b(?:ticket"
    r"|reference|case)\b"
    r"|\b(?:is|are)\s+no\s+longer\s+(?:with|employed\s+(?:at|by)|working\s+(?:at|for))\b"
    r"|\bnicht\s+mehr\s+(?:im\s+unternehmen|(?:\w+\s+){0,4}?(?:besch[äa]ftigt|t[äa]tig))"
    r"|\bdies\s+ist\s+eine\s+automatisch\s+(?:generierte|erstellte|versandte)\s+(?:nachricht|antwort)"
    r"|\bich\s+bin\s+(?:bis|vom|ab|derzeit|zurzeit)\b.{0,80}\b(?:nicht\s+im\s+b[üu]ro|abwesend"
    r"|im\s+urlaub)"
    r"|\bje\s+suis\s+(?:actuellement\s+)?(?:absente?|en\s+cong[ée]s?)\b.{0,80}\bjusqu"
    r"|\b(?:estoy|me\s+encuentro)\s+(?:fuera\s+de\s+la\s+oficina|de\s+vacaciones)"
    r"|\bsono\s+(?:fuori\s+ufficio|in\s+ferie|assente)\b"
    r"|\bik\s+ben\s+(?:afwezig|met\s+vakantie|niet\s+op\s+kantoor)\b",
    re.IGNORECASE | re.DOTALL,
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
        text: str = "",
        calendar_reply: bool = False,
    ) -> None:
        self.calendar_reply = calendar_reply
        self.headers = [(k.lower(), v) for k, v in headers]
        self.from_addr = (from_addr or "").lower()
        self.subject = subject or ""
        self.content_type = (content_type or "").lower()
        self.own_domains = frozenset(d.lower() for d in own_domains)
        self.text = text or ""

    def get(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None


def _own(mail: _Mail) -> str | None:
    match = _OWN_ID.match((mail.get("message-id") or "").strip())
    if not match or match.group(1).lower() not in mail.own_domains:
        domain = mail.from_addr.rpartition("@")[2]  # our mail redirected back by a rule
        return f"sent from our domain {domain}" if domain in mail.own_domains else None
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
    if local in _DAEMONS:
        return f"sender is {local}"
    if local in _POSTMASTERS and _BOUNCE_SUBJECT.match(mail.subject):
        return f"sender is {local}, subject {mail.subject[:40]!r}"
    return None


def _null_sender(mail: _Mail) -> str | None:
    """Return-Path <>: no person's mail travels with an empty envelope sender."""
    if (mail.get("return-path") or "").strip() != "<>":
        return None
    if _BOUNCE_SUBJECT.match(mail.subject) or "daemon" in (mail.get("from") or "").lower():
        return "empty Return-Path and a bounce's subject or sender"
    return None


def _null_sender_reply(mail: _Mail) -> str | None:
    return "empty Return-Path <>" if (mail.get("return-path") or "").strip() == "<>" else None


def _canned_text(mail: _Mail) -> str | None:
    text = mail.text[:2000]
    if len(text.split()) > CANNED_MAX_WORDS:
        return None
    match = _CANNED_TEXT.search(text)
    return f"canned responder text {match.group(0)[:40]!r}" if match else None


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
    match = _VACATION_SUBJECT.match(mail.subject) or _DOMINO_ABSENCE.match(mail.subject)
    return f"vacation subject {match.group(0).strip()!r}" if match else None


def _room_response(mail: _Mail) -> str | None:
    """A resource mailbox (a room, a device) answering a booking by itself. A person's
    "Accepted:" is a calendar reply too, but carries no such wording."""
    if mail.calendar_reply and _ROOM_TEXT.search(mail.text[:500]):
        return "calendar response of a resource mailbox"
    return None


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
    ("null-sender-bounce", MailKind.BOUNCE, _null_sender),
    ("failed-recipients", MailKind.BOUNCE, _failed_recipients),
    ("auto-submitted", MailKind.AUTO_REPLY, _auto_submitted),
    ("autoreply-headers", MailKind.AUTO_REPLY, _autoreply_headers),
    ("read-receipt", MailKind.AUTO_REPLY, _read_receipt),
    ("room-response", MailKind.AUTO_REPLY, _room_response),
    ("vacation-subject", MailKind.AUTO_REPLY, _vacation_subject),
    ("null-sender", MailKind.AUTO_REPLY, _null_sender_reply),
    ("canned-text", MailKind.AUTO_REPLY, _canned_text),
    ("precedence", MailKind.LIST, _precedence),
    ("list-headers", MailKind.LIST, _list_headers),
)


def classify_kind(
    headers: Headers,
    from_addr: str,
    subject: str,
    content_type: str,
    own_domains: frozenset[str] = frozenset(),
    text: str = "",
    calendar_reply: bool = False,
) -> tuple[MailKind, str]:
    """The kind of a message and the signal that decided it ("" for normal mail).

    ``text`` is the body's text (its new part will do): it is read only for the wording of
    header-less responders, and only when short. ``calendar_reply``: the mail carries a
    text/calendar part with METHOD:REPLY (an accept or decline).
    """
    mail = _Mail(headers, from_addr, subject, content_type, own_domains, text, calendar_reply)
    for _name, kind, check in CHECKS:
        reason = check(mail)
        if reason:
            return kind, reason
    return MailKind.NORMAL, ""
