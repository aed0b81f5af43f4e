"""The raw-message ledger: one row per stored email (by sha256) and where it stands.

    stored ──► processed
       │  └──► failed        (could not be parsed at all; not retried)
       └─────► quarantined   (a stage kept failing; parked for replay)

The sweeper re-enqueues whatever is still `stored`. Keyed by sha256, the natural key
ingest already has, so registering the same bytes twice is a no-op. Status changes of
raw mail are bookkeeping, not project state, so they are not audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from sqlalchemy import Insert, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.errors import NotFound
from tracker.models.message import RawMessage
from tracker.types import ProcessingStatus

_HELD = "tracker.raw_rows"  # session.info key: sha256 -> ledger row claimed in this transaction
_KNOWN = "tracker.raw_ids"  # session.info key: sha256 -> ledger row id seen in this session


@cache
def _insert_stmt(dialect: str) -> Insert:
    """Built once per dialect, its rows bound per call: a statement holding the rows as
    VALUES would be compiled again for every batch."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RawMessage.__table__
    stmt = insert(table).on_conflict_do_nothing(index_elements=["sha256"])
    return stmt.returning(table.c.sha256)  # type: ignore[no-any-return]


def _insert_ignoring_conflict(session: Session, rows: list[dict[str, str | int]]) -> set[str]:
    """Insert the rows whose sha256 is new; the sha256s this call inserted."""
    stmt = _insert_stmt(session.get_bind().dialect.name)
    return set(session.scalars(stmt, rows))


def _by_sha(session: Session, shas: list[str]) -> dict[str, RawMessage]:
    """Ledger rows by sha256, refreshed from the database (another worker may have moved
    them on); remembered per session so the row can be found again without a query."""
    stmt = (
        select(RawMessage)
        .where(RawMessage.sha256.in_(shas))
        .execution_options(populate_existing=True)
    )
    found = {row.sha256: row for row in session.scalars(stmt)}
    session.info.setdefault(_KNOWN, {}).update((sha, row.id) for sha, row in found.items())
    return found


def remember(session: Session, rows: Iterable[RawMessage]) -> None:
    """Hold ledger rows this transaction has locked, so filing needs no look-up for them."""
    transaction = session.get_transaction()
    held_in, held = session.info.get(_HELD, (None, {}))
    if held_in is not transaction:
        held = {}
    for row in rows:
        held[row.sha256] = row
        session.info.setdefault(_KNOWN, {})[row.sha256] = row.id
    session.info[_HELD] = (transaction, held)


def _held(session: Session, shas: list[str]) -> dict[str, RawMessage]:
    """The rows among ``shas`` this transaction holds (none once it has ended)."""
    held_in, held = session.info.get(_HELD, (None, {}))
    if held_in is None or held_in is not session.get_transaction():
        return {}
    return {sha: held[sha] for sha in shas if sha in held and held[sha] in session}


def register_raw(session: Session, sha256: str, origin: str, size: int) -> tuple[RawMessage, bool]:
    """The ledger row for these bytes, and whether this call created it (race-safe)."""
    ((row, created),) = register_many(session, [(sha256, origin, size)])
    return row, created


def register_many(
    session: Session, items: Sequence[tuple[str, str, int]]
) -> list[tuple[RawMessage, bool]]:
    """`register_raw` for a batch of ``(sha256, origin, size)``, in a few statements.

    Existing rows are looked up first (filing registers bytes that `store_raw` already
    registered), the rest inserted in one statement that skips any a concurrent writer
    inserted meanwhile. A sha256 repeated in `items` is created by its first entry only.
    """
    shas = list(dict.fromkeys(sha for sha, _, _ in items))
    rows = _held(session, shas)
    if len(rows) < len(shas):
        rows.update(_by_sha(session, [sha for sha in shas if sha not in rows]))
    new: dict[str, dict[str, str | int]] = {}
    for sha, origin, size in items:
        if sha not in rows and sha not in new:
            new[sha] = {"sha256": sha, "origin": origin, "size": size}
    created = _insert_ignoring_conflict(session, list(new.values())) if new else set()
    if new:
        rows.update(_by_sha(session, list(new)))
    result = []
    for sha, _, _ in items:
        result.append((rows[sha], sha in created))
        created.discard(sha)  # a repeat in the same batch was not created by this entry
    return result


def register_keys(
    session: Session, items: Sequence[tuple[str, str, int]]
) -> list[tuple[str, bool, ProcessingStatus]]:
    """`register_many` for callers that need only ``(sha256, created, status)``.

    Storing a fetched batch needs no ledger objects: the rows are read as plain values
    (two statements for a batch of new mail, no ORM objects built), which is most of
    what registering costs the poller.
    """
    shas = list(dict.fromkeys(sha for sha, _, _ in items))
    status = _status_by_sha(session, shas)
    new: dict[str, dict[str, str | int]] = {}
    for sha, origin, size in items:
        if sha not in status and sha not in new:
            new[sha] = {"sha256": sha, "origin": origin, "size": size}
    created = _insert_ignoring_conflict(session, list(new.values())) if new else set()
    status.update((sha, ProcessingStatus.STORED) for sha in created)
    raced = [sha for sha in new if sha not in created]  # inserted by a concurrent writer
    if raced:
        status.update(_status_by_sha(session, raced))
    result = []
    for sha, _, _ in items:
        result.append((sha, sha in created, status[sha]))
        created.discard(sha)  # a repeat in the same batch was not created by this entry
    return result


def _status_by_sha(session: Session, shas: list[str]) -> dict[str, ProcessingStatus]:
    stmt = select(RawMessage.sha256, RawMessage.status).where(RawMessage.sha256.in_(shas))
    return {sha: ProcessingStatus(status) for sha, status in session.execute(stmt)}


def get_raw(session: Session, sha256: str) -> RawMessage:
    """The ledger row; from the session when this session already loaded it."""
    known = session.info.get(_KNOWN, {}).get(sha256)
    row = session.get(RawMessage, known) if known is not None else None
    if row is None or row.sha256 != sha256:  # gone, or its id reused after a rollback
        row = session.scalar(select(RawMessage).where(RawMessage.sha256 == sha256))
    if row is None:
        raise NotFound(f"no raw message {sha256}")
    return row


def get_many(session: Session, shas: Sequence[str]) -> list[RawMessage]:
    """`get_raw` for many sha256s in one query, in the order asked, fresh from the database."""
    rows = _by_sha(session, list(dict.fromkeys(shas)))
    missing = next((sha for sha in shas if sha not in rows), None)
    if missing is not None:
        raise NotFound(f"no raw message {missing}")
    return [rows[sha] for sha in shas]


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


def mark_processed_many(session: Session, shas: Sequence[str]) -> None:
    """`mark_processed` for a batch in one statement (rows in the session are updated too)."""
    if not shas:
        return
    stmt = (
        update(RawMessage)
        .where(RawMessage.sha256.in_(list(shas)))
        .values(status=ProcessingStatus.PROCESSED, reason=None, error=None, processed_at=utcnow())
        .execution_options(synchronize_session="evaluate")
    )
    session.execute(stmt)


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
