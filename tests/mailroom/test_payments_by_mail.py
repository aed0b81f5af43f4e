"""Payments by mail: lines fall due (finance is told), invoices link, remittances mark paid.

The thread: the CRO's quote with "50% at kickoff, 50% on acceptance of the final report",
the sponsor's award (the plan comes from those terms), the kickoff (the first half falls
due), the CRO's invoice for it, then what the payer writes back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from mailroom.projects import create_project
from tests.mailroom.conftest import (
    APPROVER,
    CRO_FINANCE,
    CRO_PM,
    DOMAIN,
    PDF_TYPE,
    SPONSOR_FINANCE,
    SPONSOR_PM,
    Harness,
    Mail,
    pdf,
    quote_pdf,
)
from tracker.models.audit import AuditEvent
from tracker.operations import milestones, payments
from tracker.types import PaymentStatus, ServiceType

INVOICE = "INV-NB-260604"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=UTC)


def _invoiced(h: Harness) -> Mail:
    """Quote, award, kickoff, and the CRO's invoice for the kickoff tranche; returns the invoice."""
    h.send(Mail(
        CRO_PM, "Quotation Q-2026-0147 Rev B - HLX-208 bioanalysis",
        "Dear Sarah,\n\nPlease find attached our quotation Q-2026-0147 Rev B.\n\nJames",
        at("2026-01-29"),
        attachments=(("Quotation_Q-2026-0147_RevB.pdf",
                      quote_pdf("B", "92,466.00", "2026-01-29"), PDF_TYPE),),
    ))  # fmt: skip
    h.send(Mail(
        APPROVER, "Award - HLX-208 bioanalysis",
        "James,\n\nWe award the study to Northbridge on the basis of Q-2026-0147 Rev B."
        " Purchase order issued: PO 4500012873.\n\nMichael", at("2026-02-03"),
    ))  # fmt: skip
    h.send(Mail(
        CRO_PM, "HLX-208-101 kick-off - minutes and actions",
        "Dear all,\n\nThank you for joining the kick-off call today.\n\nJames", at("2026-02-10"),
    ))  # fmt: skip
    invoice = Mail(
        CRO_FINANCE, f"Invoice {INVOICE} - PO 4500012873 - Helix Therapeutics",
        f"Dear Accounts Payable,\n\nPlease find attached invoice {INVOICE} for the kickoff"
        " milestone, amount due GBP 46,233.00, PO 4500012873. Net 30.\n\nKaren",
        at("2026-02-12"),
        attachments=((f"{INVOICE}.pdf", pdf([f"INVOICE {INVOICE}", "Amount due: GBP 46,233.00"]),
                      PDF_TYPE),),
    )  # fmt: skip
    h.send(invoice)
    return invoice


def _answer(invoice: Mail, sender: str, text: str, day: str) -> Mail:
    return Mail(
        sender, f"RE: {invoice.subject}", text, at(day, 15), cc=(CRO_FINANCE,),
        in_reply_to=invoice.message_id,
    )  # fmt: skip


def _lines(h: Harness) -> list[payments.PaymentLineView]:
    with h.ws.transaction() as session:
        return payments.list_payments(session, h.project_id)


def _sent(h: Harness, template: str) -> list[EmailMessage]:
    return [m for m in h.outbox() if m["X-Mailroom-Template"] == template]


def test_kickoff_tranche_falls_due_and_only_finance_is_told(harness: Harness) -> None:
    # Given quote, award and kickoff (before any invoice)
    _invoiced(harness)
    # When we read the notices sent
    notices = _sent(harness, "payment_due")
    # Then one payment-due notice went out, to finance on both sides and nobody else
    assert len(notices) == 1
    assert sorted(str(notices[0]["To"]).replace(" ", "").split(",")) == sorted(
        [CRO_FINANCE, SPONSOR_FINANCE]
    )


def test_remittance_naming_the_invoice_marks_its_line_paid(harness: Harness) -> None:
    # Given the kickoff tranche invoiced
    invoice = _invoiced(harness)
    # When the sponsor's accounts payable sends the payment advice
    text = (f"Hello Karen,\n\nPayment advice: invoice {INVOICE} (GBP 46,233.00) was paid today"
            " by international wire, our reference HLX-PAY-0630-88.\n\nPriya")  # fmt: skip
    harness.send(_answer(invoice, SPONSOR_FINANCE, text, "2026-03-10"))
    # Then that line is paid, dated by the advice; the other half is untouched
    lines = _lines(harness)
    assert [(p.status, p.invoice_number) for p in lines] == [
        (PaymentStatus.PAID, INVOICE),
        (PaymentStatus.NOT_DUE, None),
    ]
    assert lines[0].paid_at is not None and lines[0].paid_at.date() == date(2026, 3, 10)


def test_payment_reminder_does_not_mark_paid(harness: Harness) -> None:
    # Given the kickoff tranche invoiced
    invoice = _invoiced(harness)
    # When the CRO's credit control sends a reminder that mentions a remittance
    text = (f"Dear Priya,\n\nOur records show invoice {INVOICE} as overdue. Please send the"
            " remittance if payment has already been made.\n\nKaren")  # fmt: skip
    harness.send(_answer(invoice, CRO_FINANCE, text, "2026-03-20"))
    # Then the line is still only invoiced
    assert _lines(harness)[0].status is PaymentStatus.INVOICED


def test_payment_received_from_the_cro_pm_is_refused(harness: Harness) -> None:
    # Given the kickoff tranche invoiced
    invoice = _invoiced(harness)
    # When the CRO PM (neither finance nor the sponsor side) writes that it was paid
    text = f"FYI invoice {INVOICE} was paid today.\n\nJames"
    harness.send(_answer(invoice, CRO_PM, text, "2026-03-10"))
    # Then the line stays invoiced and the refusal is on record
    assert _lines(harness)[0].status is PaymentStatus.INVOICED
    with harness.ws.transaction() as session:
        refused = session.scalars(
            select(AuditEvent.after).where(AuditEvent.action == "action_refused")
        ).all()
    assert any("remittance-marks-paid" in str(after) for after in refused)
    assert any("mark_paid" in str(after) for after in refused)


def test_sponsor_pm_short_payment_note_marks_paid(harness: Harness) -> None:
    # Given the kickoff tranche invoiced
    invoice = _invoiced(harness)
    # When the sponsor PM answers in the invoice thread that it has been paid
    text = "Hi Karen, we have paid this invoice today by bank transfer. Regards, Sarah"
    harness.send(_answer(invoice, SPONSOR_PM, text, "2026-03-11"))
    # Then the line is paid
    assert _lines(harness)[0].status is PaymentStatus.PAID


@pytest.mark.parametrize(
    ("term", "milestone"),
    [
        ("50% at study initiation (protocol signature)", "protocol_approved"),
        ("30% on issue of the draft report", "draft_report_issued"),
        ("20% on issue of the final report", "final_report_issued"),
        ("25% on signature of the purchase order", "po_or_sow_executed"),
    ],
)
def test_payment_term_maps_to_the_milestone_it_names(
    harness: Harness, term: str, milestone: str
) -> None:
    # Given a toxicology project's milestones
    with harness.ws.transaction() as session:
        project_id = create_project(
            session, code="orn", name="ORN-513 tox", service_type=ServiceType.TOXICOLOGY,
            sponsor="Orion", cro="Calder", domain=DOMAIN,
        )  # fmt: skip
        rows = milestones.list_milestones(session, project_id)
        # When a payment term of its quote is matched
        found = payments.match_milestone(term, rows)
        # Then the most specific milestone it names wins ("protocol", not "signature")
        assert found is not None and found.key == milestone
