"""What the classifier reads of a parsed mail (`mailroom.conversions.message_input`)."""

from __future__ import annotations

import pytest

from ingest import parse
from mailroom.conversions import message_input
from tests.ingest.builders import raw, simple_mail

FORWARDED = (
    "FYI - see below.\n\nSarah\n\n"
    "---------- Forwarded message ---------\n"
    "From: Tom Barker <tom@lab.example>\nDate: Mon, 2 Mar 2026 at 13:05\n"
    "Subject: Quotation Q-2026-0211\nTo: Sarah Chen <sarah@sponsor.example>\n\n"
    "Dear Sarah,\n\nPlease find below our quotation Q-2026-0211; the total is USD 31,060.\n"
)
REPLIED = (
    "Thanks, we will review it.\n\nOn Mon, 2 Mar 2026 at 13:05, Tom Barker wrote:\n"
    "> Please find below our quotation Q-2026-0211; the total is USD 31,060.\n"
)


@pytest.mark.parametrize("subject", ["Fwd: Quotation", "FW: Quotation", "RE: WG: Quotation"])
def test_a_forward_is_read_with_what_it_forwards(subject: str) -> None:
    # Given a forward with a one-line note above the forwarded quotation
    parsed = parse(raw(simple_mail(FORWARDED, subject=subject)))
    # When it becomes classifier input
    text = message_input(parsed).reply_text
    # Then the forwarded text is there, not only the note
    assert text.startswith("FYI - see below.")
    assert "our quotation Q-2026-0211" in text


def test_a_reply_is_read_without_its_quotes() -> None:
    # Given a reply quoting the quotation it answers
    parsed = parse(raw(simple_mail(REPLIED, subject="RE: Quotation", In_Reply_To="<q@lab>")))
    # Then the classifier reads only the new words
    assert message_input(parsed).reply_text == "Thanks, we will review it."
