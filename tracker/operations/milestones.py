"""Milestones: start, complete, plan/forecast, waiting state, and template edits.

    pending ──start──► in_progress ◄──set_waiting(None)──► waiting_on_sponsor|cro
       │                   │                                     │
       └────────────── complete ─────────────────────────────────┴──► done

Completing a done milestone, or changing one in a closed project, is an
`InvalidTransition`. Starting an already started milestone is a no-op (rules may
see the same evidence twice). Progress needs a working role in the project; editing
the plan (add, rename, reorder, forecast) needs a PM. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit, session_memo
from tracker.db import utcnow
from tracker.errors import Conflict, InvalidTransition, NotFound
from tracker.models.milestone import Milestone
from tracker.operations import require_role
from tracker.operations.projects import get_project
from tracker.types import Actor, MilestoneStatus, ProjectStatus, Role, WaitingOn

PROGRESS_ROLES = frozenset({Role.SPONSOR_PM, Role.SPONSOR_APPROVER, Role.CRO_PM, Role.CRO_STAFF})
PLAN_ROLES = frozenset({Role.SPONSOR_PM, Role.CRO_PM})
WAITING_STATUS = {
    WaitingOn.SPONSOR: MilestoneStatus.WAITING_ON_SPONSOR,
    WaitingOn.CRO: MilestoneStatus.WAITING_ON_CRO,
}


def snapshot(m: Milestone) -> dict[str, Any]:
    """The audited fields of a milestone."""
    return {
        "key": m.key,
        "name": m.name,
        "position": m.position,
        "status": m.status,
        "planned_date": m.planned_date,
        "forecast_date": m.forecast_date,
        "actual_date": m.actual_date,
        "waiting_on": m.waiting_on,
    }


def list_milestones(session: Session, project_id: int) -> list[Milestone]:
    stmt = select(Milestone).where(Milestone.project_id == project_id).order_by(Milestone.position)
    return list(session.scalars(stmt))


def milestone_keys(session: Session, project_id: int) -> frozenset[str]:
    """The keys of the project's milestones (asked once per transaction while unchanged)."""
    memo = session_memo.memo(session, "milestone_keys", (Milestone,))
    if project_id not in memo:
        stmt = select(Milestone.key).where(Milestone.project_id == project_id)
        memo[project_id] = frozenset(session.scalars(stmt))
    keys: frozenset[str] = memo[project_id]
    return keys


def get_milestone(session: Session, project_id: int, key: str) -> Milestone:
    stmt = select(Milestone).where(Milestone.project_id == project_id, Milestone.key == key)
    milestone = session.scalar(stmt)
    if milestone is None:
        raise NotFound(f"project {project_id} has no milestone {key!r}")
    return milestone


def _checked(
    session: Session, actor: Actor, project_id: int, key: str, roles: frozenset[Role]
) -> Milestone:
    project = get_project(session, project_id)
    if project.status is ProjectStatus.CLOSED:
        raise InvalidTransition(f"project {project.code} is closed")
    require_role(session, project_id, actor, roles)
    return get_milestone(session, project_id, key)


def _change(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    roles: frozenset[Role],
    apply: Callable[[Milestone], None],
    action: str,
    source_message_id: int | None,
) -> Milestone:
    milestone = _checked(session, actor, project_id, key, roles)
    if milestone.status is MilestoneStatus.DONE and action != "milestone_renamed":
        raise InvalidTransition(f"milestone {key!r} is already done")
    before = snapshot(milestone)
    apply(milestone)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action=action,
        entity="milestone",
        entity_id=milestone.id,
        before=before,
        after=snapshot(milestone),
        source_message_id=source_message_id,
    )
    return milestone


def project_today(session: Session, project_id: int) -> date:
    """Today in the project's own time zone (a milestone done at 23:30 local is today)."""
    return utcnow().astimezone(ZoneInfo(get_project(session, project_id).timezone)).date()


def start_milestone(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    *,
    source_message_id: int | None = None,
) -> Milestone:
    milestone = _checked(session, actor, project_id, key, PROGRESS_ROLES)
    if milestone.status not in (MilestoneStatus.PENDING, MilestoneStatus.DONE):
        return milestone  # already under way: nothing to record

    def apply(m: Milestone) -> None:
        m.status = MilestoneStatus.IN_PROGRESS

    return _change(
        session,
        actor,
        project_id,
        key,
        PROGRESS_ROLES,
        apply,
        "milestone_started",
        source_message_id,
    )


def complete_milestone(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    *,
    on: date | None = None,
    source_message_id: int | None = None,
) -> Milestone:
    done_on = on or project_today(session, project_id)

    def apply(m: Milestone) -> None:
        m.status, m.actual_date = MilestoneStatus.DONE, done_on
        m.waiting_on, m.waiting_since = None, None

    return _change(
        session,
        actor,
        project_id,
        key,
        PROGRESS_ROLES,
        apply,
        "milestone_completed",
        source_message_id,
    )


def forecast_milestone(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    forecast: date,
    *,
    source_message_id: int | None = None,
) -> Milestone:
    def apply(m: Milestone) -> None:
        m.forecast_date = forecast

    return _change(
        session,
        actor,
        project_id,
        key,
        PLAN_ROLES,
        apply,
        "milestone_forecast",
        source_message_id,
    )


def plan_milestone(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    planned: date,
    *,
    source_message_id: int | None = None,
) -> Milestone:
    def apply(m: Milestone) -> None:
        m.planned_date = planned

    return _change(
        session,
        actor,
        project_id,
        key,
        PLAN_ROLES,
        apply,
        "milestone_planned",
        source_message_id,
    )


def set_waiting(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    waiting_on: WaitingOn | None,
    *,
    since: datetime | None = None,
    source_message_id: int | None = None,
) -> Milestone:
    """Mark whom the milestone waits on (None: nobody, back to in progress)."""

    def apply(m: Milestone) -> None:
        if waiting_on is None:
            m.waiting_on, m.waiting_since = None, None
            m.status = MilestoneStatus.IN_PROGRESS
        else:
            side = WaitingOn(waiting_on)
            if m.waiting_on is not side:
                m.waiting_since = since or utcnow()
            m.waiting_on, m.status = side, WAITING_STATUS[side]

    return _change(
        session,
        actor,
        project_id,
        key,
        PROGRESS_ROLES,
        apply,
        "milestone_waiting",
        source_message_id,
    )


def rename_milestone(
    session: Session, actor: Actor, project_id: int, key: str, name: str
) -> Milestone:
    def apply(m: Milestone) -> None:
        m.name = name

    return _change(session, actor, project_id, key, PLAN_ROLES, apply, "milestone_renamed", None)


def _renumber(milestones: Sequence[Milestone]) -> None:
    for position, m in enumerate(milestones, start=1):
        m.position = position


def add_milestone(
    session: Session,
    actor: Actor,
    project_id: int,
    key: str,
    name: str,
    *,
    after_key: str | None = None,
    payment_share: float | None = None,
) -> Milestone:
    """Insert a milestone after `after_key` (at the end when None)."""
    project = get_project(session, project_id)
    if project.status is ProjectStatus.CLOSED:
        raise InvalidTransition(f"project {project.code} is closed")
    require_role(session, project_id, actor, PLAN_ROLES)
    current = list_milestones(session, project_id)
    if any(m.key == key for m in current):
        raise Conflict(f"project {project.code} already has milestone {key!r}")
    index = len(current)
    if after_key is not None:
        index = [m.key for m in current].index(get_milestone(session, project_id, after_key).key)
        index += 1
    milestone = Milestone(
        project_id=project_id, key=key, name=name, position=0, payment_share=payment_share
    )
    session.add(milestone)
    _renumber([*current[:index], milestone, *current[index:]])
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="milestone_added",
        entity="milestone",
        entity_id=milestone.id,
        before=None,
        after=snapshot(milestone),
        source_message_id=None,
    )
    return milestone


def reorder_milestones(
    session: Session, actor: Actor, project_id: int, keys: Sequence[str]
) -> list[Milestone]:
    """Put the milestones in the given order; `keys` must name each exactly once."""
    project = get_project(session, project_id)
    if project.status is ProjectStatus.CLOSED:
        raise InvalidTransition(f"project {project.code} is closed")
    require_role(session, project_id, actor, PLAN_ROLES)
    current = {m.key: m for m in list_milestones(session, project_id)}
    if sorted(keys) != sorted(current):
        raise InvalidTransition("reorder must list every milestone key exactly once")
    before = [m.key for m in sorted(current.values(), key=lambda m: m.position)]
    ordered = [current[k] for k in keys]
    _renumber(ordered)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="milestones_reordered",
        entity="project",
        entity_id=project_id,
        before={"order": before},
        after={"order": list(keys)},
        source_message_id=None,
    )
    return ordered
