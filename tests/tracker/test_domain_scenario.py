"""A whole project thread at the tracker level: quote → samples → change → deliverable →
invoice → paid → close, with the audit chain intact at the end."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import add_message, make_world
from tracker import audit
from tracker.dossier import export_dossier
from tracker.operations.changes import (
    ApprovalEvidence,
    ChangeImpact,
    ChangeSpec,
    approve_change,
    open_change,
    request_approval,
)
from tracker.operations.closeout import close_project, closeout_checklist
from tracker.operations.deliverables import accept_deliverable, record_deliverable
from tracker.operations.milestones import complete_milestone
from tracker.operations.payments import (
    link_invoice,
    list_payments,
    mark_paid,
    plan_from_quote,
    refresh_payments_due,
)
from tracker.operations.quotes import accept_quote, parse_quote_text, record_quote
from tracker.operations.samples import import_samples, parse_sample_table, set_sample_status
from tracker.types import PaymentStatus, SampleStatus

QUOTE = """QUOTATION Q-2026-0200 Rev A
Date: 2026-02-01
Description\tQty\tUnit price\tTotal
Plasma PK analysis\t4\tEUR 500.00\tEUR 2,000.00
Report\t1\tEUR 2,000.00\tEUR 2,000.00
Total\tEUR 4,000.00
Payment terms: 50% at kickoff; 50% at final report
Valid for 30 days
"""
SHEET = "Sample ID,Matrix,Volume\nP-1,plasma,200 uL\nP-2,plasma,200 uL\n"


def test_a_project_runs_from_quote_to_closeout(session: Session, tmp_path: Path) -> None:
    world = make_world(session)
    pid = world.project_id
    # Quote: the CRO sends it, the sponsor accepts it, payments follow its terms
    quote = record_quote(
        session,
        world.cro_pm,
        pid,
        None,
        parse_quote_text(QUOTE),
        add_message(session, world, "Quote Q-2026-0200", world.cro_pm),
    )
    accept_quote(session, world.sponsor_pm, pid)
    assert [p.amount for p in plan_from_quote(session, world.cro_pm, pid, quote.id)] == [
        Decimal("2000.00"),
        Decimal("2000.00"),
    ]
    complete_milestone(session, world.cro_pm, pid, "kickoff_held")
    assert len(refresh_payments_due(session, pid)) == 1
    session.commit()

    # Samples: expected list, then the CRO's receipt; analysis to disposal
    import_samples(session, world.sponsor_pm, pid, parse_sample_table(SHEET), None)
    receipt = import_samples(session, world.cro_staff, pid, parse_sample_table(SHEET), None)
    assert receipt.advanced == ("P-1", "P-2") and not receipt.has_discrepancies
    for status in (SampleStatus.IN_ANALYSIS, SampleStatus.REPORTED, SampleStatus.DISPOSED):
        set_sample_status(session, world.cro_staff, pid, ["P-1", "P-2"], status)
    session.commit()

    # Change: proposed by the CRO, approved by the sponsor approver with evidence
    change = open_change(
        session,
        world.cro_pm,
        pid,
        ChangeSpec("Repeat P-2", impact=ChangeImpact(cost_delta=Decimal("500.00"), currency="EUR")),
        None,
    )
    request_approval(session, world.cro_pm, pid, change.id)
    reply = add_message(session, world, "Re: CR-1 approval", world.approver)
    approve_change(
        session,
        world.approver,
        pid,
        change.id,
        ApprovalEvidence("cd" * 32, "dkim=pass", "tok", "Approved."),
        reply,
    )
    session.commit()

    # Deliverable: the final report is accepted, its milestone completes, its payment is due
    report = record_deliverable(
        session,
        world.cro_pm,
        pid,
        milestone_key="final_report_issued",
        title="Final report",
        is_final=True,
    )
    outcome = accept_deliverable(session, world.approver, pid, report.id)
    assert outcome.milestone_completed == "final_report_issued" and len(outcome.payments_due) == 1
    session.commit()

    # Invoices and payment: both lines invoiced and paid
    for number, hint in (("INV-1", "kickoff"), ("INV-2", "final report")):
        link_invoice(
            session,
            world.cro_pm,
            pid,
            invoice_number=number,
            amount=Decimal("2000.00"),
            currency="EUR",
            milestone_hint=hint,
        )
        mark_paid(session, world.finance, pid, invoice_number=number)
    assert {p.status for p in list_payments(session, pid)} == {PaymentStatus.PAID}
    session.commit()

    # Close: the checklist is met without waivers, the chain verifies, the dossier exports
    assert closeout_checklist(session, pid).ready
    close_project(session, world.sponsor_pm, pid)
    session.commit()
    assert audit.verify(session, pid).ok
    out = export_dossier(session, pid, tmp_path / "dossier.zip")
    with zipfile.ZipFile(out) as zf:
        index = zf.read("index.html").decode()
    assert "CR-1" in index and "Final report" in index and "INV-2" in index
