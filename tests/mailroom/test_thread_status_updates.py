"""Status updates that carry a second act: a change agreed in passing, interim data, a
shipment and its receipt note — each recorded as what it is, and no more.

* A change agreed in a status update and the formal change order that follows are one
  change: the order revises it (title, what changed, cost, document), whether it answers
  the update's thread or only names the same scope; the approver is asked with the
  formal terms.
* Interim concentrations attached mid-study are recorded against the milestone in
  progress and complete nothing (no "method validated", no payment due).
* A manifest whose mail says the samples were shipped makes them `shipped`; the CRO's
  plain-text receipt note with a discrepancy completes the receipt milestone and is
  flagged for a person.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from tests.mailroom.conftest import (
    APPROVER,
    CRO_PM,
    CRO_STAFF,
    DOCX_TYPE,
    SPONSOR_PM,
    XLSX_TYPE,
    Harness,
    Mail,
    change_order_docx,
    docx,
    manifest_xlsx,
    reply_to,
)
from tracker.models.message import Message
from tracker.models.sample import Sample
from tracker.operations import changes, deliverables, milestones, payments
from tracker.types import ChangeStatus, MilestoneStatus, PaymentStatus

COHORT = [f"HLX208-101-10{n:02d}-{t}" for n in range(1, 4) for t in ("PD", "1h", "2h")]
CSV_TYPE = ("text", "csv")
STATUS_UPDATE = (
    "Dear Sarah, dear Michael,\n\nHere is the fortnightly update for HLX-208-101.\n\n"
    "Validation: all three accuracy and precision runs passed. The validation report draft"
    " is planned for 17 April.\n\nCohort 1: analysed in three runs, all passed acceptance."
    " Interim concentrations are attached for your PK team - these are not QA audited and"
    " may change.\n\nAs agreed with Sarah on Thursday's call, we will add the two extra"
    " timepoints for cohorts 3 to 5 (36 h and 72 h, 48 additional samples) at the Rev B unit"
    " price, and I will send the formal change order for Michael's signature this week.\n\n"
    "ISR will be selected from cohorts 1-3 once cohort 3 is complete.\n\nBest regards,\nJames"
)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=UTC)


def _interim_csv() -> bytes:
    rows = ["Sample ID,Analyte,Concentration (ng/mL)"]
    rows += [f"{sid},HLX-208,{12.5 + i:.1f}" for i, sid in enumerate(COHORT)]
    return ("\n".join(rows) + "\n").encode()


def _status_update() -> Mail:
    return Mail(
        CRO_PM, "HLX-208-101 status update - w/c 23 March", STATUS_UPDATE, at("2026-03-23", 15),
        attachments=(("HLX-208-101_Cohort1_interim_concentrations.csv", _interim_csv(),
                      CSV_TYPE),),
    )  # fmt: skip


def _change_order(in_reply_to: str | None = None) -> Mail:
    return Mail(
        CRO_PM, "Change order CO-001 for approval - HLX-208-101 additional timepoints",
        "Dear Michael,\n\nFollowing Sarah's request, please find attached change order CO-001"
        " for the two additional timepoints in cohorts 3 to 5. Cost impact +GBP 1,934.50; the"
        " draft report moves by 3 working days to 11 May.\n\nCould you please approve by reply"
        " or return the signed CO?\n\nBest regards,\nJames", at("2026-03-25", 12),
        in_reply_to=in_reply_to,
        attachments=(("Northbridge_CO-001_HLX-208-101.docx", change_order_docx(), DOCX_TYPE),),
    )  # fmt: skip


def _changes(h: Harness) -> list[changes.ChangeView]:
    with h.ws.transaction() as session:
        return changes.list_changes(session, h.project_id)


def _approval_requests(h: Harness) -> list[str]:
    return [
        str(m["Subject"]) for m in h.mail_to(APPROVER)
        if m["X-Mailroom-Template"] == "change_approval_request"
    ]  # fmt: skip


def test_formal_order_naming_the_same_scope_revises_the_informal_change(
    harness: Harness,
) -> None:
    # Given a change agreed in passing in a status update (CR-1, awaiting approval)
    harness.send(_status_update())
    # When the formal change order arrives two days later, in a new thread
    harness.send(_change_order())
    # Then there is still one change, restated with the order's title and cost
    found = _changes(harness)
    assert [(c.code, c.status, c.impact.cost_delta, c.impact.currency) for c in found] == [
        ("CR-1", ChangeStatus.AWAITING_APPROVAL, Decimal("1934.50"), "GBP")
    ]
    assert found[0].title.startswith("Change order CO-001")
    assert "1,934.50" in found[0].what_changed


def test_formal_order_keeps_its_document_on_the_change(harness: Harness) -> None:
    # Given a change agreed in passing, then its formal order
    harness.send(_status_update())
    harness.send(_change_order())
    # When we read the change's documents
    with harness.ws.transaction() as session:
        (change,) = changes.list_changes(session, harness.project_id)
        documents = changes.change_documents(session, harness.project_id, change.id)
    # Then the order document is recorded on the change
    assert len(documents) == 1


def test_formal_order_in_the_update_thread_revises_the_change(harness: Harness) -> None:
    # Given a change agreed in passing in a status update
    update = _status_update()
    harness.send(update)
    # When the formal order answers that update's thread
    harness.send(_change_order(in_reply_to=update.message_id))
    # Then it revised CR-1 rather than opening CR-2
    assert [(c.code, c.impact.cost_delta) for c in _changes(harness)] == [
        ("CR-1", Decimal("1934.50"))
    ]


def test_approver_is_asked_again_with_the_formal_terms(harness: Harness) -> None:
    # Given a change agreed in passing, then its formal order
    harness.send(_status_update())
    harness.send(_change_order())
    # When we read the approval requests sent to the approver
    subjects = _approval_requests(harness)
    # Then one named the update and one the formal order, both about CR-1
    assert len(subjects) == 2
    assert all("CR-1" in s for s in subjects)
    assert sorted("Change order CO-001" in s for s in subjects) == [False, True]


def test_approval_of_the_revised_change_approves_the_one_change(harness: Harness) -> None:
    # Given the informal change and its formal order
    harness.send(_status_update())
    harness.send(_change_order())
    # When the approver answers the formal request
    (request,) = [
        m
        for m in harness.mail_to(APPROVER)
        if "Change order CO-001" in str(m["Subject"])
        and m["X-Mailroom-Template"] == "change_approval_request"
    ]
    harness.send(reply_to(request, APPROVER, "Approved.\n\nMichael", at("2026-03-26")))
    # Then CR-1 is approved with the order's cost, and no other change exists
    assert [(c.code, c.status, c.impact.cost_delta) for c in _changes(harness)] == [
        ("CR-1", ChangeStatus.APPROVED, Decimal("1934.50"))
    ]


def test_informal_approval_in_the_order_thread_is_a_flagged_follow_up(harness: Harness) -> None:
    # Given the informal change and its formal order
    harness.send(_status_update())
    order = _change_order()
    harness.send(order)
    before = len(_approval_requests(harness))
    # When the approver answers the order's thread instead of our request
    harness.send(Mail(
        APPROVER, f"Re: {order.subject}", "Approved - please proceed with CO-001.\n\nMichael",
        at("2026-03-26"), in_reply_to=order.message_id,
    ))  # fmt: skip
    # Then nothing is decided or opened, nobody is asked again, and a person sees it
    assert [(c.code, c.status) for c in _changes(harness)] == [
        ("CR-1", ChangeStatus.AWAITING_APPROVAL)
    ]
    assert len(_approval_requests(harness)) == before
    with harness.ws.transaction() as session:
        flagged = session.scalars(
            select(Message.needs_review).where(Message.from_email == APPROVER)
        ).all()
    assert flagged == [True]


def test_order_for_an_unrelated_scope_opens_its_own_change(harness: Harness) -> None:
    # Given a change agreed in passing about extra timepoints
    harness.send(_status_update())
    # When a formal order arrives about something else entirely
    harness.send(Mail(
        CRO_PM, "Change order CO-002 for approval - HLX-208-101 matrix stability",
        "Dear Michael,\n\nPlease find attached change order CO-002: an additional freeze-thaw"
        " stability experiment in haemolysed matrix requested by your QA. Cost impact"
        " +GBP 4,100.00.\n\nBest regards,\nJames", at("2026-03-27"),
        attachments=(("Northbridge_CO-002_HLX-208-101.docx", docx([
            "Change Order CO-002", "Description: freeze-thaw stability in haemolysed matrix.",
            "Cost impact: +GBP 4,100.00",
        ]), DOCX_TYPE),),
    ))  # fmt: skip
    # Then it is a second change; the informal one keeps its own terms
    assert [c.code for c in _changes(harness)] == ["CR-1", "CR-2"]


def test_interim_data_completes_no_milestone_and_makes_nothing_due(harness: Harness) -> None:
    # Given a status update with interim concentrations attached
    harness.send(_status_update())
    # When we read the milestones, the deliverable and the payment lines
    with harness.ws.transaction() as session:
        done = [
            m.key for m in milestones.list_milestones(session, harness.project_id)
            if m.status is MilestoneStatus.DONE
        ]  # fmt: skip
        (delivered,) = deliverables.list_deliverables(session, harness.project_id)
        due = [
            p for p in payments.list_payments(session, harness.project_id)
            if p.status is PaymentStatus.DUE
        ]  # fmt: skip
    # Then the data is on record, against a milestone still open, with no review deadline
    assert done == []
    assert delivered.milestone_key != "method_validated"
    assert delivered.review_due is None
    assert due == []


def test_named_draft_report_still_completes_its_milestone(harness: Harness) -> None:
    # Given interim data mid-study, then the draft report
    harness.send(_status_update())
    harness.send(Mail(
        CRO_PM, "HLX-208-101 draft bioanalytical report for review",
        "Dear Sarah,\n\nPlease find attached the draft bioanalytical report for your review."
        "\n\nJames", at("2026-05-11", 15),
        attachments=(("NB-26-0031_Bioanalytical_Report_DRAFT_v1.0.pdf", b"%PDF-1.4 draft",
                      ("application", "pdf")),),
    ))  # fmt: skip
    # When we read the milestones
    with harness.ws.transaction() as session:
        report = milestones.get_milestone(session, harness.project_id, "draft_ba_report")
    # Then the report's own milestone is done on the mail's day
    assert report.status is MilestoneStatus.DONE
    assert str(report.actual_date) == "2026-05-11"


def _shipment() -> Mail:
    return Mail(
        SPONSOR_PM, "Samples shipped - HLX-208-101 cohort 1 - FedEx 772944103856",
        "Hi Tom,\n\nCohort 1 samples shipped today on dry ice, FedEx Priority Overnight,"
        " tracking number 7729 4410 3856.\n\nManifest attached - please confirm receipt and"
        " let me know of any discrepancies.\n\nSarah", at("2026-03-02"),
        attachments=(("Cohort1_Manifest.xlsx", manifest_xlsx(COHORT), XLSX_TYPE),),
    )  # fmt: skip


def _statuses(h: Harness) -> set[str]:
    with h.ws.transaction() as session:
        rows = session.scalars(select(Sample).where(Sample.project_id == h.project_id))
        return {str(s.status) for s in rows}


def test_manifest_sent_as_shipped_makes_the_samples_shipped(harness: Harness) -> None:
    # Given no samples yet; When the sponsor's manifest arrives saying they were shipped
    harness.send(_shipment())
    # Then every sample on it is shipped, not merely expected
    assert _statuses(harness) == {"shipped"}


def test_manifest_before_shipping_is_only_expected(harness: Harness) -> None:
    # Given no samples yet; When the sponsor sends the list ahead of the shipment
    harness.send(Mail(
        SPONSOR_PM, "Cohort 1 sample list",
        "Hi Tom,\n\nHere is the list for Monday's shipment. Tracking number follows on Monday."
        "\n\nSarah", at("2026-02-27"),
        attachments=(("Cohort1_Manifest.xlsx", manifest_xlsx(COHORT), XLSX_TYPE),),
    ))  # fmt: skip
    # Then the samples are expected
    assert _statuses(harness) == {"expected"}


def test_receipt_note_with_a_discrepancy_records_receipt_and_is_flagged(
    harness: Harness,
) -> None:
    # Given the shipment
    shipment = _shipment()
    harness.send(shipment)
    # When the CRO answers in plain text with counts and a discrepancy
    harness.send(Mail(
        CRO_STAFF, f"RE: {shipment.subject}",
        "Dear Sarah,\n\nThe cohort 1 shipment arrived this morning, frozen, with dry ice"
        " remaining. Samples are logged under accession L26-00412 to L26-00419.\n\n"
        "Discrepancies against the manifest:\n- HLX208-101-1003-2h: listed on the manifest,"
        " not in the box\n\n8 of 9 listed tubes received. Please advise how to proceed.\n\nTom",
        at("2026-03-03", 11), in_reply_to=shipment.message_id,
    ))  # fmt: skip
    # Then the receipt milestone is done on the note's day and the note waits for a person
    with harness.ws.transaction() as session:
        receipt = milestones.get_milestone(session, harness.project_id, "study_samples_received")
        flagged = session.scalars(
            select(Message.needs_review).where(Message.from_email == CRO_STAFF)
        ).all()
    assert (receipt.status, str(receipt.actual_date)) == (MilestoneStatus.DONE, "2026-03-03")
    assert flagged == [True]
