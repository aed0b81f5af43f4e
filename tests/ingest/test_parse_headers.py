from __future__ import annotations

from datetime import UTC, datetime

from ingest import MailKind, ParsedEmail, parse
from tests.ingest.builders import raw, simple_mail


def test_addresses_are_lower_cased_with_display_names_kept() -> None:
    # Given a mail from a mixed-case address with cc recipients
    mail = simple_mail(Cc='"Müller, Jörg" <J.Mueller@CRO.example>, bob@Lab.example')
    # When parsed
    parsed = parse(raw(mail))
    # Then addresses are lower-cased and the quoted comma stays in the name
    assert parsed.from_ is not None
    assert parsed.from_.email == "alice@sponsor.example"
    assert parsed.from_.name == "Alice Example"
    assert [(a.name, a.email) for a in parsed.cc] == [
        ("Müller, Jörg", "j.mueller@cro.example"),
        ("", "bob@lab.example"),
    ]


def test_date_becomes_aware_utc() -> None:
    # Given a Date header at +0100 / When parsed / Then it is the same instant in UTC
    parsed = parse(raw(simple_mail()))
    assert parsed.date == datetime(2024, 3, 5, 9, 15, tzinfo=UTC)


def test_rfc2047_subject_is_decoded() -> None:
    # Given a subject in encoded words (German and French)
    data = (
        simple_mail()
        .as_bytes()
        .replace(
            b"Subject: Quote for PRJ-7",
            b"Subject: =?utf-8?q?Angebot_f=C3=BCr_Probe?= =?iso-8859-1?q?_r=E9sum=E9?=",
        )
    )
    # When parsed / Then the subject reads as text
    assert parse(raw(data)).subject == "Angebot für Probe résumé"


def test_references_keep_the_whole_chain_oldest_first() -> None:
    # Given a reply whose References header is folded over lines
    data = simple_mail(In_Reply_To="<c@x.example>", References="<a@x.example>").as_bytes()
    data = data.replace(b"<a@x.example>", b"<a@x.example>\n <b@x.example> <c@x.example>", 1)
    # When parsed
    parsed = parse(raw(data))
    # Then the chain and the parent are kept in order
    assert parsed.references == ("<a@x.example>", "<b@x.example>", "<c@x.example>")
    assert parsed.in_reply_to == ("<c@x.example>",)


def test_missing_message_id_is_synthesised_from_sha256() -> None:
    # Given a mail without Message-ID
    mail = simple_mail()
    del mail["Message-ID"]
    # When parsed / Then a stable id is derived from the bytes
    parsed = parse(raw(mail))
    assert parsed.message_id == f"<{parsed.sha256}@sha256.invalid>"


def test_delivered_to_and_x_original_to_are_recipients() -> None:
    # Given envelope hints
    mail = simple_mail(Delivered_To="mailroom+abc@mailroom.example")
    mail["X-Original-To"] = "proj-abc+x@mailroom.example"
    # When parsed / Then they appear in delivered_to and in recipients
    parsed = parse(raw(mail))
    emails = [a.email for a in parsed.recipients]
    assert "mailroom+abc@mailroom.example" in emails
    assert "proj-abc+x@mailroom.example" in emails


def test_header_lookup_is_case_insensitive_and_decoded() -> None:
    parsed = parse(raw(simple_mail(X_Custom="=?utf-8?q?gr=C3=BC=C3=9Fe?=")))
    assert parsed.header("x-custom") == "grüße"


def test_body_text_and_reply_text_are_filled() -> None:
    # Given a plain reply quoting the previous mail
    parsed = parse(raw(simple_mail(body="Approved.\n\n> old text\n")))
    # Then the body keeps everything and the reply text only the new part
    assert "old text" in parsed.body_text
    assert parsed.reply_text == "Approved."
    assert isinstance(parsed, ParsedEmail)
    assert parsed.kind is MailKind.NORMAL


def test_html_only_mail_gets_body_text_from_html() -> None:
    # Given a mail with only an HTML body
    mail = simple_mail()
    mail.set_content("<p>Hello <b>team</b></p><p>Samples shipped.</p>", subtype="html")
    # When parsed / Then body_text is the HTML rendered as text
    parsed = parse(raw(mail))
    assert parsed.text_body == ""
    assert "Samples shipped." in parsed.body_text
    assert "<p>" not in parsed.body_text
