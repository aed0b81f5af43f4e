"""The point of a mail survives the news around it.

A bag of words sums its evidence: before the corpus padded its messages and the classifier
read long bodies paragraph by paragraph, two or three paragraphs of team news outvoted
"please find attached our quotation" (domain.md: "a chatty message whose attachment is
the quote"). The cores and the padding here are written for this test and are not in
the training banks.
"""

from __future__ import annotations

import re

import pytest

from classifier import AttachmentInput, Classifier, Label, MessageInput
from classifier import signals as signal_rules
from classifier.corpus import context

NEWS = (
    "Our group moved into the renovated east wing last week, and the new meeting rooms "
    "are finally bookable. Visitors now sign in at the north entrance.",
    "Personal note: I am away for a family wedding on the 14th and 15th, and my deputy "
    "Marta has access to the project folder while I am out.",
    "The company strike planned for Friday was called off, so the site stays open. Our "
    "canteen is still closed for refurbishment, which nobody is happy about.",
    "We also welcomed two new technicians this month; both finished their induction and "
    "will support the group across several programmes.",
)

CORES = {
    Label.QUOTE: "Please find attached our proposal P-4471 for the stability programme; the "
    "total comes to EUR 48,200 and the offer is valid for 60 days.",
    Label.SAMPLE_SHEET: "We shipped 96 serum samples today on dry ice with World Courier, "
    "AWB 220-4471-9921. The manifest is attached; please confirm receipt.",
    Label.INVOICE: "Please find attached our invoice 2026-0419 for milestone 2, EUR 12,400, "
    "payable within 30 days of the invoice date.",
    Label.DELIVERABLE: "The final data package for study 4471 is ready on our portal: "
    "https://portal.lab.example/d/4471 (checksums included).",
    Label.CHANGE_AGREEMENT: "Confirming what we agreed on the call: we add the 24-month "
    "timepoint at EUR 3,100 and the report moves by two weeks. Please proceed on that basis.",
    Label.OTHER: "Could we move Thursday's call to 3 pm? Two of us are at a workshop in the "
    "morning.",
}


def _padded(core: str, before: int, after: int) -> str:
    paras = ["Hi Jana,", *NEWS[:before], core, *NEWS[before : before + after]]
    return "\n\n".join([*paras, "Best,\nTomas"])


@pytest.mark.parametrize("label", list(CORES), ids=lambda lab: lab.value)
@pytest.mark.parametrize(("before", "after"), [(0, 3), (1, 3), (0, 4)])
def test_act_wrapped_in_news_keeps_its_label(
    clf: Classifier, label: Label, before: int, after: int
) -> None:
    # Given a mail whose one act sentence sits among paragraphs of unrelated news
    item = MessageInput("Update from the lab", _padded(CORES[label], before, after))
    # When it is classified
    result = clf.classify([item])[0].message
    # Then the act decides the label, not the amount of news
    assert result.label == label, result.signals


def test_chatty_note_carrying_a_quote_is_a_quote(clf: Classifier) -> None:
    # Given four paragraphs of news and one line pointing at an attached quotation
    body = _padded("The proposal you asked for is attached.", 1, 3)
    quote = AttachmentInput(
        "Proposal_P-4471_rev0.pdf",
        "application/pdf",
        "PROPOSAL P-4471\nValid for 60 days\nItem Qty Unit price Total\n"
        "Method transfer 1 12,000.00 12,000.00\nStability pulls 24 950.00 22,800.00\n"
        "Total EUR 34,800.00\nAssumptions: samples supplied by the sponsor.",
    )
    result = clf.classify([MessageInput("Catching up", body, (quote,))])[0]
    # Then the message takes the label of the quote it carries
    assert result.attachments[0].label == Label.QUOTE
    assert result.message.label == Label.QUOTE, result.message.signals


def test_a_receipt_discrepancy_that_lists_samples_is_not_a_sample_sheet(
    clf: Classifier,
) -> None:
    # Given a long receipt report whose middle paragraph lists tubes against the manifest
    body = "\n\n".join(
        (
            "Dear Priya,",
            "Your shipment arrived this morning, still frozen, and is logged under accession "
            "A-2291. Thank you for the clear packing.",
            "Differences against the manifest:\n- PX-0042 day 3: on the manifest, not in the "
            "box\n- PX-0057 day 7: in the box, not on the manifest",
            "Please advise how we should proceed with these two tubes; we are holding them "
            "at -80 °C until we hear from you.",
            "Regards,\nOlu",
        )
    )
    result = clf.classify([MessageInput("RE: Samples shipped", body)])[0].message
    # Then it stays a sample issue (`other`): a paragraph alone does not make it a manifest
    assert result.label == Label.OTHER, result.signals


def test_short_mail_is_read_whole() -> None:
    # Given a body shorter than the paragraph threshold, and a long one
    from classifier.classify import _segments

    short = "Hi,\n\nManifest attached.\n\nThanks"
    long = "\n\n".join(["Hello Sam,", *NEWS, CORES[Label.QUOTE]])
    # Then only the long one is split, greeting joined to the paragraph after it
    assert _segments(short) == []
    parts = _segments(long)
    assert parts[0].startswith("Hello Sam,\n")
    assert parts[-1] == CORES[Label.QUOTE]


def test_two_column_results_csv_is_a_deliverable() -> None:
    # Given a results CSV with only a sample ID and a concentration column
    text = "Sample ID,Concentration (ng/mL)\n" + "\n".join(
        f"S-{i:04d},{i * 1.7:.2f}" for i in range(20)
    )
    # Then the results-table rule names it a deliverable
    signal = signal_rules.first_signal(
        signal_rules.ATTACHMENT_RULES, "results.csv", "text/csv", text
    )
    assert signal is not None and signal.label == Label.DELIVERABLE


ACT_WORDS = re.compile(
    r"quot|proposal|price|invoice|payment|remittance|manifest|shipped|shipment|tracking|"
    r"change order|approv|report|data package|deliver|attached|\bpo\b",
    re.IGNORECASE,
)


def test_context_padding_names_no_act() -> None:
    # Given the bank of label-free context the corpus pads every label with
    bank = (*context.CONTEXT_SENTENCES, *context.CONTEXT_PARAGRAPHS)
    # Then none of it performs or names an act of the label set
    offenders = [s for s in bank if ACT_WORDS.search(s)]
    assert offenders == []
    assert len(set(context.CONTEXT_SENTENCES)) == len(context.CONTEXT_SENTENCES) >= 120


OFF_TOPIC = (
    ("Team newsletter - November", "This month: the new canteen menu, the winners of the photo "
     "contest and a reminder to book your flu shot with occupational health."),
    ("Parking", "The car park on level 2 is closed for resurfacing on Saturday; please use the "
     "multi-storey on Elm Street."),
    ("Great to meet you", "It was a pleasure to chat at the reception last night. I will look "
     "up the restaurant you mentioned next time I am in town."),
    ("Your password expires soon", "Your network password expires in 5 days. Change it from "
     "any office computer with Ctrl+Alt+Del."),
)


def test_mail_about_nothing_the_model_knows_is_other(clf: Classifier) -> None:
    # Given mail with no business act and no words the corpus ties to one
    results = clf.classify([MessageInput(subject, body) for subject, body in OFF_TOPIC])
    # Then it is `other`, not a guess at an act
    assert [r.message.label for r in results] == [Label.OTHER] * len(OFF_TOPIC), [
        r.message.signals for r in results
    ]
