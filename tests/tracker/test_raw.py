"""The raw-message ledger: idempotent registration, statuses, the sweeper's list."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.tracker.support import sha
from tracker.errors import NotFound
from tracker.operations.raw import (
    counts_by_status,
    get_many,
    get_raw,
    increment_attempts,
    list_unprocessed,
    mark_failed,
    mark_processed,
    mark_quarantined,
    register_keys,
    register_many,
    register_raw,
    requeue,
)
from tracker.types import ProcessingStatus


def test_registering_the_same_bytes_twice_creates_one_row(session: Session) -> None:
    # Given a raw message registered once
    first, created_first = register_raw(session, sha("a"), "file:/a.eml", 10)
    session.commit()
    # When the same sha256 is registered again
    second, created_second = register_raw(session, sha("a"), "file:/copy.eml", 10)
    # Then the first row comes back and nothing new is created
    assert (created_first, created_second) == (True, False)
    assert second.id == first.id and second.origin == "file:/a.eml"


def test_a_new_row_starts_stored_with_no_attempts(session: Session) -> None:
    # Given nothing
    # When a raw message is registered
    row, _ = register_raw(session, sha("a"), "file:/a.eml", 10)
    # Then it waits for processing
    assert (row.status, row.attempts, row.processed_at) == (ProcessingStatus.STORED, 0, None)


def test_the_sweeper_sees_only_stored_messages_oldest_first(session: Session) -> None:
    # Given four raw messages in different states
    for name in "abcd":
        register_raw(session, sha(name), name, 1)
    mark_processed(session, sha("a"))
    mark_failed(session, sha("c"), "unparseable")
    session.commit()
    # When the sweeper lists its work
    work = list_unprocessed(session, limit=10)
    # Then it gets the stored ones, oldest first
    assert [r.origin for r in work] == ["b", "d"]


def test_processing_stamps_the_time(session: Session) -> None:
    # Given a stored message
    register_raw(session, sha("a"), "a", 1)
    # When it is marked processed
    row = mark_processed(session, sha("a"))
    # Then it records when
    assert row.status is ProcessingStatus.PROCESSED and row.processed_at is not None


def test_quarantine_keeps_reason_and_error_and_requeue_clears_them(session: Session) -> None:
    # Given a quarantined message
    register_raw(session, sha("a"), "a", 1)
    increment_attempts(session, sha("a"))
    row = mark_quarantined(session, sha("a"), "classify_failed", "ValueError: boom")
    assert (row.reason, row.error) == ("classify_failed", "ValueError: boom")
    # When it is requeued for replay
    row = requeue(session, sha("a"))
    # Then it is back in the sweeper's list with a clean slate
    assert (row.status, row.reason, row.error, row.attempts) == (
        ProcessingStatus.STORED,
        None,
        None,
        0,
    )


def test_attempts_count_up(session: Session) -> None:
    # Given a stored message
    register_raw(session, sha("a"), "a", 1)
    # When two attempts are counted
    increment_attempts(session, sha("a"))
    # Then the count is returned each time
    assert increment_attempts(session, sha("a")) == 2


def test_counts_cover_every_status(session: Session) -> None:
    # Given messages in two states
    for name in "abc":
        register_raw(session, sha(name), name, 1)
    mark_processed(session, sha("a"))
    session.commit()
    # When counted
    counts = counts_by_status(session)
    # Then every status is present, zeros included
    assert counts == {
        ProcessingStatus.STORED: 2,
        ProcessingStatus.PROCESSED: 1,
        ProcessingStatus.FAILED: 0,
        ProcessingStatus.QUARANTINED: 0,
    }


def test_registering_a_batch_creates_each_new_sha256_once(session: Session) -> None:
    # Given one message already in the ledger
    register_raw(session, sha("a"), "a", 1)
    session.commit()
    # When a batch repeats a new sha256 and includes the known one
    result = register_many(session, [(sha("b"), "b1", 2), (sha("a"), "a2", 1), (sha("b"), "b2", 2)])
    # Then only the first entry of the new one is created, and all rows come back in order
    assert [(row.origin, created) for row, created in result] == [
        ("b1", True),
        ("a", False),
        ("b1", False),
    ]


def test_registering_keys_reports_each_entry_created_once_with_its_status(
    session: Session,
) -> None:
    # Given one message already processed and one still stored
    register_raw(session, sha("a"), "a", 1)
    register_raw(session, sha("c"), "c", 1)
    mark_processed(session, sha("a"))
    session.commit()
    # When a batch repeats a new sha256 and includes both known ones
    batch = [(sha("b"), "b1", 2), (sha("a"), "a2", 1), (sha("b"), "b2", 2), (sha("c"), "c2", 1)]
    result = register_keys(session, batch)
    # Then the new one is created by its first entry only, each with its ledger status
    assert result == [
        (sha("b"), True, ProcessingStatus.STORED),
        (sha("a"), False, ProcessingStatus.PROCESSED),
        (sha("b"), False, ProcessingStatus.STORED),
        (sha("c"), False, ProcessingStatus.STORED),
    ]
    # And the ledger holds the new row once, from its first entry
    assert get_raw(session, sha("b")).origin == "b1"
    assert counts_by_status(session)[ProcessingStatus.STORED] == 2


def test_get_many_refuses_an_unknown_sha256(session: Session) -> None:
    # Given one message in the ledger
    register_raw(session, sha("a"), "a", 1)
    # When rows are asked for it and for an unknown sha256 / Then NotFound names the unknown
    with pytest.raises(NotFound, match=sha("z")):
        get_many(session, [sha("a"), sha("z")])


def test_a_row_rolled_back_is_not_found_even_when_its_id_is_reused(session: Session) -> None:
    # Given a message registered and then rolled back, and another registered after it
    gone, _ = register_raw(session, sha("a"), "a", 1)
    gone_id = gone.id
    session.rollback()
    other, _ = register_raw(session, sha("b"), "b", 1)
    # When the rolled-back one is looked up / Then it is absent, though its id may be reused
    assert other.id >= gone_id
    with pytest.raises(NotFound):
        get_raw(session, sha("a"))
    assert get_raw(session, sha("b")).origin == "b"
