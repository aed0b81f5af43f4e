"""IMAP checkpoints and leases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tracker.db import make_session_factory
from tracker.operations.intake_state import (
    acquire_lease,
    get_checkpoint,
    lease_holder,
    release_lease,
    renew_lease,
    save_checkpoint,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TTL = timedelta(minutes=5)


def test_a_checkpoint_round_trips(session: Session) -> None:
    # Given a saved checkpoint
    save_checkpoint(session, "box@x", "INBOX", uidvalidity=7, last_uid=42, new_mail=True, now=NOW)
    session.commit()
    # When it is read back
    state = get_checkpoint(session, "box@x", "INBOX")
    # Then it holds what was saved
    assert state is not None
    assert (state.uidvalidity, state.last_uid, state.last_new_mail_at) == (7, 42, NOW)


def test_last_uid_never_moves_backwards(session: Session) -> None:
    # Given a checkpoint at uid 42
    save_checkpoint(session, "box@x", "INBOX", uidvalidity=7, last_uid=42)
    # When an older uid is saved in the same uidvalidity
    state = save_checkpoint(session, "box@x", "INBOX", uidvalidity=7, last_uid=30)
    # Then the checkpoint stays at 42
    assert state.last_uid == 42


def test_a_new_uidvalidity_restarts_and_counts_a_resync(session: Session) -> None:
    # Given a checkpoint at uid 42
    save_checkpoint(session, "box@x", "INBOX", uidvalidity=7, last_uid=42)
    # When the server reports a new uidvalidity
    state = save_checkpoint(session, "box@x", "INBOX", uidvalidity=8, last_uid=3)
    # Then the checkpoint restarts there and counts the resync
    assert (state.uidvalidity, state.last_uid, state.resyncs) == (8, 3, 1)


def test_an_unknown_folder_has_no_checkpoint(session: Session) -> None:
    assert get_checkpoint(session, "box@x", "Archive") is None


def test_a_live_lease_cannot_be_taken_by_another_holder(engine: Engine) -> None:
    # Given worker a holds the lease (committed in its own session)
    factory = make_session_factory(engine)
    with factory() as a:
        assert acquire_lease(a, "poll:box", "a", TTL, now=NOW)
        a.commit()
    # When worker b tries in another session before it expires
    with factory() as b:
        taken = acquire_lease(b, "poll:box", "b", TTL, now=NOW + timedelta(minutes=1))
        b.commit()
        # Then b is refused and a still holds it
        assert not taken
        assert lease_holder(b, "poll:box", now=NOW + timedelta(minutes=1)) == "a"


def test_an_expired_lease_is_taken_over(engine: Engine) -> None:
    # Given worker a's lease has expired
    factory = make_session_factory(engine)
    with factory() as a:
        acquire_lease(a, "poll:box", "a", TTL, now=NOW)
        a.commit()
    # When worker b asks after expiry
    later = NOW + timedelta(minutes=6)
    with factory() as b:
        taken = acquire_lease(b, "poll:box", "b", TTL, now=later)
        b.commit()
        # Then b holds it and a can no longer renew
        assert taken and lease_holder(b, "poll:box", now=later) == "b"
        assert not renew_lease(b, "poll:box", "a", TTL, now=later)


def test_the_holder_renews_and_releases(session: Session) -> None:
    # Given a held lease
    acquire_lease(session, "poll:box", "a", TTL, now=NOW)
    # When the holder renews it near expiry and later releases it
    renewed = renew_lease(session, "poll:box", "a", TTL, now=NOW + timedelta(minutes=4))
    still_held = lease_holder(session, "poll:box", now=NOW + timedelta(minutes=8))
    released = release_lease(session, "poll:box", "a")
    # Then the renewal extended it and the release freed it
    assert renewed and still_held == "a" and released
    assert lease_holder(session, "poll:box", now=NOW) is None


def test_a_stranger_cannot_release_a_lease(session: Session) -> None:
    # Given a lease held by a
    acquire_lease(session, "poll:box", "a", TTL, now=NOW)
    # When b tries to release it
    # Then nothing happens
    assert not release_lease(session, "poll:box", "b")
    assert lease_holder(session, "poll:box", now=NOW) == "a"
