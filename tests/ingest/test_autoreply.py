from __future__ import annotations

import pytest

from ingest import MailKind, parse
from ingest.autoreply import classify_kind
from tests.ingest.builders import raw, simple_mail

OWN = frozenset({"mailroom.example"})


@pytest.mark.parametrize(
    ("headers", "sender", "subject", "content_type", "kind", "reason"),
    [
        (
            [("Message-ID", "<mr.abc123@mailroom.example>"), ("X-Mailroom-Sent", "yes")],
            "mailroom@mailroom.example",
            "Filed",
            "text/plain",
            MailKind.OWN,
            "X-Mailroom-Sent",
        ),
        (
            [("Message-ID", "<mr.c-tok.abc@mailroom.example>")],
            "x@y.example",
            "Re: x",
            "text/plain",
            MailKind.OWN,
            "Message-ID in our domain",
        ),
        (
            [("Content-Type", 'multipart/report; report-type="delivery-status"')],
            "x@y.example",
            "Undelivered",
            "multipart/report",
            MailKind.BOUNCE,
            "delivery-status",
        ),
        ([], "MAILER-DAEMON@mx.example", "failure", "text/plain", MailKind.BOUNCE, "mailer-daemon"),
        ([], "postmaster@mx.example", "failure", "text/plain", MailKind.BOUNCE, "postmaster"),
        (
            [("X-Failed-Recipients", "a@b.example")],
            "x@y.example",
            "oops",
            "text/plain",
            MailKind.BOUNCE,
            "X-Failed-Recipients",
        ),
        (
            [("Auto-Submitted", "auto-replied")],
            "x@y.example",
            "Re: quote",
            "text/plain",
            MailKind.AUTO_REPLY,
            "Auto-Submitted: auto-replied",
        ),
        (
            [("X-Autoreply", "yes")],
            "x@y.example",
            "Re: quote",
            "text/plain",
            MailKind.AUTO_REPLY,
            "x-autoreply",
        ),
        (
            [("X-Autorespond", "x")],
            "x@y.example",
            "Re: quote",
            "text/plain",
            MailKind.AUTO_REPLY,
            "x-autorespond",
        ),
        (
            [],
            "x@y.example",
            "Out of Office: back Monday",
            "text/plain",
            MailKind.AUTO_REPLY,
            "vacation subject",
        ),
        (
            [],
            "x@y.example",
            "Automatic reply: Quote",
            "text/plain",
            MailKind.AUTO_REPLY,
            "vacation subject",
        ),
        (
            [],
            "x@y.example",
            "Abwesenheitsnotiz: Angebot",
            "text/plain",
            MailKind.AUTO_REPLY,
            "vacation subject",
        ),
        (
            [],
            "x@y.example",
            "Réponse automatique : Devis",
            "text/plain",
            MailKind.AUTO_REPLY,
            "vacation subject",
        ),
        (
            [("Precedence", "bulk")],
            "x@y.example",
            "News",
            "text/plain",
            MailKind.LIST,
            "Precedence: bulk",
        ),
        (
            [("List-Id", "<lab.lists.example>")],
            "x@y.example",
            "News",
            "text/plain",
            MailKind.LIST,
            "list-id",
        ),
        (
            [("List-Unsubscribe", "<mailto:u@x>")],
            "x@y.example",
            "News",
            "text/plain",
            MailKind.LIST,
            "list-unsubscribe",
        ),
    ],
)
def test_signal_gives_kind_and_reason(
    headers: list[tuple[str, str]],
    sender: str,
    subject: str,
    content_type: str,
    kind: MailKind,
    reason: str,
) -> None:
    # Given one signal / When classified / Then the kind is right and the reason names it
    found, why = classify_kind(headers, sender, subject, content_type, OWN)
    assert found is kind
    assert reason.lower() in why.lower()


@pytest.mark.parametrize(
    ("headers", "subject"),
    [
        ([("Auto-Submitted", "no")], "Re: quote"),
        ([("Message-ID", "<mr.abc@other.example>")], "Re: quote"),
        ([], "Re: our out of office coverage plan"),
        ([], "Vacation schedule for the lab"),
    ],
)
def test_normal_mail_is_not_mistaken_for_automatic(
    headers: list[tuple[str, str]], subject: str
) -> None:
    assert classify_kind(headers, "pm@sponsor.example", subject, "text/plain", OWN) == (
        MailKind.NORMAL,
        "",
    )


def test_bounce_wins_over_auto_submitted() -> None:
    # Given a DSN that also says Auto-Submitted / Then it is a bounce
    headers = [
        ("Auto-Submitted", "auto-replied"),
        ("Content-Type", "multipart/report; report-type=delivery-status"),
    ]
    assert classify_kind(headers, "x@y", "", "multipart/report", OWN)[0] is MailKind.BOUNCE


def test_parse_fills_kind_for_our_own_mail() -> None:
    # Given a mail we sent (our Message-ID domain) coming back in
    mail = simple_mail(X_Mailroom_Sent="yes")
    mail.replace_header("Message-ID", "<mr.0f0f@mailroom.example>")
    # When parsed with our domain / Then it is OWN
    parsed = parse(raw(mail), own_domains=OWN)
    assert parsed.kind is MailKind.OWN
    assert "mailroom.example" in parsed.kind_reason
