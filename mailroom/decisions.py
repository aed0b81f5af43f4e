"""From a filed message to rule decisions: build the facts, evaluate, apply the actions.

For every project a message was newly filed in:

1. automated mail (auto-replies, bounces, lists, our own) is filed and nothing else;
2. a reply to one of our approval requests (its token is in a recipient address or in
   the Message-ID it answers) becomes a `reply_decided` event — the decision is read
   from the reply's new text only, and it counts only when the token is valid for that
   sender and the trusted server's DMARC verdict passes;
3. a member asking for "status" gets the status back; a non-member gets nothing;
4. anything else is a `message_classified` event, then one `document_classified`
   event per attachment.

Facts are built here from the record (roles come from the tracker, never from headers)
and handed to the pure rules engine; `mailroom.actions` applies what it decided, in the
caller's transaction, so record changes, audit events and outbox rows commit together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from classifier.reply_decision import read_decision
from classifier.types import Classification, Entity
from ingest import MailKind, ParsedEmail
from rules import (
    Amount,
    DocumentClassified,
    Event,
    MessageClassified,
    ReplyAbout,
    ReplyDecided,
    ReplyDecision,
    evaluate,
)
from rules.facts import Label as RuleLabel
from rules.facts import MailKind as RuleMailKind
from tracker import tokens
from tracker.db import utcnow
from tracker.operations import roles_of
from tracker.operations.projects import find_person, get_project
from tracker.types import (
    Actor,
    FilingOutcome,
    FilingResult,
    InboundMessage,
    Role,
    Route,
    ServiceType,
    TokenStatus,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.wiring import Workspace

# The classifier names service-neutral keys where services share a phrase ("draft
# report"); the project's template decides which of its milestones that means.
MILESTONE_ALIASES: dict[str, tuple[str, ...]] = {
    "draft_report": (
        "draft_report_issued",
        "draft_ba_report",
        "draft_results",
        "draft_deliverable",
    ),
    "final_report": (
        "final_report_issued",
        "final_ba_report",
        "final_report_delivered",
        "final_deliverable",
    ),
    "samples_received": ("study_samples_received", "materials_received"),
    "engineering_batch_complete": ("scale_up_demo_run",),
}

EXPLICIT_REJECT = re.compile(r"\b(reject(ed)?|declined?)\b", re.I)
STATUS_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|fwd?|tr|sv)\s*:\s*)*status\s*\??\s*$", re.I)


@dataclass
class Trigger:
    """Everything an action may need about the message that triggered it."""

    session: Session
    ws: Workspace
    project_id: int
    project_code: str
    project_name: str
    service_type: ServiceType
    parsed: ParsedEmail
    classification: Classification | None
    message_pk: int
    document_ids: tuple[int, ...]
    actor: Actor
    sender_roles: frozenset[Role]
    timezone: str = "UTC"
    document_index: int | None = None
    change_id: int | None = None
    change_is_new: bool = True
    delivered_to: str | None = None  # the milestone a delivery in this message was recorded on
    reply: ReplyFacts | None = None
    done: list[str] = field(default_factory=list)  # what the actions did, for confirmations

    @property
    def sender(self) -> str:
        return self.parsed.from_.email if self.parsed.from_ else ""

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.classification.entities if self.classification else ()

    @property
    def day(self) -> date:
        """The day the message was sent, in the project's time zone (its Date header).

        Record dates (a milestone done, a delivery) are the mail's, not the day we read
        it: a backfill of last spring's mail must not date everything today.
        """
        sent = self.parsed.date or utcnow()
        return sent.astimezone(ZoneInfo(self.timezone)).date()

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers, nearest first."""
        return tuple(dict.fromkeys((*self.parsed.in_reply_to, *reversed(self.parsed.references))))


@dataclass(frozen=True)
class ReplyFacts:
    """What we learnt from a reply to an approval request, kept as evidence."""

    token: str
    token_id: str | None
    status: TokenStatus
    change_id: int | None
    approver_id: int | None
    decision: ReplyDecision
    reason: str
    auth_ok: bool
    auth_verdict: str


def _amounts(entities: tuple[Entity, ...]) -> tuple[Amount, ...]:
    found = []
    for entity in entities:
        if entity.type != "money" or entity.value is None:
            continue
        try:
            found.append(Amount(Decimal(str(entity.value)), entity.currency or ""))
        except InvalidOperation:
            continue
    return tuple(found)


def project_milestone(key: str, keys: frozenset[str]) -> str | None:
    """The project's milestone a mentioned key means, or None when it has none."""
    if key in keys:
        return key
    return next((alias for alias in MILESTONE_ALIASES.get(key, ()) if alias in keys), None)


def mentioned_milestones(entities: tuple[Entity, ...], keys: frozenset[str]) -> tuple[str, ...]:
    """The project milestones the text names, first mention first."""
    seen: dict[str, None] = {}
    for entity in entities:
        if entity.type == "milestone" and (key := project_milestone(str(entity.value), keys)):
            seen.setdefault(key, None)
    return tuple(seen)


def _texts_of(entities: tuple[Entity, ...], kind: str) -> tuple[str, ...]:
    return tuple(str(e.value or e.text) for e in entities if e.type == kind)


def _has_sample_table(text: str) -> bool:
    from tracker.operations.samples import parse_sample_table

    sheet = parse_sample_table(text)
    return len(sheet.rows) >= 2


def _message_facts(trigger: Trigger, milestone_keys: frozenset[str]) -> MessageClassified:
    pred = trigger.classification.message if trigger.classification else None
    attachment_labels = tuple(
        RuleLabel(p.label.value)
        for p in (trigger.classification.attachments if trigger.classification else ())
    )
    return MessageClassified(
        project_code=trigger.project_code,
        service_type=trigger.service_type,
        label=RuleLabel(pred.label.value) if pred else RuleLabel.OTHER,
        confidence=pred.confidence if pred else 0.0,
        sender_roles=trigger.sender_roles,
        sender_is_member=bool(trigger.sender_roles),
        is_reply=bool(trigger.parsed.in_reply_to),
        milestones=mentioned_milestones(trigger.entities, milestone_keys),
        amounts=_amounts(trigger.entities),
        attachment_labels=attachment_labels,
        document_count=len(trigger.parsed.attachments),
        has_sample_table=_has_sample_table(trigger.parsed.reply_text),
        mail_kind=RuleMailKind(str(trigger.parsed.kind)),
        subject=trigger.parsed.subject,
        change_numbers=_texts_of(trigger.entities, "change_number"),
        needs_review=bool(pred and pred.confidence < trigger.ws.settings.review_threshold),
    )


def _document_facts(
    trigger: Trigger, index: int, milestone_keys: frozenset[str]
) -> DocumentClassified:
    assert trigger.classification is not None
    pred = trigger.classification.attachments[index]
    att = trigger.parsed.attachments[index]
    message_label = trigger.classification.message.label
    return DocumentClassified(
        project_code=trigger.project_code,
        service_type=trigger.service_type,
        label=RuleLabel(pred.label.value),
        confidence=pred.confidence,
        filename=att.filename,
        content_type=att.content_type,
        message_label=RuleLabel(message_label.value),
        sender_roles=trigger.sender_roles,
        sender_is_member=bool(trigger.sender_roles),
        milestones=mentioned_milestones(trigger.entities, milestone_keys),
        amounts=_amounts(trigger.entities),
        change_numbers=_texts_of(trigger.entities, "change_number"),
        needs_review=pred.confidence < trigger.ws.settings.review_threshold,
    )


def _actor_for(session: Session, email: str) -> Actor:
    person = find_person(session, email) if email else None
    if person is None:
        return Actor(kind="person", email=email or None)
    return Actor(kind="person", person_id=person.id, email=email, name=person.name)


def _trigger(
    session: Session,
    ws: Workspace,
    parsed: ParsedEmail,
    classification: Classification | None,
    project_id: int,
    message_pk: int,
    document_ids: tuple[int, ...],
) -> Trigger:
    project = get_project(session, project_id)
    sender = parsed.from_.email if parsed.from_ else ""
    return Trigger(
        session=session, ws=ws, project_id=project_id, project_code=project.code,
        project_name=project.name, service_type=ServiceType(project.service_type),
        parsed=parsed, classification=classification, message_pk=message_pk,
        document_ids=document_ids, actor=_actor_for(session, sender),
        sender_roles=roles_of(session, project_id, sender) if sender else frozenset(),
        timezone=project.timezone or "UTC",
    )  # fmt: skip


def reply_token_of(parsed: ParsedEmail) -> str | None:
    """A reply token from a recipient address or from the Message-ID being answered."""
    for address in parsed.recipients:
        local = address.email.partition("@")[0]
        if "+c-" in local and (token := tokens.find_token(local)):
            return token
    for ref in (*parsed.in_reply_to, *reversed(parsed.references)):
        if ref.strip("<>").startswith("mr.c-") and (token := tokens.find_token(ref)):
            return token
    return None


def _auth(ws: Workspace, parsed: ParsedEmail) -> tuple[bool, str]:
    """DMARC (or aligned DKIM) from the trusted server, or True when none is configured."""
    from ingest.auth_results import dmarc_verdict

    authserv = str(ws.settings.get("auth", "trusted_authserv_id"))
    if not authserv:
        return True, "untrusted: no receiving server configured"
    domain = parsed.from_.email.rpartition("@")[2] if parsed.from_ else ""
    verdict = dmarc_verdict(parsed.headers, authserv, domain)
    return verdict.passed, verdict.reason


def _read_reply(trigger: Trigger, token: str) -> ReplyFacts:
    session, ws, parsed = trigger.session, trigger.ws, trigger.parsed
    approver_id = trigger.actor.person_id
    check = tokens.check_token(session, ws.settings.secret, token, approver_id=approver_id)
    if approver_id is None and check.status is TokenStatus.VALID:
        check = tokens.check_token(session, ws.settings.secret, token, approver_id=-1)
    if parsed.kind is not MailKind.NORMAL:
        decision, reason = ReplyDecision.IGNORE, f"{parsed.kind} mail is never a decision"
    else:
        reading = read_decision(parsed.reply_text)
        decision, reason = ReplyDecision(reading.decision.value), reading.reason
        if decision is ReplyDecision.REJECT and not EXPLICIT_REJECT.search(parsed.reply_text):
            # "I cannot approve this" withholds an approval; it is not a reasoned REJECT.
            decision, reason = ReplyDecision.NEEDS_REVIEW, f"negated, not a rejection: {reason}"
    auth_ok, verdict = _auth(ws, parsed)
    return ReplyFacts(
        token=token, token_id=check.token_id, status=check.status, change_id=check.change_id,
        approver_id=check.approver_id, decision=decision, reason=reason, auth_ok=auth_ok,
        auth_verdict=verdict,
    )  # fmt: skip


def _reply_facts(trigger: Trigger, reply: ReplyFacts) -> ReplyDecided:
    from tracker.operations.changes import get_change

    change = (
        get_change(trigger.session, trigger.project_id, reply.change_id)
        if reply.change_id is not None and reply.status is not TokenStatus.BAD_SIGNATURE
        else None
    )
    return ReplyDecided(
        project_code=trigger.project_code,
        service_type=trigger.service_type,
        decision=reply.decision,
        about=ReplyAbout.CHANGE,
        token_valid=reply.status is TokenStatus.VALID,
        token_reason=str(reply.status),
        sender_roles=trigger.sender_roles,
        sender_is_approver=reply.status is TokenStatus.VALID
        and Role.SPONSOR_APPROVER in trigger.sender_roles,
        auth_ok=reply.auth_ok,
        change_number=change.code if change is not None else None,
        change_status=change.status if change is not None else None,
    )


def _audit_reply(trigger: Trigger, action: str, why: str) -> None:
    from tracker import audit

    audit.append(
        trigger.session, project_id=trigger.project_id, actor=trigger.actor, action=action,
        entity="message", entity_id=trigger.message_pk, before=None,
        after={"why": why, "kind": str(trigger.parsed.kind)},
        source_message_id=trigger.message_pk,
    )  # fmt: skip


def _run(trigger: Trigger, event: Event, facts: object) -> None:
    from mailroom.actions import apply_action

    decision = evaluate(trigger.ws.ruleset, event, facts)
    for planned in decision.actions:
        apply_action(trigger, planned.rule, planned.action)


def _milestone_keys(trigger: Trigger) -> frozenset[str]:
    from tracker.operations.milestones import list_milestones

    return frozenset(m.key for m in list_milestones(trigger.session, trigger.project_id))


def decide_for_project(trigger: Trigger) -> None:
    """Evaluate and apply the rules for one newly filed message in one project."""
    from mailroom.actions import send_status_reply

    parsed = trigger.parsed
    token = reply_token_of(parsed)
    if parsed.kind is not MailKind.NORMAL:
        if token is not None:  # an auto-reply to an approval request: on record, no effect
            _audit_reply(trigger, "reply_ignored", f"{parsed.kind} mail is never a decision")
        return  # file automated mail, never act on it or answer it
    if token is not None:
        trigger.reply = _read_reply(trigger, token)
        _run(trigger, Event.REPLY_DECIDED, _reply_facts(trigger, trigger.reply))
        return
    if STATUS_SUBJECT.match(parsed.subject or "") and not parsed.attachments:
        if trigger.sender_roles:
            send_status_reply(trigger)
        return
    keys = _milestone_keys(trigger)
    _run(trigger, Event.MESSAGE_CLASSIFIED, _message_facts(trigger, keys))
    if trigger.classification is None:
        return
    for index in range(len(parsed.attachments)):
        if index >= len(trigger.document_ids):
            break
        trigger.document_index = index
        _run(trigger, Event.DOCUMENT_CLASSIFIED, _document_facts(trigger, index, keys))
    trigger.document_index = None


def apply_decisions(
    session: Session,
    ws: Workspace,
    parsed: ParsedEmail,
    classification: Classification | None,
    inbound: InboundMessage,
    route: Route,
    result: FilingResult,
) -> None:
    """Run the rules for every project this message was newly filed in."""
    from mailroom.actions import notify_unrouted

    for filing in result.filings:
        if filing.outcome is FilingOutcome.UNROUTED:
            notify_unrouted(session, ws, parsed, route)
            continue
        if filing.outcome is not FilingOutcome.FILED or filing.project_id is None:
            continue
        trigger = _trigger(
            session,
            ws,
            parsed,
            classification,
            filing.project_id,
            filing.message_pk,
            filing.document_ids,
        )
        decide_for_project(trigger)
