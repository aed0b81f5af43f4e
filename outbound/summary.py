"""Weekly summary: pure functions from plain snapshot values to a `WeeklySummaryContext`.

The composition root maps `tracker.queries` results into the `*Fact` records below (one
`ProjectSnapshot` per project) and calls `summary_email` per member. Weeks are ISO weeks
in the *member's* time zone. "Once per week, even across restarts" is the outbox's job:
the dedupe key ``summary:<project>:<person>:<iso-week>`` is unique, so the second enqueue
for the same member and week is a no-op however often the scheduler ticks.

The summary leads with what the project is waiting on and on whom, oldest first; then
milestones done this week, due in the next 7 days, overdue; open changes and their age;
deliverables awaiting review; samples by status; payments due.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from outbound.errors import MessageError
from outbound.types import (
    ChangeLine,
    DeliverableLine,
    MilestoneLine,
    OutgoingEmail,
    PaymentLine,
    ProjectRef,
    SampleCount,
    WaitingItem,
    WeeklySummaryContext,
)
from tracker.types import (
    ChangeStatus,
    DeliverableStatus,
    MilestoneStatus,
    PaymentStatus,
    SampleStatus,
)

DUE_NEXT_DAYS = 7
OPEN_CHANGES = frozenset({ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL})
OPEN_PAYMENTS = frozenset({PaymentStatus.DUE, PaymentStatus.INVOICED})
WAITING_SIDE = {
    MilestoneStatus.WAITING_ON_SPONSOR: "sponsor",
    MilestoneStatus.WAITING_ON_CRO: "CRO",
}


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    email: str
    timezone: str = "UTC"


@dataclass(frozen=True)
class MilestoneFact:
    key: str
    title: str
    status: MilestoneStatus
    due: date | None = None
    done_on: date | None = None
    owner: str | None = None
    since: date | None = None  # when it entered its current status


@dataclass(frozen=True)
class ChangeFact:
    number: int
    title: str
    status: ChangeStatus
    opened_on: date
    waiting_on: str | None = None  # e.g. the approver's name


@dataclass(frozen=True)
class DeliverableFact:
    title: str
    status: DeliverableStatus
    version: str | None = None
    delivered_on: date | None = None
    review_deadline: date | None = None
    reviewer: str | None = None


@dataclass(frozen=True)
class SampleFact:
    status: SampleStatus
    count: int


@dataclass(frozen=True)
class PaymentFact:
    description: str
    amount: str
    status: PaymentStatus
    due_date: date | None = None
    invoice_number: str | None = None
    payer: str | None = None


@dataclass(frozen=True)
class ProjectSnapshot:
    project_id: int
    code: str
    name: str
    members: tuple[Member, ...]
    milestones: tuple[MilestoneFact, ...] = ()
    changes: tuple[ChangeFact, ...] = ()
    deliverables: tuple[DeliverableFact, ...] = ()
    samples: tuple[SampleFact, ...] = ()
    payments: tuple[PaymentFact, ...] = ()


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def iso_week(now: datetime, timezone: str) -> str:
    """``YYYY-Www`` of `now` in `timezone` (Sunday 23:30 in Berlin is not Monday in UTC)."""
    year, week, _ = local_today(now, timezone).isocalendar()
    return f"{year}-W{week:02d}"


def summary_dedupe_key(project: str | int, person: str | int, week: str) -> str:
    return f"summary:{project}:{person}:{week}"


def summary_due(now: datetime, timezone: str, weekday: int = 0, hour: int = 8) -> bool:
    """True once the member's local time has passed this week's send point (Mon 08:00)."""
    local = now.astimezone(ZoneInfo(timezone))
    return (local.weekday(), local.hour) >= (weekday, hour)


def build_weekly_summary(
    snapshot: ProjectSnapshot, member: Member, now: datetime
) -> WeeklySummaryContext:
    """The context for one member; refuses a member who is not on the project."""
    if member not in snapshot.members:
        raise MessageError(f"person {member.person_id} is not a member of {snapshot.code}")
    today = local_today(now, member.timezone)
    week_start = today - timedelta(days=today.weekday())
    return WeeklySummaryContext(
        project=ProjectRef(snapshot.code, snapshot.name),
        member_name=member.name,
        iso_week=iso_week(now, member.timezone),
        week_start=week_start,
        week_end=week_start + timedelta(days=6),
        timezone=member.timezone,
        waiting_on=waiting_on(snapshot, today),
        milestones_done=_milestones(snapshot, lambda m: _done_between(m, week_start, today)),
        milestones_due_next=_milestones(snapshot, lambda m: _due_within(m, today)),
        milestones_overdue=_milestones(snapshot, lambda m: _overdue(m, today)),
        open_changes=tuple(
            _change_line(c, today)
            for c in sorted(snapshot.changes, key=lambda c: c.opened_on)
            if c.status in OPEN_CHANGES
        ),
        deliverables_awaiting_review=tuple(
            DeliverableLine(d.title, d.version, d.delivered_on, d.review_deadline)
            for d in snapshot.deliverables
            if d.status == DeliverableStatus.AWAITING_REVIEW
        ),
        samples_by_status=_sample_counts(snapshot),
        payments_due=tuple(
            PaymentLine(p.description, p.amount, p.due_date, p.invoice_number)
            for p in snapshot.payments
            if p.status in OPEN_PAYMENTS
        ),
    )


def summary_email(
    snapshot: ProjectSnapshot, member: Member, now: datetime, mail_from: str
) -> OutgoingEmail:
    """The weekly summary for one member, keyed so it is queued once per ISO week."""
    context = build_weekly_summary(snapshot, member, now)
    return OutgoingEmail(
        template="weekly_summary",
        context=context,
        mail_from=mail_from,
        recipients=(member.email,),
        project_id=snapshot.project_id,
        dedupe_key=summary_dedupe_key(snapshot.code, member.person_id, context.iso_week),
    )


def waiting_on(snapshot: ProjectSnapshot, today: date) -> tuple[WaitingItem, ...]:
    """Everything blocked on someone, oldest first."""
    items: list[WaitingItem] = []
    for m in snapshot.milestones:
        if m.status in WAITING_SIDE:
            who = m.owner or WAITING_SIDE[m.status]
            items.append(WaitingItem(m.title, who, _age(m.since, today)))
    for c in snapshot.changes:
        if c.status == ChangeStatus.AWAITING_APPROVAL:
            who = c.waiting_on or "sponsor approver"
            what = f"Approval of CR-{c.number} {c.title}"
            items.append(WaitingItem(what, who, _age(c.opened_on, today)))
    for d in snapshot.deliverables:
        if d.status == DeliverableStatus.AWAITING_REVIEW:
            title = f"Review of {d.title}" + (f" {d.version}" if d.version else "")
            items.append(WaitingItem(title, d.reviewer or "sponsor", _age(d.delivered_on, today)))
    for p in snapshot.payments:
        if p.status in OPEN_PAYMENTS:
            what = f"Payment: {p.description} ({p.amount})"
            items.append(WaitingItem(what, p.payer or "sponsor finance", _age(p.due_date, today)))
    return tuple(sorted(items, key=lambda w: -w.age_days))


def _change_line(c: ChangeFact, today: date) -> ChangeLine:
    return ChangeLine(c.number, c.title, _human(c.status), _age(c.opened_on, today), c.waiting_on)


def _milestones(
    snapshot: ProjectSnapshot, keep: Callable[[MilestoneFact], bool]
) -> tuple[MilestoneLine, ...]:
    chosen = [m for m in snapshot.milestones if keep(m)]
    chosen.sort(key=lambda m: (m.done_on or m.due or date.max, m.key))
    return tuple(MilestoneLine(m.key, m.title, m.due, m.owner, m.done_on) for m in chosen)


def _done_between(m: MilestoneFact, start: date, end: date) -> bool:
    return m.status == MilestoneStatus.DONE and m.done_on is not None and start <= m.done_on <= end


def _due_within(m: MilestoneFact, today: date) -> bool:
    horizon = today + timedelta(days=DUE_NEXT_DAYS)
    return m.status != MilestoneStatus.DONE and m.due is not None and today <= m.due <= horizon


def _overdue(m: MilestoneFact, today: date) -> bool:
    return m.status != MilestoneStatus.DONE and m.due is not None and m.due < today


def _sample_counts(snapshot: ProjectSnapshot) -> tuple[SampleCount, ...]:
    totals = {status: 0 for status in SampleStatus}
    for s in snapshot.samples:
        totals[s.status] += s.count
    return tuple(SampleCount(_human(st), n) for st, n in totals.items() if n)


def _age(since: date | None, today: date) -> int:
    return max((today - since).days, 0) if since else 0


def _human(value: str) -> str:
    return str(value).replace("_", " ")
