"""Claiming stored ledger rows: one filer per message, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.tracker.support import sha
from tracker.db import make_session_factory, utcnow
from tracker.operations.claims import claim_stored, hold_filing_lock, stored_keys
from tracker.operations.raw import (
    get_raw,
    mark_failed,
    mark_processed,
    mark_quarantined,
    register_raw,
)

WAIT = 30.0  # a generous deadline for the other thread; never a timing assertion


def _register(engine: Engine, *names: str) -> list[str]:
    with make_session_factory(engine).begin() as session:
        for name in names:
            register_raw(session, sha(name), f"test:{name}", 10)
    return [sha(name) for name in names]


def test_only_rows_still_stored_are_claimed(session: Session) -> None:
    # Given one stored, one processed, one failed and one quarantined message
    for name in "abcd":
        register_raw(session, sha(name), f"test:{name}", 10)
    mark_processed(session, sha("b"))
    mark_failed(session, sha("c"), "not_an_email")
    mark_quarantined(session, sha("d"), "parse_error", "boom")
    session.commit()
    # When all four, and a key nobody stored, are claimed
    claimed = claim_stored(session, [sha(n) for n in "abcde"])
    # Then only the stored one is
    assert claimed == [sha("a")]


def test_claiming_nothing_claims_nothing(session: Session) -> None:
    # Given a stored message
    register_raw(session, sha("a"), "test:a", 10)
    session.commit()
    # When an empty batch is claimed
    # Then nothing comes back
    assert claim_stored(session, []) == []


def test_a_message_claimed_by_an_open_filing_is_not_claimed_by_another(engine: Engine) -> None:
    # Given a message that one transaction claimed and is filing, not yet committed
    (key,) = _register(engine, "a")
    factory = make_session_factory(engine)
    first = factory()
    first.begin()
    assert claim_stored(first, [key]) == [key]
    mark_processed(first, key)
    result: list[list[str]] = []

    def second_filer() -> None:
        with factory.begin() as second:
            result.append(claim_stored(second, [key]))

    # When a second transaction claims the same message meanwhile, and the first commits
    thread = threading.Thread(target=second_filer)
    thread.start()
    thread.join(timeout=1.0)  # PostgreSQL answers at once; SQLite waits for the lock
    first.commit()
    first.close()
    thread.join(timeout=WAIT)
    # Then the second gets nothing: the message is filed once
    assert result == [[]]


def test_a_claim_rolled_back_frees_the_message_for_the_next_filer(engine: Engine) -> None:
    # Given a filing that claimed a message and then failed (rolled back)
    (key,) = _register(engine, "a")
    factory = make_session_factory(engine)
    with factory() as first:
        first.begin()
        assert claim_stored(first, [key]) == [key]
        first.rollback()
    # When another filer claims it
    with factory.begin() as second:
        claimed = claim_stored(second, [key])
    # Then it gets it
    assert claimed == [key]


@pytest.mark.parametrize("migrated_url", ["postgresql"], indirect=True)
def test_on_postgresql_a_held_row_is_skipped_without_waiting(engine: Engine) -> None:
    # Given two stored messages, one of them claimed by an open transaction
    held, free = _register(engine, "held", "free")
    factory = make_session_factory(engine)
    first = factory()
    first.begin()
    assert claim_stored(first, [held]) == [held]
    result: list[list[str]] = []

    def second_filer() -> None:
        with factory.begin() as second:
            result.append(claim_stored(second, [held, free]))

    # When another transaction claims both while the first is still open
    thread = threading.Thread(target=second_filer)
    thread.start()
    thread.join(timeout=WAIT)
    done_while_held = not thread.is_alive()
    first.rollback()
    first.close()
    thread.join(timeout=WAIT)
    # Then it returned with the free one, without waiting for the held one
    assert done_while_held
    assert result == [[free]]


@pytest.mark.parametrize("migrated_url", ["postgresql"], indirect=True)
def test_on_postgresql_filers_take_turns_after_claiming(engine: Engine) -> None:
    # Given a filer that claimed its message and holds the filing lock, not yet committed
    mine, theirs = _register(engine, "mine", "theirs")
    factory = make_session_factory(engine)
    first = factory()
    first.begin()
    assert claim_stored(first, [mine]) == [mine]
    hold_filing_lock(first)
    events: list[str] = []
    claimed = threading.Event()

    def second_filer() -> None:
        with factory.begin() as second:
            events.append(f"claimed {claim_stored(second, [mine, theirs])}")
            claimed.set()
            hold_filing_lock(second)
            events.append("filing")

    # When a second filer claims and asks for its turn while the first is open
    thread = threading.Thread(target=second_filer)
    thread.start()
    assert claimed.wait(WAIT)
    thread.join(timeout=0.5)  # room to overtake the first, were there no lock
    events.append("first commits")
    first.commit()
    first.close()
    thread.join(timeout=WAIT)
    # Then it claimed without waiting, and filed only after the first committed
    assert events == [f"claimed {[theirs]}", "first commits", "filing"]


def test_the_sweep_list_leaves_fresh_messages_alone(session: Session) -> None:
    # Given a message stored ten minutes ago and one stored just now
    now = utcnow()
    for name, age in (("old", timedelta(minutes=10)), ("new", timedelta(0))):
        register_raw(session, sha(name), f"test:{name}", 10)
        get_raw(session, sha(name)).first_seen_at = now - age
    session.commit()
    # When the sweep list is read with a one-minute minimum age
    keys = stored_keys(session, min_age=timedelta(minutes=1), now=now)
    # Then only the old one is on it
    assert keys == [sha("old")]


def test_the_sweep_list_is_oldest_first_stored_only_and_bounded(session: Session) -> None:
    # Given four messages stored in order, the second already processed
    for name in "abcd":
        register_raw(session, sha(name), f"test:{name}", 10)
    mark_processed(session, sha("b"))
    session.commit()
    # When at most two keys are asked for
    keys = stored_keys(session, limit=2)
    # Then the two oldest still stored come back
    assert keys == [sha("a"), sha("c")]
