from __future__ import annotations

import os

from ingest import LeafOutcome, TextStatus, looks_like_email, parse
from tests.ingest.builders import raw, tnef, with_raw_part


def test_tnef_winmail_dat_is_unpacked_into_attachments() -> None:
    # Given an Outlook-style mail whose files are inside winmail.dat
    blob = tnef(
        [("quote.txt", b"Quote total 5,000 EUR"), ("manifest.csv", b"Sample ID\nS-1\n")],
        body=b"Please see the quote.",
    )
    data = with_raw_part("application/ms-tnef", blob, filename="winmail.dat")
    # When parsed
    parsed = parse(raw(data))
    # Then winmail.dat is one STORED leaf, and its files are attachments that name it
    assert [leaf.outcome for leaf in parsed.leaves] == [LeafOutcome.BODY, LeafOutcome.STORED]
    by_name = {a.filename: a for a in parsed.attachments}
    assert by_name["quote.txt"].container == "winmail.dat"
    assert by_name["quote.txt"].text == "Quote total 5,000 EUR"
    assert by_name["manifest.csv"].text == "Sample ID\nS-1"
    assert by_name["winmail.dat"].text == "Please see the quote."


def test_broken_tnef_is_kept_with_a_reason() -> None:
    # Given a winmail.dat with the TNEF signature and then garbage
    data = with_raw_part(
        "application/ms-tnef", b"\x78\x9f\x3e\x22" + b"\xff" * 3, filename="winmail.dat"
    )
    # When parsed / Then the blob is still an attachment, UNREADABLE, with a defect
    parsed = parse(raw(data))
    [attachment] = parsed.attachments
    assert attachment.text_status in (TextStatus.UNREADABLE, TextStatus.EMPTY)
    assert len(parsed.leaves) == 2


def test_fake_msg_attachment_is_kept_and_flagged() -> None:
    # Given a ".msg" attachment that is an OLE header followed by junk
    blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000)
    data = with_raw_part("application/vnd.ms-outlook", blob, filename="fwd.msg")
    # When parsed
    parsed = parse(raw(data))
    # Then it is kept as UNREADABLE and the defect names it
    [attachment] = parsed.attachments
    assert attachment.text_status is TextStatus.UNREADABLE
    assert any(d.startswith("fwd.msg: msg container unreadable") for d in parsed.defects)


def test_ole_file_that_is_not_an_outlook_message_is_not_mail() -> None:
    assert not looks_like_email(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def test_a_converted_outlook_message_gets_the_same_boundaries_every_time() -> None:
    # Given what an Outlook .msg converts to: multiparts that carry no boundary yet
    from email.message import EmailMessage

    from ingest.containers import _with_fixed_boundaries

    def converted() -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = "Report"
        message.set_content("See the attachment.")
        message.add_attachment(b"%PDF-1.4 ...", maintype="application", subtype="pdf",
                               filename="report.pdf")  # fmt: skip
        return message

    # When the same .msg bytes are converted twice, and other bytes once
    first = _with_fixed_boundaries(converted(), b"msg one").as_bytes()
    again = _with_fixed_boundaries(converted(), b"msg one").as_bytes()
    other = _with_fixed_boundaries(converted(), b"msg two").as_bytes()
    # Then the same bytes give the same MIME (a replay reads what the first run read)
    assert first == again
    assert first != other and b"=_mailroom_" in first
