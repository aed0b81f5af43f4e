"""Where a rule's decision becomes an effect: one handler per `rules.Action`, in one table.

Each handler turns an `ActionSpec` into a tracker operation or an outbox row, in the
caller's transaction; the handlers live with their subject (`milestone_updates`,
`quote_reading`, `delivery`, `reviews`, `change_requests`, `invoicing`, `notices`). A
refusal by the domain (a role that may not do this, a state that does not allow it) is
not a crash: it is audited, the message is flagged for a person, and the next action
still runs. Every action runs inside its own savepoint, so a refused one leaves nothing
half-written.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ingest import ParsedEmail
from mailroom import change_requests, delivery, invoicing, milestone_updates, notices, reviews
from mailroom.logs import log_event
from mailroom.quote_reading import record_quote
from mailroom.reply_notices import tell_why_refused
from mailroom.sample_notes import says_shipped
from mailroom.trigger import Trigger
from rules import Action, ReplyAbout
from rules.schema import ActionSpec
from tracker import audit
from tracker.errors import TrackerError
from tracker.operations import review, samples
from tracker.types import SPONSOR_ROLES, Route, SampleStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.wiring import Workspace

log = logging.getLogger("mailroom.actions")
# The flag reason that means "a decision arrived that does not count": audited, explained.
REFUSED_DECISION = "unauthenticated_decision"


def _sheet_stage(t: Trigger) -> SampleStatus | None:
    """A sponsor's sheet whose mail says the samples were shipped is a shipment."""
    if t.sender_roles & SPONSOR_ROLES and says_shipped(f"{t.parsed.subject}\n{t.new_text}"):
        return SampleStatus.SHIPPED
    return None  # the tracker's default: the first sheet expected, later ones by side


def _import_samples(t: Trigger, _spec: ActionSpec) -> None:
    stage = _sheet_stage(t)
    for text, document_id in t.texts_for("sample_sheet"):
        sheet = samples.parse_sample_table(text)
        if not sheet.rows:
            continue
        result = samples.import_samples(
            t.session, t.actor, t.project_id, sheet, t.message_pk, document_id, stage=stage
        )
        notices.remember_samples(t, result, len(sheet.rows))


def _apply_reply_decision(t: Trigger, _spec: ActionSpec) -> None:
    if t.reply is not None and t.reply.about is ReplyAbout.DELIVERABLE:
        reviews.apply_review(t)
    else:
        change_requests.apply_change_decision(t)


def _send(t: Trigger, spec: ActionSpec) -> None:
    notices.send_template(t, str(spec.template), spec.to)


def _flag(t: Trigger, spec: ActionSpec) -> None:
    review.flag_message(t.session, t.message_pk, spec.reason or "flagged by rule")
    if spec.reason == REFUSED_DECISION:
        tell_why_refused(t)


def _notify_refused(t: Trigger, spec: ActionSpec) -> None:
    notices.refused_notice(t.session, t.ws, t.parsed, spec.reason or "non_member")


HANDLERS: dict[Action, Callable[[Trigger, ActionSpec], None]] = {
    Action.START_MILESTONE: milestone_updates.start,
    Action.COMPLETE_MILESTONE: milestone_updates.complete,
    Action.FORECAST_MILESTONE: milestone_updates.forecast,
    Action.SET_WAITING: milestone_updates.set_waiting,
    Action.RECORD_QUOTE: record_quote,
    Action.IMPORT_SAMPLES: _import_samples,
    Action.OPEN_CHANGE: change_requests.open_change,
    Action.REQUEST_APPROVAL: change_requests.request_approval,
    Action.APPLY_REPLY_DECISION: _apply_reply_decision,
    Action.RECORD_DELIVERABLE: delivery.record_deliverable,
    Action.REQUEST_REVIEW: delivery.request_review,
    Action.MARK_PAYMENT_DUE: invoicing.mark_payment_due,
    Action.LINK_INVOICE: invoicing.link_invoice_action,
    Action.MARK_PAID: invoicing.mark_paid_action,
    Action.SEND: _send,
    Action.FLAG_FOR_REVIEW: _flag,
    Action.NOTIFY_REFUSED: _notify_refused,
}

if set(HANDLERS) != set(Action):  # fail at import, not on the first mail that needs it
    raise RuntimeError(f"actions without a handler: {sorted(set(Action) - set(HANDLERS))}")


def _needs_savepoint(spec: ActionSpec) -> bool:
    """False for the two commonest actions whose one write is their last statement: a
    refusal can only come before it, with nothing to roll back, so they spare the
    SAVEPOINT / RELEASE pair (two round trips on PostgreSQL)."""
    if spec.name is Action.SEND:  # a notice built from the trigger: reads, then the outbox row
        return not notices.built_from_trigger(str(spec.template))
    if spec.name is Action.FLAG_FOR_REVIEW:  # the flag, unless it also explains a refusal
        return spec.reason == REFUSED_DECISION
    return True


def apply_action(trigger: Trigger, rule: str, spec: ActionSpec) -> None:
    """Apply one planned action; a domain refusal is audited and flagged, never raised."""
    session = trigger.session
    try:
        with session.begin_nested() if _needs_savepoint(spec) else contextlib.nullcontext():
            HANDLERS[spec.name](trigger, spec)
    except TrackerError as exc:
        log_event(
            log, logging.INFO, "action refused", rule=rule, action=str(spec),
            project=trigger.project_code, reason=str(exc),
        )  # fmt: skip
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
    notices.refused_notice(session, ws, parsed, str(route.reason or "unrouted"))
