"""The audit trail: every state change appends one event, hash-chained per project.

Each event has a per-project `seq` (1, 2, 3, ...) and `hash = sha256(canonical JSON of
the event including prev_hash)`, where `prev_hash` is the previous event's hash (64
zeros for the first). `audit_heads` keeps each chain's last seq and hash, so deleting
the newest event is caught too. `verify` walks a chain in seq order and reports the
first break: **edited** (an event's content no longer matches its hash, or the head
disagrees), **deleted** (a seq is missing), **reordered** (the seq order disagrees with
insertion order, or a link points at the wrong predecessor).

This detects tampering by someone editing rows; it is not a signature, and someone who
rewrites the whole chain and its head is not caught.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, TextIO

from sqlalchemy import event as orm_event
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, SessionTransaction

from tracker.db import utcnow
from tracker.models.audit import AuditEvent, AuditHead
from tracker.types import Actor, JsonValue, VerifyResult

GENESIS = "0" * 64

EXPORT_FIELDS = (
    "seq",
    "at",
    "project_id",
    "actor_kind",
    "actor_person_id",
    "actor_email",
    "actor_name",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
    "source_message_id",
    "prev_hash",
    "hash",
)


def jsonable(value: Any) -> JsonValue:
    """Turn a before/after value into plain JSON (enums, dates and decimals as strings)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    raise TypeError(f"audit values must be JSON-able, got {type(value).__name__}")


def _scope(project_id: int | None) -> str:
    return "global" if project_id is None else f"project:{project_id}"


def _canonical(event: AuditEvent) -> str:
    body = {
        "project_id": event.project_id,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": [event.actor_kind, event.actor_person_id, event.actor_email, event.actor_name],
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "source_message_id": event.source_message_id,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event).encode("utf-8")).hexdigest()


_TABLE = AuditEvent.__table__
_COLUMNS = [c for c in _TABLE.columns if c.key != "id"]
_PENDING = "tracker.audit_pending"  # session.info key: events appended, not yet chained
_SEALED = "tracker.audit_sealed"  # session.info key: (savepoint, events) sealed inside one


@dataclass(frozen=True)
class _Pending:
    event: AuditEvent
    scope: str
    transaction: SessionTransaction | None  # innermost (savepoint) transaction at append


def append(
    session: Session,
    *,
    project_id: int | None,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    source_message_id: int | None,
) -> None:
    """Append one event to the project's chain in the caller's transaction.

    The event is chained (seq, prev_hash, hash) and inserted when the transaction
    commits, or earlier by `seal`: code that reads the audit tables inside a writing
    transaction calls it first (`events`, `verify` and `export` do). Chaining at the
    end keeps the head rows locked for milliseconds instead of for a whole batch, so
    workers filing into the same projects do not queue behind each other; an event
    appended inside a savepoint that is rolled back is dropped with it.
    """
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        session.connection()  # begin, so the event belongs to a transaction
        transaction = session.get_transaction()
    event = AuditEvent(
        project_id=project_id,
        at=utcnow(),
        actor_kind=actor.kind,
        actor_person_id=actor.person_id,
        actor_email=actor.email,
        actor_name=actor.name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=None if before is None else jsonable(before),
        after=None if after is None else jsonable(after),
        source_message_id=source_message_id,
    )
    session.info.setdefault(_PENDING, []).append(_Pending(event, _scope(project_id), transaction))
    return event


def seal(session: Session) -> int:
    """Chain and insert this transaction's pending events; return how many.

    Heads are locked in scope order (no deadlock between two writers) and re-read under
    the lock, so each chain continues from the last committed event.
    """
    pending: list[_Pending] | None = session.info.pop(_PENDING, None)
    if not pending:
        return 0
    scopes = sorted({p.scope for p in pending})
    stmt = (
        select(AuditHead)
        .where(AuditHead.scope.in_(scopes))
        .order_by(AuditHead.scope)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    heads = {head.scope: head for head in session.scalars(stmt)}
    for scope in scopes:
        if scope not in heads:
            heads[scope] = AuditHead(scope=scope, seq=0, hash=GENESIS)
            session.add(heads[scope])
    for item in pending:
        head, event = heads[item.scope], item.event
        event.seq, event.prev_hash = head.seq + 1, head.hash
        event.hash = compute_hash(event)
        head.seq, head.hash = event.seq, event.hash
    # One executemany of the table: the ORM would insert row by row on SQLite to read
    # the ids back, and its bulk mode splits the rows at every change of which columns
    # are None (a system actor has no person).
    session.execute(insert(_TABLE), [_values(item.event) for item in pending])
    session.flush()
    savepoint = session.get_nested_transaction()
    if savepoint is not None:  # rows a rollback of it takes back (see _after_soft_rollback)
        session.info.setdefault(_SEALED, []).append((savepoint, pending))
    return len(pending)


def seal_for(session: Session, project_id: int | None, entity: str) -> None:
    """`seal` before reading a chain's events about ``entity``, when any is pending.

    A read that no pending event could match finds the same rows sealed or not; leaving
    them pending keeps the heads unlocked until the commit (see `append`).
    """
    pending: list[_Pending] = session.info.get(_PENDING) or []
    if any(p.event.project_id == project_id and p.event.entity == entity for p in pending):
        seal(session)


def _values(event: AuditEvent) -> dict[str, Any]:
    return {column.key: getattr(event, column.key) for column in _COLUMNS}


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _before_commit(session: Session) -> None:
    if session.get_nested_transaction() is None:  # a savepoint's release is not the commit
        seal(session)


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    """Drop the events appended inside the rolled-back savepoint, and pend again those
    appended outside it but sealed inside it: the rollback took their rows back too
    (with the heads they moved), so they are chained again at the next seal."""
    restored: list[_Pending] = []
    sealed: list[tuple[SessionTransaction, list[_Pending]]] | None = session.info.get(_SEALED)
    if sealed:
        kept = []
        for savepoint, items in sealed:
            if _within(savepoint, previous):
                restored += [_unchained(p) for p in items if not _within(p.transaction, previous)]
            else:
                kept.append((savepoint, items))
        session.info[_SEALED] = kept
    pending: list[_Pending] = session.info.get(_PENDING) or []
    if pending or restored:
        kept_pending = [p for p in pending if not _within(p.transaction, previous)]
        session.info[_PENDING] = restored + kept_pending


def _unchained(item: _Pending) -> _Pending:
    item.event.seq = item.event.prev_hash = item.event.hash = None  # type: ignore[assignment]
    return item


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_SEALED, None)


orm_event.listen(Session, "before_commit", _before_commit)
orm_event.listen(Session, "after_soft_rollback", _after_soft_rollback)
orm_event.listen(Session, "after_transaction_end", _after_transaction_end)


def events(session: Session, project_id: int | None) -> list[AuditEvent]:
    """A chain's events in seq order (this transaction's pending ones included)."""
    seal(session)
    where = (
        AuditEvent.project_id.is_(None)
        if project_id is None
        else AuditEvent.project_id == project_id
    )
    stmt = select(AuditEvent).where(where).order_by(AuditEvent.seq, AuditEvent.id)
    return list(session.scalars(stmt))


def _first_break(chain: list[AuditEvent]) -> tuple[int, str] | None:
    prev_hash, prev_id = GENESIS, 0
    for expected, event in enumerate(chain, start=1):
        if compute_hash(event) != event.hash:
            return event.seq, "edited"
        if event.seq > expected:
            return expected, "deleted"
        if event.seq < expected or event.id < prev_id or event.prev_hash != prev_hash:
            return event.seq, "reordered"
        prev_hash, prev_id = event.hash, event.id
    return None


def verify(session: Session, project_id: int | None) -> VerifyResult:
    """Check a project's chain; report the first bad seq and why."""
    chain = events(session, project_id)
    broken = _first_break(chain)
    if broken is not None:
        seq, why = broken
        return VerifyResult(ok=False, checked=len(chain), first_bad_seq=seq, why=why)
    head = session.get(AuditHead, _scope(project_id))
    last_seq = chain[-1].seq if chain else 0
    last_hash = chain[-1].hash if chain else GENESIS
    if head is not None and head.seq > last_seq:
        return VerifyResult(ok=False, checked=len(chain), first_bad_seq=last_seq + 1, why="deleted")
    if head is not None and head.hash != last_hash:
        return VerifyResult(ok=False, checked=len(chain), first_bad_seq=last_seq, why="edited")
    return VerifyResult(ok=True, checked=len(chain))


def _row(event: AuditEvent) -> dict[str, JsonValue]:
    return {name: jsonable(getattr(event, name)) for name in EXPORT_FIELDS}


def export(
    session: Session, project_id: int | None, fmt: Literal["jsonl", "csv"], out: TextIO
) -> int:
    """Write a chain as JSON lines or CSV (before/after as JSON text); return the count."""
    chain = events(session, project_id)
    if fmt == "jsonl":
        for event in chain:
            out.write(json.dumps(_row(event), sort_keys=True, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(EXPORT_FIELDS))
        writer.writeheader()
        for event in chain:
            row = _row(event)
            for name in ("before", "after"):
                row[name] = "" if row[name] is None else json.dumps(row[name], sort_keys=True)
            writer.writerow(row)
    else:
        raise ValueError(f"unknown audit export format {fmt!r} (jsonl or csv)")
    return len(chain)
