"""An e-signature platform's "completed" notice: what was signed decides the act."""

from __future__ import annotations

from classifier import AttachmentInput, Classifier, Label, MessageInput

NOTICE = (
    "Your document has been completed\n\nAll parties have completed \"{title}\".\n\n"
    "VIEW COMPLETED DOCUMENT: https://na3.docusign.net/Member/EmailStart.aspx?a=6f1c2d8e\n\n"
    "Signers:\n  Imogen Hart (Castellan CDMO Ltd) - signed 20 Mar 2026\n"
    "  Jordan Reyes (Tessaract Biosciences) - signed 24 Mar 2026\n\n"
    "The completed document is attached to this email."
)
SOW = (
    "Statement of Work SOW-CC-2026-014\nItem Description Qty Unit price Total\n"
    "1 Process development 1 USD 120,000.00 USD 120,000.00\n2 Tech transfer 1 USD 40,000.00 "
    "USD 40,000.00\nTotal USD 160,000.00\nPayment terms: 30 days net"
)
CHANGE = (
    "Change Order CO-MPS-26-131-01 - Recovery cohort\nReason for change: sponsor request\n"
    "Cost impact: EUR 18,400\nTimeline impact: +3 weeks\nApprovals: sponsor and study director"
)


def _notice(title: str, filename: str, text: str) -> MessageInput:
    return MessageInput(
        subject=f"Completed: Please DocuSign: {title}",
        reply_text=NOTICE.format(title=title),
        attachments=(AttachmentInput(filename, "application/pdf", text),),
    )


def test_a_signed_sow_is_an_award_and_the_document_stays_a_quote(clf: Classifier) -> None:
    # Given every party has signed a priced SOW
    item = _notice("SOW-CC-2026-014 Process Development", "SOW-CC-2026-014_completed.pdf", SOW)
    # When it is classified
    result = clf.classify([item])[0]
    # Then the mail is the award (other); the signed SOW is still what it is
    assert result.message.label == Label.OTHER
    assert result.attachments[0].label == Label.QUOTE


def test_a_signed_change_order_is_the_change_agreed(clf: Classifier) -> None:
    # Given every party has signed a change order
    item = _notice("CO-MPS-26-131-01 Recovery cohort", "CO-01_completed.pdf", CHANGE)
    # When it is classified, Then the mail is the change agreement
    result = clf.classify([item])[0]
    assert result.message.label == Label.CHANGE_AGREEMENT
    assert result.attachments[0].label == Label.CHANGE_AGREEMENT
