"""Deliverables: CRO delivers, versions per title, sponsor reviews, final completes milestone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import SYSTEM, footprint, make_world
from tracker.errors import InvalidTransition, NotFound, PermissionDenied
from tracker.models.milestone import Milestone
from tracker.operations.deliverables import (
    accept_deliverable,
    add_business_days,
    record_deliverable,
    request_changes,
)
from tracker.types import DeliverableStatus, MilestoneStatus


def _deliver(session: Session, world, title: str = "Draft report", **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("milestone_key", "draft_report_issued")
    return record_deliverable(session, world.cro_staff, world.project_id, title=title, **kw)


def test_review_deadline_counts_business_days() -> None:
    # Friday + 10 business days is the Friday two weeks later
    assert add_business_days(date(2026, 3, 6), 10) == date(2026, 3, 20)
    assert add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_a_delivery_gets_a_review_deadline(session: Session) -> None:
    world = make_world(session)
    d = _deliver(session, world, delivered_at=datetime(2026, 3, 6, 9, tzinfo=UTC), review_days=5)
    assert d.status is DeliverableStatus.AWAITING_REVIEW and d.review_due == date(2026, 3, 13)


def test_same_title_on_same_milestone_is_the_next_version(session: Session) -> None:
    world = make_world(session)
    v1 = _deliver(session, world, "Draft report")
    request_changes(session, world.sponsor_pm, world.project_id, v1.id, comment="see comments")
    v2 = _deliver(session, world, "draft  REPORT")
    other = _deliver(session, world, "Data package")
    assert (v1.version, v2.version, other.version) == (1, 2, 1)


def test_the_sponsor_side_requests_changes(session: Session) -> None:
    world = make_world(session)
    d = _deliver(session, world)
    out = request_changes(session, world.approver, world.project_id, d.id, comment="typos p3")
    assert out.status is DeliverableStatus.CHANGES_REQUESTED and out.review_comment == "typos p3"


def test_accepting_the_final_deliverable_completes_its_milestone(session: Session) -> None:
    # Given a final report delivered on its milestone
    world = make_world(session)
    d = _deliver(session, world, "Final report", milestone_key="final_report_issued", is_final=True)
    # When the sponsor accepts it
    outcome = accept_deliverable(session, world.sponsor_pm, world.project_id, d.id)
    session.commit()
    # Then the milestone is done and the outcome says so
    assert outcome.milestone_completed == "final_report_issued"
    status = session.scalar(select(Milestone.status).where(Milestone.key == "final_report_issued"))
    assert status is MilestoneStatus.DONE


def test_accepting_a_draft_does_not_complete_a_milestone(session: Session) -> None:
    world = make_world(session)
    d = _deliver(session, world)
    outcome = accept_deliverable(session, world.sponsor_pm, world.project_id, d.id)
    assert outcome.milestone_completed is None


@pytest.mark.parametrize("who", ["sponsor_pm", "approver", "finance", "observer"])
def test_only_the_cro_side_delivers(session: Session, who: str) -> None:
    world = make_world(session)
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        record_deliverable(
            session,
            getattr(world, who),
            world.project_id,
            milestone_key="draft_report_issued",
            title="Draft report",
        )
    assert footprint(session) == before


@pytest.mark.parametrize("who", ["cro_pm", "cro_staff", "finance", "observer"])
def test_only_the_sponsor_side_accepts(session: Session, who: str) -> None:
    world = make_world(session)
    d = _deliver(session, world)
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        accept_deliverable(session, getattr(world, who), world.project_id, d.id)
    assert footprint(session) == before


def test_the_system_cannot_accept_a_deliverable(session: Session) -> None:
    world = make_world(session)
    d = _deliver(session, world)
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        accept_deliverable(session, SYSTEM, world.project_id, d.id)
    assert footprint(session) == before


def test_accepting_twice_is_refused(session: Session) -> None:
    world = make_world(session)
    d = _deliver(session, world)
    accept_deliverable(session, world.sponsor_pm, world.project_id, d.id)
    session.commit()
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        request_changes(session, world.sponsor_pm, world.project_id, d.id)
    assert footprint(session) == before


def test_a_delivery_on_an_unknown_milestone_is_refused(session: Session) -> None:
    world = make_world(session)
    before = footprint(session)
    with pytest.raises(NotFound):
        _deliver(session, world, milestone_key="no_such_milestone")
    assert footprint(session) == before
