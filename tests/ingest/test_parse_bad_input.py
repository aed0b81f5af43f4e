from __future__ import annotations

import os

from ingest import LeafOutcome, TextStatus, looks_like_email, parse
from tests.ingest.builders import raw


def _text_mail(charset: str, body: bytes) -> bytes:
    return (
        b"From: a@lab.example\r\nTo: b@x.example\r\nSubject: t\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=" + charset.encode() + b"\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body
    )


def test_bytes_that_are_not_mail_give_a_minimal_parse_with_a_defect() -> None:
    # Given random bytes
    data = os.urandom(4096)
    # When parsed
    parsed = parse(raw(data))
    # Then nothing is raised, the identity is kept, and the defect says why
    assert parsed.parser == "none"
    assert parsed.sha256 == raw(data).sha256
    assert parsed.defects and parsed.defects[0].startswith("not an email")
    assert parsed.leaves == ()


def test_looks_like_email_separates_mail_from_other_files() -> None:
    # Given a header block, a PDF, and plain prose
    assert looks_like_email(b"Received: from x\r\nSubject: hi\r\n\r\nbody")
    assert not looks_like_email(b"%PDF-1.7\n1 0 obj\n")
    assert not looks_like_email(b"Dear team,\nplease find attached.\n")


def test_wrong_declared_charset_falls_back_and_records_it() -> None:
    # Given a body declared utf-8 but written in windows-1252
    data = _text_mail("utf-8", "Café – 5 µl per vial\r\n".encode("windows-1252"))
    # When parsed
    parsed = parse(raw(data))
    # Then the text reads right and the defect names the fallback
    assert "Café – 5 µl per vial" in parsed.text_body
    assert "part 1: declared charset 'utf-8' failed, decoded as windows-1252" in parsed.defects


def test_unknown_charset_is_decoded_through_the_chain() -> None:
    # Given a charset name Python does not know, on utf-8 bytes
    parsed = parse(raw(_text_mail("x-klingon", "Grüße".encode())))
    # Then the text is decoded and the fallback recorded
    assert "Grüße" in parsed.text_body
    assert any("declared charset 'x-klingon' failed" in d for d in parsed.defects)


def test_undecodable_body_is_kept_raw_as_unreadable_attachment() -> None:
    # Given a "text" body that is binary junk (control bytes) in an unknown charset
    junk = bytes(range(0, 32)) * 20
    parsed = parse(raw(_text_mail("x-unknown", junk)))
    # Then the bytes are kept as an attachment flagged UNREADABLE, and the leaf is STORED
    assert [leaf.outcome for leaf in parsed.leaves] == [LeafOutcome.STORED]
    assert parsed.attachments[0].data == junk
    assert parsed.attachments[0].text_status is TextStatus.UNREADABLE
    assert any("no fallback fits" in d for d in parsed.defects)


def test_broken_multipart_without_boundary_is_read_as_text() -> None:
    # Given a multipart whose boundary never appears
    data = (
        b"From: a@lab.example\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="nowhere"\r\n\r\nplain words here\r\n'
    )
    # When parsed / Then the words survive and the defect is recorded
    parsed = parse(raw(data))
    assert "plain words here" in parsed.text_body
    assert len(parsed.leaves) == 1
    assert parsed.defects


def test_headers_with_raw_8bit_bytes_are_decoded() -> None:
    # Given a subject with unencoded latin-1 bytes
    data = b"From: a@lab.example\r\nSubject: R\xe9sultats\r\n\r\nbody\r\n"
    # When parsed / Then the subject is readable text
    assert parse(raw(data)).subject == "Résultats"


def test_garbage_date_is_a_defect_not_an_error() -> None:
    data = b"From: a@lab.example\r\nDate: next tuesday-ish\r\nSubject: x\r\n\r\nbody\r\n"
    parsed = parse(raw(data))
    assert parsed.date is None
    assert any("unparseable Date" in d for d in parsed.defects)


def test_deeply_nested_multipart_is_a_defect_not_an_error() -> None:
    # Given 2,000 nested multiparts (more than the recursion limit)
    depth = 2000
    head = b"From: a@lab.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n"
    parts = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (n, n)
        for n in range(depth)
    )
    data = head + parts + b"Content-Type: text/plain\r\n\r\nbottom\r\n"
    # When parsed / Then a minimal value comes back, with the failure as a defect
    parsed = parse(raw(data))
    assert parsed.sha256 == raw(data).sha256
    assert any("RecursionError" in defect for defect in parsed.defects)


def test_address_without_an_address_is_a_defect() -> None:
    # Given a From and a To that hold a name and no address
    data = b"From: lab\r\nTo: someone, b@lab.example\r\nSubject: x\r\n\r\nbody\r\n"
    # When parsed / Then the addresses that parse are kept and the others are defects
    parsed = parse(raw(data))
    assert [a.email for a in parsed.to] == ["", "b@lab.example"]
    assert "from header: no e-mail address in 'lab'" in parsed.defects
    assert "to header: no e-mail address in 'someone'" in parsed.defects


def test_parser_defects_name_the_part_and_the_problem() -> None:
    data = (
        b"From: a@lab.example\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="nowhere"\r\n\r\nplain words here\r\n'
    )
    assert (
        "multipart/mixed: StartBoundaryNotFoundDefect: The claimed start boundary was never found."
        in parse(raw(data)).defects
    )
