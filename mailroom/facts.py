"""Facts for the rules engine, built from the trigger and the record.

Rules see only these frozen values (`rules.facts`); roles come from the tracker, the
milestones a message names are mapped onto the project's own template, and labels are
converted by value into the rules' mirror enums.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from classifier.types import Entity
from mailroom.trigger import ReplyFacts, Trigger
from rules import Amount, DocumentClassified, MessageClassified, ReplyAbout, ReplyDecided
from rules.facts import Label as RuleLabel
from rules.facts import MailKind as RuleMailKind
from tracker.types import Role, TokenStatus

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


def milestone_keys(trigger: Trigger) -> frozenset[str]:
    from tracker.operations import milestones

    return milestones.milestone_keys(trigger.session, trigger.project_id)


def amounts(entities: tuple[Entity, ...]) -> tuple[Amount, ...]:
    found = []
    for entity in entities:
        if entity.type != "money" or entity.value is None:
            continue
        try:
            found.append(Amount(Decimal(str(entity.value)), entity.currency or ""))
        except InvalidOperation:
            continue
    return tuple(found)


def _texts_of(entities: tuple[Entity, ...], kind: str) -> tuple[str, ...]:
    return tuple(str(e.value or e.text) for e in entities if e.type == kind)


def might_hold_sample_table(text: str) -> bool:
    """A cheap necessary condition for `has_sample_table`: most replies fail it."""
    if text.count("\n") < 2:
        return False
    from tracker.operations.samples import SAMPLE_ID_WORDS

    lowered = text.lower()
    return any(word in lowered for word in SAMPLE_ID_WORDS)


def has_sample_table(text: str) -> bool:
    from tracker.operations.samples import parse_sample_table

    return might_hold_sample_table(text) and len(parse_sample_table(text).rows) >= 2


def message_facts(trigger: Trigger, keys: frozenset[str]) -> MessageClassified:
    """`message_classified` facts: the message's main act, as the rules see it."""
    readings = trigger.text_readings()
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
        milestones=mentioned_milestones(trigger.entities, keys),
        amounts=amounts(trigger.entities),
        attachment_labels=attachment_labels,
        document_count=len(trigger.parsed.attachments),
        has_sample_table=readings.has_sample_table,
        mail_kind=RuleMailKind(str(trigger.parsed.kind)),
        subject=trigger.parsed.subject,
        change_numbers=_texts_of(trigger.entities, "change_number"),
        needs_review=bool(pred and pred.confidence < trigger.ws.settings.review_threshold),
        payment_advice=readings.payment_advice,
        sample_discrepancy=readings.sample_discrepancy,
    )


def document_facts(trigger: Trigger, index: int, keys: frozenset[str]) -> DocumentClassified:
    """`document_classified` facts for one attachment, labelled on its own."""
    assert trigger.classification is not None
    pred = trigger.classification.attachments[index]
    att = trigger.parsed.attachments[index]
    return DocumentClassified(
        project_code=trigger.project_code,
        service_type=trigger.service_type,
        label=RuleLabel(pred.label.value),
        confidence=pred.confidence,
        filename=att.filename,
        content_type=att.content_type,
        message_label=RuleLabel(trigger.classification.message.label.value),
        sender_roles=trigger.sender_roles,
        sender_is_member=bool(trigger.sender_roles),
        milestones=mentioned_milestones(trigger.entities, keys),
        amounts=amounts(trigger.entities),
        change_numbers=_texts_of(trigger.entities, "change_number"),
        needs_review=pred.confidence < trigger.ws.settings.review_threshold,
    )


def reply_facts(trigger: Trigger, reply: ReplyFacts) -> ReplyDecided:
    """`reply_decided` facts: a change decision or a deliverable review."""
    if reply.about is ReplyAbout.DELIVERABLE:
        return _review_facts(trigger, reply)
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


def _review_facts(trigger: Trigger, reply: ReplyFacts) -> ReplyDecided:
    """A review reply: its credential is the thread of a delivery filed in this project."""
    from tracker.operations.deliverables import get_deliverable

    rows = [get_deliverable(trigger.session, trigger.project_id, i) for i in reply.deliverable_ids]
    return ReplyDecided(
        project_code=trigger.project_code,
        service_type=trigger.service_type,
        decision=reply.decision,
        about=ReplyAbout.DELIVERABLE,
        thread_matched=reply.status is TokenStatus.VALID,
        sender_roles=trigger.sender_roles,
        auth_ok=reply.auth_ok,
        milestone=rows[0].milestone_key if rows else None,
        deliverable_final=any(row.is_final for row in rows),
    )
