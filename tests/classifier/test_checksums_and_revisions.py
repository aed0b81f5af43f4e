"""Two acts the words of a document hide: a checksum list, and a revised quote after award."""

from __future__ import annotations

import pytest

from classifier import AttachmentInput, Classifier, Label, MessageInput
from classifier.signals import revises_awarded_work

MD5 = "\n".join(
    f"{digest}  CRV-PB-00{i}_S{i}_L001_R{r}_001.fastq.gz"
    for i, (digest, r) in enumerate(
        [("b4c8d8b66d7ebfd5ee29c5f3e3e90832", 1), ("88023660c638a2a22523ea403a8fc7b0", 2),
         ("131568debc310e240967527cf03e3342", 1)], start=1
    )
)  # fmt: skip


def test_a_checksum_list_is_part_of_a_delivery(clf: Classifier) -> None:
    # Given an md5 list sent with FASTQ files (its text is digests, not language)
    (pred,) = clf.classify_attachments([AttachmentInput("md5sum.txt", "text/plain", MD5)])
    # Then it is a deliverable, by rule
    assert pred.label == Label.DELIVERABLE
    assert pred.signals[0].startswith("rule: a checksum list")


@pytest.mark.parametrize(
    "text",
    [
        "The study samples increase from 240 to 320. Please find attached revised quotation "
        "Q-2291 Rev 3. Kindly issue a PO amendment against PO 4500012877.",
        "Revised quote attached for the additional cohort; the study already runs under the "
        "existing PO, so this adds on top.",
    ],
)
def test_a_revised_quote_for_awarded_work_is_recognised(text: str) -> None:
    assert revises_awarded_work(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please find attached our revised quotation Rev B with the smaller design you asked for.",
        "Invoice INV-77 against PO 4500012877 is attached.",  # a bill, and no scope change
    ],
)
def test_a_revision_before_award_is_not(text: str) -> None:
    assert not revises_awarded_work(text)


def test_the_mail_is_a_change_and_the_revised_quote_stays_a_quote(clf: Classifier) -> None:
    # Given a provider re-quoting awarded work because the sample count grew
    item = MessageInput(
        "Revised Quotation Q-2291 Rev 3 - increase in sample numbers",
        "Dear Megan,\n\nAs per your mail, the number of study samples is increased from 240 to "
        "320 due to addition of Cohort 3. Accordingly please find attached revised quotation "
        "Q-2291 Rev 3.\n\nSummary of change:\n- +80 samples x USD 38 = USD 3,040.00\n"
        "- Revised total: USD 44,504.00 (earlier PO value USD 40,120.00)\n\n"
        "Kindly issue PO amendment against PO 4500012877.\n\nThanks & Regards",
        (
            AttachmentInput(
                "Q-2291_rev3.pdf",
                "application/pdf",
                "QUOTATION\nQuotation No. Q-2291 Rev 3\nValid until 30-Jun-2099\n"
                "# Description Qty Unit price (USD) Line total (USD)\n"
                "1 Study sample analysis 320 38.00 12,160.00\nTotal USD 44,504.00",
            ),
        ),
    )
    # When classified
    (result,) = clf.classify([item])
    # Then the mail announces a change; its PDF is the quote
    assert result.message.label == Label.CHANGE_AGREEMENT
    assert [a.label for a in result.attachments] == [Label.QUOTE]
