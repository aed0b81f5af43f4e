"""Payments by mail: the plan, lines falling due, invoices linked, remittances marked paid.

The plan comes from the accepted quote's payment terms, else from the template's
milestone shares. A line falls due when its milestone is done or a deliverable of it is
accepted; finance hears about it once per line (the outbox dedupe key). An invoice is
linked to the line it bills (rules `link_invoice`). A remittance or payment advice
naming an invoice already linked marks that line paid (rules `mark_paid`, when the
`payment_advice` fact holds, see `mailroom.payment_advice`) — only finance or the
sponsor side may: the tracker refuses anyone else, and the refusal is audited and
flagged.
"""

from __future__ import annotations

import re

from mailroom import notices
from mailroom.facts import mentioned_milestones
from mailroom.trigger import Trigger
from rules.schema import ActionSpec
from tracker.errors import TrackerError
from tracker.operations import milestones, payments, quotes
from tracker.types import Actor

SYSTEM = Actor.system("mailroom-rules")
INVOICE_NUMBER = re.compile(r"\binvoice[\s_#:no.]*([A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*)", re.I)


def plan_payments(t: Trigger, quote_id: int | None, facts: quotes.QuoteFacts | None) -> None:
    """Payment lines from the quote's terms, else from the template's milestone shares."""
    if payments.list_payments(t.session, t.project_id):
        return
    try:
        with t.session.begin_nested():
            if quote_id is None:
                raise TrackerError("no quote to plan from")
            payments.plan_from_quote(t.session, SYSTEM, t.project_id, quote_id, t.message_pk)
    except TrackerError:
        payments.plan_from_milestones(
            t.session, SYSTEM, t.project_id, total=facts.total if facts else None,
            currency=facts.currency if facts else None, source_message_id=t.message_pk,
        )  # fmt: skip


def _plan_from_best_quote(t: Trigger) -> None:
    versions = quotes.quote_versions(t.session, t.project_id)
    chosen = next((q for q in versions if q.accepted), versions[-1] if versions else None)
    plan_payments(t, chosen.id if chosen else None, quotes.facts_of(chosen) if chosen else None)


def refresh_payments(t: Trigger) -> None:
    """Lines whose trigger happened fall due (dated by the mail); finance is told."""
    due = payments.refresh_payments_due(t.session, t.project_id, t.message_pk, at=t.sent_at)
    announce_due(t, [line.id for line in due])


def announce_due(t: Trigger, line_ids: list[int] | tuple[int, ...]) -> None:
    for line in payments.list_payments(t.session, t.project_id):
        if line.id in line_ids:
            t.done.append(f"payment due: {line.label}")
            notices.payment_due(t, line)


def mark_payment_due(t: Trigger, _spec: ActionSpec) -> None:
    refresh_payments(t)


def invoice_number(t: Trigger) -> str:
    """The invoice number: the subject's or file's "Invoice <no>", else the entity."""
    names = [a.filename for a in t.parsed.attachments]
    for text in (t.parsed.subject, *names):
        if found := INVOICE_NUMBER.search(text):
            return found.group(1)
    entity = t.first_entity("invoice_number")
    if entity and entity[0].isalnum():
        return entity
    return notices.clean_subject(t.parsed.subject)


def _is_invoice(t: Trigger) -> bool:
    if t.classification is None:
        return False
    if t.document_index is not None:
        return t.classification.attachments[t.document_index].label.value == "invoice"
    return t.classification.message.label.value == "invoice"


def link_invoice_action(t: Trigger, _spec: ActionSpec) -> None:
    """Rules `link_invoice`: the invoice (message or attachment) links to its line."""
    if _is_invoice(t):
        link_invoice(t)


def mark_paid_action(t: Trigger, _spec: ActionSpec) -> None:
    """Rules `mark_paid`: a payment advice naming a linked invoice pays its line."""
    mark_paid(t)


def mark_paid(t: Trigger) -> None:
    number = invoice_number(t)
    line = payments.mark_paid(
        t.session, t.actor, t.project_id, invoice_number=number,
        source_message_id=t.message_pk, paid_at=t.sent_at,
    )  # fmt: skip
    t.done.append(f"invoice {number} paid ({line.label})")


def link_invoice(t: Trigger) -> None:
    number = invoice_number(t)
    amount, currency = t.money()
    index = t.document_index
    if not payments.list_payments(t.session, t.project_id):
        _plan_from_best_quote(t)
    keys = frozenset(m.key for m in milestones.list_milestones(t.session, t.project_id))
    hint = next(iter(mentioned_milestones(t.entities, keys)), None)
    link = payments.link_invoice(
        t.session, t.actor, t.project_id, invoice_number=number, amount=amount,
        currency=currency, document_id=t.document_ids[index] if index is not None else None,
        message_id=t.message_pk, milestone_hint=hint, invoiced_at=t.sent_at,
    )  # fmt: skip
    t.done.append(f"invoice {number} linked to {link.line.label}")
