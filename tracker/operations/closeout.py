"""Closeout: a project closes only when its checklist is met or the gaps are waived.

The checklist (domain.md: closeout = final invoice paid, samples returned / destroyed /
archived, records archived) is computed from the record each time, never stored:

- ``final_deliverable_accepted``: a final deliverable was accepted (or that milestone is done);
- ``final_payment_paid``: the project has payment lines and all are paid;
- ``samples_dispositioned``: every tracked sample is stored (returned / archived) or disposed;
- ``changes_resolved``: no change request is still proposed or awaiting approval.

A waiver is a decision, so it lives where decisions live: an audit event
(``closeout_waived``, with the item and the reason). The checklist reads the waivers back
from the audit trail, so a waiver cannot exist without its record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import InvalidTransition, NotFound
from tracker.models.audit import AuditEvent
from tracker.models.change import ChangeRequest
from tracker.models.deliverable import Deliverable
from tracker.models.milestone import Milestone
from tracker.models.payment import PaymentLine
from tracker.models.project import Project
from tracker.models.sample import Sample
from tracker.operations import require_role
from tracker.operations.milestones import complete_milestone
from tracker.types import (
    Actor,
    ChangeStatus,
    DeliverableStatus,
    MilestoneStatus,
    PaymentStatus,
    ProjectStatus,
    Role,
    SampleStatus,
)

ITEMS = (
    "final_deliverable_accepted",
    "final_payment_paid",
    "samples_dispositioned",
    "changes_resolved",
)
WAIVED_ACTION = "closeout_waived"
_CLOSE_ROLES = frozenset({Role.SPONSOR_PM, Role.CRO_PM})


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    met: bool
    detail: str
    waived_reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.met or self.waived_reason is not None


@dataclass(frozen=True)
class Checklist:
    project_id: int
    items: tuple[ChecklistItem, ...]

    @property
    def ready(self) -> bool:
        return all(i.ok for i in self.items)

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        return tuple(i for i in self.items if not i.ok)


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"no project with id {project_id}")
    return project


def _final_deliverable(session: Session, project_id: int) -> tuple[bool, str]:
    accepted = session.scalars(
        select(Deliverable).where(
            Deliverable.project_id == project_id,
            Deliverable.is_final.is_(True),
            Deliverable.status == DeliverableStatus.ACCEPTED,
        )
    ).first()
    if accepted is not None:
        return True, f"{accepted.title} v{accepted.version} accepted"
    milestone = session.scalar(
        select(Milestone).where(
            Milestone.project_id == project_id, Milestone.key == "final_deliverable_accepted"
        )
    )
    if milestone is not None and milestone.status is MilestoneStatus.DONE:
        return True, "final_deliverable_accepted milestone done"
    return False, "no final deliverable accepted yet"


def _payments(session: Session, project_id: int) -> tuple[bool, str]:
    lines = list(
        session.scalars(
            select(PaymentLine)
            .where(PaymentLine.project_id == project_id)
            .order_by(PaymentLine.position)
        )
    )
    if not lines:
        return False, "no payment plan recorded"
    unpaid = [p.label for p in lines if p.status is not PaymentStatus.PAID]
    if unpaid:
        return False, f"{len(unpaid)} of {len(lines)} payment lines unpaid: {', '.join(unpaid)}"
    return True, f"all {len(lines)} payment lines paid"


def _samples(session: Session, project_id: int) -> tuple[bool, str]:
    samples = list(session.scalars(select(Sample).where(Sample.project_id == project_id)))
    if not samples:
        return True, "no samples tracked"
    done = (SampleStatus.STORED, SampleStatus.DISPOSED)
    open_ = [s.sample_id for s in samples if s.status not in done]
    if open_:
        shown = ", ".join(open_[:10]) + (" …" if len(open_) > 10 else "")
        return False, f"{len(open_)} samples not yet stored or disposed: {shown}"
    return True, f"all {len(samples)} samples stored or disposed"


def _changes(session: Session, project_id: int) -> tuple[bool, str]:
    pending = (ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL)
    open_ = list(
        session.scalars(
            select(ChangeRequest)
            .where(ChangeRequest.project_id == project_id, ChangeRequest.status.in_(pending))
            .order_by(ChangeRequest.number)
        )
    )
    if open_:
        return False, "open changes: " + ", ".join(f"{c.code} ({c.status})" for c in open_)
    return True, "no open change requests"


_CHECKS = {
    "final_deliverable_accepted": _final_deliverable,
    "final_payment_paid": _payments,
    "samples_dispositioned": _samples,
    "changes_resolved": _changes,
}


def _waivers(session: Session, project_id: int) -> dict[str, str]:
    audit.seal(session)  # waivers recorded earlier in this transaction count too
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.project_id == project_id, AuditEvent.action == WAIVED_ACTION)
        .order_by(AuditEvent.seq)
    )
    return {
        str(e.after["item"]): str(e.after.get("reason", ""))
        for e in session.scalars(stmt)
        if e.after and "item" in e.after
    }


def closeout_checklist(session: Session, project_id: int) -> Checklist:
    _project(session, project_id)
    waivers = _waivers(session, project_id)
    items = []
    for key in ITEMS:
        met, detail = _CHECKS[key](session, project_id)
        items.append(ChecklistItem(key, met, detail, None if met else waivers.get(key)))
    return Checklist(project_id, tuple(items))


def waive(
    session: Session,
    actor: Actor,
    project_id: int,
    item: str,
    reason: str,
    source_message_id: int | None = None,
) -> Checklist:
    """Waive a checklist item with a reason (a PM of either side)."""
    require_role(session, project_id, actor, _CLOSE_ROLES)
    if item not in ITEMS:
        raise NotFound(f"no closeout item {item!r}; items are {', '.join(ITEMS)}")
    if not reason.strip():
        raise InvalidTransition("a waiver needs a reason")
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action=WAIVED_ACTION,
        entity="project",
        entity_id=project_id,
        before=None,
        after={"item": item, "reason": reason.strip()},
        source_message_id=source_message_id,
    )
    return closeout_checklist(session, project_id)


def close_project(
    session: Session,
    actor: Actor,
    project_id: int,
    source_message_id: int | None = None,
) -> Checklist:
    """Close the project; refused (listing what is missing) unless the checklist is ready."""
    require_role(session, project_id, actor, _CLOSE_ROLES)
    project = _project(session, project_id)
    if project.status is ProjectStatus.CLOSED:
        raise InvalidTransition(f"project {project.code} is already closed")
    checklist = closeout_checklist(session, project_id)
    if not checklist.ready:
        missing = "; ".join(f"{i.key}: {i.detail}" for i in checklist.missing)
        raise InvalidTransition(f"project {project.code} cannot close yet — {missing}")
    closeout = session.scalar(
        select(Milestone).where(Milestone.project_id == project_id, Milestone.key == "closeout")
    )
    if closeout is not None and closeout.status is not MilestoneStatus.DONE:
        complete_milestone(
            session, actor, project_id, "closeout", source_message_id=source_message_id
        )
    project.status = ProjectStatus.CLOSED
    project.closed_at = utcnow()
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="project_closed",
        entity="project",
        entity_id=project_id,
        before={"status": ProjectStatus.OPEN.value},
        after={
            "status": ProjectStatus.CLOSED.value,
            "waived": {i.key: i.waived_reason for i in checklist.items if i.waived_reason},
        },
        source_message_id=source_message_id,
    )
    return checklist
