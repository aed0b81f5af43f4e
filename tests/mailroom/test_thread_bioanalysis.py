"""A whole bioanalysis thread, quote to invoice, through ingest → classify → file → rules.

The thread runs once per database (SQLite and PostgreSQL); each test then reads one part
of the record it left: quotes, milestones and their dates, samples, the change, the
deliverable, the payment plan and the audit chain.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from tests.mailroom.conftest import (
    APPROVER,
    CRO_FINANCE,
    CRO_PM,
    CRO_STAFF,
    DOCX_TYPE,
    PDF_TYPE,
    SPONSOR_PM,
    XLSX_TYPE,
    Harness,
    Mail,
    change_order_docx,
    manifest_xlsx,
    pdf,
    quote_pdf,
    reply_to,
)
from tracker import audit
from tracker.models.audit import AuditEvent
from tracker.models.sample import Sample
from tracker.operations import changes, deliverables, milestones, payments, quotes
from tracker.types import ChangeStatus, DeliverableStatus, MilestoneStatus, PaymentStatus

COHORT = [f"HLX208-101-10{n:02d}-{t}" for n in range(1, 5) for t in ("PD", "1h", "2h")]


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=UTC)


def _quote(revision: str, total: str, day: str) -> Mail:
    return Mail(
        CRO_PM, f"Quotation Q-2026-0147 Rev {revision} - HLX-208 bioanalysis",
        f"Dear Sarah,\n\nPlease find attached our quotation Q-2026-0147 Rev {revision} for the"
        f" HLX-208 method validation and sample analysis. Total GBP {total}.\n\nBest regards,\n"
        "James", at(day),
        attachments=((f"Quotation_Q-2026-0147_Rev{revision}.pdf",
                      quote_pdf(revision, total, day), PDF_TYPE),),
    )  # fmt: skip


def drive_thread(h: Harness) -> None:
    """Quote v1 → v2 → award and PO → kickoff → manifest → receipt → change → approval
    → draft report → invoice."""
    h.send(_quote("A", "93,040.00", "2026-01-16"))
    h.send(_quote("B", "92,466.00", "2026-01-29"))
    h.send(Mail(
        APPROVER, "Award - HLX-208 bioanalysis",
        "James,\n\nWe award the study to Northbridge on the basis of Q-2026-0147 Rev B."
        " Purchase order issued: PO 4500012873, please reference it on all invoices.\n\n"
        "Michael", at("2026-02-03"),
    ))  # fmt: skip
    h.send(Mail(
        CRO_PM, "HLX-208-101 kick-off - minutes and actions",
        "Dear all,\n\nThank you for joining the kick-off call today. Points of contact and"
        " timelines were agreed as below.\n\nBest regards,\nJames", at("2026-02-10", 17),
    ))  # fmt: skip
    h.send(Mail(
        SPONSOR_PM, "Samples shipped - HLX-208-101 cohort 1 - FedEx 772944103856",
        "Hi Tom,\n\nCohort 1 samples shipped today on dry ice, tracking number 772944103856."
        " Manifest attached, please confirm receipt.\n\nSarah", at("2026-03-02"),
        attachments=(("Cohort1_Manifest.xlsx", manifest_xlsx(COHORT), XLSX_TYPE),),
    ))  # fmt: skip
    received = [*COHORT[:-1], "HLX208-101-1099-PD"]  # one missing, one not on the manifest
    h.send(Mail(
        CRO_STAFF, "Sample receipt log - HLX-208-101 cohort 1",
        "Dear Sarah,\n\nSamples received frozen on dry ice; our receipt log is attached.\n\nTom",
        at("2026-03-03"),
        attachments=(("Cohort1_Receipt_Log.xlsx", manifest_xlsx(received), XLSX_TYPE),),
    ))  # fmt: skip
    h.send(Mail(
        CRO_PM, "Change order CO-001 for approval - HLX-208-101 additional timepoints",
        "Dear Michael,\n\nPlease find attached change order CO-001 for approval: two additional"
        " timepoints for cohorts 3 to 5, out of scope of the quote. Cost impact +GBP 1,934.50;"
        " impact on timeline 3 working days.\n\nBest regards,\nJames", at("2026-03-25"),
        attachments=(("CO-001_HLX-208-101.docx", change_order_docx(), DOCX_TYPE),),
    ))  # fmt: skip
    request = next(m for m in h.mail_to(APPROVER) if "+c-" in str(m["Reply-To"]))
    h.send(reply_to(request, APPROVER, "Approved - please go ahead.\n\nMichael", at("2026-03-26")))
    h.send(Mail(
        CRO_PM, "HLX-208-101 draft bioanalytical report for review",
        "Dear Sarah,\n\nPlease find attached the draft bioanalytical report NB-26-0031 for your"
        " review. We would appreciate comments by 22 May.\n\nBest regards,\nJames",
        at("2026-05-11", 15),
        attachments=(("NB-26-0031_Bioanalytical_Report_DRAFT_v1.0.pdf",
                      pdf(["Draft bioanalytical report NB-26-0031", "Study HLX-208-101",
                           "Results: concentrations of HLX-208 in plasma"]), PDF_TYPE),),
    ))  # fmt: skip
    h.send(Mail(
        CRO_FINANCE, "Invoice INV-NB-260604 - PO 4500012873 - Helix Therapeutics",
        "Dear Accounts Payable,\n\nPlease find attached invoice INV-NB-260604 for the kickoff"
        " milestone, amount due GBP 46,233.00, PO 4500012873. Payment terms net 30.\n\nKaren",
        at("2026-06-05"),
        attachments=(("INV-NB-260604.pdf", pdf(["INVOICE INV-NB-260604", "PO 4500012873",
                      "Amount due: GBP 46,233.00", "Payment terms: net 30"]), PDF_TYPE),),
    ))  # fmt: skip


@pytest.fixture
def thread(harness: Harness) -> Harness:
    drive_thread(harness)
    return harness


def test_quote_family_records_both_revisions_with_totals(thread: Harness) -> None:
    # Given the thread; When we read the quote family
    with thread.ws.transaction() as session:
        family = quotes.quote_versions(session, thread.project_id)
        # Then v1 and v2 carry their revisions and totals, and the award accepted v2
        assert [(q.version, q.revision, q.total) for q in family] == [
            (1, "A", Decimal("93040.00")),
            (2, "B", Decimal("92466.00")),
        ]
        assert [q.accepted for q in family] == [False, True]


def test_milestones_are_dated_by_the_mail_that_proved_them(thread: Harness) -> None:
    # Given the thread; When we read the milestones
    with thread.ws.transaction() as session:
        rows = {m.key: m for m in milestones.list_milestones(session, thread.project_id)}
        # Then each done milestone carries its message's Date (project time), not today
        done = {k: m.actual_date for k, m in rows.items() if m.status is MilestoneStatus.DONE}
    assert done == {
        "quote_accepted": date(2026, 2, 3),
        "po_or_sow_executed": date(2026, 2, 3),
        "kickoff_held": date(2026, 2, 10),
        "study_samples_received": date(2026, 3, 3),
        "draft_ba_report": date(2026, 5, 11),
    }


def test_samples_record_the_receipt_mismatches(thread: Harness) -> None:
    # Given the thread; When we read the samples
    with thread.ws.transaction() as session:
        rows = session.scalars(select(Sample).where(Sample.project_id == thread.project_id))
        found = {s.sample_id: str(s.status) for s in rows}
    # Then received ones are received, the missing tube is still only expected (shipped),
    # and the unlisted tube is recorded as received too, outside the manifest
    assert found[COHORT[0]] == "received"
    assert found[COHORT[-1]] != "received"
    assert found["HLX208-101-1099-PD"] == "received"


def test_change_is_approved_once_by_the_approver_reply(thread: Harness) -> None:
    # Given the thread; When we read the changes
    with thread.ws.transaction() as session:
        found = changes.list_changes(session, thread.project_id)
    # Then exactly one change exists, approved, with its cost impact
    assert [(c.code, c.status, c.impact.cost_delta) for c in found] == [
        ("CR-1", ChangeStatus.APPROVED, Decimal("1934.50"))
    ]


def test_draft_report_awaits_review_on_its_milestone(thread: Harness) -> None:
    # Given the thread; When we read the deliverables
    with thread.ws.transaction() as session:
        found = deliverables.list_deliverables(session, thread.project_id)
    # Then the draft report is v1, in review, on the draft report milestone, dated by its mail
    assert [(d.milestone_key, d.version, d.status, d.is_final) for d in found] == [
        ("draft_ba_report", 1, DeliverableStatus.AWAITING_REVIEW, False)
    ]
    assert found[0].delivered_at.date() == date(2026, 5, 11)


def test_invoice_is_linked_to_the_kickoff_tranche(thread: Harness) -> None:
    # Given the thread; When we read the payment plan (from the accepted quote's terms)
    with thread.ws.transaction() as session:
        lines = payments.list_payments(session, thread.project_id)
    # Then the kickoff tranche is invoiced with the invoice's own number; the other is not due
    assert [(p.share, p.status, p.invoice_number) for p in lines] == [
        (Decimal("50.0000"), PaymentStatus.INVOICED, "INV-NB-260604"),
        (Decimal("50.0000"), PaymentStatus.NOT_DUE, None),
    ]
    assert lines[0].amount == Decimal("46233.00")


def test_audit_chain_is_valid(thread: Harness) -> None:
    # Given the thread; When the chain is verified
    with thread.ws.transaction() as session:
        result = audit.verify(session, thread.project_id)
    # Then it is intact
    assert result.ok, result


def test_tampered_audit_event_is_detected(thread: Harness) -> None:
    # Given the thread, and one audit event rewritten behind Mailroom's back
    with thread.ws.transaction() as session:
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.project_id == thread.project_id, AuditEvent.seq == 12)
            .values(action="change_rejected")
        )
    # When the chain is verified
    with thread.ws.transaction() as session:
        result = audit.verify(session, thread.project_id)
    # Then the broken link is found
    assert not result.ok


def test_approval_request_names_the_change_and_carries_the_token(thread: Harness) -> None:
    # Given the thread; When we read what was sent to the approver
    request = next(m for m in thread.mail_to(APPROVER) if "+c-" in str(m["Reply-To"]))
    token = str(request["Reply-To"]).split("+c-")[1].split("@")[0]
    # Then the subject names CR-1 and the Message-ID carries the same signed token
    assert "CR-1" in str(request["Subject"])
    assert token in str(request["Message-ID"])
