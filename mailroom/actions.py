"""Where a rule's decision becomes an effect: one handler per `rules.Action`, in one table.

Each handler turns an `ActionSpec` into a tracker operation or an outbox row, in the
caller's transaction. A refusal by the domain (a role that may not do this, a state that
does not allow it) is not a crash: it is audited, the message is flagged for a person,
and the next action still runs. Every action runs inside its own savepoint, so a refused
one leaves nothing half-written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ingest import ParsedEmail
from mailroom import notices
from mailroom.decisions import Trigger, mentioned_milestones
from mailroom.logs import log_event
from mailroom.notices import clean_subject
from rules import Action
from rules import Label as RuleLabel
from rules.milestones import load_template
from rules.schema import ActionSpec
from tracker import audit
from tracker.errors import TrackerError
from tracker.operations import changes, deliverables, milestones, payments, quotes, review, samples
from tracker.operations.messages import find_filed_message
from tracker.types import Actor, ChangeStatus, MilestoneStatus, Route, ServiceType, WaitingOn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.wiring import Workspace
    from tracker.models.milestone import Milestone

log = logging.getLogger("mailroom.actions")
OPEN_CHANGE = frozenset({ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL})
SYSTEM = Actor.system("mailroom-rules")

# Frame milestones a delivery is never evidence of: they close on acceptance or closeout.
NOT_DELIVERED = frozenset({"final_deliverable_accepted", "closeout", "archived"})
WORD = re.compile(r"[a-z]+")
FILLER = frozenset({"and", "or", "ba", "tt"})
INVOICE_NUMBER = re.compile(r"\binvoice[\s_#:no.]*([A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*)", re.I)


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


def delivery_keys(service_type: ServiceType) -> frozenset[str]:
    """The template's milestones that a delivered document is evidence of."""
    template = load_template(service_type)
    return frozenset(
        m.key for m in template.milestones if RuleLabel.DELIVERABLE in m.evidence_labels
    )


# -- milestones ------------------------------------------------------------------------


def _start(t: Trigger, spec: ActionSpec) -> None:
    milestones.start_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), source_message_id=t.message_pk
    )
    t.done.append(f"milestone {spec.milestone} started")


def _complete(t: Trigger, spec: ActionSpec) -> None:
    """Complete on the day the mail was sent; evidence seen again changes nothing.

    After a delivery, only the milestone the delivery was recorded against completes:
    a final report that names "draft report" and "archiving" completes neither.
    """
    key = str(spec.milestone)
    if t.delivered_to is not None and key != t.delivered_to:
        return
    if milestones.get_milestone(t.session, t.project_id, key).status is MilestoneStatus.DONE:
        return
    milestones.complete_milestone(
        t.session, t.actor, t.project_id, key, on=t.day, source_message_id=t.message_pk
    )
    t.done.append(f"milestone {key} done {t.day.isoformat()}")
    if key == "quote_accepted":
        _accept_latest_quote(t)
    _refresh_payments(t)


def _accept_latest_quote(t: Trigger) -> None:
    """The award accepts the latest quote version; its terms become the payment plan."""
    versions = quotes.quote_versions(t.session, t.project_id)
    if not versions or any(q.accepted for q in versions):
        return
    quote = quotes.accept_quote(
        t.session, t.actor, t.project_id, versions[-1].version, t.message_pk
    )
    t.done.append(f"quote v{quote.version} accepted")
    _plan_payments(t, quote.id, quotes.facts_of(quote))


def _forecast(t: Trigger, spec: ActionSpec) -> None:
    day = t.day + timedelta(days=spec.days or 0)
    milestones.forecast_milestone(
        t.session, t.actor, t.project_id, str(spec.milestone), day, source_message_id=t.message_pk
    )


def _set_waiting(t: Trigger, spec: ActionSpec) -> None:
    side = WaitingOn(spec.waits_on) if spec.waits_on else None
    milestones.set_waiting(
        t.session, t.actor, t.project_id, str(spec.milestone), side, source_message_id=t.message_pk
    )


# -- documents -------------------------------------------------------------------------


def _quote_texts(t: Trigger) -> list[tuple[str, int | None]]:
    """The quote documents: labelled ones, else attachments that read as a priced quote.

    A chatty cover note with the quote attached is a quote message whose attachment the
    classifier may call `other`; the document, not the cover note, carries the prices.
    """
    labelled = [(text, doc) for text, doc in _text_for(t, "quote") if doc is not None]
    if labelled or t.document_index is not None:
        return labelled or _text_for(t, "quote")
    priced = [
        (att.text, t.document_ids[i])
        for i, att in enumerate(t.parsed.attachments[: len(t.document_ids)])
        if att.text and quotes.parse_quote_text(att.text).total is not None
    ]
    return priced or _text_for(t, "quote")


def _record_quote(t: Trigger, _spec: ActionSpec) -> None:
    for text, document_id in _quote_texts(t):
        facts = quotes.parse_quote_text(text)
        quote = quotes.record_quote(
            t.session, t.actor, t.project_id, document_id, facts, t.message_pk
        )
        notices.remember_quote(t, quote.version)


def _plan_payments(t: Trigger, quote_id: int | None, facts: quotes.QuoteFacts | None) -> None:
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


def _import_samples(t: Trigger, _spec: ActionSpec) -> None:
    for text, document_id in _text_for(t, "sample_sheet"):
        sheet = samples.parse_sample_table(text)
        if not sheet.rows:
            continue
        result = samples.import_samples(
            t.session, t.actor, t.project_id, sheet, t.message_pk, document_id
        )
        notices.remember_samples(t, result, len(sheet.rows))


def _record_deliverable(t: Trigger, _spec: ActionSpec) -> None:
    """Record each delivered file (or the linked delivery) and complete its milestone."""
    indexes = _attachment_indexes(t, "deliverable")
    files = [(t.parsed.attachments[i].filename, t.document_ids[i]) for i in indexes]
    final = _is_final(t, [name for name, _ in files])
    key = _delivery_milestone(t, [name for name, _ in files], final)
    if not files and t.document_index is None:
        files = [(milestones.get_milestone(t.session, t.project_id, key).name, None)]
    for title, document_id in files:
        view = deliverables.record_deliverable(
            t.session, t.actor, t.project_id, milestone_key=key, title=title,
            document_id=document_id, source_message_id=t.message_pk, is_final=final,
            delivered_at=t.parsed.date,
        )  # fmt: skip
        notices.remember_deliverable(t, view)
    t.delivered_to = key
    _complete(t, ActionSpec(Action.COMPLETE_MILESTONE, milestone=key))


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _is_final(t: Trigger, filenames: list[str]) -> bool:
    """A final delivery: its file says so, else its new text, else its subject.

    A "Re: draft report" thread often carries the final; the file name or the words of
    the new text ("the final signed report is available") decide before the subject.
    """
    for text in (" ".join(filenames), t.parsed.reply_text[:800], clean_subject(t.parsed.subject)):
        words = _words(text)
        score = words.count("final") - words.count("draft")
        if score:
            return score > 0
    return False


def _delivery_milestone(t: Trigger, filenames: list[str], final: bool) -> str:
    """The milestone a delivery is evidence of, by the template's evidence labels.

    Candidates are milestones that take a `deliverable` as evidence; the one whose key
    shares most words with the file names and subject wins, mentioned and open ones first,
    and a final delivery never lands on a draft milestone (nor a draft on a final one).
    """
    rows = milestones.list_milestones(t.session, t.project_id)
    evidence = delivery_keys(t.service_type) - NOT_DELIVERED
    keys = frozenset(m.key for m in rows)
    mentioned = mentioned_milestones(t.entities, keys)
    words = set(_words(" ".join((*filenames, t.parsed.subject))))
    wrong = "draft" if final else "final"

    def score(m: Milestone) -> tuple[int, int, int, int]:
        parts = [part for part in m.key.split("_") if part not in FILLER]
        return (
            -int(wrong in parts), len(words & set(parts)), int(m.key in mentioned),
            int(m.status is not MilestoneStatus.DONE),
        )  # fmt: skip

    candidates = [m for m in rows if m.key in evidence] or rows
    return max(candidates, key=score).key


def _request_review(t: Trigger, _spec: ActionSpec) -> None:
    t.done.append("review requested")  # recording the deliverable opened its review window


# -- changes ---------------------------------------------------------------------------


def _thread_change(t: Trigger) -> changes.ChangeView | None:
    """An undecided change opened by a message this one answers (a follow-up in its thread)."""
    pks = set()
    for ref in t.thread_ids:
        filed = find_filed_message(t.session, ref)
        if filed is not None and filed.project_id == t.project_id:
            pks.add(filed.id)
    open_ = [
        c for c in changes.list_changes(t.session, t.project_id)
        if c.proposed_message_id in pks and c.status in OPEN_CHANGE
    ]  # fmt: skip
    return open_[-1] if open_ else None


def _open_change(t: Trigger, _spec: ActionSpec) -> None:
    """Open a change, unless the message follows up one already open in its thread.

    A follow-up ("Approved - please proceed with CO-001" sent to the thread rather than
    to our approval request) is not a new change and not a decision either: only the
    signed reply decides. It is flagged so a person sees the informal answer.
    """
    if (existing := _thread_change(t)) is not None:
        t.change_id, t.change_is_new = existing.id, False
        review.flag_message(t.session, t.message_pk, f"follow-up to {existing.code}")
        t.done.append(f"follow-up to {existing.code} ({existing.status})")
        return
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
    if t.change_id is None or not t.change_is_new:
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


def _invoice_number(t: Trigger) -> str:
    """The invoice number: the subject's or file's "Invoice <no>", else the entity."""
    names = [a.filename for a in t.parsed.attachments]
    for text in (t.parsed.subject, *names):
        if found := INVOICE_NUMBER.search(text):
            return found.group(1)
    entity = _first_entity(t, "invoice_number")
    if entity and entity[0].isalnum():
        return entity
    return notices.clean_subject(t.parsed.subject)


def _link_invoice(t: Trigger, _spec: ActionSpec) -> None:
    number = _invoice_number(t)
    amount, currency = _money(t)
    index = t.document_index
    if not payments.list_payments(t.session, t.project_id):
        versions = quotes.quote_versions(t.session, t.project_id)
        chosen = next((q for q in versions if q.accepted), versions[-1] if versions else None)
        facts = quotes.facts_of(chosen) if chosen else None
        _plan_payments(t, chosen.id if chosen else None, facts)
    keys = frozenset(m.key for m in milestones.list_milestones(t.session, t.project_id))
    hint = next(iter(mentioned_milestones(t.entities, keys)), None)
    link = payments.link_invoice(
        t.session, t.actor, t.project_id, invoice_number=number, amount=amount,
        currency=currency, document_id=t.document_ids[index] if index is not None else None,
        message_id=t.message_pk, milestone_hint=hint,
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
