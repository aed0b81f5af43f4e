"""Fault tests of the live path, with real processes, Dovecot, Redis and databases.

Each test delivers a known number of messages and asserts EXACT counts afterwards: raw
messages stored (the ledger), processed, and filed. Conditions are polled with a
generous deadline; nothing asserts on elapsed time.
"""

from __future__ import annotations

import signal

import pytest

from tests.fixtures.dovecot import DovecotServer, ImapAccount
from tests.fixtures.live import PostgresOutage, assert_exact, holder_pid
from tests.fixtures.redis import RedisQueue, RedisServer

pytestmark = [pytest.mark.dovecot]


def test_poller_killed_mid_batch_loses_nothing_and_files_nothing_twice(
    live, imap_account: ImapAccount, sqlite_url: str
) -> None:
    # Given 60 messages waiting and a poller fetching them 5 at a time
    home = live(imap_account, sqlite_url, imap_batch_size=5)
    home.deliver(60, "kill9")
    first = home.spawn("poll")
    # When it is killed with SIGKILL as soon as the first messages are stored
    home.wait_until(lambda: home.ledger()["total"] > 0, "the first stored message")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert home.ledger()["processed"] < 60  # the kill landed mid-run
    # And a new poller is started
    home.spawn("poll")
    home.wait_processed(60)
    # Then every message is stored, processed and filed exactly once
    assert_exact(home, 60)
    assert home.checkpoint().last_uid == 60


def test_poller_reconnects_after_dovecot_restart_during_idle(
    live, dovecot: DovecotServer, sqlite_url: str
) -> None:
    # Given a poller that filed the first mail and is waiting in IDLE
    account = dovecot.add_user()
    home = live(account, sqlite_url)
    home.deliver(3, "before")
    poller = home.spawn("poll")
    home.wait_processed(3)
    home.wait_until(lambda: home.checkpoint().state == "idle", "the poller to IDLE")
    # When Dovecot restarts and new mail arrives
    dovecot.restart()
    home.deliver(2, "after")
    # Then the same poller reconnects and files it
    home.wait_processed(5)
    assert poller.poll() is None
    assert_exact(home, 5)


def test_uidvalidity_reset_refetches_without_duplicates(
    live, imap_account: ImapAccount, sqlite_url: str
) -> None:
    # Given ten messages filed by a poll
    home = live(imap_account, sqlite_url)
    home.deliver(10, "epoch1")
    assert home.run("poll", "--once").returncode == 0
    # When the mailbox is rebuilt with the same mail (new UIDVALIDITY) and two more arrive
    imap_account.recreate_mailbox()
    home.deliver(2, "epoch2")
    result = home.run("poll", "--once")
    # Then the resync stores and files only the two new ones
    assert result.returncode == 0, result.stderr
    assert_exact(home, 12)
    checkpoint = home.checkpoint()
    assert (checkpoint.resyncs, checkpoint.last_uid) == (1, 12)


@pytest.mark.redis
def test_redis_outage_keeps_raw_mail_and_processes_it_when_back(
    live, imap_account: ImapAccount, postgres_url: str, redis_server: RedisServer
) -> None:
    # Given a poller and a worker sharing our own Redis, five messages processed
    home = live(imap_account, postgres_url, queue=redis_server.queue)
    home.spawn("worker")
    home.spawn("poll")
    home.deliver(5, "before")
    home.wait_processed(5)
    # When Redis goes away and five more messages arrive
    redis_server.stop()
    home.deliver(5, "during")
    home.wait_until(lambda: home.ledger()["total"] == 10, "the raw bytes to be stored")
    # Then they are stored but wait
    assert home.ledger()["stored"] == 5
    # And once Redis is back they are processed, each once
    redis_server.start()
    home.wait_processed(10)
    assert_exact(home, 10)


@pytest.mark.redis
def test_worker_killed_mid_task_processes_the_batch_exactly_once(
    live, imap_account: ImapAccount, postgres_url: str, redis_queue: RedisQueue
) -> None:
    # Given 40 stored messages queued as one task
    home = live(imap_account, postgres_url, queue=redis_queue)
    home.deliver(40, "task")
    assert home.run("poll", "--once").returncode == 0
    assert home.ledger()["stored"] == 40
    # When a worker takes the task and is killed with SIGKILL while working on it
    worker = home.spawn("worker")
    home.wait_until(lambda: redis_queue.held() > 0, "the worker to take the task")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert home.ledger()["processed"] == 0  # the kill landed mid-task
    # And another worker starts
    home.spawn("worker")
    # Then every message is processed exactly once
    home.wait_processed(40)
    assert_exact(home, 40)


@pytest.mark.postgres
def test_two_pollers_on_one_mailbox_ingest_each_message_once(
    live, imap_account: ImapAccount, postgres_url: str
) -> None:
    # Given two pollers started on the same mailbox
    home = live(imap_account, postgres_url)
    pollers = [home.spawn("poll"), home.spawn("poll")]
    home.wait_until(lambda: home.lease_holder() is not None, "one poller to take the lease")
    home.deliver(20, "first")
    home.wait_processed(20)
    # When the active one stops and more mail arrives
    active = next(p for p in pollers if p.pid == holder_pid(home.lease_holder()))
    active.send_signal(signal.SIGTERM)
    assert active.wait(timeout=30) == 0
    home.deliver(20, "second")
    # Then the other takes over, and every message is ingested once
    home.wait_processed(40)
    survivor = next(p for p in pollers if p is not active)
    assert holder_pid(home.lease_holder()) == survivor.pid
    assert_exact(home, 40)


@pytest.mark.postgres
def test_database_outage_mid_backfill_backs_off_and_loses_nothing(
    live, imap_account: ImapAccount, postgres_url: str
) -> None:
    # Given a poller filing 60 messages in-process, 5 per batch, with short backoffs
    home = live(imap_account, postgres_url, imap_batch_size=5,
                settings={"imap": {"backoff_cap": 2}})  # fmt: skip
    home.deliver(60, "outage")
    poller = home.spawn("poll")
    home.wait_until(lambda: home.ledger()["total"] > 0, "the first stored message")
    # When the database refuses connections (its open ones cut) in the middle of it
    outage = PostgresOutage(postgres_url)
    outage.begin()
    try:
        home.wait_until(lambda: home.logs().count("what=database") >= 3,
                        "three attempts against the missing database")  # fmt: skip
        # Then the poller backs off and retries instead of dying
        assert poller.poll() is None
        assert home.logs().count("database unavailable; backing off") == 1  # said once
    finally:
        outage.end()
    # And once the database is back every message is stored, processed and filed once
    home.wait_processed(60)
    assert poller.poll() is None
    assert "database available again" in home.logs()
    assert_exact(home, 60)
    assert home.checkpoint().last_uid == 60
