"""An attachment is an invoice only if it shows a bill's evidence: a currency or bill
wording. A table of figures without either is not one, whatever the model makes of it."""

from __future__ import annotations

import pytest

from classifier import AttachmentInput, Classifier, Label, MessageInput
from classifier.classify import _as_other, _unfounded_invoice
from classifier.signals import invoice_evidence, sends_invoice


def _runs_table(rows: int = 80) -> str:
    """An HPLC run log: numbers in columns, the kind of table that reads like line items."""
    lines = ["Run\tBatch\tPeak area\tRT (min)\tArea %"]
    lines += [f"{n}\tB{n // 10}\t{100000 + n * 733}\t{4.1 + n / 1000:.3f}\t{99.1 - n / 100:.2f}"
              for n in range(1, rows)]  # fmt: skip
    return "\n".join(lines)


def test_currency_or_bill_wording_is_evidence_and_figures_alone_are_not() -> None:
    assert invoice_evidence("Total EUR 4,000.00")
    assert invoice_evidence("Rechnungsbetrag 1.200,00")
    assert invoice_evidence("Amount due: 120.00")
    assert invoice_evidence("Facture n° 2026-11")
    assert not invoice_evidence(_runs_table())


def test_an_unfounded_invoice_gives_its_share_to_other_not_to_the_runner_up() -> None:
    # Given scores that call a text without evidence an invoice
    probs = {"quote": 0.004, "sample_sheet": 0.001, "change_agreement": 0.0,
             "deliverable": 0.005, "invoice": 0.98, "other": 0.01}  # fmt: skip
    assert _unfounded_invoice(probs, _runs_table())
    # When invoice is ruled out
    moved = _as_other(probs, Label.INVOICE)
    # Then other holds the invoice's share and the runner-up gains nothing
    assert moved["invoice"] == 0.0
    assert moved["other"] == 0.99
    assert moved["deliverable"] == 0.005


def test_a_table_of_figures_is_never_an_invoice_and_a_bill_still_is(clf: Classifier) -> None:
    # Given a run log, and the same log as the body of a bill
    log = AttachmentInput("hplc_runs.txt", "text/plain", _runs_table())
    bill = AttachmentInput("hplc_runs.txt", "text/plain", _runs_table() + "\nTotal EUR 4,000.00")
    # When they are classified
    log_label, bill_label = clf.classify_attachment(log), clf.classify_attachment(bill)
    # Then the log is not an invoice, and the bill is
    assert log_label.label != Label.INVOICE
    assert bill_label.label == Label.INVOICE


@pytest.mark.parametrize(
    "text",
    [
        "Les remitimos en el fichero adjunto (zip) las facturas del tercer trimestre.",
        "Anbei erhalten Sie unsere Rechnung Nr. 2025-118 für die Stabilitätsprüfung.",
        "Veuillez trouver ci-joint notre facture F-2291.",
        "Please find attached our invoice INV-7781 for the final milestone.",
    ],
)
def test_a_cover_note_for_the_senders_bill_says_so(text: str) -> None:
    assert sends_invoice(text)


@pytest.mark.parametrize(
    "text",
    [
        "PO amendment 4500012345-A2 is attached - please quote it on all invoices.",
        "Our PO is attached; please reference it on all invoices.",
        "Please find attached our quotation. We invoice 50 % at kick-off.",
    ],
)
def test_an_order_asking_to_be_cited_on_bills_is_no_bill(text: str) -> None:
    assert not sends_invoice(text)


def test_a_bill_sent_in_an_archive_is_an_invoice(clf: Classifier) -> None:
    # Given a Spanish cover note for three bills sent as one zip
    item = MessageInput(
        subject="Facturas julio-septiembre 2025 (3 facturas)",
        reply_text="Buenos días:\n\nLes remitimos en el fichero adjunto (zip) las facturas "
        "del tercer trimestre:\n\n  F-2025-0611  9.320,00 € + IVA\n  F-2025-0688  8.920,00 € + IVA"
        "\n\nTotal: 18.240,00 € + IVA. Vencimiento a 30 días fecha factura.\n\nUn saludo",
        attachments=(AttachmentInput("Facturas_Q3.zip", "application/zip", ""),),
    )
    # When it is classified, Then the mail and the archive are the bill
    result = clf.classify([item])[0]
    assert result.message.label == Label.INVOICE
    assert result.attachments[0].label == Label.INVOICE


def test_priced_lines_beside_the_bill_are_its_detail(clf: Classifier) -> None:
    # Given a bill's cover note with the invoice and a CSV of its priced lines
    bill = (
        "FATURA FT 2026/118\nData: 02/04/2026\nVencimento: 02/05/2026\nTotal: 18 007,20 EUR\n"
        "IBAN PT50 0000 0000 0000 0000 0000 0"
    )
    lines = (
        "Linha\tDescrição\tQuantidade\tPreço unitário\tValor\n1\tSequenciação RNA-seq\t24\t410\t"
        "9840,0\n2\tPreparação de bibliotecas\t24\t200\t4800,0\n\tTotal com IVA\t\t\t18007,2"
    )
    item = MessageInput(
        subject="Fatura FT 2026/118",
        reply_text="Segue em anexo a fatura FT 2026/118, com vencimento a 30 dias. Em anexo "
        "segue também o detalhe das linhas em CSV.",
        attachments=(
            AttachmentInput("FT_2026_118.pdf", "application/pdf", bill),
            AttachmentInput("FT_2026_118_detalhe.csv", "text/csv", lines),
        ),
    )
    # When it is classified, Then the mail and both documents are the bill
    result = clf.classify([item])[0]
    assert result.message.label == Label.INVOICE
    assert [a.label for a in result.attachments] == [Label.INVOICE, Label.INVOICE]
