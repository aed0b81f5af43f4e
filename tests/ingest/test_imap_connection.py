"""Connecting, IDLE, restarts and refusals against a real Dovecot."""

from __future__ import annotations

import logging
import threading

import pytest

from ingest.sources.imap import (
    Backoff,
    ConnectionState,
    ImapAuthError,
    ImapGiveUp,
    ImapReconnect,
    ImapSource,
    run_with_reconnect,
)
from tests.fixtures.dovecot import DovecotServer, ImapAccount, imap_settings, make_message


def _later(seconds: float, action: object) -> threading.Timer:
    timer = threading.Timer(seconds, action)  # type: ignore[arg-type]
    timer.start()
    return timer


def test_idle_returns_true_when_a_message_is_appended(imap_account: ImapAccount) -> None:
    # Given a source that has fetched everything and is waiting in IDLE
    with ImapSource(imap_settings(imap_account)) as source:
        list(source.fetch_new("INBOX", None))
        timer = _later(0.3, lambda: imap_account.append(make_message("wake up")))
        # When a message is appended meanwhile
        woke = source.wait_for_change("INBOX", timeout=20)
        timer.join()
    # Then the wait reports that new mail may be there
    assert woke is True


def test_idle_times_out_with_false_when_nothing_arrives(imap_account: ImapAccount) -> None:
    # Given an idle source and no new mail
    with ImapSource(imap_settings(imap_account)) as source:
        list(source.fetch_new("INBOX", None))
        # When the wait runs out
        woke = source.wait_for_change("INBOX", timeout=0.5)
        # Then it answers False and the connection is still usable
        assert woke is False
        assert source.status().state is ConnectionState.SELECTED


def test_mail_that_arrived_after_the_fetch_is_reported_before_idling(
    imap_account: ImapAccount,
) -> None:
    # Given a fetch, then a message appended before the wait starts
    with ImapSource(imap_settings(imap_account)) as source:
        list(source.fetch_new("INBOX", None))
        imap_account.append(make_message("in between"))
        # When the source waits
        woke = source.wait_for_change("INBOX", timeout=20)
    # Then the message is not missed
    assert woke is True


def test_idle_stops_early_when_the_stop_event_is_set(imap_account: ImapAccount) -> None:
    # Given an idle source and a stop event set shortly after
    stop = threading.Event()
    with ImapSource(imap_settings(imap_account)) as source:
        list(source.fetch_new("INBOX", None))
        timer = _later(0.2, stop.set)
        # When waiting with a long timeout
        woke = source.wait_for_change("INBOX", timeout=600, stop=stop)
        timer.join()
    # Then the wait ends without reporting mail
    assert woke is False


def test_polling_mode_waits_and_says_mail_may_be_there(imap_account: ImapAccount) -> None:
    # Given a source told not to use IDLE
    settings = imap_settings(imap_account, use_idle=False, poll_interval=0.1)
    with ImapSource(settings) as source:
        list(source.fetch_new("INBOX", None))
        # When it waits
        woke = source.wait_for_change("INBOX")
        mode = source.status().mode
    # Then it slept one poll interval and asks the caller to look
    assert (woke, mode) == (True, "polling")


def test_a_server_restart_during_idle_raises_reconnect(dovecot: DovecotServer) -> None:
    # Given an idle source on a server that restarts
    account = dovecot.add_user()
    source = ImapSource(imap_settings(account))
    list(source.fetch_new("INBOX", None))
    timer = _later(0.3, dovecot.restart)
    # When waiting for mail
    # Then the lost connection surfaces as ImapReconnect, and the source is disconnected
    with pytest.raises(ImapReconnect):
        source.wait_for_change("INBOX", timeout=20)
    timer.join()
    assert source.status().connected is False


def test_a_server_crash_during_idle_raises_reconnect(dovecot: DovecotServer) -> None:
    # Given an idle source on a server that dies without saying BYE
    account = dovecot.add_user()
    source = ImapSource(imap_settings(account))
    list(source.fetch_new("INBOX", None))
    timer = _later(0.3, dovecot.crash)
    # When waiting for mail
    # Then the EOF surfaces as ImapReconnect
    with pytest.raises(ImapReconnect):
        source.wait_for_change("INBOX", timeout=20)
    timer.join()
    assert source.status().state is ConnectionState.DISCONNECTED


def test_the_next_fetch_after_a_restart_reconnects_and_works(dovecot: DovecotServer) -> None:
    # Given a source whose connection died with a server restart
    account = dovecot.add_user()
    source = ImapSource(imap_settings(account))
    list(source.fetch_new("INBOX", None))
    dovecot.restart()
    with pytest.raises(ImapReconnect):
        source.wait_for_change("INBOX", timeout=5)
    # When mail arrives and the loop fetches again
    account.append(make_message("after restart"))
    batches = list(source.fetch_new("INBOX", None))
    # Then the source reconnected by itself and got the message
    assert [len(b.messages) for b in batches] == [1]
    assert source.status().connected is True
    source.close()


def test_run_with_reconnect_rides_out_a_server_outage(dovecot: DovecotServer) -> None:
    # Given a stopped server that comes back shortly
    account = dovecot.add_user()
    account.append(make_message("waiting"))
    dovecot.stop()
    timer = _later(0.5, dovecot.start)
    source = ImapSource(imap_settings(account, backoff_base=0.1, backoff_cap=0.2))
    # When a fetch runs under run_with_reconnect
    batches = run_with_reconnect(
        source, lambda s: list(s.fetch_new("INBOX", None)), Backoff(0.1, 0.2), max_attempts=100
    )
    timer.join()
    # Then it succeeds once the server is back, and the failures are no longer counted
    assert batches is not None and [len(b.messages) for b in batches] == [1]
    assert source.status().consecutive_failures == 0
    source.close()


def test_a_refused_connection_is_a_reconnect(dovecot: DovecotServer) -> None:
    # Given a server that is down
    account = dovecot.add_user()
    dovecot.stop()
    # When connecting
    # Then it is temporary: ImapReconnect
    with pytest.raises(ImapReconnect):
        ImapSource(imap_settings(account)).connect()


def test_a_wrong_password_gives_up(imap_account: ImapAccount) -> None:
    # Given settings with the wrong password
    settings = imap_settings(imap_account, password="not-the-password")
    source = ImapSource(settings)
    # When connecting
    # Then it is permanent (an auth error is a give-up), and the state says failed
    with pytest.raises(ImapAuthError) as caught:
        source.connect()
    assert isinstance(caught.value, ImapGiveUp)
    assert source.status().state is ConnectionState.FAILED


def test_a_missing_folder_gives_up(imap_account: ImapAccount) -> None:
    # Given a folder that does not exist
    source = ImapSource(imap_settings(imap_account))
    # When fetching from it
    # Then the source gives up (a person must fix the settings)
    with pytest.raises(ImapGiveUp, match="does not exist"):
        list(source.fetch_new("No-Such-Folder", None))
    source.close()


def test_run_with_reconnect_does_not_retry_a_give_up(imap_account: ImapAccount) -> None:
    # Given a wrong password
    source = ImapSource(imap_settings(imap_account, password="wrong"))
    backoff = Backoff(0.01, 0.02)
    # When run under the reconnect loop
    # Then the give-up propagates on the first attempt
    with pytest.raises(ImapGiveUp):
        run_with_reconnect(source, lambda s: s.connect(), backoff, max_attempts=5)
    assert backoff.attempts == 0


def test_repeated_failures_are_logged_once_and_recovery_once(
    dovecot: DovecotServer, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a server that is down
    account = dovecot.add_user()
    dovecot.stop()
    source = ImapSource(imap_settings(account))
    caplog.set_level(logging.INFO, logger="ingest.sources.imap")
    # When three connection attempts fail and the fourth, after a restart, succeeds
    for _ in range(3):
        with pytest.raises(ImapReconnect):
            source.connect()
    dovecot.start()
    source.connect()
    source.close()
    # Then one "down" and one "up again" line were logged, not one per retry
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert len(messages) == 2
    assert " down: " in messages[0] and "up again after 3 failures" in messages[1]
