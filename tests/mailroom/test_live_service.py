"""The live path's other promises: serve and SIGTERM, the lease, oversize mail, health."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from mailroom.health import collect_health
from mailroom.poller import Poller, lease_name, lease_ttl
from mailroom.wiring import Workspace
from tests.fixtures.dovecot import ImapAccount, make_message
from tests.fixtures.live import LiveHome
from tracker.db import utcnow
from tracker.operations import intake_state
from tracker.operations import raw as raw_ledger


@pytest.fixture
def offline_ws(tmp_path: Path) -> Workspace:
    """A workspace whose IMAP settings point nowhere (nothing here connects)."""
    (tmp_path / "mailroom.toml").write_text(
        '[imap]\nhost = "127.0.0.1"\nport = 1\nusername = "u"\npassword = "p"\nsecurity = "none"\n'
    )
    ws = Workspace(home=tmp_path)
    ws.initialise()
    return ws


@pytest.mark.dovecot
def test_serve_files_new_mail_and_stops_cleanly_on_sigterm(
    tmp_path: Path, imap_account: ImapAccount, sqlite_url: str
) -> None:
    # Given `mailroom serve` on the embedded default (in-process broker and workers)
    home = LiveHome(tmp_path / "home", imap_account, sqlite_url)
    try:
        serve = home.spawn("serve")
        home.deliver(4, "serve")
        home.wait_processed(4)
        home.wait_until(lambda: home.checkpoint().state == "idle", "the poller to IDLE")
        health = json.loads(home.run("health", "--json").stdout)
        # When it receives SIGTERM
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=60)
    finally:
        home.stop_all()
    # Then it filed the mail, exits 0, gives the mailbox up and says so in the checkpoint
    assert code == 0, home.logs()[-3000:]
    assert (health["queue_depth"], health["folders"][0]["state"]) == (0, "idle")
    assert home.filed() == 4
    assert home.lease_holder() is None
    assert home.checkpoint().state == "stopped"


@pytest.mark.dovecot
def test_oversize_message_is_recorded_with_headers_and_reason(
    tmp_path: Path, imap_account: ImapAccount, sqlite_url: str
) -> None:
    # Given a limit of 1 MB, one small and one 2 MB message
    home = LiveHome(tmp_path / "home", imap_account, sqlite_url,
                    settings={"imap": {"max_message_mb": 1}})  # fmt: skip
    imap_account.append(make_message("small"))
    imap_account.append(make_message("huge", size=2 * 1024 * 1024))
    # When the mailbox is polled
    result = home.run("poll", "--once")
    # Then the small one is filed and the big one is kept (headers) as failed with a reason
    assert result.returncode == 0, result.stderr
    assert (home.ledger()["processed"], home.ledger()["failed"]) == (1, 1)
    with home.workspace().transaction() as session:
        (parked,) = raw_ledger.list_parked(session)
        assert parked.reason == "oversize"
        assert parked.size < 100_000
        assert "over max_message_bytes" in (parked.error or "")


def test_lease_of_a_dead_poller_on_this_host_is_taken_at_once(offline_ws: Workspace) -> None:
    # Given a lease held (not yet expired) by a process of this host that has exited
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with offline_ws.transaction() as session:
        intake_state.acquire_lease(session, lease_name(offline_ws.settings),
                                   f"{socket.gethostname()}:{dead.pid}:x",
                                   lease_ttl(offline_ws.settings))  # fmt: skip
    poller = Poller(offline_ws, enqueue=False, stop=threading.Event())
    # When a new poller asks for it
    taken = poller.take_lease()
    # Then it gets it
    assert taken


def test_lease_of_a_live_poller_is_not_taken(offline_ws: Workspace) -> None:
    # Given a lease held by a running process of this host (our parent)
    with offline_ws.transaction() as session:
        holder = f"{socket.gethostname()}:{os.getppid()}:x"
        intake_state.acquire_lease(session, lease_name(offline_ws.settings), holder,
                                   lease_ttl(offline_ws.settings))  # fmt: skip
    poller = Poller(offline_ws, enqueue=False, stop=threading.Event())
    # When another poller asks for it
    # Then it waits
    assert not poller.take_lease()


def test_health_flags_a_folder_silent_while_its_sibling_receives_mail(
    offline_ws: Workspace,
) -> None:
    # Given INBOX with mail two days ago and Projects with mail ten minutes ago
    now = utcnow()
    with offline_ws.transaction() as session:
        for folder, ago in (("INBOX", timedelta(days=2)), ("Projects", timedelta(minutes=10))):
            intake_state.save_checkpoint(session, "u@h", folder, uidvalidity=1, last_uid=5,
                                         state="idle", new_mail=True, now=now - ago)  # fmt: skip
    # When health is collected
    report = collect_health(offline_ws, now=now)
    # Then only INBOX is flagged
    assert {f.folder: f.silent for f in report.folders} == {"INBOX": True, "Projects": False}
    assert "SILENT" in report.format()


def test_health_does_not_flag_quiet_folders_of_a_quiet_mailbox(offline_ws: Workspace) -> None:
    # Given INBOX with mail two days ago and Projects three days ago, in another
    # mailbox a folder with mail ten minutes ago
    now = utcnow()
    folders = (("u@h", "INBOX", timedelta(days=2)), ("u@h", "Projects", timedelta(days=3)),
               ("other@h", "INBOX", timedelta(minutes=10)))  # fmt: skip
    with offline_ws.transaction() as session:
        for mailbox, folder, ago in folders:
            intake_state.save_checkpoint(session, mailbox, folder, uidvalidity=1, last_uid=5,
                                         state="idle", new_mail=True, now=now - ago)  # fmt: skip
    # When health is collected
    report = collect_health(offline_ws, now=now)
    # Then nothing is flagged: only a sibling of the same mailbox counts
    assert not any(f.silent for f in report.folders)


def test_health_lag_counts_from_the_last_successful_sync_through_an_outage(
    offline_ws: Workspace,
) -> None:
    # Given a folder last synced five minutes ago
    now = utcnow()
    synced = now - timedelta(minutes=5)
    poller = Poller(offline_ws, enqueue=False, stop=threading.Event())
    with offline_ws.transaction() as session:
        intake_state.save_checkpoint(session, poller.mailbox, "INBOX", uidvalidity=1,
                                     last_uid=7, state="idle", now=synced)  # fmt: skip
    # When the poller has since only been reconnecting
    poller.record_state("reconnecting")
    report = collect_health(offline_ws, now=now)
    # Then the folder says so, and its lag is the five minutes since that sync
    (folder,) = report.folders
    assert (folder.state, folder.lag_seconds) == ("reconnecting", 300.0)
    assert report.as_dict()["folders"][0]["synced_at"] == synced.isoformat()


@pytest.mark.dovecot
def test_poll_flags_mail_on_the_server_once_it_is_stored(
    tmp_path: Path, imap_account: ImapAccount, sqlite_url: str
) -> None:
    # Given post-processing "flag:$Filed" and three messages on the server
    home = LiveHome(tmp_path / "home", imap_account, sqlite_url,
                    settings={"imap": {"post_process": "flag:$Filed"}})  # fmt: skip
    uids = home.deliver(3, "flagged")
    # When the mailbox is polled
    result = home.run("poll", "--once")
    # Then each stored message carries the keyword on the server
    assert result.returncode == 0, result.stderr
    assert home.ledger()["total"] == 3
    flags = imap_account.flags()
    assert all(b"$Filed" in flags[uid] for uid in uids)
