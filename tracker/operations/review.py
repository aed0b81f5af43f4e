"""The review queue: messages a person should look at, label corrections, training export.

A message needs review when filing could not be sure of it (unrouted, sender not a
member, low confidence as the caller decides). A correction keeps the predicted label
and records the reviewed one beside it, so `export_corrections` can hand the
classifier `(text, predicted, corrected)` training records as JSON lines.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import NotFound, PermissionDenied
from tracker.models.message import Message
from tracker.operations import require_role
from tracker.types import Actor, Role, UnroutedReason

REVIEW_ROLES = frozenset({Role.SPONSOR_PM, Role.CRO_PM, Role.CRO_STAFF})


@dataclass(frozen=True)
class ReviewItem:
    message_pk: int
    project_id: int | None
    subject: str
    from_email: str
    label: str | None
    confidence: float | None
    unrouted_reason: UnroutedReason | None
    filed_at: datetime


def review_queue(
    session: Session, project_id: int | None = None, *, unrouted: bool = False, limit: int = 100
) -> list[ReviewItem]:
    """Messages still needing review, oldest first: one project's, or the unrouted ones."""
    stmt = select(Message).where(Message.needs_review.is_(True))
    if unrouted:
        stmt = stmt.where(Message.project_id.is_(None))
    elif project_id is not None:
        stmt = stmt.where(Message.project_id == project_id)
    rows = session.scalars(stmt.order_by(Message.id).limit(limit))
    return [
        ReviewItem(
            message_pk=m.id,
            project_id=m.project_id,
            subject=m.subject,
            from_email=m.from_email,
            label=m.label,
            confidence=m.confidence,
            unrouted_reason=m.unrouted_reason,
            filed_at=m.filed_at,
        )
        for m in rows
    ]


def set_label(
    session: Session,
    actor: Actor,
    message_pk: int,
    label: str,
    *,
    source_message_id: int | None = None,
) -> Message:
    """Record a reviewer's label for a message and take it off the review queue."""
    message = session.get(Message, message_pk)
    if message is None:
        raise NotFound(f"no message {message_pk}")
    if message.project_id is None:
        if actor.kind != "system":
            raise PermissionDenied("only an operator may relabel an unrouted message")
    else:
        require_role(session, message.project_id, actor, REVIEW_ROLES)
    before = {"label": message.label, "reviewed_label": message.reviewed_label}
    message.reviewed_label = label
    message.reviewed_by = actor.person_id
    message.reviewed_at = utcnow()
    message.needs_review = False
    session.flush()
    audit.append(
        session,
        project_id=message.project_id,
        actor=actor,
        action="label_corrected",
        entity="message",
        entity_id=message.id,
        before=before,
        after={"label": message.label, "reviewed_label": label},
        source_message_id=source_message_id,
    )
    return message


@dataclass(frozen=True)
class Correction:
    """One training record: the text the classifier saw and the label a person gave."""

    message_pk: int
    subject: str
    text: str
    predicted: str | None
    confidence: float | None
    label: str


def corrections(session: Session, project_id: int | None = None) -> list[Correction]:
    stmt = select(Message).where(Message.reviewed_label.is_not(None))
    if project_id is not None:
        stmt = stmt.where(Message.project_id == project_id)
    return [
        Correction(m.id, m.subject, m.reply_text, m.label, m.confidence, m.reviewed_label or "")
        for m in session.scalars(stmt.order_by(Message.id))
    ]


def export_corrections(session: Session, out: TextIO, project_id: int | None = None) -> int:
    """Write reviewed labels as JSON lines; return how many."""
    rows = corrections(session, project_id)
    for row in rows:
        out.write(json.dumps(asdict(row), sort_keys=True, ensure_ascii=False) + "\n")
    return len(rows)


def flag_message(session: Session, message_pk: int, reason: str) -> Message:
    """Put a filed message on the review queue, auditing why (rules `flag_for_review`)."""
    message = session.get(Message, message_pk)
    if message is None:
        raise NotFound(f"no message {message_pk}")
    was = message.needs_review
    message.needs_review = True
    session.flush()
    audit.append(
        session, project_id=message.project_id, actor=Actor.system("mailroom-rules"),
        action="flagged_for_review", entity="message", entity_id=message.id,
        before={"needs_review": was}, after={"needs_review": True, "reason": reason},
        source_message_id=message.id,
    )  # fmt: skip
    return message
