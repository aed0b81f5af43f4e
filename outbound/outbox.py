"""Outbox operations on tracker's ``outbox`` table: write, claim, mark.

Life of a row::

    enqueue ──► pending ──claim_due──► sending ──mark_sent──────────────► sent
                   ▲                      │ mark_temporary_failure (attempts left)
                   └──────────────────────┤ (back to pending, next_attempt_at = backoff)
                                          │ mark_permanent_failure / attempts exhausted
                                          └─────────────────────────────► failed (last_error)

- `enqueue` renders the message and writes the row in the *caller's* session, so the row
  commits or rolls back with the change it announces. The Message-ID and the complete
  raw bytes are fixed here, once.
- `claim_due` moves due rows to ``sending`` with a lease (``next_attempt_at`` = now +
  lease) and counts the attempt. A worker that dies after claiming leaves the row in
  ``sending``; once the lease runs out it is due again.
- Exactly-once, honestly: SMTP has no idempotency key. If the process dies after the
  server accepted a message but before `mark_sent` commits, the row is claimed again and
  the SAME stored bytes go out again with the SAME Message-ID. Mail clients and stores
  that deduplicate by Message-ID (Gmail, most IMAP clients threading by Message-ID) show
  it once; others may show a duplicate. We never re-render, so the user never sees two
  different messages for one event. `drain_outbox` records results in short
  transactions of up to 50 as the server answers (`mark_sent_many` for the clean
  successes), which keeps that window to one group; see `outbound.sending`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import getaddresses

from sqlalchemy import Insert, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from outbound.render import envelope_addresses, render_bytes
from outbound.settings import RetryPolicy
from outbound.types import Envelope, OutboxRow, OutgoingEmail
from tracker.db import utcnow
from tracker.models.outbox import OutboxItem
from tracker.types import OutboxStatus

DUE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def enqueue(
    session: Session,
    outgoing: OutgoingEmail,
    *,
    now: datetime | None = None,
    domain: str | None = None,
) -> OutboxRow | None:
    """Render and write one row; None when a row with the same dedupe_key already exists."""
    now = now or utcnow()
    if outgoing.dedupe_key is not None and dedupe_key_exists(session, outgoing.dedupe_key):
        return None
    rendered = render_bytes(outgoing, now=now, domain=domain)
    values = _row_values(outgoing, rendered.subject, rendered.message_id, now)
    values["raw"] = rendered.raw
    stmt = _insert_ignoring_duplicate_key(session, values)
    new_id = session.execute(stmt.returning(OutboxItem.id)).scalar_one_or_none()
    if new_id is None:
        return None  # a concurrent transaction wrote the same dedupe_key first
    # The row as written (no read back: every column of the view was given here).
    return OutboxRow(
        id=new_id, message_id=str(values["message_id"]), template=outgoing.template,
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now.astimezone(UTC),
        dedupe_key=outgoing.dedupe_key,
    )  # fmt: skip


def dedupe_key_exists(session: Session, dedupe_key: str) -> bool:
    stmt = select(OutboxItem.id).where(OutboxItem.dedupe_key == dedupe_key)
    return session.scalars(stmt).first() is not None


def get_row(session: Session, outbox_id: int) -> OutboxRow:
    item = session.get(OutboxItem, outbox_id, populate_existing=True)
    if item is None:
        raise LookupError(f"no outbox row {outbox_id}")
    return _value(item)


def claim_due(
    session: Session,
    limit: int,
    now: datetime | None = None,
    *,
    lease: timedelta = timedelta(minutes=5),
) -> list[int]:
    """Claim up to `limit` due rows for this worker; the caller commits.

    On PostgreSQL the SELECT uses FOR UPDATE SKIP LOCKED, so concurrent workers take
    disjoint rows. On every database the UPDATE repeats the "still due" condition and
    returns only the rows it changed, so two claimers can never both win a row.
    """
    now = now or utcnow()
    due = (OutboxItem.status.in_(DUE_STATUSES), OutboxItem.next_attempt_at <= now)
    stmt = select(OutboxItem.id).where(*due).order_by(OutboxItem.next_attempt_at, OutboxItem.id)
    stmt = stmt.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    ids = list(session.scalars(stmt))
    if not ids:
        return []
    claim = (
        update(OutboxItem)
        .where(OutboxItem.id.in_(ids), *due)
        .values(
            status=OutboxStatus.SENDING,
            attempts=OutboxItem.attempts + 1,
            next_attempt_at=now + lease,
        )
        .returning(OutboxItem.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(claim))


def load_envelopes(session: Session, ids: Sequence[int]) -> list[Envelope]:
    """What the sender needs for the claimed rows, in id order."""
    columns = (OutboxItem.id, OutboxItem.message_id, OutboxItem.mail_from)
    stmt = select(*columns, OutboxItem.recipients, OutboxItem.raw)
    stmt = stmt.where(OutboxItem.id.in_(ids)).order_by(OutboxItem.id)
    return [
        Envelope(
            outbox_id=row_id,
            message_id=message_id,
            mail_from=mail_from,
            recipients=tuple(recipients),
            raw=raw,
        )
        for row_id, message_id, mail_from, recipients, raw in session.execute(stmt)
    ]


def mark_sent(
    session: Session, outbox_id: int, now: datetime | None = None, detail: str | None = None
) -> None:
    """Accepted by the next hop. `detail` records recipients refused on a partial success."""
    _update(
        session, outbox_id, status=OutboxStatus.SENT, sent_at=now or utcnow(), last_error=detail
    )


def mark_sent_many(session: Session, outbox_ids: Sequence[int], now: datetime) -> None:
    """`mark_sent` for many clean successes in one statement (the drain marks in groups)."""
    if not outbox_ids:
        return
    stmt = (
        update(OutboxItem)
        .where(OutboxItem.id.in_(outbox_ids))
        .values(status=OutboxStatus.SENT, sent_at=now, last_error=None)
    )
    session.execute(stmt.execution_options(synchronize_session=False))


def mark_temporary_failure(
    session: Session,
    outbox_id: int,
    error: str,
    now: datetime | None = None,
    *,
    retry: RetryPolicy = RetryPolicy(),
    rng: random.Random | None = None,
) -> OutboxStatus:
    """Back to pending with capped exponential backoff, or failed when attempts run out."""
    now = now or utcnow()
    item = session.get(OutboxItem, outbox_id, populate_existing=True)
    if item is None or item.status == OutboxStatus.SENT:
        return OutboxStatus.SENT if item else OutboxStatus.FAILED
    if item.attempts >= retry.max_attempts:
        item.status = OutboxStatus.FAILED
        item.last_error = f"gave up after {item.attempts} attempts: {error}"
    else:
        item.status = OutboxStatus.PENDING
        item.last_error = error
        item.next_attempt_at = now + backoff_delay(item.attempts, retry, rng)
    session.flush()
    return item.status


def mark_permanent_failure(
    session: Session, outbox_id: int, error: str, now: datetime | None = None
) -> None:
    """Never retried; the reason stays on the row for `mailroom` to show."""
    _update(session, outbox_id, status=OutboxStatus.FAILED, last_error=error)


def backoff_delay(attempts: int, retry: RetryPolicy, rng: random.Random | None = None) -> timedelta:
    """base·2^(attempts-1), capped, with "equal jitter": half fixed, half random.

    The fixed half keeps a lower bound on the wait; the random half spreads retries of
    many rows that failed together (one relay outage) so they do not return in a herd.
    """
    ceiling = min(retry.cap_seconds, retry.base_seconds * 2 ** max(attempts - 1, 0))
    jitter = (rng or random).uniform(0, ceiling / 2)
    return timedelta(seconds=ceiling / 2 + jitter)


def count_recent(session: Session, recipient: str, thread_root: str, since: datetime) -> int:
    """Rows written since `since` to `recipient` in the thread rooted at `thread_root`."""
    return count_recent_many(session, (recipient,), thread_root, since)[recipient]


def count_recent_many(
    session: Session, recipients: Sequence[str], thread_root: str, since: datetime
) -> dict[str, int]:
    """`count_recent` of each of `recipients`, in one query."""
    stmt = select(OutboxItem.recipients).where(
        OutboxItem.created_at >= since,
        OutboxItem.status != OutboxStatus.FAILED,
        or_(OutboxItem.in_reply_to == thread_root, OutboxItem.thread_root == thread_root),
    )
    counts = dict.fromkeys(recipients, 0)
    wanted = {recipient: recipient.lower() for recipient in recipients}
    for written in session.scalars(stmt):
        for recipient, address in wanted.items():
            counts[recipient] += address in written
    return counts


def count_by_status(session: Session) -> dict[OutboxStatus, int]:
    stmt = select(OutboxItem.status, func.count()).group_by(OutboxItem.status)
    return {OutboxStatus(status): n for status, n in session.execute(stmt)}


def _row_values(
    outgoing: OutgoingEmail, subject: str, message_id: str, now: datetime
) -> dict[str, object]:
    references = outgoing.references or ((outgoing.in_reply_to,) if outgoing.in_reply_to else ())
    sender = getaddresses([outgoing.mail_from])
    return {
        "created_at": now,
        "project_id": outgoing.project_id,
        "template": outgoing.template,
        "dedupe_key": outgoing.dedupe_key,
        "message_id": message_id,
        "in_reply_to": outgoing.in_reply_to,
        "references": " ".join(references),
        "thread_root": references[0] if references else None,
        "mail_from": sender[0][1] if sender else outgoing.mail_from,
        "recipients": list(envelope_addresses(outgoing.recipients)),
        "subject": subject,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
    }


def _insert_ignoring_duplicate_key(session: Session, values: dict[str, object]) -> Insert:
    """INSERT … ON CONFLICT (dedupe_key) DO NOTHING: no savepoint, no IntegrityError."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return (
            postgresql.insert(OutboxItem)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
    if dialect == "sqlite":
        return (
            sqlite.insert(OutboxItem)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
    return insert(OutboxItem).values(**values)


def _update(session: Session, outbox_id: int, **values: object) -> None:
    stmt = update(OutboxItem).where(OutboxItem.id == outbox_id).values(**values)
    session.execute(stmt.execution_options(synchronize_session=False))


def _value(item: OutboxItem) -> OutboxRow:
    return OutboxRow(
        id=item.id,
        message_id=item.message_id,
        template=item.template,
        status=OutboxStatus(item.status),
        attempts=item.attempts,
        next_attempt_at=item.next_attempt_at,
        dedupe_key=item.dedupe_key,
        last_error=item.last_error,
        sent_at=item.sent_at,
    )
