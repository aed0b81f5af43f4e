"""Milestone operations: transitions, waiting state, plan edits, refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.tracker.support import make_project
from tracker import audit
from tracker.errors import Conflict, InvalidTransition, PermissionDenied
from tracker.models.audit import AuditEvent
from tracker.models.project import Project
from tracker.operations.milestones import (
    add_milestone,
    complete_milestone,
    forecast_milestone,
    get_milestone,
    list_milestones,
    reorder_milestones,
    set_waiting,
    start_milestone,
)
from tracker.types import MilestoneStatus, ProjectStatus, Role, WaitingOn


def test_start_then_complete(session: Session) -> None:
    # Given alpha and its CRO PM
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    # When kickoff is started and completed on a date
    start_milestone(session, pm, team.project_id, "kickoff_held")
    done = complete_milestone(session, pm, team.project_id, "kickoff_held", on=date(2026, 3, 4))
    # Then it is done on that date, with both steps audited
    assert (done.status, done.actual_date) == (MilestoneStatus.DONE, date(2026, 3, 4))
    actions = [e.action for e in audit.events(session, team.project_id)[-2:]]
    assert actions == ["milestone_started", "milestone_completed"]


def test_completing_a_done_milestone_is_refused_and_writes_nothing(session: Session) -> None:
    # Given a completed milestone
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    complete_milestone(session, pm, team.project_id, "kickoff_held", on=date(2026, 3, 4))
    session.commit()
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    # When it is completed again
    with pytest.raises(InvalidTransition, match="already done"):
        complete_milestone(session, pm, team.project_id, "kickoff_held", on=date(2026, 3, 9))
    # Then nothing changed
    session.rollback()
    assert get_milestone(session, team.project_id, "kickoff_held").actual_date == date(2026, 3, 4)
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_starting_twice_records_once(session: Session) -> None:
    # Given a started milestone
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    start_milestone(session, pm, team.project_id, "kickoff_held")
    count = len(audit.events(session, team.project_id))
    # When the same evidence starts it again
    start_milestone(session, pm, team.project_id, "kickoff_held")
    # Then no second event is written
    assert len(audit.events(session, team.project_id)) == count


def test_an_observer_cannot_complete_a_milestone(session: Session) -> None:
    team = make_project(session)
    with pytest.raises(PermissionDenied):
        complete_milestone(session, team.actor(Role.OBSERVER), team.project_id, "kickoff_held")
    assert get_milestone(session, team.project_id, "kickoff_held").status is (
        MilestoneStatus.PENDING
    )


def test_waiting_on_the_sponsor_records_since_when(session: Session) -> None:
    # Given a started milestone
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    start_milestone(session, pm, team.project_id, "quote_accepted")
    since = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    # When it is set waiting on the sponsor
    m = set_waiting(session, pm, team.project_id, "quote_accepted", WaitingOn.SPONSOR, since=since)
    session.commit()
    # Then status, side and time are stored (and come back as aware UTC)
    m = get_milestone(session, team.project_id, "quote_accepted")
    assert (m.status, m.waiting_on, m.waiting_since) == (
        MilestoneStatus.WAITING_ON_SPONSOR,
        WaitingOn.SPONSOR,
        since,
    )


def test_forecast_needs_a_pm(session: Session) -> None:
    # Given alpha's CRO staff and CRO PM
    team = make_project(session)
    # When staff forecasts, then the PM does
    with pytest.raises(PermissionDenied):
        forecast_milestone(
            session, team.actor(Role.CRO_STAFF), team.project_id, "closeout", date(2026, 9, 1)
        )
    m = forecast_milestone(
        session, team.actor(Role.CRO_PM), team.project_id, "closeout", date(2026, 9, 1)
    )
    # Then only the PM's forecast is stored
    assert m.forecast_date == date(2026, 9, 1)


def test_add_inserts_after_a_key_and_renumbers(session: Session) -> None:
    # Given alpha
    team = make_project(session)
    pm = team.actor(Role.SPONSOR_PM)
    # When an ISR milestone is added after samples_received
    add_milestone(
        session, pm, team.project_id, "isr_complete", "ISR complete", after_key="kickoff_held"
    )
    # Then it sits right after it and positions stay 1..n
    keys = [m.key for m in list_milestones(session, team.project_id)]
    assert keys[2:5] == ["kickoff_held", "isr_complete", "samples_received"]
    assert [m.position for m in list_milestones(session, team.project_id)] == list(
        range(1, len(keys) + 1)
    )


def test_adding_an_existing_key_is_a_conflict(session: Session) -> None:
    team = make_project(session)
    with pytest.raises(Conflict):
        add_milestone(session, team.actor(Role.CRO_PM), team.project_id, "closeout", "Again")


def test_reorder_must_name_every_milestone(session: Session) -> None:
    # Given alpha
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    keys = [m.key for m in list_milestones(session, team.project_id)]
    # When reordered with one key missing, then with all keys reversed
    with pytest.raises(InvalidTransition):
        reorder_milestones(session, pm, team.project_id, keys[1:])
    reorder_milestones(session, pm, team.project_id, list(reversed(keys)))
    # Then only the complete order is applied
    assert [m.key for m in list_milestones(session, team.project_id)] == list(reversed(keys))


def test_a_closed_project_refuses_milestone_changes(session: Session) -> None:
    team = make_project(session)
    project = session.get(Project, team.project_id)
    assert project is not None
    project.status = ProjectStatus.CLOSED
    with pytest.raises(InvalidTransition, match="closed"):
        start_milestone(session, team.actor(Role.CRO_PM), team.project_id, "kickoff_held")
