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


@pytest.mark.parametrize(
    ("headers", "sender", "subject", "text", "kind"),
    [
        # a person answering or writing about an out-of-office is a person
        ([], "pm@cro.example", "RE: Automatic reply: Quote Q-12", "Anna covers for her.", "normal"),
        ([], "pm@cro.example", "Out of office next week - handover", "Status per study.", "normal"),
        ([], "postmaster@cro.example", "Allow-listing mailroom.example", "Done on our side.",
         "normal"),
        # localised responders; an empty envelope sender; canned text with no header at all
        ([], "x@cro.example", "Respuesta automática: Quote Q-12", "", "auto_reply"),
        ([], "x@cro.example", "自動応答: 見積書", "", "auto_reply"),
        ([("Return-Path", "<>")], "x@cro.example", "Re: PO 4500123456", "", "auto_reply"),
        ([("Return-Path", "<>")], "", "Returned mail: User unknown", "", "bounce"),
        ([], "s@sponsor.example", "Re: PO 4500123456",
         "Thank you for your email. Please note that I am on annual leave until Monday 2nd "
         "September and will not be checking emails.", "auto_reply"),
        ([], "noreply@desk.example", "Re: Quote Q-2291",
         "Incident INC0012345 has been opened on your behalf.", "auto_reply"),
        # our own mail redirected back to us
        ([("Resent-From", "s@sponsor.example")], "PROJ-AB12@MailRoom.Example", "Filed", "",
         "own"),
    ],
)  # fmt: skip
def test_responders_are_told_from_people(
    headers: list[tuple[str, str]], sender: str, subject: str, text: str, kind: str
) -> None:
    found, _why = classify_kind(headers, sender.lower(), subject, "text/plain", OWN, text)
    assert found.value == kind


def test_a_persons_long_note_about_leave_is_not_canned() -> None:
    note = "I am out of the office until Monday. " + "Here is the status of each study. " * 30
    assert classify_kind([], "pm@cro.example", "Update", "text/plain", OWN, note)[0] is (
        MailKind.NORMAL
    )


@pytest.mark.parametrize(
    ("subject", "return_path", "kind"),
    [
        ("Patricia Koch is out of the office.", None, MailKind.AUTO_REPLY),  # HCL Domino
        ("系统退信", "<>", MailKind.BOUNCE),  # a null sender's bounce, by its subject
        ("配信不能: Re: Quote Q-12", "<>", MailKind.BOUNCE),
        ("Out of the office next week - Ana covers CR-7", None, MailKind.NORMAL),  # a person
    ],
)
def test_subjects_of_more_responders(subject: str, return_path: str | None, kind: MailKind) -> None:
    headers = [("Return-Path", return_path)] if return_path else []
    found, _why = classify_kind(headers, "someone@cro.example", subject, "text/plain", OWN)
    assert found is kind


def _meeting_response(note: str) -> bytes:
    return (
        "From: Room 2.03 <room-203@cro.example>\r\nTo: pm@cro.example\r\n"
        "Subject: Accepted: Kickoff IBG-0031\r\nMessage-ID: <r1@cro.example>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
        f"--b\r\nContent-Type: text/plain\r\n\r\n{note}\r\n"
        "--b\r\nContent-Type: text/calendar; method=REPLY\r\n\r\nBEGIN:VCALENDAR\r\n"
        "METHOD:REPLY\r\nEND:VCALENDAR\r\n--b--\r\n"
    ).encode()


def test_a_room_accepting_a_booking_is_automatic_a_person_accepting_is_not() -> None:
    # Given a room mailbox's canned acceptance and a person's acceptance with a note
    room = parse(raw(_meeting_response("Your request was accepted.")))
    person = parse(raw(_meeting_response("Happy to join, I'll bring the draft protocol.")))
    # Then the room's is an auto-reply (never answered); the person's is mail from a person
    assert room.kind is MailKind.AUTO_REPLY
    assert person.kind is MailKind.NORMAL
