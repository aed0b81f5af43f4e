"""Drain the outbox: claim due rows, hand them to a `Sender`, record each outcome.

No database session is held across network I/O: one short transaction claims a batch
and reads its envelopes, then the sender talks to the relay, and each outcome is
recorded in its own short transaction as soon as the relay has answered (so a crash
re-sends at most the one message whose answer was not yet recorded; see `outbox`).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.orm import Session

from outbound import outbox
from outbound.settings import RetryPolicy
from outbound.types import Envelope, SendOutcome, SendStatus
from tracker.db import utcnow
from tracker.types import OutboxStatus


class Sender(Protocol):
    """Delivers envelopes, yielding exactly one outcome per envelope as each completes."""

    def send_batch(self, envelopes: Sequence[Envelope]) -> AsyncIterator[SendOutcome]: ...


@dataclass(frozen=True)
class DrainReport:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0  # temporary failure, row back to pending
    failed: int = 0  # permanent failure or attempts exhausted


async def drain_outbox_async(
    session_factory: Callable[[], Session],
    sender: Sender,
    limit: int = 100,
    *,
    now: datetime | None = None,
    retry: RetryPolicy = RetryPolicy(),
    rng: random.Random | None = None,
) -> DrainReport:
    """One batch: claim up to `limit` due rows, send them, mark each. See module docstring."""
    now = now or utcnow()
    with session_factory() as session, session.begin():
        ids = outbox.claim_due(session, limit, now, lease=timedelta(seconds=retry.lease_seconds))
        envelopes = outbox.load_envelopes(session, ids)
    tally = {"sent": 0, "retrying": 0, "failed": 0}
    async for result in sender.send_batch(envelopes):
        with session_factory() as session, session.begin():
            tally[_record(session, result, now, retry, rng)] += 1
    return DrainReport(claimed=len(ids), **tally)


def drain_outbox(
    session_factory: Callable[[], Session],
    sender: Sender,
    limit: int = 100,
    *,
    now: datetime | None = None,
    retry: RetryPolicy = RetryPolicy(),
    rng: random.Random | None = None,
) -> DrainReport:
    """Synchronous entry point (CLI, plain dramatiq actors); runs its own event loop."""
    return asyncio.run(
        drain_outbox_async(session_factory, sender, limit, now=now, retry=retry, rng=rng)
    )


def _record(
    session: Session,
    result: SendOutcome,
    now: datetime,
    retry: RetryPolicy,
    rng: random.Random | None,
) -> str:
    """Mark one outcome; returns the DrainReport field it counts towards."""
    if result.status == SendStatus.SENT:
        outbox.mark_sent(session, result.outbox_id, utcnow(), result.detail)
        return "sent"
    detail = result.detail or "unknown error"
    if result.status == SendStatus.PERMANENT:
        outbox.mark_permanent_failure(session, result.outbox_id, detail, now)
        return "failed"
    status = outbox.mark_temporary_failure(
        session, result.outbox_id, detail, now, retry=retry, rng=rng
    )
    return "failed" if status == OutboxStatus.FAILED else "retrying"
