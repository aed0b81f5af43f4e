from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import pytest

from ingest import LeafOutcome, MailKind, ParseLimits, TextStatus, parse
from tests.ingest.builders import mime_leaf_count, png, raw, simple_mail, with_raw_part


def _assert_ledger_adds_up(data: bytes) -> None:
    parsed = parse(raw(data))
    assert len(parsed.leaves) == mime_leaf_count(data)
    assert len({leaf.path for leaf in parsed.leaves}) == len(parsed.leaves)
    assert all(isinstance(leaf.outcome, LeafOutcome) for leaf in parsed.leaves)


def _forwarded_with_attachment() -> EmailMessage:
    inner = simple_mail(body="Original quote text.\n", subject="Quote Q-12")
    inner.add_attachment(
        b"Sample ID,Volume\nS-1,5\n", maintype="text", subtype="csv", filename="samples.csv"
    )
    outer = simple_mail(body="FYI, forwarding the quote.\n", subject="Fwd: Quote Q-12")
    outer.add_attachment(inner)
    return outer


def test_nested_rfc822_leaves_join_the_ledger_with_nested_paths() -> None:
    # Given a mail carrying a forwarded message that has its own attachment
    data = _forwarded_with_attachment().as_bytes()
    # When parsed
    parsed = parse(raw(data))
    # Then the nested leaves appear under the container's path, one outcome each
    assert [(leaf.path, leaf.outcome) for leaf in parsed.leaves] == [
        ("1", LeafOutcome.BODY),
        ("2.1", LeafOutcome.STORED),
        ("2.2", LeafOutcome.STORED),
    ]
    assert len(parsed.leaves) == mime_leaf_count(data)


def test_nested_rfc822_attachments_name_their_container() -> None:
    # Given the same forwarded message / When parsed
    parsed = parse(raw(_forwarded_with_attachment()))
    by_name = {a.filename: a for a in parsed.attachments}
    # Then the nested CSV and the nested body are attachments from message/rfc822
    assert by_name["samples.csv"].container == "message/rfc822"
    assert "S-1\t5" in by_name["samples.csv"].text
    assert "Original quote text." in by_name["message-body.txt"].text
    assert "forwarding" in parsed.body_text and "Original quote" not in parsed.body_text


def test_cid_image_is_kept_inline_with_its_content_id() -> None:
    # Given an HTML mail with a related inline logo
    mail = simple_mail()
    mail.add_alternative('<p>Hi <img src="cid:logo1"></p>', subtype="html")
    html_part = mail.get_payload()[1]
    html_part.add_related(png(64, 32, extra=400), "image", "png", cid="<logo1>")
    # When parsed
    parsed = parse(raw(mail))
    # Then the image is kept, inline, with the bare content id
    [image] = [a for a in parsed.attachments if a.content_type == "image/png"]
    assert image.inline is True
    assert image.content_id == "logo1"


def test_tiny_image_is_ignored_as_tracking_pixel() -> None:
    # Given an HTML mail with a 1x1 image
    mail = simple_mail()
    mail.add_alternative('<p>Hi<img src="cid:px"></p>', subtype="html")
    mail.get_payload()[1].add_related(png(1, 1), "image", "png", cid="<px>")
    # When parsed
    parsed = parse(raw(mail))
    # Then its leaf is IGNORED as a tracking pixel and no attachment is made
    [leaf] = [leaf for leaf in parsed.leaves if leaf.content_type == "image/png"]
    assert (leaf.outcome, leaf.reason) == (LeafOutcome.IGNORED, "tracking pixel")
    assert parsed.attachments == ()


def test_1x1_image_over_the_byte_threshold_is_still_a_tracking_pixel() -> None:
    data = with_raw_part("image/png", png(1, 1, extra=2000), filename="open.png")
    [leaf] = [leaf for leaf in parse(raw(data)).leaves if leaf.content_type == "image/png"]
    assert leaf.reason == "tracking pixel"


def test_leaf_over_the_size_limit_is_rejected_with_reason() -> None:
    # Given a 3 MB attachment and a 2 MB limit
    data = with_raw_part(
        "application/octet-stream", b"\x01" * (3 * 1024 * 1024), filename="big.bin"
    )
    # When parsed
    parsed = parse(raw(data), limits=ParseLimits(max_attachment_bytes=2 * 1024 * 1024))
    # Then the leaf is REJECTED, says why, and nothing is kept
    [leaf] = [leaf for leaf in parsed.leaves if leaf.filename == "big.bin"]
    assert leaf.outcome is LeafOutcome.REJECTED
    assert leaf.reason is not None and leaf.reason.startswith("over size limit 2 MB")
    assert parsed.attachments == ()


def test_default_limit_message_says_25_mb() -> None:
    data = with_raw_part(
        "application/octet-stream", b"\x02" * (25 * 1024 * 1024 + 1), filename="huge.bin"
    )
    [leaf] = [leaf for leaf in parse(raw(data)).leaves if leaf.filename == "huge.bin"]
    assert leaf.reason is not None and leaf.reason.startswith("over size limit 25 MB")


def test_same_bytes_twice_are_deduplicated() -> None:
    # Given the same PDF attached twice under different names
    mail = simple_mail()
    for name in ("quote.pdf", "quote (1).pdf"):
        mail.add_attachment(b"%PDF-1.4 same", maintype="application", subtype="pdf", filename=name)
    # When parsed
    parsed = parse(raw(mail))
    # Then the second leaf is DEDUPLICATED against the first, one attachment kept
    outcomes = [(leaf.filename, leaf.outcome) for leaf in parsed.leaves[1:]]
    assert outcomes == [
        ("quote.pdf", LeafOutcome.STORED),
        ("quote (1).pdf", LeafOutcome.DEDUPLICATED),
    ]
    assert len(parsed.attachments) == 1


def test_path_traversal_filename_becomes_a_harmless_display_name() -> None:
    # Given an attachment named ../../etc/passwd
    data = with_raw_part("text/plain", b"root:x:0:0", filename="../../etc/passwd")
    # When parsed / Then only the last component survives
    [attachment] = parse(raw(data)).attachments
    assert attachment.filename == "passwd"


def test_rfc2231_filename_is_decoded() -> None:
    # Given a filename in RFC 2231 encoding (utf-8, percent-escaped)
    mail = simple_mail()
    mail.add_attachment(
        b"data",
        maintype="application",
        subtype="octet-stream",
        filename=("utf-8", "", "Probenübersicht März.xlsx"),
    )
    assert b"filename*=" in mail.as_bytes()
    # When parsed / Then the display name is the decoded one
    [attachment] = parse(raw(mail)).attachments
    assert attachment.filename == "Probenübersicht März.xlsx"


def test_rfc2047_encoded_filename_is_decoded() -> None:
    # Given an Outlook-style encoded-word filename
    data = with_raw_part("application/pdf", b"%PDF-1.4", filename="x").replace(
        b'filename="x"', b'filename="=?utf-8?q?Angebot=5FM=C3=A4rz.pdf?="'
    )
    # When parsed / Then it is decoded
    assert parse(raw(data)).attachments[0].filename == "Angebot_März.pdf"


def test_attachment_without_name_gets_a_default_name() -> None:
    data = with_raw_part("application/pdf", b"%PDF-1.4 no name")
    assert parse(raw(data)).attachments[0].filename == "attachment-2.pdf"


def test_attachment_text_is_extracted_during_parse() -> None:
    mail = simple_mail()
    mail.add_attachment(
        "Sample ID\tVolume\nS-1\t5\n", subtype="tab-separated-values", filename="manifest.tsv"
    )
    [attachment] = parse(raw(mail)).attachments
    assert (attachment.text_status, attachment.text.splitlines()[0]) == (
        TextStatus.OK,
        "Sample ID\tVolume",
    )


def test_leaves_deeper_than_the_limit_are_ignored_but_counted() -> None:
    # Given a message wrapped in three levels of forwarding, and a depth limit of 2
    message = simple_mail(body="bottom\n")
    for level in range(3):
        outer = simple_mail(body=f"level {level}\n")
        outer.add_attachment(message)
        message = outer
    data = message.as_bytes()
    # When parsed
    parsed = parse(raw(data), limits=ParseLimits(max_nested_depth=2))
    # Then the deepest body is IGNORED as too deep, and the ledger still adds up
    assert parsed.leaves[-1].outcome is LeafOutcome.IGNORED
    assert parsed.leaves[-1].reason == "nested deeper than 2 levels"
    assert len(parsed.leaves) == mime_leaf_count(data)


@pytest.mark.parametrize(
    "build",
    [
        lambda: simple_mail().as_bytes(),
        lambda: _forwarded_with_attachment().as_bytes(),
        lambda: with_raw_part("image/png", png(1, 1), filename="p.png"),
        lambda: with_raw_part("application/pdf", b"%PDF", filename="../a.pdf"),
        lambda: b"From: a@b.example\r\nSubject: no mime\r\n\r\nplain\r\n",
    ],
    ids=["plain", "forwarded", "pixel", "traversal", "no-mime"],
)
def test_every_mime_leaf_has_exactly_one_outcome(build: Callable[[], bytes]) -> None:
    # Given a message / When parsed / Then leaves == MIME leaves, each with one outcome
    _assert_ledger_adds_up(build())


def test_bounce_report_fields_are_ignored_and_kind_is_bounce() -> None:
    # Given a delivery status notification with the original message attached
    data = (
        b"From: MAILER-DAEMON@mx.example\r\nTo: pm@sponsor.example\r\nSubject: Undelivered\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
        b"--R\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        b"--R\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example\r\n\r\n"
        b"Final-Recipient: rfc822; gone@lab.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        b"--R\r\nContent-Type: message/rfc822\r\n\r\n"
        b"From: pm@sponsor.example\r\nSubject: Quote\r\n\r\noriginal text\r\n"
        b"--R--\r\n"
    )
    # When parsed
    parsed = parse(raw(data))
    # Then the status blocks are IGNORED, the returned original is kept, the ledger adds up
    outcomes = [(leaf.path, leaf.outcome, leaf.reason) for leaf in parsed.leaves]
    assert outcomes == [
        ("1", LeafOutcome.BODY, None),
        ("2.1", LeafOutcome.IGNORED, "delivery-status fields"),
        ("2.2", LeafOutcome.IGNORED, "delivery-status fields"),
        ("3.1", LeafOutcome.STORED, None),
    ]
    assert len(parsed.leaves) == mime_leaf_count(data)
    assert parsed.kind is MailKind.BOUNCE


def test_a_forward_attached_with_a_file_name_names_its_text_after_it() -> None:
    # Given a message forwarded as an attachment named as the sender's client showed it
    outer = _forwarded_with_attachment()
    forwarded = next(
        p for p in outer.iter_attachments() if p.get_content_type() == "message/rfc822"
    )
    forwarded.replace_header("Content-Disposition", 'attachment; filename="Quote Q-12.eml"')
    # When parsed
    names = [a.filename for a in parse(raw(outer)).attachments]
    # Then its text goes by that name, its own attachment by its own
    assert names == ["Quote Q-12.eml", "samples.csv"]
