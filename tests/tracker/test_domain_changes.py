"""Change requests: numbering, the five questions, approval by sponsor approvers only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import SYSTEM, add_message, footprint, make_world
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.models.change import ChangeRequest
from tracker.operations.changes import (
    ApprovalEvidence,
    ChangeImpact,
    ChangeSpec,
    MilestoneShift,
    approve_change,
    find_change,
    open_change,
    reject_change,
    request_approval,
    withdraw_change,
)
from tracker.types import ChangeStatus

EVIDENCE = ApprovalEvidence(
    raw_sha256="ab" * 32,
    auth_verdict="dkim=pass dmarc=pass",
    token_id="tok-1",
    reply_text="Approved, please proceed.",
    quoted_split="quotequail",
)
SPEC = ChangeSpec(
    title="Add 24 h timepoint",
    what_changed="One extra PK timepoint per animal (40 samples)",
    why="Sponsor scope request after interim PK",
    requested_by="",
    impact=ChangeImpact(
        milestones=(MilestoneShift("final_report_issued", date(2026, 6, 1), date(2026, 6, 15)),),
        cost_delta=Decimal("3400.00"),
        currency="EUR",
        deliverables=("Final report",),
    ),
    updated_target="Final report due 2026-06-15",
)


def test_changes_are_numbered_per_project(session: Session) -> None:
    # Given two projects
    one, two = make_world(session, "p-one"), make_world(session, "p-two")
    # When changes are opened in both
    a = open_change(session, one.cro_pm, one.project_id, SPEC, None)
    b = open_change(session, one.sponsor_pm, one.project_id, SPEC, None)
    c = open_change(session, two.cro_pm, two.project_id, SPEC, None)
    # Then each project counts from CR-1
    assert (a.code, b.code, c.code) == ("CR-1", "CR-2", "CR-1")
    assert find_change(session, one.project_id, "cr-2").id == b.id


def test_a_change_answers_the_five_questions_and_links_its_message(session: Session) -> None:
    world = make_world(session)
    msg = add_message(session, world, "Change: add 24 h timepoint", world.sponsor_pm)
    change = open_change(session, world.sponsor_pm, world.project_id, SPEC, msg)
    session.commit()
    assert (change.what_changed, change.why) == (SPEC.what_changed, SPEC.why)
    assert change.requested_by == world.sponsor_pm.email and change.requester_side == "sponsor"
    assert change.impact == SPEC.impact and change.updated_target == SPEC.updated_target
    assert change.proposed_message_id == msg and change.status is ChangeStatus.PROPOSED


def test_an_approver_approves_and_the_evidence_is_kept(session: Session) -> None:
    # Given a change awaiting approval
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, SPEC, None)
    asked = request_approval(session, world.cro_pm, world.project_id, change.id)
    reply = add_message(session, world, "Re: CR-1", world.approver)
    # When the sponsor approver approves by reply
    decided = approve_change(session, world.approver, world.project_id, change.id, EVIDENCE, reply)
    session.commit()
    # Then it is approved, linked to the deciding message, with the evidence stored
    assert [a.email for a in asked.approvers] == [world.approver.email]
    assert decided.status is ChangeStatus.APPROVED and decided.decision_message_id == reply
    row = session.get(ChangeRequest, change.id)
    assert row is not None and row.decision_evidence == EVIDENCE.to_json()


def test_an_approver_can_reject(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, SPEC, None)
    request_approval(session, world.cro_pm, world.project_id, change.id)
    decided = reject_change(session, world.approver, world.project_id, change.id, EVIDENCE, None)
    assert decided.status is ChangeStatus.REJECTED


@pytest.mark.parametrize("who", ["sponsor_pm", "cro_pm", "finance", "observer"])
def test_only_a_sponsor_approver_can_approve(session: Session, who: str) -> None:
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, SPEC, None)
    request_approval(session, world.cro_pm, world.project_id, change.id)
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        approve_change(session, getattr(world, who), world.project_id, change.id, EVIDENCE, None)
    assert footprint(session) == before


def test_the_system_cannot_approve_on_anyones_behalf(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, SPEC, None)
    request_approval(session, world.cro_pm, world.project_id, change.id)
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        approve_change(session, SYSTEM, world.project_id, change.id, EVIDENCE, None)
    assert footprint(session) == before


def test_an_approver_of_another_project_cannot_approve(session: Session) -> None:
    here, there = make_world(session, "here"), make_world(session, "there")
    change = open_change(session, here.cro_pm, here.project_id, SPEC, None)
    request_approval(session, here.cro_pm, here.project_id, change.id)
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        approve_change(session, there.approver, here.project_id, change.id, EVIDENCE, None)
    assert footprint(session) == before


def test_approving_a_change_not_yet_sent_for_approval_is_refused(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, SPEC, None)
    session.commit()
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        approve_change(session, world.approver, world.project_id, change.id, EVIDENCE, None)
    assert footprint(session) == before


def test_deciding_twice_is_refused(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, SPEC, None)
    request_approval(session, world.cro_pm, world.project_id, change.id)
    approve_change(session, world.approver, world.project_id, change.id, EVIDENCE, None)
    session.commit()
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        reject_change(session, world.approver, world.project_id, change.id, EVIDENCE, None)
    assert footprint(session) == before


def test_the_requesting_side_can_withdraw(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.sponsor_pm, world.project_id, SPEC, None)
    withdrawn = withdraw_change(session, world.approver, world.project_id, change.id)
    assert withdrawn.status is ChangeStatus.WITHDRAWN


def test_the_cro_pm_can_withdraw_a_sponsor_change(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.sponsor_pm, world.project_id, SPEC, None)
    assert withdraw_change(session, world.cro_pm, world.project_id, change.id).status is (
        ChangeStatus.WITHDRAWN
    )


def test_cro_staff_cannot_withdraw_a_sponsor_change(session: Session) -> None:
    world = make_world(session)
    change = open_change(session, world.sponsor_pm, world.project_id, SPEC, None)
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        withdraw_change(session, world.cro_staff, world.project_id, change.id)
    assert footprint(session) == before


def test_an_observer_cannot_open_a_change(session: Session) -> None:
    world = make_world(session)
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        open_change(session, world.observer, world.project_id, SPEC, None)
    assert footprint(session) == before
