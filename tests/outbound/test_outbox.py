"""Outbox rows on SQLite and PostgreSQL: written once, claimed once, marked with reasons."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.policy import default

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.settings import RetryPolicy
from tests.outbound.contexts import outgoing
from tracker.models.outbox import OutboxItem
from tracker.types import OutboxStatus

NOW = datetime(2025, 2, 12, 9, 0, tzinfo=UTC)


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(OutboxItem)) or 0


def test_enqueue_fixes_message_id_and_stores_the_rendered_bytes(
    session_factory: sessionmaker[Session],
) -> None:
    # Given a confirmation to send
    # When it is enqueued in the caller's transaction
    with session_factory.begin() as s:
        row = outbox.enqueue(s, outgoing(), now=NOW)
    # Then the row is pending, and its raw bytes carry the same Message-ID
    assert row is not None and row.status == OutboxStatus.PENDING
    with session_factory() as s:
        item = s.get(OutboxItem, row.id)
        assert item is not None
        parsed = message_from_bytes(item.raw, policy=default)
        assert parsed["Message-ID"] == row.message_id == item.message_id
        assert item.recipients == ["pm@cro.example"]
        assert item.mail_from == "mailroom@mailroom.example"


def test_enqueue_is_idempotent_by_dedupe_key(session_factory: sessionmaker[Session]) -> None:
    # Given a row already written under a dedupe key
    with session_factory.begin() as s:
        first = outbox.enqueue(s, outgoing(dedupe_key="summary:acme:7:2025-W07"), now=NOW)
    # When the same key is enqueued again in a later transaction
    with session_factory.begin() as s:
        second = outbox.enqueue(s, outgoing(dedupe_key="summary:acme:7:2025-W07"), now=NOW)
    # Then nothing new is written
    assert first is not None and second is None
    assert _count(session_factory) == 1


def test_enqueue_rolls_back_with_the_callers_transaction(
    session_factory: sessionmaker[Session],
) -> None:
    # Given a transaction that writes an outbox row and then fails
    try:
        with session_factory.begin() as s:
            outbox.enqueue(s, outgoing(), now=NOW)
            raise RuntimeError("the change it announces failed")
    except RuntimeError:
        pass
    # When the outbox is read
    # Then no mail announces a change that never happened
    assert _count(session_factory) == 0


def test_claim_due_takes_each_row_once_until_the_lease_runs_out(
    session_factory: sessionmaker[Session],
) -> None:
    # Given two pending rows
    with session_factory.begin() as s:
        for _ in range(2):
            outbox.enqueue(s, outgoing(), now=NOW)
    # When one worker claims, then another claims right after
    with session_factory.begin() as s:
        first = outbox.claim_due(s, 10, NOW, lease=timedelta(minutes=5))
    with session_factory.begin() as s:
        second = outbox.claim_due(s, 10, NOW + timedelta(minutes=1))
    # Then the first gets both, the second none, and after the lease they are due again
    assert len(first) == 2 and second == []
    with session_factory.begin() as s:
        again = outbox.claim_due(s, 10, NOW + timedelta(minutes=6))
        assert sorted(again) == sorted(first)
        assert outbox.get_row(s, first[0]).attempts == 2


def test_claim_due_skips_rows_not_yet_due(session_factory: sessionmaker[Session]) -> None:
    # Given a row enqueued "later" than the claim time
    with session_factory.begin() as s:
        outbox.enqueue(s, outgoing(), now=NOW + timedelta(hours=1))
    # When claimed now
    with session_factory.begin() as s:
        claimed = outbox.claim_due(s, 10, NOW)
    # Then nothing is taken
    assert claimed == []


def test_temporary_failure_backs_off_then_gives_up(session_factory: sessionmaker[Session]) -> None:
    # Given a claimed row and a policy of two attempts
    retry = RetryPolicy(max_attempts=2, base_seconds=60, cap_seconds=3600)
    with session_factory.begin() as s:
        row = outbox.enqueue(s, outgoing(), now=NOW)
        assert row is not None
        outbox.claim_due(s, 1, NOW)
    # When the first attempt fails temporarily
    with session_factory.begin() as s:
        status = outbox.mark_temporary_failure(s, row.id, "451 busy", NOW, retry=retry)
        after_first = outbox.get_row(s, row.id)
    # Then it is pending again, due between base/2 and base from now
    assert status == OutboxStatus.PENDING
    assert NOW + timedelta(seconds=30) <= after_first.next_attempt_at <= NOW + timedelta(seconds=60)
    # And when the second attempt also fails, it gives up and records why
    later = NOW + timedelta(hours=1)
    with session_factory.begin() as s:
        outbox.claim_due(s, 1, later)
        final = outbox.mark_temporary_failure(s, row.id, "451 busy", later, retry=retry)
        failed = outbox.get_row(s, row.id)
    assert final == OutboxStatus.FAILED
    assert failed.last_error == "gave up after 2 attempts: 451 busy"


def test_permanent_failure_records_the_reason(session_factory: sessionmaker[Session]) -> None:
    # Given a claimed row
    with session_factory.begin() as s:
        row = outbox.enqueue(s, outgoing(), now=NOW)
        assert row is not None
        outbox.claim_due(s, 1, NOW)
    # When the relay refuses it permanently
    with session_factory.begin() as s:
        outbox.mark_permanent_failure(s, row.id, "550 5.1.1 no such user", NOW)
    # Then it is failed with that reason and never claimed again
    with session_factory.begin() as s:
        assert outbox.get_row(s, row.id).last_error == "550 5.1.1 no such user"
        assert outbox.claim_due(s, 10, NOW + timedelta(days=1)) == []


def test_backoff_is_capped() -> None:
    # Given a row that failed many times
    retry = RetryPolicy(base_seconds=60, cap_seconds=600)
    # When its next delay is computed
    delay = outbox.backoff_delay(30, retry, random.Random(1))
    # Then it never exceeds the cap
    assert timedelta(seconds=300) <= delay <= timedelta(seconds=600)
