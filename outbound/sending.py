"""Drain the outbox: claim due rows, hand them to a `Sender`, record the outcomes.

No database session is held across network I/O: one short transaction claims a batch
and reads its envelopes, then the sender talks to the relay, and outcomes are recorded
in short transactions of up to `mark_every` outcomes each, as they come in (and at the
latest `mark_within` seconds after the oldest unrecorded one arrived, checked as the
next arrives). Every outcome of a batch is recorded before the next batch is claimed.

Why groups and not one transaction per outcome: a transaction per message was a third
of the CPU per message. The price is the crash window: a crash loses at most one group
of unrecorded "accepted" answers, and those rows are re-sent with the same stored bytes
and Message-ID when their lease runs out (see `outbox`); never a new message.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
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
    mark_every: int = 50,
    mark_within: float = 1.0,
) -> DrainReport:
    """One batch: claim up to `limit` due rows, send them, mark them. See module docstring."""
    now = now or utcnow()
    with session_factory() as session, session.begin():
        ids = outbox.claim_due(session, limit, now, lease=timedelta(seconds=retry.lease_seconds))
        envelopes = outbox.load_envelopes(session, ids)
    tally: Counter[str] = Counter()
    unrecorded: list[SendOutcome] = []
    oldest = 0.0

    def record() -> None:
        with session_factory() as session, session.begin():
            tally.update(_record(session, unrecorded, now, retry, rng))
        unrecorded.clear()

    async for result in sender.send_batch(envelopes):
        if not unrecorded:
            oldest = time.monotonic()
        unrecorded.append(result)
        if len(unrecorded) >= mark_every or time.monotonic() - oldest >= mark_within:
            record()
    if unrecorded:
        record()
    return DrainReport(
        claimed=len(ids), sent=tally["sent"], retrying=tally["retrying"], failed=tally["failed"]
    )


def drain_outbox(
    session_factory: Callable[[], Session],
    sender: Sender,
    limit: int = 100,
    *,
    now: datetime | None = None,
    retry: RetryPolicy = RetryPolicy(),
    rng: random.Random | None = None,
    mark_every: int = 50,
    mark_within: float = 1.0,
) -> DrainReport:
    """Synchronous entry point (CLI, plain dramatiq actors); runs its own event loop."""
    return asyncio.run(
        drain_outbox_async(
            session_factory,
            sender,
            limit,
            now=now,
            retry=retry,
            rng=rng,
            mark_every=mark_every,
            mark_within=mark_within,
        )
    )


def _record(
    session: Session,
    results: Sequence[SendOutcome],
    now: datetime,
    retry: RetryPolicy,
    rng: random.Random | None,
) -> Counter[str]:
    """Mark a group of outcomes; counts them by the DrainReport field they go to."""
    tally: Counter[str] = Counter()
    clean = [r.outbox_id for r in results if r.status == SendStatus.SENT and not r.detail]
    outbox.mark_sent_many(session, clean, utcnow())
    tally["sent"] += len(clean)
    for result in results:
        if result.status == SendStatus.SENT and result.detail:
            outbox.mark_sent(session, result.outbox_id, utcnow(), result.detail)
            tally["sent"] += 1
        elif result.status == SendStatus.PERMANENT:
            reason = result.detail or "unknown error"
            outbox.mark_permanent_failure(session, result.outbox_id, reason, now)
            tally["failed"] += 1
        elif result.status == SendStatus.TEMPORARY:
            reason = result.detail or "unknown error"
            status = outbox.mark_temporary_failure(
                session, result.outbox_id, reason, now, retry=retry, rng=rng
            )
            tally["failed" if status == OutboxStatus.FAILED else "retrying"] += 1
    return tally
