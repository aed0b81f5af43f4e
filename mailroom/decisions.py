"""From a filed message to rule decisions: pick the event, build its facts, apply the actions.

For every project a message was newly filed in:

1. automated mail (auto-replies, bounces, lists, our own) is filed and nothing else;
2. a reply to one of our change approval requests (its token is in a recipient address
   or in the Message-ID it answers) becomes a `reply_decided` event about the change;
3. a member's reply in the thread of a delivery that accepts it or asks for changes
   becomes a `reply_decided` event about the deliverable (see `mailroom.reply_reading`);
4. a member asking for "status" gets the status back; a non-member gets nothing;
5. anything else is a `message_classified` event, then one `document_classified`
   event per attachment.

Facts are built from the record (`mailroom.facts`; roles come from the tracker, never
from headers) and handed to the pure rules engine; `mailroom.actions` applies what it
decided, in the caller's transaction, so record changes, audit events and outbox rows
commit together.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from classifier.types import Classification
from ingest import MailKind, ParsedEmail
from mailroom import actions
from mailroom.facts import document_facts, message_facts, milestone_keys, reply_facts
from mailroom.reply_reading import read_change_reply, read_review_reply, reply_token_of
from mailroom.trigger import ReplyFacts, Trigger, build_trigger
from rules import Event, evaluate
from rules.facts import Facts
from tracker import audit
from tracker.types import FilingOutcome, FilingResult, InboundMessage, Route

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.text_readings import TextReadings
    from mailroom.wiring import Workspace

__all__ = ["ReplyFacts", "Trigger", "apply_decisions", "decide_for_project"]

STATUS_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|fwd?|tr|sv)\s*:\s*)*status\s*\??\s*$", re.I)


def _audit_ignored(trigger: Trigger, why: str) -> None:
    audit.append(
        trigger.session, project_id=trigger.project_id, actor=trigger.actor,
        action="reply_ignored", entity="message", entity_id=trigger.message_pk, before=None,
        after={"why": why, "kind": str(trigger.parsed.kind)},
        source_message_id=trigger.message_pk,
    )  # fmt: skip


def run(trigger: Trigger, event: Event, facts: Facts) -> None:
    """Evaluate one event and apply every planned action, in order."""
    decision = evaluate(trigger.ws.ruleset_for(trigger.project_code), event, facts)
    for planned in decision.actions:
        actions.apply_action(trigger, planned.rule, planned.action)


def _decide_reply(trigger: Trigger) -> bool:
    """Run `reply_decided` when the message answers a request of ours; True if it did."""
    token = reply_token_of(trigger.parsed)
    reply = read_change_reply(trigger, token) if token is not None else read_review_reply(trigger)
    if reply is None:
        return False
    trigger.reply = reply
    run(trigger, Event.REPLY_DECIDED, reply_facts(trigger, reply))
    return True


def decide_for_project(trigger: Trigger) -> None:
    """Evaluate and apply the rules for one newly filed message in one project."""
    parsed = trigger.parsed
    if parsed.kind is not MailKind.NORMAL:
        if reply_token_of(parsed) is not None:  # an auto-reply to a request: on record only
            _audit_ignored(trigger, f"{parsed.kind} mail is never a decision")
        return  # file automated mail, never act on it or answer it
    if _decide_reply(trigger):
        return
    if STATUS_SUBJECT.match(parsed.subject or "") and not parsed.attachments:
        if trigger.sender_roles:
            actions.send_status_reply(trigger)
        return
    keys = milestone_keys(trigger)
    run(trigger, Event.MESSAGE_CLASSIFIED, message_facts(trigger, keys))
    if trigger.classification is None:
        return
    for index in range(min(len(parsed.attachments), len(trigger.document_ids))):
        trigger.document_index = index
        run(trigger, Event.DOCUMENT_CLASSIFIED, document_facts(trigger, index, keys))
    trigger.document_index = None


def apply_decisions(
    session: Session,
    ws: Workspace,
    parsed: ParsedEmail,
    classification: Classification | None,
    inbound: InboundMessage,
    route: Route,
    result: FilingResult,
    readings: TextReadings | None = None,
) -> None:
    """Run the rules for every project this message was newly filed in."""
    for filing in result.filings:
        if filing.outcome is FilingOutcome.UNROUTED:
            actions.notify_unrouted(session, ws, parsed, route)
            continue
        if filing.outcome is not FilingOutcome.FILED or filing.project_id is None:
            continue
        trigger = build_trigger(
            session, ws, parsed, classification, filing.project_id, filing.message_pk,
            filing.document_ids, readings,
        )  # fmt: skip
        decide_for_project(trigger)
