"""Structural rules: they fire on certain layouts, and stay silent on look-alikes."""

from __future__ import annotations

import pytest

from classifier import AttachmentInput, Classifier, Label
from classifier.signals import ATTACHMENT_RULES, first_signal, is_language, sample_sheet_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    "header",
    [
        "Sample ID\tMatrix\tVolume (uL)\tStorage temp",
        "Sponsor sample ID,Sample type,Vol (uL),Timepoint,Animal ID",
        "SampleID; Specimen; Collection date; Storage",
        "Tube ID | Matrix | Visit | Subject",
    ],
)
def test_manifest_header_is_a_sample_sheet(header: str) -> None:
    # Given a spreadsheet whose header names sample ID and manifest columns
    text = f"{header}\nS-001\tplasma\t250\t-80"
    # When the attachment rules run
    signal = first_signal(ATTACHMENT_RULES, "list.xlsx", XLSX, text)
    # Then the sample-sheet rule decides
    assert signal is not None and signal.label == Label.SAMPLE_SHEET


@pytest.mark.parametrize(
    "header",
    [
        "Sample ID\tAnalyte\tConcentration (ng/mL)\tFlag",
        "Sample\tReads (M)\tQ30 (%)\tMapping rate (%)",
        "Item\tDescription\tQty\tUnit price\tTotal",
    ],
)
def test_results_or_price_tables_are_not_sample_sheets(header: str) -> None:
    # Given a results table or a price list that mentions samples
    # When the header is examined
    # Then it is not taken for a manifest
    assert sample_sheet_header(f"{header}\nS-001\t1\t2\t3") is None


def test_priced_line_items_with_total_are_a_quote() -> None:
    # Given PDF text with single-space columns, unit prices and a total
    text = (
        "Offer 2231\nPos Description Qty Unit price Amount\n1 Assay 8 2,750.00 22,000.00\n"
        "Total EUR 22,000.00"
    )
    # When the rules run
    signal = first_signal(ATTACHMENT_RULES, "offer.pdf", PDF, text)
    # Then the quote rule decides
    assert signal is not None and signal.label == Label.QUOTE


def test_priced_line_items_on_an_invoice_are_an_invoice() -> None:
    # Given an invoice, which has line items and a total too
    text = (
        "INVOICE INV-2026-0042\nItem Qty Unit price Total\n1 Assay 8 100.00 800.00\n"
        "Total due USD 800.00\nAmount due USD 800.00"
    )
    # When the rules run
    signal = first_signal(ATTACHMENT_RULES, "inv.pdf", PDF, text)
    # Then it is an invoice, not a quote
    assert signal is not None and signal.label == Label.INVOICE


def test_priced_change_order_is_left_to_the_model() -> None:
    # Given a change order with a priced table
    text = (
        "CHANGE ORDER CO-003\nItem Qty Unit price Total\n1 Extra animals 10 650.00 "
        "6,500.00\nTotal USD 6,500.00"
    )
    # When the rules run
    # Then no rule claims it
    assert first_signal(ATTACHMENT_RULES, "co.pdf", PDF, text) is None


def test_chain_of_custody_form_is_a_sample_sheet() -> None:
    # Given a chain-of-custody form with relinquished/received signatures
    text = (
        "Chain of Custody\nRelinquished by: A. Smith 09:00\nReceived by: courier\nSeal intact: yes"
    )
    # When the rules run
    signal = first_signal(ATTACHMENT_RULES, "coc.pdf", PDF, text)
    # Then it is a sample sheet
    assert signal is not None and signal.label == Label.SAMPLE_SHEET


def test_certificate_of_compliance_is_not_a_chain_of_custody(clf: Classifier) -> None:
    # Given a CoC that means certificate of compliance, next to a batch number
    text = (
        "CERTIFICATE OF COMPLIANCE\nBatch 2611-04\nWe certify that the batch was manufactured "
        "according to GMP and released by QA."
    )
    # When it is classified
    pred = clf.classify_attachment(AttachmentInput("CoC_2611-04.pdf", PDF, text))
    # Then it is a deliverable, not a sample sheet
    assert pred.label == Label.DELIVERABLE


def test_signature_logo_is_other_by_rule(clf: Classifier) -> None:
    # Given an inline image without text
    pred = clf.classify_attachment(AttachmentInput("image001.png", "image/png", ""))
    # Then a rule calls it other with high confidence
    assert pred.label == Label.OTHER
    assert pred.signals[0].startswith("rule: image")


def test_rule_overrules_the_model_and_says_so(clf: Classifier) -> None:
    # Given a manifest with an unhelpful file name
    text = "Sample ID\tMatrix\tVolume\tStorage\nA-1\tserum\t200\t-80\nA-2\tserum\t200\t-80"
    # When it is classified
    pred = clf.classify_attachment(AttachmentInput("Book1.xlsx", XLSX, text))
    # Then the label comes from the rule, the confidence is high and the reason is recorded
    assert pred.label == Label.SAMPLE_SHEET
    assert pred.confidence >= 0.97
    assert any("sample-sheet header" in s for s in pred.signals)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please find attached our quotation.", True),
        ("Bitte finden Sie anbei unser Angebot. 请查收报价。", True),
        ("", False),
        ("\x00\x01\x02\x03garbage\x04\x05\x06\x07\x08" * 50, False),
        ("JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c" * 20, False),
    ],
)
def test_language_guard(text: str, expected: bool) -> None:
    # Given some text, When the guard looks at it, Then it says whether it is language
    assert is_language(text) is expected
