"""Weekly summaries and status replies: tracker read models mapped into outbound's values.

A summary is keyed by (project, member, ISO week in the member's time zone) in the
outbox, so the scheduler may run late, twice or after a restart: each member gets each
week's summary exactly once. Members only ever get summaries of their own projects —
the list of recipients is the project's membership, nothing else.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from outbound import outbox
from outbound import summary as weekly
from outbound.types import OutgoingEmail, ProjectRef, StatusReplyContext, WeeklySummaryContext
from tracker.db import utcnow
from tracker.dossier import domain_status
from tracker.operations import changes, deliverables, payments
from tracker.operations.milestones import list_milestones
from tracker.operations.projects import get_project, person_timezones, project_by_code
from tracker.queries import list_projects, members
from tracker.types import ProjectStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.wiring import Workspace

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _number(code: str) -> int:
    digits = "".join(ch for ch in code if ch.isdigit())
    return int(digits) if digits else 0


def _money(amount: object, currency: str | None) -> str:
    return f"{currency or ''} {amount:,.2f}".strip() if amount is not None else "—"


def snapshot(session: Session, project_id: int) -> weekly.ProjectSnapshot:
    """Everything a summary needs of one project, as outbound's plain values."""
    project = get_project(session, project_id)
    team = members(session, project_id)
    zones = person_timezones(session, [m.person_id for m in team])
    people = [
        weekly.Member(m.person_id, m.name, m.emails[0],
                      zones.get(m.person_id) or project.timezone or "UTC")
        for m in team if m.emails
    ]  # fmt: skip
    stones = tuple(
        weekly.MilestoneFact(
            key=m.key, title=m.name, status=m.status,
            due=m.forecast_date or m.planned_date, done_on=m.actual_date,
            owner=str(m.waiting_on) if m.waiting_on else None,
            since=m.waiting_since.date() if m.waiting_since else None,
        )
        for m in list_milestones(session, project_id)
    )  # fmt: skip
    change_facts = tuple(
        weekly.ChangeFact(_number(c.code), c.title, c.status, c.created_at.date())
        for c in changes.list_changes(session, project_id)
    )
    deliverable_facts = tuple(
        weekly.DeliverableFact(
            d.title, d.status, f"v{d.version}", d.delivered_at.date(), d.review_due
        )
        for d in deliverables.list_deliverables(session, project_id)
    )
    domain = domain_status(session, project_id)
    sample_facts = tuple(weekly.SampleFact(status, n) for status, n in domain.samples_by_status)
    payment_facts = tuple(
        weekly.PaymentFact(
            p.label,
            _money(p.amount, p.currency),
            p.status,
            p.due_at.date() if p.due_at else None,
            p.invoice_number,
        )
        for p in payments.list_payments(session, project_id)
    )
    return weekly.ProjectSnapshot(
        project_id=project_id, code=project.code, name=project.name, members=tuple(people),
        milestones=stones, changes=change_facts, deliverables=deliverable_facts,
        samples=sample_facts, payments=payment_facts,
    )  # fmt: skip


def summary_for(
    session: Session, code: str, now: datetime | None = None
) -> list[tuple[weekly.Member, WeeklySummaryContext]]:
    """Each member's summary of project `code` (for preview)."""
    now = now or utcnow()
    snap = snapshot(session, project_by_code(session, code).id)
    return [(m, weekly.build_weekly_summary(snap, m, now)) for m in snap.members]


def queue_summaries(
    ws: Workspace, session: Session, project_id: int, now: datetime, *, force: bool = False
) -> int:
    """Queue this week's summary for each member whose local send time has passed."""
    snap = snapshot(session, project_id)
    weekday = WEEKDAYS.index(str(ws.settings.get("summary", "weekday")))
    hour = int(ws.settings.get("summary", "hour"))
    queued = 0
    for member in snap.members:
        if not force and not weekly.summary_due(now, member.timezone, weekday, hour):
            continue
        email: OutgoingEmail = weekly.summary_email(snap, member, now, ws.settings.from_address)
        if outbox.enqueue(session, email, now=now, domain=ws.settings.mail_domain) is not None:
            queued += 1
    return queued


def queue_due_summaries(ws: Workspace, now: datetime | None = None) -> int:
    """The scheduler's tick: queue every due, not-yet-queued summary of open projects."""
    now = now or utcnow()
    total = 0
    with ws.transaction() as session:
        for project in list_projects(session, include_closed=False):
            if project.status is ProjectStatus.OPEN:
                total += queue_summaries(ws, session, project.id, now)
    return total


def status_context(session: Session, project_id: int) -> StatusReplyContext:
    """The current summary as a status reply (subject "status" from a member)."""
    snap = snapshot(session, project_id)
    now = utcnow()
    if not snap.members:
        return StatusReplyContext(project=ProjectRef(snap.code, snap.name), as_of=now.date())
    member = snap.members[0]
    full = weekly.build_weekly_summary(snap, member, now)
    return StatusReplyContext(
        project=ProjectRef(snap.code, snap.name), as_of=now.date(), waiting_on=full.waiting_on,
        milestones_overdue=full.milestones_overdue, milestones_due_next=full.milestones_due_next,
        open_changes=full.open_changes,
        deliverables_awaiting_review=full.deliverables_awaiting_review,
    )  # fmt: skip
