"""Payment lines: milestone-linked tranches and the invoices that bill them.

A plan comes from the milestones' payment shares (the service template) or from an accepted
quote's payment terms ("50% at kickoff, 50% at final report"). Status machine::

    not_due ──► due ──► invoiced ──► paid
        └──────────────►┘   (an early invoice: linked, flagged premature)

A line becomes due when its milestone is done or a deliverable of that milestone is accepted
(`refresh_payments_due`, idempotent). An invoice is linked to one line, matched in this
order: the milestone it mentions, then its amount, then plan order (the first open line).
The same invoice number linked twice is a no-op. Paid is marked by finance or the sponsor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import InvalidTransition, NotFound
from tracker.models.deliverable import Deliverable
from tracker.models.milestone import Milestone
from tracker.models.payment import PaymentLine
from tracker.models.quote import Quote
from tracker.operations import require_role
from tracker.types import (
    CRO_ROLES,
    SPONSOR_ROLES,
    Actor,
    DeliverableStatus,
    MilestoneStatus,
    PaymentStatus,
    Role,
)

_PLAN_ROLES = frozenset({Role.CRO_PM, Role.SPONSOR_PM, Role.FINANCE})
_INVOICE_ROLES = CRO_ROLES | {Role.FINANCE}
_PAY_ROLES = SPONSOR_ROLES | {Role.FINANCE}
_CENT = Decimal("0.01")

# Words in a payment term that point at a milestone of the common frame.
_TRIGGER_WORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("signature", "signing", "sign", "award", "order", "po", "contract", "execution"),
        ("po_or_sow_executed", "quote_accepted"),
    ),
    (
        (
            "kickoff",
            "kick-off",
            "kick off",
            "initiation",
            "start",
            "upfront",
            "up front",
            "advance",
            "deposit",
        ),
        ("kickoff_held", "protocol_approved", "po_or_sow_executed"),
    ),
)


@dataclass(frozen=True)
class PaymentLineView:
    id: int
    project_id: int
    position: int
    label: str
    milestone_key: str | None
    share: Decimal | None
    amount: Decimal | None
    currency: str | None
    status: PaymentStatus
    due_at: datetime | None
    invoice_number: str | None
    invoice_amount: Decimal | None
    paid_at: datetime | None


@dataclass(frozen=True)
class InvoiceLink:
    line: PaymentLineView
    matched_by: str  # milestone | amount | order | invoice_number (already linked)
    premature: bool = False  # invoiced before the line was due
    already_linked: bool = False


def view(p: PaymentLine) -> PaymentLineView:
    return PaymentLineView(
        id=p.id,
        project_id=p.project_id,
        position=p.position,
        label=p.label,
        milestone_key=p.milestone_key,
        share=p.share,
        amount=p.amount,
        currency=p.currency,
        status=p.status,
        due_at=p.due_at,
        invoice_number=p.invoice_number,
        invoice_amount=p.invoice_amount,
        paid_at=p.paid_at,
    )


def list_payments(session: Session, project_id: int) -> list[PaymentLineView]:
    return [view(p) for p in _lines(session, project_id)]


def _lines(session: Session, project_id: int) -> list[PaymentLine]:
    stmt = (
        select(PaymentLine)
        .where(PaymentLine.project_id == project_id)
        .order_by(PaymentLine.position)
    )
    return list(session.scalars(stmt))


def _milestones(session: Session, project_id: int) -> list[Milestone]:
    stmt = select(Milestone).where(Milestone.project_id == project_id).order_by(Milestone.position)
    return list(session.scalars(stmt))


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower()) if len(w) > 2}


# Status words in milestone names: "complete", "issued", "approved" name no milestone.
_STATUS_STEMS = frozenset(
    {"compl", "issue", "appro", "execu", "recei", "ready", "start", "deliv", "avail", "held"}
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{3,}", text.lower())} - _STATUS_STEMS


def _named_milestone(text: str, milestones: list[Milestone]) -> Milestone | None:
    """The one milestone a term names by a word no other milestone has ("protocol")."""
    own = {m.key: _stems(f"{m.key.replace('_', ' ')} {m.name}") for m in milestones}
    wanted = _stems(text)
    hits = [
        m for m in milestones
        if any(sum(s in other for other in own.values()) == 1 for s in own[m.key] & wanted)
    ]  # fmt: skip
    return hits[0] if len(hits) == 1 else None


def match_milestone(text: str, milestones: list[Milestone]) -> Milestone | None:
    """The milestone a payment term or an invoice mention points at, if any."""
    low = text.lower()
    by_key = {m.key: m for m in milestones}
    for m in milestones:
        if m.key in low or m.name.lower() in low:
            return m
    if "final" in low and re.search(r"\baccept", low) and "final_deliverable_accepted" in by_key:
        return by_key["final_deliverable_accepted"]  # "on acceptance of the final report"
    if "final" in low:
        finals = [
            m for m in milestones if "final" in m.key and m.key != "final_deliverable_accepted"
        ]
        return finals[0] if finals else by_key.get("final_deliverable_accepted")
    if "draft" in low:
        drafts = [m for m in milestones if "draft" in m.key]
        if drafts:
            return drafts[0]
    if named := _named_milestone(text, milestones):
        return named  # "(protocol signature)": the protocol, not the first keyword
    for words, keys in _TRIGGER_WORDS:
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
            found = next((by_key[k] for k in keys if k in by_key), None)
            if found:
                return found
    wanted = _words(text)
    scored = [(len(wanted & (_words(m.key) | _words(m.name))), -m.position, m) for m in milestones]
    best = max(scored, key=lambda s: (s[0], s[1]), default=None)
    return best[2] if best and best[0] > 0 else None


def _share_to_percent(shares: list[float]) -> list[Decimal]:
    """Template shares may be fractions (0.5) or percents (50); store percents."""
    factor = Decimal(100) if sum(shares) <= 1.0001 else Decimal(1)
    return [(Decimal(str(s)) * factor).quantize(Decimal("0.0001")) for s in shares]


def _amount(share: Decimal | None, total: Decimal | None) -> Decimal | None:
    if share is None or total is None:
        return None
    return (total * share / 100).quantize(_CENT)


def _ensure_no_plan(session: Session, project_id: int) -> None:
    if _lines(session, project_id):
        raise InvalidTransition(f"project {project_id} already has a payment plan")


def _add_lines(
    session: Session,
    actor: Actor,
    project_id: int,
    lines: list[PaymentLine],
    source: str,
    source_message_id: int | None,
) -> list[PaymentLineView]:
    session.add_all(lines)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="payments_planned",
        entity="payment_plan",
        entity_id=None,
        before=None,
        after={
            "source": source,
            "lines": [
                {
                    "label": p.label,
                    "milestone": p.milestone_key,
                    "share": p.share,
                    "amount": p.amount,
                    "currency": p.currency,
                }
                for p in lines
            ],
        },
        source_message_id=source_message_id,
    )
    return [view(p) for p in lines]


def plan_from_milestones(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    total: Decimal | None,
    currency: str | None,
    source_message_id: int | None = None,
) -> list[PaymentLineView]:
    """One line per milestone with a payment share."""
    require_role(session, project_id, actor, _PLAN_ROLES)
    _ensure_no_plan(session, project_id)
    paying = [m for m in _milestones(session, project_id) if m.payment_share]
    if not paying:
        raise InvalidTransition(f"project {project_id} has no milestone with a payment share")
    shares = _share_to_percent([float(m.payment_share or 0) for m in paying])
    lines = [
        PaymentLine(
            project_id=project_id,
            position=i + 1,
            label=f"{share.normalize():f}% at {m.name}",
            milestone_id=m.id,
            milestone_key=m.key,
            share=share,
            amount=_amount(share, total),
            currency=currency,
            status=PaymentStatus.NOT_DUE,
        )
        for i, (m, share) in enumerate(zip(paying, shares, strict=True))
    ]
    return _add_lines(session, actor, project_id, lines, "milestones", source_message_id)


def plan_from_quote(
    session: Session,
    actor: Actor,
    project_id: int,
    quote_id: int,
    source_message_id: int | None = None,
) -> list[PaymentLineView]:
    """One line per percentage tranche of the quote's payment terms."""
    require_role(session, project_id, actor, _PLAN_ROLES)
    quote = session.get(Quote, quote_id)
    if quote is None or quote.project_id != project_id:
        raise NotFound(f"no quote {quote_id} in project {project_id}")
    _ensure_no_plan(session, project_id)
    milestones = _milestones(session, project_id)
    lines: list[PaymentLine] = []
    for term in quote.payment_terms or ():
        pct = re.search(r"(\d+(?:\.\d+)?)\s*%", term)
        if not pct:
            continue  # "Net 30 from invoice date" is a condition, not a tranche
        share = Decimal(pct.group(1))
        m = match_milestone(term[pct.end() :] or term, milestones)
        lines.append(
            PaymentLine(
                project_id=project_id,
                position=len(lines) + 1,
                label=term[:300],
                milestone_id=m.id if m else None,
                milestone_key=m.key if m else None,
                quote_id=quote.id,
                share=share,
                amount=_amount(share, quote.total),
                currency=quote.currency,
                status=PaymentStatus.NOT_DUE,
            )
        )
    if not lines:
        raise InvalidTransition(f"quote v{quote.version} has no percentage payment terms")
    return _add_lines(
        session, actor, project_id, lines, f"quote v{quote.version}", source_message_id
    )


def _triggered_keys(session: Session, project_id: int) -> set[str]:
    done = {m.key for m in _milestones(session, project_id) if m.status is MilestoneStatus.DONE}
    accepted = set(
        session.scalars(
            select(Deliverable.milestone_key).where(
                Deliverable.project_id == project_id,
                Deliverable.status == DeliverableStatus.ACCEPTED,
            )
        )
    )
    return done | accepted


def refresh_payments_due(
    session: Session,
    project_id: int,
    source_message_id: int | None = None,
    *,
    at: datetime | None = None,
) -> list[PaymentLineView]:
    """Mark not-due lines whose trigger happened as due; returns the lines that became due.

    `at` is when the trigger happened (the mail's Date); default now.
    """
    triggered = _triggered_keys(session, project_id)
    now = at or utcnow()
    changed = []
    for line in _lines(session, project_id):
        if line.status is PaymentStatus.NOT_DUE and line.milestone_key in triggered:
            line.status = PaymentStatus.DUE
            line.due_at = now
            changed.append(line)
            audit.append(
                session,
                project_id=project_id,
                actor=Actor.system(),
                action="payment_due",
                entity="payment_line",
                entity_id=line.id,
                before={"status": PaymentStatus.NOT_DUE.value},
                after={"status": PaymentStatus.DUE.value, "milestone": line.milestone_key},
                source_message_id=source_message_id,
            )
    session.flush()
    return [view(p) for p in changed]


def _match_invoice(
    lines: list[PaymentLine],
    milestones: list[Milestone],
    amount: Decimal | None,
    milestone_hint: str | None,
) -> tuple[PaymentLine, str]:
    open_lines = [p for p in lines if p.status in (PaymentStatus.DUE, PaymentStatus.NOT_DUE)]
    if not open_lines:
        raise InvalidTransition("no open payment line to link this invoice to")
    if milestone_hint:
        m = match_milestone(milestone_hint, milestones)
        hit = next((p for p in open_lines if m is not None and p.milestone_key == m.key), None)
        if hit:
            return hit, "milestone"
    if amount is not None:
        by_amount = [
            p for p in open_lines if p.amount is not None and abs(p.amount - amount) < _CENT
        ]
        by_amount.sort(key=lambda p: (p.status is not PaymentStatus.DUE, p.position))
        if by_amount:
            return by_amount[0], "amount"
    due = [p for p in open_lines if p.status is PaymentStatus.DUE]
    return (due or open_lines)[0], "order"


def link_invoice(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    invoice_number: str,
    amount: Decimal | None,
    currency: str | None,
    document_id: int | None = None,
    message_id: int | None = None,
    milestone_hint: str | None = None,
    invoiced_at: datetime | None = None,
) -> InvoiceLink:
    """Link an invoice to its payment line (by milestone mention, amount, or plan order)."""
    require_role(session, project_id, actor, _INVOICE_ROLES)
    lines = _lines(session, project_id)
    same = next((p for p in lines if p.invoice_number == invoice_number), None)
    if same is not None:
        return InvoiceLink(view(same), "invoice_number", already_linked=True)
    line, matched_by = _match_invoice(
        lines, _milestones(session, project_id), amount, milestone_hint
    )
    premature = line.status is PaymentStatus.NOT_DUE
    before = {"status": line.status.value}
    line.status = PaymentStatus.INVOICED
    line.invoice_number = invoice_number
    line.invoice_amount = amount
    line.invoice_currency = currency
    line.invoice_document_id = document_id
    line.invoice_message_id = message_id
    line.invoiced_at = invoiced_at or utcnow()
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="payment_invoiced",
        entity="payment_line",
        entity_id=line.id,
        before=before,
        after={
            "status": line.status.value,
            "invoice_number": invoice_number,
            "amount": amount,
            "currency": currency,
            "matched_by": matched_by,
            "premature": premature,
        },
        source_message_id=message_id,
    )
    return InvoiceLink(view(line), matched_by, premature=premature)


def mark_paid(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    line_id: int | None = None,
    invoice_number: str | None = None,
    source_message_id: int | None = None,
    paid_at: datetime | None = None,
) -> PaymentLineView:
    """Mark an invoiced line paid (finance or the sponsor side); `paid_at` defaults to now."""
    require_role(session, project_id, actor, _PAY_ROLES)
    line = next(
        (
            p
            for p in _lines(session, project_id)
            if (line_id is not None and p.id == line_id)
            or (invoice_number is not None and p.invoice_number == invoice_number)
        ),
        None,
    )
    if line is None:
        raise NotFound(f"no payment line {line_id or invoice_number} in project {project_id}")
    if line.status is not PaymentStatus.INVOICED:
        raise InvalidTransition(f"payment line {line.label!r} is {line.status}; not invoiced")
    line.status = PaymentStatus.PAID
    line.paid_at = paid_at or utcnow()
    line.paid_by_person_id = actor.person_id
    line.paid_message_id = source_message_id
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="payment_paid",
        entity="payment_line",
        entity_id=line.id,
        before={"status": PaymentStatus.INVOICED.value},
        after={"status": PaymentStatus.PAID.value, "invoice_number": line.invoice_number},
        source_message_id=source_message_id,
    )
    return view(line)
