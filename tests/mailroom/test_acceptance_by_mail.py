"""Deliverable acceptance by mail: the sponsor side answers the review request or the thread.

The CRO delivers the final report; Mailroom asks for a review (`deliverable_received`,
threaded under the delivery). A sponsor-side reply in that thread accepts it or asks for
changes; anyone else's "accepted" is refused and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select

from tests.mailroom.conftest import (
    APPROVER,
    CRO_PM,
    CRO_STAFF,
    PDF_TYPE,
    SPONSOR_PM,
    Harness,
    Mail,
    pdf,
    reply_to,
)
from tracker.models.audit import AuditEvent
from tracker.models.message import Message
from tracker.operations import deliverables, milestones
from tracker.types import DeliverableStatus, MilestoneStatus

DELIVERED = datetime(2026, 6, 2, 10, 30, tzinfo=UTC)
REVIEWED = datetime(2026, 6, 9, 15, tzinfo=UTC)


def _final_report() -> Mail:
    return Mail(
        CRO_PM, "HLX-208-101 final bioanalytical report",
        "Dear Sarah,\n\nPlease find attached the final signed bioanalytical report NB-26-0031"
        " with the QA statement.\n\nBest regards,\nJames", DELIVERED,
        attachments=(("NB-26-0031_Final_Report_v2.0.pdf",
                      pdf(["Final bioanalytical report NB-26-0031", "Study HLX-208-101",
                           "QA statement signed"]), PDF_TYPE),),
    )  # fmt: skip


def _review_request(h: Harness) -> tuple[Mail, EmailMessage]:
    """Deliver the final report; return the delivery and our review request to the sponsor."""
    delivery = _final_report()
    h.send(delivery)
    (request,) = _sent(h, SPONSOR_PM, "deliverable_received")
    return delivery, request


def _sent(h: Harness, address: str, template: str) -> list[EmailMessage]:
    return [m for m in h.mail_to(address) if m["X-Mailroom-Template"] == template]


def _in_thread(delivery: Mail, sender: str, text: str) -> Mail:
    """A reply-all to the delivery itself (not to our request), as people mostly answer."""
    return Mail(
        sender, f"RE: {delivery.subject}", f"{text}\n\n-----Original Message-----\n{delivery.body}",
        REVIEWED, cc=(CRO_PM,), in_reply_to=delivery.message_id,
    )  # fmt: skip


def _deliverable(h: Harness) -> deliverables.DeliverableView:
    with h.ws.transaction() as session:
        (found,) = deliverables.list_deliverables(session, h.project_id)
    return found


def _milestone_status(h: Harness, key: str) -> tuple[MilestoneStatus, date | None]:
    with h.ws.transaction() as session:
        m = milestones.get_milestone(session, h.project_id, key)
        return m.status, m.actual_date


def _actions(h: Harness) -> list[str]:
    with h.ws.transaction() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_sponsor_reply_to_review_request_accepts_the_final_report(harness: Harness) -> None:
    # Given a final report delivered and our review request to the sponsor side
    _, request = _review_request(harness)
    # When the sponsor PM answers the request "accepted"
    harness.send(reply_to(request, SPONSOR_PM, "Accepted - no further comments.\n\nSarah",
                          REVIEWED))  # fmt: skip
    # Then the deliverable is accepted, on the reply's date
    found = _deliverable(harness)
    assert found.status is DeliverableStatus.ACCEPTED
    assert found.reviewed_at is not None and found.reviewed_at.date() == REVIEWED.date()


def test_final_acceptance_completes_the_frame_milestone_on_the_reply_day(
    harness: Harness,
) -> None:
    # Given a final report delivered and our review request
    _, request = _review_request(harness)
    # When the sponsor accepts it by reply
    harness.send(reply_to(request, SPONSOR_PM, "Approved, thank you.", REVIEWED))
    # Then "final deliverable accepted" is done on the day of the reply (project time)
    assert _milestone_status(harness, "final_deliverable_accepted") == (
        MilestoneStatus.DONE,
        date(2026, 6, 9),
    )


def test_acceptance_is_announced_to_the_project(harness: Harness) -> None:
    # Given a final report delivered and our review request
    _, request = _review_request(harness)
    # When the sponsor accepts it by reply
    harness.send(reply_to(request, SPONSOR_PM, "Accepted.", REVIEWED))
    # Then the CRO is told it was accepted, and by whom
    told = _sent(harness, CRO_PM, "deliverable_accepted")
    assert len(told) == 1
    assert "Sarah Chen" in told[0].get_body(("plain",)).get_content()


def test_sponsor_comments_in_the_delivery_thread_request_changes(harness: Harness) -> None:
    # Given a final report delivered
    delivery, _ = _review_request(harness)
    # When the sponsor replies to the delivery with comments to address
    text = "Thanks James. Our comments are attached; please finalise once they are addressed."
    harness.send(_in_thread(delivery, APPROVER, text))
    # Then changes are requested and the frame milestone stays open
    assert _deliverable(harness).status is DeliverableStatus.CHANGES_REQUESTED
    assert _milestone_status(harness, "final_deliverable_accepted")[0] is not MilestoneStatus.DONE


def test_sponsor_no_further_comments_in_the_thread_accepts(harness: Harness) -> None:
    # Given a final report delivered
    delivery, _ = _review_request(harness)
    # When the sponsor approver replies to the delivery with no further comments
    harness.send(_in_thread(delivery, APPROVER, "No further comments from us. Michael"))
    # Then the deliverable is accepted
    assert _deliverable(harness).status is DeliverableStatus.ACCEPTED


def test_cro_person_accepting_is_refused_and_flagged(harness: Harness) -> None:
    # Given a final report delivered
    delivery, _ = _review_request(harness)
    # When CRO staff reply in the thread that the report is accepted
    harness.send(_in_thread(delivery, CRO_STAFF, "Accepted, no further comments. Tom"))
    # Then nothing moves, the refusal is audited and the message waits for a person
    assert _deliverable(harness).status is DeliverableStatus.AWAITING_REVIEW
    assert "decision_refused" in _actions(harness)
    with harness.ws.transaction() as session:
        flagged = session.scalars(
            select(Message.needs_review).where(Message.from_email == CRO_STAFF)
        ).all()
    assert flagged == [True]


def test_tentative_acceptance_changes_nothing_and_asks_again(harness: Harness) -> None:
    # Given a final report delivered and our review request
    _, request = _review_request(harness)
    # When the sponsor accepts only in principle
    text = "Accepted in principle, pending our QA sign-off."
    harness.send(reply_to(request, SPONSOR_PM, text, REVIEWED))
    # Then nothing moves, the non-decision is audited, and the sponsor is asked again
    assert _deliverable(harness).status is DeliverableStatus.AWAITING_REVIEW
    assert "decision_not_taken" in _actions(harness)
    assert len(_sent(harness, SPONSOR_PM, "reply_not_understood")) == 1


def test_thanks_in_the_thread_is_not_a_review(harness: Harness) -> None:
    # Given a final report delivered
    delivery, _ = _review_request(harness)
    # When the sponsor only acknowledges it
    harness.send(_in_thread(delivery, SPONSOR_PM, "Thanks James - got it, will review with QA."))
    # Then it stays in review
    assert _deliverable(harness).status is DeliverableStatus.AWAITING_REVIEW


def test_second_acceptance_of_an_accepted_deliverable_changes_nothing(harness: Harness) -> None:
    # Given a final report accepted by reply
    _, request = _review_request(harness)
    harness.send(reply_to(request, SPONSOR_PM, "Accepted.", REVIEWED))
    accepted = _deliverable(harness).reviewed_at
    # When another acceptance arrives a day later
    harness.send(reply_to(request, APPROVER, "Accepted.", REVIEWED + timedelta(days=1)))
    # Then the first acceptance stands
    assert _deliverable(harness).reviewed_at == accepted


def test_review_request_goes_to_the_sponsor_side_only(harness: Harness) -> None:
    # Given a final report delivered by the CRO PM
    _review_request(harness)
    # When we read who was asked to review it
    requests = [m for m in harness.outbox() if m["X-Mailroom-Template"] == "deliverable_received"]
    # Then one request went to the sponsor PM and approver, and to nobody on the CRO side
    assert len(requests) == 1
    assert sorted(str(requests[0]["To"]).replace(" ", "").split(",")) == sorted(
        [SPONSOR_PM, APPROVER]
    )


def test_cro_sender_gets_a_filed_confirmation_for_the_delivery(harness: Harness) -> None:
    # Given a final report delivered by the CRO PM
    _review_request(harness)
    # When we read what the CRO PM was sent
    filed = _sent(harness, CRO_PM, "document_filed")
    # Then a confirmation that it was filed, in the delivery's thread, not a review request
    assert len(filed) == 1
    assert "final bioanalytical report" in str(filed[0]["Subject"]).lower()
    assert _sent(harness, CRO_PM, "deliverable_received") == []
