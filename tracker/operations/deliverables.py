"""Deliverables: the CRO delivers against a milestone, the sponsor reviews.

Only the CRO side (cro_pm, cro_staff) records a deliverable. A deliverable with the same
title on the same milestone as an earlier one is its next version (draft v1, v2 after
comments...). Review states::

    awaiting_review ──► accepted
          └───────────► changes_requested     (the CRO then delivers the next version)

Only a sponsor-side person (sponsor_pm, sponsor_approver) accepts or asks for changes; the
system cannot accept on anyone's behalf. Each delivery gets a review deadline, by default
``DEFAULT_REVIEW_DAYS`` business days after delivery. Accepting a deliverable marked final
completes its milestone (unless already done) and makes the payments it triggers due; the
result says what changed so the caller can announce it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import InvalidTransition, NotFound, PermissionDenied
from tracker.models.deliverable import Deliverable
from tracker.models.milestone import Milestone
from tracker.operations import require_role
from tracker.operations.milestones import complete_milestone
from tracker.operations.payments import refresh_payments_due
from tracker.types import (
    CRO_ROLES,
    SPONSOR_ROLES,
    Actor,
    DeliverableStatus,
    MilestoneStatus,
    Role,
)

DEFAULT_REVIEW_DAYS = 10


@dataclass(frozen=True)
class DeliverableView:
    id: int
    project_id: int
    milestone_key: str
    title: str
    version: int
    is_final: bool
    status: DeliverableStatus
    document_id: int | None
    source_message_id: int | None
    delivered_at: datetime
    review_due: date | None
    reviewed_at: datetime | None
    review_comment: str | None


@dataclass(frozen=True)
class ReviewOutcome:
    """What a review changed: the deliverable, a milestone it completed, payments now due."""

    deliverable: DeliverableView
    milestone_completed: str | None = None
    payments_due: tuple[int, ...] = ()


def add_business_days(start: date, days: int) -> date:
    """``start`` plus ``days`` working days (Saturday and Sunday skipped; no holidays)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def view(d: Deliverable) -> DeliverableView:
    return DeliverableView(
        id=d.id,
        project_id=d.project_id,
        milestone_key=d.milestone_key,
        title=d.title,
        version=d.version,
        is_final=d.is_final,
        status=d.status,
        document_id=d.document_id,
        source_message_id=d.source_message_id,
        delivered_at=d.delivered_at,
        review_due=d.review_due,
        reviewed_at=d.reviewed_at,
        review_comment=d.review_comment,
    )


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title.casefold()).strip()


def _milestone(session: Session, project_id: int, key: str) -> Milestone:
    milestone = session.scalar(
        select(Milestone).where(Milestone.project_id == project_id, Milestone.key == key)
    )
    if milestone is None:
        raise NotFound(f"project {project_id} has no milestone {key!r}")
    return milestone


def record_deliverable(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    milestone_key: str,
    title: str,
    document_id: int | None = None,
    source_message_id: int | None = None,
    is_final: bool = False,
    review_days: int | None = DEFAULT_REVIEW_DAYS,
    delivered_at: datetime | None = None,
) -> DeliverableView:
    """Record a delivery from the CRO side as the next version of its title on the milestone.

    `review_days=None` records it without a review deadline (interim data, sent for
    information).
    """
    require_role(session, project_id, actor, CRO_ROLES)
    milestone = _milestone(session, project_id, milestone_key)
    key = _title_key(title)
    last = session.scalar(
        select(func.max(Deliverable.version)).where(
            Deliverable.project_id == project_id,
            Deliverable.milestone_key == milestone_key,
            Deliverable.title_key == key,
        )
    )
    when = delivered_at or utcnow()
    row = Deliverable(
        project_id=project_id,
        milestone_id=milestone.id,
        milestone_key=milestone_key,
        title=title.strip()[:300],
        title_key=key[:300],
        version=(last or 0) + 1,
        is_final=is_final,
        status=DeliverableStatus.AWAITING_REVIEW,
        document_id=document_id,
        source_message_id=source_message_id,
        delivered_by_person_id=actor.person_id,
        delivered_at=when,
        review_due=add_business_days(when.date(), review_days) if review_days is not None else None,
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="deliverable_recorded",
        entity="deliverable",
        entity_id=row.id,
        before=None,
        after={
            "milestone": milestone_key,
            "title": row.title,
            "version": row.version,
            "final": is_final,
            "status": row.status.value,
            "review_due": row.review_due,
        },
        source_message_id=source_message_id,
    )
    return view(row)


def get_deliverable(session: Session, project_id: int, deliverable_id: int) -> Deliverable:
    row = session.get(Deliverable, deliverable_id)
    if row is None or row.project_id != project_id:
        raise NotFound(f"no deliverable {deliverable_id} in project {project_id}")
    return row


def _review(
    session: Session,
    actor: Actor,
    project_id: int,
    deliverable_id: int,
    to: DeliverableStatus,
    source_message_id: int | None,
    comment: str | None,
    reviewed_at: datetime | None = None,
) -> Deliverable:
    if actor.kind != "person":
        raise PermissionDenied("only a sponsor-side person can review a deliverable")
    require_role(session, project_id, actor, SPONSOR_ROLES)
    row = get_deliverable(session, project_id, deliverable_id)
    if row.status is not DeliverableStatus.AWAITING_REVIEW:
        raise InvalidTransition(
            f"{row.title} v{row.version} is {row.status}; only one awaiting review can be {to}"
        )
    before = {"status": row.status.value}
    row.status = to
    row.reviewed_at = reviewed_at or utcnow()
    row.reviewed_by_person_id = actor.person_id
    row.review_message_id = source_message_id
    row.review_comment = comment
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action=f"deliverable_{to.value}",
        entity="deliverable",
        entity_id=row.id,
        before=before,
        after={"status": to.value, "title": row.title, "version": row.version, "comment": comment},
        source_message_id=source_message_id,
    )
    return row


def accept_deliverable(
    session: Session,
    actor: Actor,
    project_id: int,
    deliverable_id: int,
    source_message_id: int | None = None,
    comment: str | None = None,
    *,
    reviewed_at: datetime | None = None,
    on: date | None = None,
) -> ReviewOutcome:
    """Accept (sponsor side); a final deliverable completes its milestone.

    `reviewed_at` is when the reviewer answered (their mail's Date) and `on` the day,
    in the project's time zone, that the milestone is done; both default to now.
    """
    row = _review(
        session,
        actor,
        project_id,
        deliverable_id,
        DeliverableStatus.ACCEPTED,
        source_message_id,
        comment,
        reviewed_at,
    )
    completed = None
    if row.is_final:
        completed = _complete_milestone(session, actor, row, source_message_id, on)
    due = refresh_payments_due(
        session, project_id, source_message_id=source_message_id, at=reviewed_at
    )
    return ReviewOutcome(view(row), completed, tuple(p.id for p in due))


def request_changes(
    session: Session,
    actor: Actor,
    project_id: int,
    deliverable_id: int,
    source_message_id: int | None = None,
    comment: str | None = None,
    *,
    reviewed_at: datetime | None = None,
) -> DeliverableView:
    """Ask for changes (sponsor side); the CRO's next delivery of the title is v+1."""
    row = _review(
        session,
        actor,
        project_id,
        deliverable_id,
        DeliverableStatus.CHANGES_REQUESTED,
        source_message_id,
        comment,
        reviewed_at,
    )
    return view(row)


def _complete_milestone(
    session: Session,
    actor: Actor,
    row: Deliverable,
    source_message_id: int | None,
    on: date | None = None,
) -> str | None:
    milestone = _milestone(session, row.project_id, row.milestone_key)
    if milestone.status is MilestoneStatus.DONE:
        return None
    complete_milestone(
        session, actor, row.project_id, milestone.key, on=on, source_message_id=source_message_id
    )
    return milestone.key


def set_review_due(
    session: Session, actor: Actor, project_id: int, deliverable_id: int, due: date
) -> DeliverableView:
    """Move a review deadline (a PM of either side)."""
    require_role(session, project_id, actor, {Role.SPONSOR_PM, Role.CRO_PM})
    row = get_deliverable(session, project_id, deliverable_id)
    if row.status is not DeliverableStatus.AWAITING_REVIEW:
        raise InvalidTransition(f"{row.title} v{row.version} is no longer in review")
    before = {"review_due": row.review_due}
    row.review_due = due
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="deliverable_review_due_set",
        entity="deliverable",
        entity_id=row.id,
        before=before,
        after={"review_due": due},
        source_message_id=None,
    )
    return view(row)


def awaiting_review(session: Session, project_id: int) -> list[DeliverableView]:
    """The project's deliverables awaiting review, oldest first: asked of many replies,
    so it reads only those rows (by the project-status index), not the whole list."""
    stmt = (
        select(Deliverable)
        .where(
            Deliverable.project_id == project_id,
            Deliverable.status == DeliverableStatus.AWAITING_REVIEW,
        )
        .order_by(Deliverable.delivered_at, Deliverable.id)
    )
    return [view(d) for d in session.scalars(stmt)]


def list_deliverables(session: Session, project_id: int) -> list[DeliverableView]:
    stmt = (
        select(Deliverable)
        .where(Deliverable.project_id == project_id)
        .order_by(Deliverable.delivered_at, Deliverable.id)
    )
    return [view(d) for d in session.scalars(stmt)]
