"""Refused operations, driven through mail: each changes nothing and leaves a record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.mailroom.conftest import (
    APPROVER,
    CRO_PM,
    CRO_STAFF,
    DOCX_TYPE,
    PDF_TYPE,
    SPONSOR_PM,
    Harness,
    Mail,
    change_order_docx,
    pdf,
    reply_to,
)
from tracker.models.audit import AuditEvent
from tracker.models.message import Message
from tracker.operations import changes, deliverables
from tracker.types import ChangeStatus

WHEN = datetime(2026, 5, 11, 14, tzinfo=UTC)


def _report(sender: str) -> Mail:
    return Mail(
        sender, "HLX-208-101 final report - data package delivered",
        "Dear all,\n\nPlease find attached the final signed bioanalytical report and data"
        " package for HLX-208-101.\n\nBest regards", WHEN,
        attachments=(("HLX-208-101_Final_Report_signed.pdf",
                      pdf(["Final bioanalytical report", "Study HLX-208-101"]), PDF_TYPE),),
    )  # fmt: skip


def _request(h: Harness) -> Mail:
    h.send(Mail(
        CRO_PM, "Change order CO-001 for approval - additional timepoints",
        "Dear Michael,\n\nPlease find attached change order CO-001 for approval: additional"
        " timepoints, out of scope. Cost impact +GBP 1,934.50.\n\nJames", WHEN,
        attachments=(("CO-001.docx", change_order_docx(), DOCX_TYPE),),
    ))  # fmt: skip
    request = next(m for m in h.mail_to(APPROVER) if "+c-" in str(m["Reply-To"]))
    return reply_to(request, APPROVER, "Approved.", WHEN + timedelta(days=1))


def test_cro_delivery_is_recorded(harness: Harness) -> None:
    # Given the CRO PM; When they deliver the final report
    harness.send(_report(CRO_PM))
    # Then it is recorded as a final deliverable awaiting review (the control for the next test)
    with harness.ws.transaction() as session:
        found = deliverables.list_deliverables(session, harness.project_id)
    assert [(d.milestone_key, d.is_final) for d in found] == [("final_ba_report", True)]


def test_sponsor_delivering_records_nothing_and_is_flagged(harness: Harness) -> None:
    # Given the sponsor PM; When they send a "deliverable"
    harness.send(_report(SPONSOR_PM))
    # Then no deliverable is recorded and the message waits for a person
    with harness.ws.transaction() as session:
        found = deliverables.list_deliverables(session, harness.project_id)
        flagged = session.scalars(select(Message.needs_review)).all()
    assert found == []
    assert flagged == [True]


def test_sponsor_pm_using_the_approvers_reply_does_not_approve(harness: Harness) -> None:
    # Given an approval request sent to the approver
    reply = _request(harness)
    # When the sponsor PM (a member, not the approver) answers it with the same token
    reply.sender = SPONSOR_PM
    harness.send(reply)
    # Then the change still awaits approval and the refusal is audited
    with harness.ws.transaction() as session:
        status = changes.list_changes(session, harness.project_id)[0].status
        actions = session.scalars(select(AuditEvent.action)).all()
    assert status is ChangeStatus.AWAITING_APPROVAL
    assert "decision_refused" in actions


def test_cro_staff_using_the_approvers_reply_does_not_approve(harness: Harness) -> None:
    # Given an approval request sent to the approver
    reply = _request(harness)
    # When CRO staff answer it "Approved" with the approver's token
    reply.sender = CRO_STAFF
    harness.send(reply)
    # Then nothing is approved
    with harness.ws.transaction() as session:
        status = changes.list_changes(session, harness.project_id)[0].status
    assert status is ChangeStatus.AWAITING_APPROVAL


def test_informal_approval_in_the_change_thread_opens_no_second_change(harness: Harness) -> None:
    # Given a change order mail in a thread
    order = Mail(
        CRO_PM, "Change order CO-001 for approval - additional timepoints",
        "Dear Michael,\n\nPlease find attached change order CO-001 for approval: additional"
        " timepoints, out of scope. Cost impact +GBP 1,934.50.\n\nJames", WHEN,
        attachments=(("CO-001.docx", change_order_docx(), DOCX_TYPE),),
    )  # fmt: skip
    harness.send(order)
    # When the approver answers "approved" in that thread rather than to our request
    harness.send(Mail(
        APPROVER, f"Re: {order.subject}", "Approved - please proceed with the change order"
        " CO-001 for the additional timepoints.\n\nMichael", WHEN + timedelta(days=1),
        in_reply_to=order.message_id,
    ))  # fmt: skip
    # Then there is still one change, not approved (only the signed reply decides)
    with harness.ws.transaction() as session:
        found = changes.list_changes(session, harness.project_id)
    assert [(c.code, c.status) for c in found] == [("CR-1", ChangeStatus.AWAITING_APPROVAL)]
