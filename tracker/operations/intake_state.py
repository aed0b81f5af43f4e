"""IMAP checkpoints and leases: the intake's durable state.

A checkpoint is `(uidvalidity, last_uid)` per (mailbox, folder). It only moves forward
within one UIDVALIDITY; a new UIDVALIDITY means the server renumbered the folder, so
the checkpoint restarts there and `resyncs` counts it.

A lease names one job (e.g. "poll:<mailbox>") and who holds it until when. Taking one
is a single conditional UPDATE, else an INSERT that ignores a conflict, so exactly one
of several contenders wins on SQLite and PostgreSQL alike. A live lease held by
someone else is never taken; an expired one is. Callers commit right after.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.models.checkpoint import ImapCheckpoint, Lease
from tracker.types import CheckpointState


def _state(row: ImapCheckpoint) -> CheckpointState:
    return CheckpointState(
        mailbox=row.mailbox,
        folder=row.folder,
        uidvalidity=row.uidvalidity,
        last_uid=row.last_uid,
        state=row.state,
        last_new_mail_at=row.last_new_mail_at,
        resyncs=row.resyncs,
        updated_at=row.updated_at,
    )


def _row(session: Session, mailbox: str, folder: str) -> ImapCheckpoint | None:
    stmt = select(ImapCheckpoint).where(
        ImapCheckpoint.mailbox == mailbox, ImapCheckpoint.folder == folder
    )
    return session.scalar(stmt.with_for_update())


def get_checkpoint(session: Session, mailbox: str, folder: str) -> CheckpointState | None:
    row = _row(session, mailbox, folder)
    return None if row is None else _state(row)


def save_checkpoint(
    session: Session,
    mailbox: str,
    folder: str,
    *,
    uidvalidity: int,
    last_uid: int,
    state: str = "idle",
    new_mail: bool = False,
    now: datetime | None = None,
) -> CheckpointState:
    """Record progress. Within one UIDVALIDITY `last_uid` never moves backwards."""
    now = now or utcnow()
    row = _row(session, mailbox, folder)
    if row is None:
        row = ImapCheckpoint(
            mailbox=mailbox,
            folder=folder,
            uidvalidity=uidvalidity,
            last_uid=last_uid,
            resyncs=0,
        )
        session.add(row)
    elif row.uidvalidity != uidvalidity:
        row.uidvalidity, row.last_uid, row.resyncs = uidvalidity, last_uid, row.resyncs + 1
    else:
        row.last_uid = max(row.last_uid, last_uid)
    row.state = state
    row.updated_at = now
    if new_mail:
        row.last_new_mail_at = now
    session.flush()
    return _state(row)


def _insert_lease(session: Session, name: str, holder: str, expires_at: datetime) -> bool:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(Lease)
        .values(name=name, holder=holder, expires_at=expires_at)
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(Lease.name)
    )
    return session.execute(stmt).first() is not None


def acquire_lease(
    session: Session, name: str, holder: str, ttl: timedelta, *, now: datetime | None = None
) -> bool:
    """Take the lease (new, expired, or already ours) until now + ttl; False if taken."""
    now = now or utcnow()
    expires_at = now + ttl
    stmt = (
        update(Lease)
        .where(Lease.name == name, or_(Lease.expires_at <= now, Lease.holder == holder))
        .values(holder=holder, expires_at=expires_at)
        .execution_options(synchronize_session=False)
    )
    if session.execute(stmt).rowcount == 1:  # type: ignore[attr-defined]
        return True
    return _insert_lease(session, name, holder, expires_at)


def renew_lease(
    session: Session, name: str, holder: str, ttl: timedelta, *, now: datetime | None = None
) -> bool:
    """Extend a lease we still hold; False if it expired (someone may have taken it)."""
    now = now or utcnow()
    stmt = (
        update(Lease)
        .where(Lease.name == name, Lease.holder == holder, Lease.expires_at > now)
        .values(expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).rowcount == 1  # type: ignore[attr-defined,no-any-return]


def release_lease(session: Session, name: str, holder: str) -> bool:
    """Give the lease up; False if it was not ours."""
    stmt = (
        delete(Lease)
        .where(Lease.name == name, Lease.holder == holder)
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).rowcount == 1  # type: ignore[attr-defined,no-any-return]


def lease_holder(session: Session, name: str, *, now: datetime | None = None) -> str | None:
    """Who holds a live lease, if anyone."""
    now = now or utcnow()
    stmt = select(Lease.holder).where(Lease.name == name, Lease.expires_at > now)
    return session.scalar(stmt.execution_options(populate_existing=True))


def list_checkpoints(session: Session) -> list[CheckpointState]:
    """Every folder's sync state, for `mailroom health`."""
    rows = session.scalars(select(ImapCheckpoint).order_by(ImapCheckpoint.mailbox,
                                                           ImapCheckpoint.folder))
    return [_state(row) for row in rows]
