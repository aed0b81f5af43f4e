"""`mailroom poll`: one active poller per mailbox, raw bytes first, then the checkpoint.

Loop, per mailbox:

1. take the lease ``poll:<user>@<host>`` (a row with an expiry, so it works on SQLite
   and PostgreSQL alike); a second poller waits and takes over when the first dies and
   its lease expires;
2. for each folder, fetch what is after the stored checkpoint in batches; for each batch
   store the raw bytes (fsync'd) and register them, and only then save the checkpoint —
   a crash between the two re-fetches a batch whose bytes are already stored, which the
   sha256 ledger turns into duplicates, never into loss;
3. hand the batch's keys to the pipeline (a dramatiq task per batch, or in-process);
4. wait for new mail (IDLE, or polling), renewing the lease, until stopped.

Drops, timeouts and server restarts back off (capped, jittered) and reconnect; a
configuration or authentication error stops the poller with one line.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from ingest import RawEmail
from ingest.sources.imap import (
    Backoff,
    FetchedBatch,
    FolderCheckpoint,
    ImapGiveUp,
    ImapSettings,
    ImapSource,
    ImapTemporary,
)
from mailroom.errors import UserError
from mailroom.logs import log_event
from mailroom.pipeline import process_until_settled, store_raw
from mailroom.settings import Settings
from mailroom.wiring import Workspace
from tracker.operations import intake_state
from tracker.operations import raw as raw_ledger
from tracker.types import ProcessingStatus

log = logging.getLogger("mailroom.poller")

LEASE_TTL = timedelta(seconds=60)
WAIT_SLICE = 20.0  # seconds per wait: the lease (60 s) is renewed well before it lapses


def imap_configured(settings: Settings) -> bool:
    return bool(settings.get("imap", "host"))


def lease_name(settings: Settings) -> str:
    return f"poll:{settings.get('imap', 'username')}@{settings.get('imap', 'host')}"


def imap_settings(settings: Settings) -> ImapSettings:
    return ImapSettings(
        host=settings.get("imap", "host"),
        port=int(settings.get("imap", "port")),
        username=settings.get("imap", "username"),
        password=settings.get("imap", "password"),
        security=settings.get("imap", "security"),
        folders=tuple(settings.get("imap", "folders")),
        batch_size=int(settings.get("imap", "batch_size")),
        poll_interval=float(settings.get("imap", "poll_interval")),
        max_message_bytes=int(settings.get("imap", "max_message_mb")) * 1024 * 1024,
    )


class Poller:
    """Fetch → store → checkpoint → dispatch, for one mailbox."""

    def __init__(self, ws: Workspace, *, enqueue: bool, stop: threading.Event) -> None:
        self.ws = ws
        self.enqueue = enqueue
        self.stop = stop
        self.settings = imap_settings(ws.settings)
        self.mailbox = f"{self.settings.username}@{self.settings.host}"
        self.lease = lease_name(ws.settings)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.source = ImapSource(self.settings)
        self.backoff = Backoff(base=self.settings.backoff_base, cap=self.settings.backoff_cap)

    # -- lease -------------------------------------------------------------------------
    def take_lease(self) -> bool:
        with self.ws.transaction() as session:
            return intake_state.acquire_lease(session, self.lease, self.holder, LEASE_TTL)

    def renew_lease(self) -> bool:
        with self.ws.transaction() as session:
            return intake_state.renew_lease(session, self.lease, self.holder, LEASE_TTL)

    def release_lease(self) -> None:
        with self.ws.transaction() as session:
            intake_state.release_lease(session, self.lease, self.holder)

    # -- one batch ---------------------------------------------------------------------
    def _checkpoint(self, folder: str) -> FolderCheckpoint | None:
        with self.ws.transaction() as session:
            state = intake_state.get_checkpoint(session, self.mailbox, folder)
        if state is None:
            return None
        return FolderCheckpoint(folder, state.uidvalidity, state.last_uid)

    def _store_oversize(self, batch: FetchedBatch) -> None:
        for big in batch.oversize:
            raw = RawEmail.from_bytes(big.headers, big.origin)
            (stored,) = store_raw(self.ws, [raw])
            if stored.status is ProcessingStatus.STORED:
                with self.ws.transaction() as session:
                    raw_ledger.mark_failed(session, raw.sha256, "oversize", big.reason)

    def handle(self, batch: FetchedBatch) -> list[str]:
        """Store the batch raw-first, then move the checkpoint; return keys to process."""
        stored = store_raw(self.ws, list(batch.messages))
        self._store_oversize(batch)
        cp = batch.checkpoint_after
        with self.ws.transaction() as session:
            intake_state.save_checkpoint(
                session, self.mailbox, cp.folder, uidvalidity=cp.uidvalidity,
                last_uid=cp.last_uid, state="fetching",
                new_mail=bool(batch.messages or batch.oversize),
            )  # fmt: skip
        return list(dict.fromkeys(s.sha256 for s in stored if s.status is ProcessingStatus.STORED))

    def dispatch(self, shas: list[str]) -> None:
        if not shas:
            return
        if self.enqueue:
            from mailroom.actors import ACTORS

            ACTORS.get("process_batch").send(shas)
        else:
            process_until_settled(self.ws, shas)

    # -- the loop ------------------------------------------------------------------------
    def sync_once(self) -> int:
        """Fetch every folder up to date; returns the number of messages stored."""
        count = 0
        for folder in self.settings.folders:
            for batch in self.source.fetch_new(folder, self._checkpoint(folder)):
                shas = self.handle(batch)
                count += len(batch.messages)
                self.dispatch(shas)
                if not self.renew_lease():
                    raise LeaseLost(self.lease)
        return count

    def _mark_waiting(self) -> None:
        status = self.source.status()
        with self.ws.transaction() as session:
            for folder in status.folders:
                if folder.uidvalidity is not None:
                    intake_state.save_checkpoint(
                        session, self.mailbox, folder.folder, uidvalidity=folder.uidvalidity,
                        last_uid=folder.last_uid, state=status.mode,
                    )  # fmt: skip

    def run(self, *, once: bool = False) -> None:
        while not self.stop.is_set():
            try:
                self.sync_once()
                self.backoff.reset()
                if once:
                    return
                self._mark_waiting()
                self.source.wait_for_change(self.settings.folders[0], WAIT_SLICE, self.stop)
                if not self.renew_lease():
                    raise LeaseLost(self.lease)
            except ImapTemporary as exc:
                self.source.close()
                delay = self.backoff.next_delay()
                log_event(
                    log,
                    logging.DEBUG,
                    "imap temporary failure",
                    error=str(exc),
                    retry_in=f"{delay:.1f}s",
                )
                if once or self.stop.wait(delay):
                    return
                self.renew_lease()


class LeaseLost(Exception):
    """Another poller took the mailbox (our lease expired): stop fetching at once."""


def run_poller(
    ws: Workspace,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    enqueue: bool = False,
) -> None:
    """Poll until stopped: wait for the lease, then fetch, store, checkpoint, dispatch."""
    if not imap_configured(ws.settings):
        raise UserError("no IMAP mailbox configured: set [imap] host, username and password")
    stop = stop or threading.Event()
    poller = Poller(ws, enqueue=enqueue, stop=stop)
    waiting_logged = False
    while not stop.is_set():
        if not poller.take_lease():
            if not waiting_logged:
                log_event(
                    log,
                    logging.INFO,
                    "another poller holds the mailbox; waiting",
                    lease=poller.lease,
                )
                waiting_logged = True
            if once or stop.wait(5):
                return
            continue
        log_event(log, logging.INFO, "poller active", mailbox=poller.mailbox, holder=poller.holder)
        try:
            poller.run(once=once)
        except ImapGiveUp as exc:
            raise UserError(f"IMAP {poller.mailbox}: {exc}") from None
        except LeaseLost:
            log_event(log, logging.WARNING, "lease lost; another poller took over")
            waiting_logged = False
            continue
        finally:
            poller.source.close()
        poller.release_lease()
        return
