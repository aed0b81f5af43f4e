"""The commercial record as text: quotes, changes, deliverables and payments, each in full.

`mailroom status` leads with milestones; these sections answer what a project manager
asks next — which quote was accepted and for how much, what changed and who decided,
what was delivered and where its review stands, what is due, invoiced and paid.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from tracker.operations import changes, deliverables, payments, quotes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _money(amount: Decimal | None, currency: str | None) -> str:
    return f"{currency or ''} {amount:,.2f}".strip() if amount is not None else "amount n/a"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def quote_lines(session: Session, project_id: int) -> list[str]:
    lines = []
    for q in quotes.quote_versions(session, project_id):
        revision = f" Rev {q.revision}" if q.revision else ""
        state = "accepted" if q.accepted else "offered"
        lines.append(f"  v{q.version}{revision}: {_money(q.total, q.currency)} — {state}")
    return ["Quotes:", *lines] if lines else []


def change_lines(session: Session, project_id: int) -> list[str]:
    lines = []
    for c in changes.list_changes(session, project_id):
        cost = f", {_money(c.impact.cost_delta, c.impact.currency)}" if c.impact.cost_delta else ""
        decided = f" {_day(c.decided_at)}" if c.decided_at else ""
        lines.append(f"  {c.code} {c.title[:60]} — {c.status}{decided}{cost}")
    return ["Changes:", *lines] if lines else []


def deliverable_lines(session: Session, project_id: int) -> list[str]:
    lines = []
    for d in deliverables.list_deliverables(session, project_id):
        kind = "final" if d.is_final else "draft"
        when = (
            f" {_day(d.reviewed_at)}" if d.reviewed_at
            else f", review due {_day(d.review_due)}" if d.review_due
            else ", for information (no review deadline)"
        )  # fmt: skip
        lines.append(f"  {d.title} v{d.version} ({kind}, {d.milestone_key}) — {d.status}{when}")
    return ["Deliverables:", *lines] if lines else []


def payment_lines(session: Session, project_id: int) -> list[str]:
    lines = []
    for p in payments.list_payments(session, project_id):
        invoice = f", invoice {p.invoice_number}" if p.invoice_number else ""
        paid = f" {_day(p.paid_at)}" if p.paid_at else ""
        lines.append(f"  {p.label}: {_money(p.amount, p.currency)} — {p.status}{paid}{invoice}")
    return ["Payments:", *lines] if lines else []


SECTIONS: tuple[Callable[[Session, int], list[str]], ...] = (
    quote_lines,
    change_lines,
    deliverable_lines,
    payment_lines,
)


def record_lines(session: Session, project_id: int) -> list[str]:
    """Every section with something in it, in a fixed order."""
    return [line for section in SECTIONS for line in section(session, project_id)]
