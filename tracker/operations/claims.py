"""Claiming stored raw messages, so two workers handed the same key never both file it.

A batch key can reach two workers at once: a redelivered task racing the sweeper, or the
task of a worker that was thought dead. The filing transaction therefore starts by
*claiming* its ledger rows, and files only what it claimed:

* PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` on the rows still `stored`. Rows
  another transaction holds are skipped, not waited for: that worker is filing them now,
  and when it commits they are no longer `stored`.
* SQLite has no row locks. A no-op UPDATE takes the database write lock first, so the
  status read after it cannot be stale and a second writer waits for our commit (then
  finds the rows processed). This only works as the transaction's first statement: a
  read before it would pin an older snapshot.

Claiming decides *which* messages a transaction files; `hold_filing_lock` decides *when*:
filing transactions take turns. Filing reads the project's record and writes what follows
from it (the next quote version, the next change number, a milestone completed), so two
transactions filing into one project at once either collide on a unique number or lock
the same rows in opposite orders (a deadlock, then a retry with backoff). Measured on
PostgreSQL with two workers: 13 deadlocks in 3,000 messages; with two threads each, also
duplicate quote versions and change numbers, and a third of the throughput. So on
PostgreSQL each filing transaction takes one advisory lock after claiming (claims stay
non-blocking) and holds it to commit; SQLite's write lock already has that effect.
Parsing and classifying, most of the work, still run side by side.

The sweeper's list lives here too (`stored_keys`): the keys that are `stored`, oldest
first, optionally only those stored at least ``min_age`` ago (a routine sweep leaves
fresh messages to the task that is most likely still queued for them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import false, func, select, update
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models.message import RawMessage
from tracker.operations.raw import remember
from tracker.types import ProcessingStatus


def _take_sqlite_write_lock(session: Session) -> None:
    session.execute(
        update(RawMessage)
        .where(false())
        .values(status=RawMessage.status)
        .execution_options(synchronize_session=False)
    )


# Key of the filing lock among PostgreSQL's advisory locks (any constant of our own).
FILING_LOCK_KEY = 0x4D41494C524F4F4D  # "MAILROOM" in ASCII; fits a signed bigint


def hold_filing_lock(session: Session) -> None:
    """Wait for this transaction's turn to file (PostgreSQL); held until commit or rollback.

    Call it after `claim_stored`: a transaction waiting here holds only its claims, which
    no other filer wants, so the wait cannot deadlock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(FILING_LOCK_KEY)))


def claim_stored(session: Session, shas: Sequence[str]) -> list[str]:
    """Lock the still-`stored` rows among ``shas`` for the caller's transaction.

    Returns the claimed keys, sorted; keys already processed, parked, unknown or being
    filed by another transaction are left out. Call it first in the transaction; the
    claim lasts until the caller commits or rolls back.
    """
    if not shas:
        return []
    if session.get_bind().dialect.name == "sqlite":
        _take_sqlite_write_lock(session)
    stmt = (
        select(RawMessage)
        .where(RawMessage.sha256.in_(list(dict.fromkeys(shas))))
        .where(RawMessage.status == ProcessingStatus.STORED)
        .order_by(RawMessage.sha256)  # one lock order for every worker
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    rows = list(session.scalars(stmt))
    remember(session, rows)
    return [row.sha256 for row in rows]


def stored_keys(
    session: Session,
    *,
    min_age: timedelta = timedelta(0),
    limit: int = 10_000,
    now: datetime | None = None,
) -> list[str]:
    """Keys still `stored` and first seen at least ``min_age`` ago, oldest first."""
    cutoff = (now or utcnow()) - min_age
    stmt = (
        select(RawMessage.sha256)
        .where(RawMessage.status == ProcessingStatus.STORED)
        .where(RawMessage.first_seen_at <= cutoff)
        .order_by(RawMessage.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))
