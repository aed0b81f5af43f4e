"""Where a rule's decision becomes an effect: one handler per `rules.Action`, in one table.

Each handler turns an `ActionSpec` into a tracker operation or an outbox row, in the
caller's transaction. A refusal by the domain (a role that may not do this, a state that
does not allow it) is not a crash: it is audited, the message is flagged for a person,
and the next action still runs. Every action runs inside its own savepoint, so a refused
one leaves nothing half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ingest import ParsedEmail
from mailroom import notices
from mailroom.decisions import Trigger
from mailroom.logs import log_event
from rules import Action
from rules.schema import ActionSpec
from tracker import audit
from tracker.errors import TrackerError
from tracker.operations import changes, deliverables, milestones, payments, quotes, review, samples
from tracker.types import Actor, Route, WaitingOn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.wiring import Workspace

log = logging.getLogger("mailroom.actions")
SYSTEM = Actor.system("mailroom-rules")

DELIVERABLE_WORDS = ("final", "draft", "report", "deliver", "data", "coa", "results", "batch")


def _attachment_indexes(trigger: Trigger, label: str) -> list[int]:
    """The attachments an action is about: the event's own, or those with the label."""
    if trigger.document_index is not None:
        return [trigger.document_index]
    if trigger.classification is None:
        return []
    return [
        i for i, pred in enumerate(trigger.classification.attachments)
        if pred.label.value == label and i < len(trigger.document_ids)
    ]  # fmt: skip


def _text_for(trigger: Trigger, label: str) -> list[tuple[str, int | None]]:
    """(text, document id) pairs to read: the labelled attachments, else the message text."""
    found = [
        (trigger.parsed.attachments[i].text, trigger.document_ids[i])
        for i in _attachment_indexes(trigger, label)
    ]
    if found:
        return found
    if trigger.document_index is not None:
        return []
    return [(trigger.parsed.reply_text or trigger.parsed.body_text, None)]


def _money(trigger: Trigger) -> tuple[Decimal | None, str | None]:
    for entity in trigger.entities:
        if entity.type == "money" and entity.value is not None:
            try:
                return Decimal(str(entity.value)), entity.currency
            except InvalidOperation:
                continue
    return None, None


def _first_entity(trigger: Trigger, kind: str) -> str | None:
    for entity in trigger.entities:
        if entity.type == kind:
            return str(entity.value or entity.text)
    return None


# -- milestones ------------------------------------------------------------------------


def _start(t: Trigger, spec: ActionSpec) -> None:
    milestones.start_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), source_message_id=t.message_pk
    )
    t.done.append(f"milestone {spec.milestone} started")


def _complete(t: Trigger, spec: ActionSpec) -> None:
    milestones.complete_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), source_message_id=t.message_pk
    )
    t.done.append(f"milestone {spec.milestone} done")
    _refresh_payments(t)


def _forecast(t: Trigger, spec: ActionSpec) -> None:
    day = milestones.project_today(t.session, t.project_id) + timedelta(days=spec.days or 0)
    milestones.forecast_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), day, source_message_id=t.message_pk
    )


def _set_waiting(t: Trigger, spec: ActionSpec) -> None:
    side = WaitingOn(spec.waits_on) if spec.waits_on else None
    milestones.set_waiting(
        t.session, t.actor, t.project_id, str(spec.milestone), side, source_message_id=t.message_pk
    )


# -- documents -------------------------------------------------------------------------


def _record_quote(t: Trigger, _spec: ActionSpec) -> None:
    for text, document_id in _text_for(t, "quote"):
        facts = quotes.parse_quote_text(text)
        quote = quotes.record_quote(
            t.session, t.actor, t.project_id, document_id, facts, t.message_pk
        )
        t.done.append(notices.quote_summary(t.session, t.project_id, quote.version))
        if not payments.list_payments(t.session, t.project_id):
            _plan_payments(t, quote.id, facts)


def _plan_payments(t: Trigger, quote_id: int, facts: quotes.QuoteFacts) -> None:
    """Payment lines from the quote's terms, else from the template's milestone shares."""
    try:
        with t.session.begin_nested():
            payments.plan_from_quote(t.session, SYSTEM, t.project_id, quote_id, t.message_pk)
    except TrackerError:
        payments.plan_from_milestones(t.session, SYSTEM, t.project_id, total=facts.total,
                                      currency=facts.currency, source_message_id=t.message_pk)


def _import_samples(t: Trigger, _spec: ActionSpec) -> None:
    for text, document_id in _text_for(t, "sample_sheet"):
        sheet = samples.parse_sample_table(text)
        if not sheet.rows:
            continue
        result = samples.import_samples(
            t.session, t.actor, t.project_id, sheet, t.message_pk, document_id
        )
        notices.remember_samples(t, result, len(sheet.rows))


def _deliverable_milestone(t: Trigger) -> str:
    rows = milestones.list_milestones(t.session, t.project_id)
    keys = {m.key for m in rows}
    for entity in t.entities:
        if entity.type == "milestone" and str(entity.value) in keys:
            return str(entity.value)
    open_cro = [m for m in rows if str(m.status) != "done" and str(m.waits_on or "") == "cro"]
    for m in open_cro:
        if any(word in m.key for word in DELIVERABLE_WORDS):
            return m.key
    return (open_cro or rows)[-1].key


def _record_deliverable(t: Trigger, _spec: ActionSpec) -> None:
    indexes = _attachment_indexes(t, "deliverable")
    titles = [(t.parsed.attachments[i].filename, t.document_ids[i]) for i in indexes]
    if not titles and t.document_index is None:
        titles = [(t.parsed.subject or "deliverable", None)]
    key = _deliverable_milestone(t)
    for title, document_id in titles:
        final = "final" in f"{title} {t.parsed.subject}".lower()
        view = deliverables.record_deliverable(
            t.session, t.actor, t.project_id, milestone_key=key, title=title,
            document_id=document_id, source_message_id=t.message_pk, is_final=final,
        )  # fmt: skip
        notices.remember_deliverable(t, view)


def _request_review(t: Trigger, _spec: ActionSpec) -> None:
    t.done.append("review requested")  # recording the deliverable opened its review window


# -- changes ---------------------------------------------------------------------------


def _open_change(t: Trigger, _spec: ActionSpec) -> None:
    amount, currency = _money(t)
    text = (t.parsed.reply_text or t.parsed.body_text).strip()
    spec = changes.ChangeSpec(
        title=notices.clean_subject(t.parsed.subject) or "Change",
        what_changed=text[:2000],
        requested_by=t.sender,
        impact=changes.ChangeImpact(cost_delta=amount, currency=currency),
    )
    view = changes.open_change(t.session, t.actor, t.project_id, spec, t.message_pk)
    t.change_id = view.id
    t.done.append(f"{view.code} opened")


def _request_approval(t: Trigger, _spec: ActionSpec) -> None:
    if t.change_id is None:
        return
    # Asking the approvers is Mailroom's own act, whoever proposed the change.
    changes.request_approval(t.session, SYSTEM, t.project_id, t.change_id, t.message_pk)


def _apply_reply_decision(t: Trigger, _spec: ActionSpec) -> None:
    notices.apply_change_decision(t)


# -- payments --------------------------------------------------------------------------


def _refresh_payments(t: Trigger) -> None:
    for line in payments.refresh_payments_due(t.session, t.project_id, t.message_pk):
        notices.payment_due(t, line)


def _mark_payment_due(t: Trigger, _spec: ActionSpec) -> None:
    _refresh_payments(t)


def _link_invoice(t: Trigger, _spec: ActionSpec) -> None:
    number = _first_entity(t, "invoice_number") or notices.clean_subject(t.parsed.subject)
    amount, currency = _money(t)
    index = t.document_index
    link = payments.link_invoice(
        t.session, t.actor, t.project_id, invoice_number=number, amount=amount,
        currency=currency, document_id=t.document_ids[index] if index is not None else None,
        message_id=t.message_pk, milestone_hint=_first_entity(t, "milestone"),
    )  # fmt: skip
    t.done.append(f"invoice {number} linked to {link.line.label}")


# -- mail and review -------------------------------------------------------------------


def _send(t: Trigger, spec: ActionSpec) -> None:
    notices.send_template(t, str(spec.template), spec.to)


def _flag(t: Trigger, spec: ActionSpec) -> None:
    review.flag_message(t.session, t.message_pk, spec.reason or "flagged by rule")
    if spec.reason == "unauthenticated_decision":
        notices.tell_approver_why(t)


def _notify_refused(t: Trigger, spec: ActionSpec) -> None:
    notices.refused_notice(t.session, t.ws, t.parsed, spec.reason or "non_member")


HANDLERS: dict[Action, Callable[[Trigger, ActionSpec], None]] = {
    Action.START_MILESTONE: _start,
    Action.COMPLETE_MILESTONE: _complete,
    Action.FORECAST_MILESTONE: _forecast,
    Action.SET_WAITING: _set_waiting,
    Action.RECORD_QUOTE: _record_quote,
    Action.IMPORT_SAMPLES: _import_samples,
    Action.OPEN_CHANGE: _open_change,
    Action.REQUEST_APPROVAL: _request_approval,
    Action.APPLY_REPLY_DECISION: _apply_reply_decision,
    Action.RECORD_DELIVERABLE: _record_deliverable,
    Action.REQUEST_REVIEW: _request_review,
    Action.MARK_PAYMENT_DUE: _mark_payment_due,
    Action.LINK_INVOICE: _link_invoice,
    Action.SEND: _send,
    Action.FLAG_FOR_REVIEW: _flag,
    Action.NOTIFY_REFUSED: _notify_refused,
}

if set(HANDLERS) != set(Action):  # fail at import, not on the first mail that needs it
    raise RuntimeError(f"actions without a handler: {sorted(set(Action) - set(HANDLERS))}")


def apply_action(trigger: Trigger, rule: str, spec: ActionSpec) -> None:
    """Apply one planned action; a domain refusal is audited and flagged, never raised."""
    try:
        with trigger.session.begin_nested():
            HANDLERS[spec.name](trigger, spec)
    except TrackerError as exc:
        log_event(
            log,
            logging.INFO,
            "action refused",
            rule=rule,
            action=str(spec),
            project=trigger.project_code,
            reason=str(exc),
        )
        audit.append(
            trigger.session, project_id=trigger.project_id, actor=trigger.actor,
            action="action_refused", entity="message", entity_id=trigger.message_pk,
            before=None, after={"rule": rule, "action": str(spec), "reason": str(exc)},
            source_message_id=trigger.message_pk,
        )  # fmt: skip
        review.flag_message(trigger.session, trigger.message_pk, f"refused: {exc}")


def send_status_reply(trigger: Trigger) -> None:
    notices.status_reply(trigger)


def notify_unrouted(session: Session, ws: Workspace, parsed: ParsedEmail, route: Route) -> None:
    """A notice about unroutable mail goes only to a known person, once a day per reason."""
    reason = str(route.reason or "unrouted")
    notices.refused_notice(session, ws, parsed, reason)

