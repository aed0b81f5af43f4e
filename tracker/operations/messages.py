"""Filing an inbound message: raw ledger row, message, thread, references, documents.

One routed message is filed once in each of its projects; an unrouted one is kept
once without a project, with the reason. Filing is idempotent per project: the same
Message-ID or the same raw bytes already filed there is reported as a duplicate and
writes nothing. Documents are content-addressed per project (the same attachment in
two mails is one document) and versioned by family: a second quote in a project is
version 2 of the `quote` family and supersedes version 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, insert, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from tracker import audit
from tracker.models.message import Document, Message, MessageReference, RawMessage, Thread
from tracker.models.milestone import Milestone
from tracker.operations import sender_standing
from tracker.operations.raw import register_raw
from tracker.routing import normalise_message_id
from tracker.types import (
    Actor,
    FiledMessage,
    FilingOutcome,
    FilingResult,
    InboundDocument,
    InboundMessage,
    Route,
)

UNVERSIONED_LABELS = frozenset({"other", ""})
_VERSION_MARKS = re.compile(
    r"(\bv(er(sion)?)?\s*\d+[a-z]?\b|\brev(ision)?\.?\s*[a-z0-9]{1,3}\b|\bdraft\b|\bfinal\b"
    r"|\brevised\b|\bsigned\b|\bupdated?\b|\(\d+\)|\bcopy\b)"
)


def document_family(label: str | None, filename: str) -> str | None:
    """The version family of a document: all quotes of a project are one family; other
    business documents group by file name with version words removed; chatter has none."""
    if not label or label in UNVERSIONED_LABELS:
        return None
    if label == "quote":
        return "quote"
    stem = filename.rsplit(".", 1)[0].lower().replace("_", " ")
    stem = _VERSION_MARKS.sub(" ", stem)
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return f"{label}:{stem}" if stem else label


def _same_project(
    column: InstrumentedAttribute[int | None], project_id: int | BindParameter[int] | None
) -> ColumnElement[bool]:
    return column.is_(None) if project_id is None else column == project_id


def _filtered_to_project(project_id: int | BindParameter[int] | None) -> ColumnElement[bool]:
    """``messages.project_id`` as a filter applied after a Message-ID look-up.

    SQLite's planner, without statistics, prefers the project index for "project = ?
    AND message_id IN (…)" and scans every message of the project: filing would slow
    down as the project grows. ``+ 0`` keeps the project column out of index choice,
    so the Message-ID (or reference) index leads; PostgreSQL plans the same either way.
    """
    return _same_project(Message.project_id + 0, project_id)  # type: ignore[arg-type]


@cache
def _existing_stmt(unrouted: bool, by_message_id: bool) -> Select[tuple[int]]:
    """The look-up of `_existing`, built once per shape (values are bound per call)."""
    project = None if unrouted else bindparam("project_id")
    stmt = select(Message.id).where(
        _same_project(Message.project_id, project), Message.raw_id == bindparam("raw_id")
    )
    if by_message_id:
        by_id = select(Message.id).where(
            Message.message_id == bindparam("message_id"), _filtered_to_project(project)
        )
        stmt = union_all(stmt, by_id)  # type: ignore[assignment]
    return stmt.limit(1)


def _existing(
    session: Session, raw: RawMessage, message_id: str | None, project_id: int | None
) -> int | None:
    """The id of this raw message or this Message-ID already filed in the project.

    One round trip of two index look-ups (an OR of both would scan the project's
    messages on SQLite); ids only, so no message row is loaded for a miss or a hit.
    """
    stmt = _existing_stmt(project_id is None, bool(message_id))
    params = {"project_id": project_id, "raw_id": raw.id, "message_id": message_id}
    return session.scalars(stmt, params).first()


@cache
def _thread_stmts(unrouted: bool) -> tuple[Select[tuple[int | None]], ...]:
    """The look-ups of `_thread_for`, built once (the ids are bound per call)."""
    ids = bindparam("ids", expanding=True)
    by_header = select(Message.thread_id).where(Message.message_id.in_(ids))
    by_ref = (
        select(Message.thread_id)
        .join(MessageReference, MessageReference.message_pk == Message.id)
        .where(MessageReference.ref.in_(ids))
    )
    project = None if unrouted else bindparam("project_id")
    return tuple(
        stmt.where(_filtered_to_project(project)).order_by(Message.id).limit(1)
        for stmt in (by_header, by_ref)
    )


def _thread_for(
    session: Session, msg: InboundMessage, project_id: int | None, ids: Sequence[str]
) -> int:
    """The id of the project's thread holding any message this one refers to, else of
    a new thread."""
    if ids:
        params = {"ids": list(ids), "project_id": project_id}
        for stmt in _thread_stmts(project_id is None):
            thread_id = session.scalars(stmt, params).first()
            if thread_id is not None:
                return thread_id
    root = ids[-1] if ids else (normalise_message_id(msg.message_id or "") or None)
    values = {"project_id": project_id, "subject": msg.subject, "root_message_id": root}
    return int(session.execute(_INSERT_THREAD, [values]).scalar_one())


# Core inserts returning the new id: the rows are not needed as objects afterwards,
# and the unit of work's flush costs several times the statement.
# Table-level statements: the ORM's bulk path would process the mapping again per call.
_INSERT_THREAD = insert(Thread.__table__).returning(Thread.__table__.c.id)
_INSERT_MESSAGE = insert(Message.__table__).returning(Message.__table__.c.id)


def _reference_chain(msg: InboundMessage) -> list[str]:
    chain = [normalise_message_id(r) for r in msg.references]
    if msg.in_reply_to:
        chain.append(normalise_message_id(msg.in_reply_to))
    return [r for r in dict.fromkeys(chain) if r]


def _milestone_id(session: Session, project_id: int | None, key: str | None) -> int | None:
    if project_id is None or not key:
        return None
    stmt = select(Milestone.id).where(Milestone.project_id == project_id, Milestone.key == key)
    return session.scalar(stmt)


def _latest_in_family(session: Session, project_id: int | None, family: str) -> Document | None:
    stmt = select(Document).where(
        _same_project(Document.project_id, project_id), Document.family == family
    )
    return session.scalars(stmt.order_by(Document.version.desc(), Document.id.desc())).first()


def _file_document(
    session: Session, doc: InboundDocument, project_id: int | None, message_pk: int
) -> tuple[Document, bool]:
    """The project's document for these bytes, creating (and versioning) it when new."""
    stmt = select(Document).where(
        _same_project(Document.project_id, project_id), Document.sha256 == doc.sha256
    )
    existing = session.scalars(stmt).first()
    if existing is not None:
        return existing, False
    family = doc.family or document_family(doc.label, doc.filename)
    previous = _latest_in_family(session, project_id, family) if family else None
    row = Document(
        project_id=project_id,
        message_pk=message_pk,
        sha256=doc.sha256,
        filename=doc.filename,
        content_type=doc.content_type,
        size=doc.size,
        label=doc.label,
        confidence=doc.confidence,
        text_status=doc.text_status,
        milestone_id=_milestone_id(session, project_id, doc.milestone_key),
        family=family,
        version=previous.version + 1 if previous else 1,
        supersedes_id=previous.id if previous else None,
    )
    session.add(row)
    session.flush()
    return row, True


def _new_message(
    session: Session, raw: RawMessage, msg: InboundMessage, route: Route, project_id: int | None
) -> tuple[int, dict[str, Any]]:
    """Insert the message row; its id and the values written."""
    chain = _reference_chain(msg)
    person, roles = sender_standing(session, project_id, msg.from_email)
    values: dict[str, Any] = {
        "raw_id": raw.id,
        "project_id": project_id,
        "thread_id": _thread_for(session, msg, project_id, chain),
        "message_id": normalise_message_id(msg.message_id or "") or None,
        "in_reply_to": normalise_message_id(msg.in_reply_to or "") or None,
        "subject": msg.subject,
        "from_email": msg.from_email.strip().lower(),
        "from_name": msg.from_name,
        "from_person_id": person.id if person else None,
        "sent_at": msg.sent_at,
        "kind": msg.kind,
        "label": msg.label,
        "confidence": msg.confidence,
        "needs_review": msg.needs_review or project_id is None or not roles,
        "route_rule": route.rule if project_id is not None else None,
        "unrouted_reason": route.reason if project_id is None else None,
        "route_detail": route.detail,
        "reply_text": msg.reply_text,
        "entities": list(msg.entities),
        "leaves": list(msg.leaves),
        "defects": list(msg.defects),
    }
    message_pk = int(session.execute(_INSERT_MESSAGE, [values]).scalar_one())
    if chain:  # one executemany: the ORM would insert row by row to read the ids back
        refs = [
            {"message_pk": message_pk, "position": i, "ref": ref} for i, ref in enumerate(chain)
        ]
        session.execute(insert(MessageReference), refs)
    return message_pk, values


def _file_in(
    session: Session,
    raw: RawMessage,
    msg: InboundMessage,
    route: Route,
    project_id: int | None,
    actor: Actor,
) -> FiledMessage:
    message_id = normalise_message_id(msg.message_id or "") or None
    existing = _existing(session, raw, message_id, project_id)
    if existing is not None:
        return FiledMessage(project_id, existing, FilingOutcome.DUPLICATE)
    message_pk, row = _new_message(session, raw, msg, route, project_id)
    filed = [_file_document(session, doc, project_id, message_pk) for doc in msg.documents]
    doc_ids = tuple(dict.fromkeys(d.id for d, _ in filed))
    new_ids = tuple(d.id for d, created in filed if created)
    outcome = FilingOutcome.FILED if project_id is not None else FilingOutcome.UNROUTED
    after = {
        "subject": row["subject"],
        "from": row["from_email"],
        "message_id": row["message_id"],
        "label": row["label"],
        "route_rule": row["route_rule"],
        "unrouted_reason": row["unrouted_reason"],
        "needs_review": row["needs_review"],
        "documents": list(doc_ids),
        "raw_sha256": raw.sha256,
    }
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action=f"message_{outcome.value}",
        entity="message",
        entity_id=message_pk,
        before=None,
        after=after,
        source_message_id=message_pk,
    )
    return FiledMessage(project_id, message_pk, outcome, doc_ids, new_ids)


def file_message(
    session: Session, msg: InboundMessage, route: Route, *, actor: Actor
) -> FilingResult:
    """File a message in each routed project, or once as unrouted; idempotent."""
    raw, _ = register_raw(session, msg.sha256, msg.origin, msg.size)
    targets: tuple[int | None, ...] = route.project_ids or (None,)
    filings = tuple(_file_in(session, raw, msg, route, pid, actor) for pid in targets)
    return FilingResult(raw_id=raw.id, filings=filings)


def message_count(session: Session, project_id: int | None) -> int:
    stmt = select(func.count()).select_from(Message)
    return int(session.scalar(stmt.where(_same_project(Message.project_id, project_id))) or 0)


@dataclass(frozen=True)
class FiledRef:
    """A filed message and the key of its raw bytes (for `mailroom rules explain`)."""

    id: int
    project_id: int | None
    unrouted_reason: str | None
    raw_sha256: str
    sent_at: datetime | None = None  # its Date header


def find_filed_message(session: Session, ref: str) -> FiledRef | None:
    """A filed message by its number or its Message-ID header (first filing)."""
    stmt = select(Message, RawMessage.sha256).join(RawMessage, RawMessage.id == Message.raw_id)
    if ref.isdigit():
        stmt = stmt.where(Message.id == int(ref))
    else:
        stmt = stmt.where(Message.message_id == normalise_message_id(ref)).order_by(Message.id)
    row = session.execute(stmt.limit(1)).first()
    if row is None:
        return None
    message, sha = row
    return FiledRef(message.id, message.project_id,
                    str(message.unrouted_reason) if message.unrouted_reason else None, sha,
                    message.sent_at)


def notice_answering(session: Session, message_id: str) -> str | None:
    """The Message-ID that one of our own notices answered (its In-Reply-To), if any.

    A reply to our review request may name only our notice in its threading headers;
    this leads back to the member's message the notice was about.
    """
    from tracker.models.outbox import OutboxItem

    ids = {message_id, f"<{normalise_message_id(message_id)}>", normalise_message_id(message_id)}
    stmt = select(OutboxItem.in_reply_to).where(OutboxItem.message_id.in_(ids)).limit(1)
    return session.scalar(stmt)
