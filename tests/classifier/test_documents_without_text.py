"""Documents with no text to read (scans, archives) take the act their mail names."""

from __future__ import annotations

from classifier import Classifier, Label
from classifier.types import AttachmentInput, MessageInput

REPORT = AttachmentInput(
    filename="ATX-24-0655_Final_Report_signed.pdf",
    content_type="application/pdf",
    text=(
        "Final Report - Study ATX-24-0655\n28-day repeat-dose toxicity study in rats\n"
        "Summary\nThe test item was well tolerated up to 300 mg/kg/day. NOAEL 100 mg/kg/day.\n"
        "Results\nTable 1 Mean body weights (g) by group and week\nConclusions\n"
        "Study Director signature 12 March 2026. QA statement attached."
    ),
)
DELIVERY = (
    "Dear Dr. Lang,\n\nplease find attached the signed final report for study ATX-24-0655, "
    "together with the SEND 3.1 dataset package and the raw data archive. This completes "
    "the final report milestone.\n\nKind regards,\nStudy Director"
)


def archive(name: str) -> AttachmentInput:
    return AttachmentInput(filename=name, content_type="application/zip", text="")


def test_an_archive_beside_a_delivered_report_is_part_of_the_delivery(clf: Classifier) -> None:
    # Given a delivery mail with the signed report and two archives no text can be read from
    item = MessageInput(
        subject="ATX-24-0655 final report and SEND package",
        reply_text=DELIVERY,
        attachments=(REPORT, archive("ATX-24-0655_SEND_3.1.zip"), archive("raw_data.zip")),
    )
    # When the mail is classified
    result = clf.classify([item])[0]
    # Then the archives are delivered with the report, and say why
    assert result.message.label == Label.DELIVERABLE
    assert [a.label for a in result.attachments] == [Label.DELIVERABLE] * 3
    assert "no text to read" in result.attachments[1].signals[0]


def test_an_archive_in_a_mail_that_is_no_act_keeps_the_models_reading(clf: Classifier) -> None:
    # Given a chatty mail (no business act) with an archive of photos from a site visit
    item = MessageInput(
        subject="Photos from Tuesday",
        reply_text="Hi Sam,\n\nthanks again for the tour on Tuesday, the photos are in the zip. "
        "Lunch next time is on us!\n\nBest,\nAnna",
        attachments=(archive("site_visit_photos.zip"),),
    )
    # When the mail is classified, Then the archive is not made into an act
    result = clf.classify([item])[0]
    assert result.message.label == Label.OTHER
    assert result.attachments[0].label == Label.OTHER
