"""`mailroom poll`: one active poller per mailbox, raw bytes first, then the checkpoint.

Loop, per mailbox:

1. take the lease ``poll:<user>@<host>`` (a row with an expiry, so it works on SQLite
   and PostgreSQL alike); a second poller waits and takes over when the first stops
   (it releases the lease), dies on this host (its pid is gone: taken over at once), or
   dies elsewhere (its lease expires after ``imap.lease_seconds``);
2. hand out what an earlier run stored but never processed (a poller killed between
   storing and dispatching leaves exactly that);
3. for each folder, fetch what is after the stored checkpoint in batches; for each batch
   store the raw bytes (fsync'd) and register them, and only then save the checkpoint —
   a crash between the two re-fetches a batch whose bytes are already stored, which the
   sha256 ledger turns into duplicates, never into loss; then, if ``imap.post_process``
   asks for it, move or flag the stored messages on the server;
4. hand the batch's keys to the pipeline (a dramatiq task per batch, or in-process);
   when the broker is down the keys stay `stored` and a sweep is owed, sent as soon as
   the broker answers again;
5. wait for new mail (IDLE, or polling) in slices of a third of the lease, renewing the
   lease after every slice and every batch, until stopped.

Why these numbers: the lease must outlive the longest step between two renewals (one
batch fetched, stored and — in-process — filed: seconds) with a wide margin, and be short
enough that a dead poller on another machine is replaced quickly. 30 s with renewals at
most 10 s apart gives both.

Two kinds of outage back off (capped at ``imap.backoff_cap``, jittered) and retry; the
poller never dies of either:

* IMAP drops, timeouts and server restarts: reconnect; the folder state in the database
  says ``reconnecting`` meanwhile (`mailroom health`).
* The database refuses connections: nothing can be stored, so nothing is fetched and no
  checkpoint moves; the IMAP connection is closed and the poller retries. Raw bytes a
  batch already wrote to the store stay there and are registered when that batch is
  fetched again. On recovery the poller first proves it still holds the lease (an outage
  longer than the lease may have let another poller in), then hands out what was stored
  but not processed (an in-process filing the outage interrupted).

A configuration or authentication error stops the poller with one line.

This module runs past 400 lines because the loop, the lease and the outage handling
share one object's state and are best read together.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import cast

import psutil

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
from ingest.sources.imap_state import PostProcess
from mailroom.broker import QueueUnavailable
from mailroom.errors import UserError
from mailroom.logs import log_event
from mailroom.pipeline import store_raw
from mailroom.prepare_pool import PipelinedIntake
from mailroom.settings import Settings
from mailroom.wiring import Workspace
from tracker.operations import intake_state
from tracker.operations import raw as raw_ledger
from tracker.types import ProcessingStatus

log = logging.getLogger("mailroom.poller")

WAIT_SLICE = 10.0  # longest wait for new mail between two lease renewals (seconds)
LEASE_RETRY = 2.0  # seconds between attempts to take a lease someone else holds


def imap_configured(settings: Settings) -> bool:
    return bool(settings.get("imap", "host"))


def lease_name(settings: Settings) -> str:
    return f"poll:{settings.get('imap', 'username')}@{settings.get('imap', 'host')}"


def lease_ttl(settings: Settings) -> timedelta:
    return timedelta(seconds=float(settings.get("imap", "lease_seconds")))


def imap_settings(settings: Settings) -> ImapSettings:
    """The `[imap]` slice as the IMAP source's own settings value."""
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
        use_idle=bool(settings.get("imap", "use_idle")),
        idle_timeout=float(settings.get("imap", "idle_timeout")),
        backoff_cap=float(settings.get("imap", "backoff_cap")),
        post_process=cast("PostProcess | None", settings.get("imap", "post_process")),
        tls_ca_file=settings.get("imap", "tls_ca_file") or None,
    )


def _backlog_batch(settings: Settings) -> int:
    """A batch this large means a backlog: worth starting helper processes for."""
    return min(int(settings.get("imap", "batch_size")), int(settings.get("queue", "batch_size")))


def database_unavailable(exc: BaseException) -> bool:
    """True when the database cannot be reached right now (see `tracker.db.is_unavailable`)."""
    from tracker.db import is_unavailable

    return is_unavailable(exc)


def _uid(raw: RawEmail) -> int:
    """The IMAP UID at the end of an origin ``imap:<folder>:<uidvalidity>:<uid>``."""
    return int(raw.origin.rsplit(":", 1)[1])


def _one_line(exc: BaseException) -> str:
    """The driver's own message, first line (SQLAlchemy appends the SQL and a link)."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return f"{type(inner).__name__}: {text[0] if text else ''}"


def _holder_is_dead(holder: str) -> bool:
    """True when ``holder`` names a process on this host that no longer runs."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        return bool(psutil.Process(int(pid_text)).status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


class Poller:
    """Fetch → store → checkpoint → dispatch, for one mailbox."""

    def __init__(self, ws: Workspace, *, enqueue: bool, stop: threading.Event) -> None:
        self.ws = ws
        self.enqueue = enqueue
        self.stop = stop
        self.settings = imap_settings(ws.settings)
        self.mailbox = f"{self.settings.username}@{self.settings.host}"
        self.lease = lease_name(ws.settings)
        self.lease_ttl = lease_ttl(ws.settings)
        self.renew_every = min(WAIT_SLICE, self.lease_ttl.total_seconds() / 3)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.source = ImapSource(self.settings)
        self.backoff = Backoff(base=self.settings.backoff_base, cap=self.settings.backoff_cap)
        self.sweep_owed = False
        self.database_down = False
        self._queue_down = False
        self._leftovers_due = True  # at start, and after an outage cut in-process filing
        # In-process filing: the next batch is parsed and classified by a helper process
        # while this one is filed (`mailroom.prepare_pool`).
        self.intake = (
            None
            if enqueue
            else PipelinedIntake.for_workspace(ws, start_at=_backlog_batch(ws.settings))
        )

    # -- lease -------------------------------------------------------------------------
    def take_lease(self) -> bool:
        """Take the lease if it is free, expired, ours, or held by a dead local process."""
        with self.ws.transaction() as session:
            if intake_state.acquire_lease(session, self.lease, self.holder, self.lease_ttl):
                return True
            holder = intake_state.lease_holder(session, self.lease)
            if holder is None or not _holder_is_dead(holder):
                return False
            # Conditional on the dead holder: of two contenders, one deletes, one inserts.
            intake_state.release_lease(session, self.lease, holder)
            taken = intake_state.acquire_lease(session, self.lease, self.holder, self.lease_ttl)
        if taken:
            log_event(log, logging.WARNING, "took over the lease of a dead poller", dead=holder)
        return taken

    def renew_lease(self) -> None:
        with self.ws.transaction() as session:
            if not intake_state.renew_lease(session, self.lease, self.holder, self.lease_ttl):
                raise LeaseLost(self.lease)

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
        """Keep the headers of an oversize message, marked failed with the reason."""
        for big in batch.oversize:
            raw = RawEmail.from_bytes(big.headers, big.origin)
            (stored,) = store_raw(self.ws, [raw])
            if stored.status is ProcessingStatus.STORED:
                with self.ws.transaction() as session:
                    raw_ledger.mark_failed(session, raw.sha256, "oversize", big.reason)

    def handle(self, batch: FetchedBatch) -> list[str]:
        """Store the batch raw-first, then move the checkpoint; return keys to process.

        Post-processing (move or flag, when configured) comes last and leaves oversize
        messages in place, where a person will see them.
        """
        stored = store_raw(self.ws, list(batch.messages))
        self._store_oversize(batch)
        cp = batch.checkpoint_after
        with self.ws.transaction() as session:
            intake_state.save_checkpoint(
                session, self.mailbox, cp.folder, uidvalidity=cp.uidvalidity,
                last_uid=cp.last_uid, state="fetching",
                new_mail=bool(batch.messages or batch.oversize),
            )  # fmt: skip
        self.source.post_process(cp.folder, [_uid(raw) for raw in batch.messages])
        return list(dict.fromkeys(s.sha256 for s in stored if s.status is ProcessingStatus.STORED))

    # -- dispatch ----------------------------------------------------------------------
    def dispatch(self, shas: list[str]) -> None:
        """Hand stored keys to the pipeline; a broker outage leaves a sweep owed."""
        if not shas:
            return
        if self.intake is not None:
            self.intake.submit(shas)
            return
        from mailroom.actors import ACTORS

        try:
            ACTORS.send("process_batch", shas)
        except QueueUnavailable as exc:
            self._note_queue_down(exc)
            self.sweep_owed = True
            return
        self._note_queue_up()

    def settle_debts(self) -> None:
        """Send the owed sweep once the broker answers again."""
        if not self.sweep_owed:
            return
        from mailroom.actors import ACTORS

        try:
            ACTORS.send("sweep_unprocessed")
        except QueueUnavailable as exc:
            self._note_queue_down(exc)
            return
        self.sweep_owed = False
        self._note_queue_up()

    def _note_queue_down(self, exc: QueueUnavailable) -> None:
        if not self._queue_down:
            log_event(log, logging.WARNING, "queue unavailable; mail is stored, sweep owed",
                      error=str(exc))  # fmt: skip
        self._queue_down = True

    def _note_queue_up(self) -> None:
        if self._queue_down:
            log_event(log, logging.INFO, "queue available again")
        self._queue_down = False

    def dispatch_leftovers(self) -> None:
        """Process (or enqueue) what an earlier run stored and never handed out."""
        from mailroom.sweeper import unprocessed_batches

        for batch in unprocessed_batches(self.ws):
            self.dispatch(batch)
            self.renew_lease()
        if self.intake is not None:
            self.intake.drain()

    # -- the loop ------------------------------------------------------------------------
    def sync_once(self) -> int:
        """Fetch every folder up to date; returns the number of messages stored."""
        count = 0
        for folder in self.settings.folders:
            for batch in self.source.fetch_new(folder, self._checkpoint(folder)):
                shas = self.handle(batch)
                count += len(batch.messages)
                self.dispatch(shas)
                self.renew_lease()
        if self.intake is not None:
            self.intake.drain()
        return count

    def record_state(self, state: str | None = None) -> None:
        """Write each folder's state for `mailroom health`: after a sync (``state`` None,
        stamped now), or a failure state that keeps the time of the last successful sync
        (the folder's lag counts from it)."""
        status = self.source.status()
        with self.ws.transaction() as session:
            for folder in self.settings.folders:
                saved = intake_state.get_checkpoint(session, self.mailbox, folder)
                if saved is None:
                    continue
                intake_state.save_checkpoint(
                    session, self.mailbox, folder, uidvalidity=saved.uidvalidity,
                    last_uid=saved.last_uid, state=state or status.mode,
                    now=None if state is None else saved.updated_at,
                )  # fmt: skip

    def run(self, *, once: bool = False) -> None:
        """Sync, then wait for change, until stopped; back off and retry on outages."""
        while not self.stop.is_set():
            try:
                self._recover()
                self.sync_once()
                self.backoff.reset()
                self.settle_debts()
                self.record_state()
                if once:
                    return
                self.source.wait_for_change(self.settings.folders[0], self.renew_every, self.stop)
                self.renew_lease()
            except ImapTemporary as exc:
                self._back_off(f"IMAP {self.mailbox}", exc, once)
            except Exception as exc:
                if not database_unavailable(exc):
                    raise
                self.note_database_down(exc)
                self._back_off("database", exc, once)

    def _recover(self) -> None:
        """Before a sync: after a database outage make sure the mailbox is still ours,
        then hand out leftovers (at start, or what the outage left unfiled)."""
        if self.database_down:
            try:
                self.renew_lease()  # LeaseLost: the outage outlived the lease
            except LeaseLost:
                self.database_down = False
                raise
            self.database_down = False
            log_event(log, logging.INFO, "database available again")
        if self._leftovers_due:
            self.dispatch_leftovers()
            self._leftovers_due = False

    def note_database_down(self, exc: Exception) -> None:
        if not self.database_down:
            log_event(log, logging.WARNING, "database unavailable; backing off",
                      error=_one_line(exc))  # fmt: skip
        self.database_down = True
        self._leftovers_due = self._leftovers_due or not self.enqueue

    def _back_off(self, what: str, exc: Exception, once: bool) -> None:
        """Close the connection and wait (capped, jittered), renewing the lease if we can."""
        self.source.close()
        if once:
            raise UserError(f"{what} unavailable: {_one_line(exc)}") from None
        if not self.database_down:
            self.while_database_up(lambda: self.record_state("reconnecting"))
        delay = self.backoff.next_delay()
        log_event(log, logging.DEBUG, "temporary failure", what=what, error=_one_line(exc),
                  retry_in=f"{delay:.1f}s")  # fmt: skip
        waited = 0.0
        while waited < delay and not self.stop.is_set():
            step = min(self.renew_every, delay - waited)
            self.stop.wait(step)
            waited += step
            if not self.database_down:
                self.while_database_up(self.renew_lease)

    def while_database_up(self, step: Callable[[], None]) -> None:
        """Run a bookkeeping step; a database outage is noted instead of raised."""
        try:
            step()
        except Exception as exc:
            if not database_unavailable(exc):
                raise
            self.note_database_down(exc)


class LeaseLost(Exception):
    """Another poller took the mailbox (our lease expired): stop fetching at once."""


def _try_lease(poller: Poller, once: bool) -> bool:
    """Take the lease; a database that cannot be reached counts as "not yet"."""
    try:
        return poller.take_lease()
    except Exception as exc:
        if not database_unavailable(exc):
            raise
        if once:
            raise UserError(f"database unavailable: {_one_line(exc)}") from None
        poller.note_database_down(exc)
        return False


def _wait_for_lease(poller: Poller, once: bool, stop: threading.Event) -> bool:
    logged = False
    while not stop.is_set():
        if _try_lease(poller, once):
            return True
        if not logged and not poller.database_down:
            log_event(log, logging.INFO, "another poller holds the mailbox; waiting",
                      lease=poller.lease)  # fmt: skip
            logged = True
        if once or stop.wait(LEASE_RETRY):
            return False
    return False


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
    while _wait_for_lease(poller, once, stop):
        log_event(log, logging.INFO, "poller active", mailbox=poller.mailbox, holder=poller.holder)
        try:
            poller.run(once=once)
        except LeaseLost:
            poller.source.close()
            log_event(log, logging.WARNING, "lease lost; another poller took over")
            continue
        except ImapGiveUp as exc:
            raise UserError(f"IMAP {poller.mailbox}: {exc}") from None
        finally:
            poller.while_database_up(lambda: _step_down(poller))
        return


def _step_down(poller: Poller) -> None:
    """File what is in flight, close the connection and hand the mailbox on (the lease
    part is a no-op after a lost lease)."""
    poller.source.close()
    if poller.intake is not None:
        poller.intake.close()
    with poller.ws.transaction() as session:
        held = intake_state.lease_holder(session, poller.lease) == poller.holder
    if held:
        poller.record_state("stopped")
        poller.release_lease()
