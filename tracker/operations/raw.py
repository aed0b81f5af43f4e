"""The raw-message ledger: one row per stored email (by sha256) and where it stands.

    stored ──► processed
       │  └──► failed        (could not be parsed at all; not retried)
       └─────► quarantined   (a stage kept failing; parked for replay)

The sweeper re-enqueues whatever is still `stored`. Keyed by sha256, the natural key
ingest already has, so registering the same bytes twice is a no-op. Status changes of
raw mail are bookkeeping, not project state, so they are not audited.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.errors import NotFound
from tracker.models.message import RawMessage
from tracker.types import ProcessingStatus


def _insert_ignoring_conflict(session: Session, sha256: str, origin: str, size: int) -> bool:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(RawMessage)
        .values(sha256=sha256, origin=origin, size=size)
        .on_conflict_do_nothing(index_elements=["sha256"])
        .returning(RawMessage.id)
    )
    return session.execute(stmt).first() is not None


def register_raw(session: Session, sha256: str, origin: str, size: int) -> tuple[RawMessage, bool]:
    """The ledger row for these bytes, and whether this call created it (race-safe)."""
    created = _insert_ignoring_conflict(session, sha256, origin, size)
    row = session.scalar(
        select(RawMessage)
        .where(RawMessage.sha256 == sha256)
        .execution_options(populate_existing=True)
    )
    assert row is not None  # inserted or already there
    return row, created


def get_raw(session: Session, sha256: str) -> RawMessage:
    row = session.scalar(select(RawMessage).where(RawMessage.sha256 == sha256))
    if row is None:
        raise NotFound(f"no raw message {sha256}")
    return row


def _set_status(
    session: Session,
    sha256: str,
    status: ProcessingStatus,
    reason: str | None,
    error: str | None,
) -> RawMessage:
    row = get_raw(session, sha256)
    row.status = status
    row.reason = reason
    row.error = error
    row.processed_at = utcnow() if status is ProcessingStatus.PROCESSED else row.processed_at
    session.flush()
    return row


def mark_processed(session: Session, sha256: str) -> RawMessage:
    return _set_status(session, sha256, ProcessingStatus.PROCESSED, None, None)


def mark_failed(session: Session, sha256: str, reason: str, error: str | None = None) -> RawMessage:
    """Parsing gave up for good: keep the raw bytes, record why, never retry."""
    return _set_status(session, sha256, ProcessingStatus.FAILED, reason, error)


def mark_quarantined(session: Session, sha256: str, reason: str, error: str) -> RawMessage:
    """A stage kept failing: park the message (out of the sweeper's list) for replay."""
    return _set_status(session, sha256, ProcessingStatus.QUARANTINED, reason, error)


def requeue(session: Session, sha256: str) -> RawMessage:
    """Put a failed or quarantined message back in the sweeper's list (`mailroom replay`)."""
    row = _set_status(session, sha256, ProcessingStatus.STORED, None, None)
    row.attempts = 0
    session.flush()
    return row


def increment_attempts(session: Session, sha256: str) -> int:
    """Count one more processing attempt (atomically) and return the new count."""
    session.execute(
        update(RawMessage)
        .where(RawMessage.sha256 == sha256)
        .values(attempts=RawMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    row = session.scalar(
        select(RawMessage)
        .where(RawMessage.sha256 == sha256)
        .execution_options(populate_existing=True)
    )
    if row is None:
        raise NotFound(f"no raw message {sha256}")
    return row.attempts


def list_unprocessed(session: Session, limit: int = 100) -> list[RawMessage]:
    """Stored but not yet processed, oldest first: the sweeper's work list."""
    stmt = (
        select(RawMessage)
        .where(RawMessage.status == ProcessingStatus.STORED)
        .order_by(RawMessage.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def counts_by_status(session: Session) -> dict[ProcessingStatus, int]:
    """How many raw messages are in each status (every status present, zeros included)."""
    counts = dict.fromkeys(ProcessingStatus, 0)
    stmt = select(RawMessage.status, func.count()).group_by(RawMessage.status)
    for status, count in session.execute(stmt):
        counts[ProcessingStatus(status)] = int(count)
    return counts


def list_parked(session: Session, limit: int = 500) -> list[RawMessage]:
    """Quarantined and failed messages, oldest first (`mailroom replay`)."""
    stmt = (
        select(RawMessage)
        .where(RawMessage.status.in_([ProcessingStatus.QUARANTINED, ProcessingStatus.FAILED]))
        .order_by(RawMessage.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))
