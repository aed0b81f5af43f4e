"""Rendering: every template, both parts, the headers we promise, escaping, threading."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP, default
from pathlib import Path

import pytest

from outbound.errors import MessageError, TemplateError
from outbound.render import (
    check_templates,
    make_message_id,
    message_bytes,
    render,
    render_bytes,
    reply_subject,
    template_names,
    thread_references,
)
from outbound.types import (
    TEMPLATE_CONTEXTS,
    DocumentFiledContext,
    Fact,
    OutgoingEmail,
    ProjectRef,
)
from tests.outbound.contexts import PROJECT, TOKEN, all_contexts, outgoing

REPO = Path(__file__).resolve().parents[2]
HOSTILE = '<script>alert("x")</script>'
BANNED_CLAIMS = ("SOC 2", "SOC2", "HIPAA", "ISO 27001", "GxP", "21 CFR", "certified", "compliant")


def _parts(msg: EmailMessage) -> tuple[str, str]:
    wire = message_from_bytes(message_bytes(msg), policy=default)
    text = wire.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = wire.get_body(("html",)).get_content()  # type: ignore[union-attr]
    return text, html


def test_every_template_name_has_all_three_parts() -> None:
    # Given the closed set of template names
    # When the package is checked
    check_templates()
    # Then every name is present with subject, text and HTML parts
    assert template_names() == tuple(TEMPLATE_CONTEXTS)


@pytest.mark.parametrize("name", list(TEMPLATE_CONTEXTS))
def test_template_renders_text_and_html_with_project_tag(name: str) -> None:
    # Given a filled context for the template
    # When it is rendered
    msg = render(outgoing(name))
    text, html = _parts(msg)
    # Then it is multipart/alternative with both parts, and the subject is one line
    assert msg.get_content_type() == "multipart/alternative"
    assert text.strip() and "<table" in html and "<html" in html
    assert "\n" not in str(msg["Subject"])
    if name != "refused_notice":  # a refusal notice never names a project
        assert "[PRJ-acme-tox]" in str(msg["Subject"])


@pytest.mark.parametrize("name", list(TEMPLATE_CONTEXTS))
def test_template_html_has_no_remote_resources_or_style_blocks(name: str) -> None:
    # Given any rendered HTML part
    _text, html = _parts(render(outgoing(name)))
    # When it is scanned for what mail clients block or drop
    # Then there are no remote images/links to resources and no <style>/<link> blocks
    assert not re.search(r"<img|<link|<style|src=|url\(", html, re.IGNORECASE)


@pytest.mark.parametrize("name", list(TEMPLATE_CONTEXTS))
def test_template_text_makes_no_compliance_claims(name: str) -> None:
    # Given any rendered message
    text, html = _parts(render(outgoing(name)))
    # When its words are checked
    # Then it claims no certification or compliance
    for claim in BANNED_CLAIMS:
        assert claim.lower() not in (text + html).lower()


def test_hostile_values_are_escaped_in_html_and_kept_verbatim_in_text() -> None:
    # Given a context whose values contain markup
    ctx = DocumentFiledContext(
        project=ProjectRef("acme-tox", HOSTILE),
        document_title=HOSTILE,
        label="quote",
        facts=(Fact(HOSTILE, HOSTILE),),
    )
    # When rendered
    text, html = _parts(render(outgoing("document_filed", context=ctx)))
    # Then the HTML part carries no live tag, and the text part shows the characters
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert HOSTILE in text


def test_every_message_carries_auto_submitted_and_mailroom_headers() -> None:
    # Given a rendered confirmation
    msg = render(outgoing("document_filed"))
    # When its headers are read
    # Then it identifies itself as automatic Mailroom mail with a Mailroom Message-ID
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Mailroom-Sent"] == "yes"
    assert re.fullmatch(r"<mr\.[0-9a-f]{32}@mailroom\.example>", str(msg["Message-ID"]))
    assert msg["Date"] and msg["From"] and msg["To"] == "pm@cro.example"


def test_informational_mail_is_bulk_but_approval_requests_are_not() -> None:
    # Given an informational confirmation and an approval request
    # When both are rendered
    info = render(outgoing("document_filed"))
    approval = render(outgoing("change_approval_request"))
    # Then only the informational one says Precedence: bulk (we want the approver's reply)
    assert info["Precedence"] == "bulk"
    assert approval["Precedence"] is None


def test_confirmation_threads_under_the_message_it_answers() -> None:
    # Given a reply to a message deep in a thread
    refs = thread_references("<c@cro.example>", ("<a@sponsor.example>", "<b@cro.example>"))
    # When the confirmation is rendered
    msg = render(outgoing(in_reply_to="<c@cro.example>", references=refs))
    # Then In-Reply-To names the parent and References keeps the chain, parent last
    assert msg["In-Reply-To"] == "<c@cro.example>"
    assert str(msg["References"]).split() == [
        "<a@sponsor.example>",
        "<b@cro.example>",
        "<c@cro.example>",
    ]


def test_approval_request_carries_token_in_message_id_and_reply_to() -> None:
    # Given an approval request with a Reply-To token address
    reply_to = f"mailroom+c-{TOKEN}@mailroom.example"
    # When rendered without a preset Message-ID
    msg = render(outgoing("change_approval_request", reply_to=reply_to))
    text, _html = _parts(msg)
    # Then the Message-ID embeds the token, Reply-To carries it, the subject keeps CR-3,
    # and the text explains how to answer
    assert str(msg["Message-ID"]).startswith(f"<mr.c-{TOKEN}.")
    assert msg["Reply-To"] == reply_to
    assert "CR-3" in str(msg["Subject"])
    assert "APPROVE" in text and "REJECT <reason>" in text


def test_subject_override_that_drops_the_change_number_is_refused() -> None:
    # Given an approval request whose subject override loses "CR-3"
    # When rendered
    # Then it is refused rather than sent unroutable
    with pytest.raises(MessageError):
        render(outgoing("change_approval_request", subject="Please approve"))


def test_wrong_context_type_for_template_is_a_template_error() -> None:
    # Given a weekly summary context passed as a document_filed mail
    bad = outgoing("document_filed", context=all_contexts()["weekly_summary"])
    # When rendered
    # Then it fails loudly
    with pytest.raises(TemplateError):
        render(bad)


def test_unknown_template_is_a_template_error() -> None:
    with pytest.raises(TemplateError):
        render(replace(outgoing(), template="no_such_template"))


def test_no_recipients_is_refused() -> None:
    with pytest.raises(MessageError):
        render(outgoing(recipients=()))


def test_message_id_follows_the_convention() -> None:
    # Given a domain and a token
    # When Message-IDs are made
    plain, with_token = make_message_id("mailroom.example"), make_message_id("x.example", TOKEN)
    # Then they follow <mr.<hex>@domain> and <mr.c-<token>.<hex>@domain>
    assert re.fullmatch(r"<mr\.[0-9a-f]{32}@mailroom\.example>", plain)
    assert re.fullmatch(rf"<mr\.c-{TOKEN}\.[0-9a-f]{{32}}@x\.example>", with_token)


def test_message_id_refuses_a_token_that_would_break_the_header() -> None:
    with pytest.raises(MessageError):
        make_message_id("mailroom.example", "bad token>")


def test_preset_message_id_is_kept() -> None:
    # Given an OutgoingEmail whose Message-ID was fixed earlier
    # When rendered
    msg = render(outgoing(message_id="<mr.fixed@mailroom.example>"))
    # Then that Message-ID is used
    assert msg["Message-ID"] == "<mr.fixed@mailroom.example>"


def test_reply_subject_adds_re_once() -> None:
    assert reply_subject("Quote v2") == "Re: Quote v2"
    assert reply_subject("AW: Quote v2") == "AW: Quote v2"


def test_weekly_summary_leads_with_what_the_project_waits_on() -> None:
    # Given a weekly summary with waiting items and other sections
    text, _html = _parts(render(outgoing("weekly_summary")))
    # When the text part is read
    # Then "waiting on" comes before every other section
    assert text.index("WAITING ON") < text.index("MILESTONES DONE THIS WEEK")
    assert "on Dana Sponsor (sponsor)" in text


def test_project_name_with_unicode_survives_the_wire() -> None:
    # Given a project name with non-ASCII characters
    ctx = replace(
        all_contexts()["document_filed"], project=replace(PROJECT, name="Überprüfung – α")
    )
    # When rendered and parsed back from bytes
    text, html = _parts(render(outgoing("document_filed", context=ctx)))
    # Then both parts carry it intact
    assert "Überprüfung – α" in text and "Überprüfung – α" in html


def test_outbound_is_imported_from_this_repository() -> None:
    # Given a published distribution named "outbound" could shadow ours (style §8.10)
    import outbound

    # When the package location is checked
    # Then it is the repository's own package
    assert Path(outbound.__file__).resolve().parent == REPO / "outbound"


def _reference(mail: OutgoingEmail, now: datetime) -> EmailMessage:
    """The mail built the email package's way (what rendering did before `outbound.mime`)."""
    written = message_from_bytes(render_bytes(mail, now=now).raw, policy=default)
    msg = EmailMessage(policy=SMTP)
    for name, value in written.items():
        if name.lower() not in ("mime-version", "content-type"):
            msg[name] = str(value).strip()  # read back, a folded value keeps a space
    msg.set_content(written.get_body(("plain",)).get_content(), cte="quoted-printable")  # type: ignore[union-attr]
    msg.add_alternative(written.get_body(("html",)).get_content(), subtype="html",  # type: ignore[union-attr]
                        cte="quoted-printable")  # fmt: skip
    return msg


def _shape(raw: bytes) -> list[tuple[str, ...]]:
    """Headers as read back, then each part's type, encoding and decoded text."""
    msg = message_from_bytes(raw, policy=default)
    shape = [(name, str(value)) for name, value in msg.items() if name != "Content-Type"]
    shape.append(("type", msg.get_content_type()))
    for part in msg.iter_parts():  # type: ignore[attr-defined]
        shape.append((part.get_content_type(), part["Content-Transfer-Encoding"],
                      part.get_content_charset(), part.get_content()))  # fmt: skip
    return shape


@pytest.mark.parametrize("name", list(TEMPLATE_CONTEXTS))
@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"in_reply_to": "<root.1@x.example>", "subject": "Re: CR-3 Quote for the 28-day study"},
        {"references": tuple(f"<long-reference-{n}@mail.x.example>" for n in range(4)),
         "in_reply_to": "<long-reference-3@mail.x.example>"},
        {"subject": "Re: CR-3 Überprüfung der Probenliste – α/β " + "lang " * 20,
         "mail_from": "Mailroom für Müller <mailroom@mailroom.example>",
         "recipients": ("Jörg Müller <joerg@cro.example>", "pm@cro.example")},
    ],
    ids=["new", "reply", "long-thread", "unicode-long"],
)
def test_written_mail_reads_back_as_the_email_package_would_write_it(
    name: str, variant: dict[str, object]
) -> None:
    # Given a mail of every template, plain and with long or non-ASCII headers
    mail = outgoing(name, message_id="<fixed.1@mailroom.example>", **variant)
    now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    # When it is written directly and also built the email package's way
    direct = render_bytes(mail, now=now).raw
    reference = message_bytes(_reference(mail, now))
    # Then both read back to the same headers and the same decoded parts, and every
    # line of the direct form is within the SMTP limit and ends in CRLF
    assert _shape(direct) == _shape(reference)
    assert all(len(line) <= 998 for line in direct.split(b"\r\n"))
    assert b"\n" not in direct.replace(b"\r\n", b"")


def test_long_message_ids_in_references_stay_message_ids() -> None:
    # Given a thread whose root has an Outlook-length Message-ID (longer than a line)
    root = "<AM9PR04MB9786AB0C1681C8F8E3D0D3290A4CB5D32B16@AM9PR04MB9786.eurprd04.prod.outlook.com>"
    mail = outgoing(in_reply_to="<b@cro.example>", references=(root, "<b@cro.example>"))
    # When it is written
    raw = render_bytes(mail).raw
    # Then References is folded between ids, not encoded: a mail client threads on it
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert "=?" not in headers
    references = message_from_bytes(raw, policy=default)["References"]
    assert references.split() == [root, "<b@cro.example>"]


def test_a_line_break_in_a_header_value_is_refused() -> None:
    # Given a Reply-To value that smuggles a second header
    mail = outgoing(reply_to="a@x.example\r\nBcc: victim@y.example")
    # When it is written
    # Then it is refused, not sent with an injected header
    with pytest.raises(MessageError, match="line break"):
        render_bytes(mail)
