"""The IMAP source: new mail from a mailbox, raw bytes first. The only importer of imapclient.

State machine
-------------
One `ImapSource` holds at most one connection; `status` reports where it is::

    DISCONNECTED ── connect() ──► CONNECTING ── login ──► AUTHENTICATED
          ▲                            │                        │
          │                            │ bad password,          │ fetch_new / wait_for_change
          │                            ▼ bad certificate        ▼
          │                          FAILED               ┌─► SELECTED ◄──────────┐
          │                                               │       │  │            │
          │                                               │ batch │  │ wait       │
          │                                               │       ▼  ▼            │
          │                                               └── FETCHING   IDLE | POLLING
          │
          └── close(), or any ImapReconnect (EOF, BYE, timeout) from any connected state

Any call made while DISCONNECTED connects first, so the next ``fetch_new`` after a
dropped connection simply reconnects. FAILED is left only by an explicit ``connect()``.

``fetch_new`` SELECTs the folder (EXAMINE, read-only, unless post-processing is on),
compares UIDVALIDITY with the caller's checkpoint, runs ``UID SEARCH UID n+1:*``, asks
for ``RFC822.SIZE`` first and then fetches ``BODY.PEEK[]`` in batches, so mail is never
marked \\Seen. Messages over ``max_message_bytes`` get ``BODY.PEEK[HEADER]`` only and come
back as `OversizeMessage` with a reason. Each `FetchedBatch` carries the checkpoint to
persist *after* its bytes are stored: the source keeps no durable state.

UIDVALIDITY: when the server's value differs from the checkpoint, the mailbox was
rebuilt and old UIDs mean nothing. The fetch restarts at UID 0 in the new epoch, every
batch says ``uidvalidity_changed=True`` and the caller dedupes by sha256 / Message-ID.
Resyncs are counted per folder (see `status`); more than ``max_resyncs_per_hour`` within
an hour raises `ImapResyncLimit`, because a mailbox rebuilt in a loop would otherwise
re-download everything forever.

``wait_for_change`` IDLEs when the server offers it (re-issued every ``idle_timeout``,
below the 29-minute limit of RFC 2177) and otherwise sleeps ``poll_interval``. Either
way a NOOP and a cheap ``STATUS UIDNEXT`` first catch mail that arrived between the
last fetch and the wait (IDLE only reports what happens after it starts).

Errors, grouped by what the caller must do
------------------------------------------
::

    IngestError
    └── ImapError
        ├── ImapTemporary (also SourceUnavailable)     back off, then …
        │   ├── ImapRetry        … retry the call: server said NO for now ([UNAVAILABLE], [INUSE])
        │   └── ImapReconnect    … close + connect again: EOF, reset, BYE, timeout, TLS drop,
        │                          refused connection (a server restarting)
        └── ImapGiveUp (also SourceError)              stop and report to a person
            ├── ImapConfigError  settings refused (plaintext to a remote host, missing folder)
            ├── ImapAuthError    credentials rejected, TLS certificate does not verify
            └── ImapResyncLimit  UIDVALIDITY changed too often

imapclient, imaplib, socket and ssl exceptions never leave this module. The caller's
loop is `run_with_reconnect` or the same few lines written out: on `ImapTemporary`
sleep ``backoff.next_delay()`` (closing first on `ImapReconnect`), on success
``backoff.reset()``, on `ImapGiveUp` stop polling this mailbox and report. Keep one
`ImapSource` across reconnects so the resync count and status survive.

Logging: each state change is logged once at DEBUG; health flips (up → down with the
reason, down → up with the number of failures) once at WARNING/INFO, never once per retry.

This module is longer than our usual 300 lines because the connection, the translation
of its errors and the IDLE loop share one object and are best read together; the values
it takes and returns live in `ingest.sources.imap_state`.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from imapclient import IMAPClient, SocketTimeout  # type: ignore[import-untyped]
from imapclient.exceptions import LoginError  # type: ignore[import-untyped]

from ingest.sources.imap_state import (
    IDLE_LIMIT,
    Backoff,
    ConnectionState,
    FetchedBatch,
    FolderCheckpoint,
    FolderStatus,
    ImapAuthError,
    ImapConfigError,
    ImapError,
    ImapGiveUp,
    ImapReconnect,
    ImapResyncLimit,
    ImapRetry,
    ImapSettings,
    ImapStatus,
    ImapTemporary,
    OversizeMessage,
)
from ingest.types import RawEmail

__all__ = [
    "Backoff",
    "ConnectionState",
    "FetchedBatch",
    "FolderCheckpoint",
    "FolderStatus",
    "ImapAuthError",
    "ImapConfigError",
    "ImapError",
    "ImapGiveUp",
    "ImapReconnect",
    "ImapResyncLimit",
    "ImapRetry",
    "ImapSettings",
    "ImapSource",
    "ImapStatus",
    "ImapTemporary",
    "OversizeMessage",
    "run_with_reconnect",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

SIZE_CHUNK = 1_000  # UIDs per RFC822.SIZE fetch: keeps command lines far below server limits
RESYNC_WINDOW = 3600.0
IDLE_SLICE = 1.0  # seconds per idle_check, so a stop event is noticed promptly
# Response codes (RFC 5530) that mean "not now" rather than "never".
TEMPORARY_CODES = ("[UNAVAILABLE]", "[INUSE]", "[LIMIT]", "[SERVERBUG]", "[EXPUNGEISSUED]")
PERMANENT_CODES = ("[NONEXISTENT]", "[NOPERM]", "[AUTHORIZATIONFAILED]", "[CANNOT]")


# -- translation at the edge -------------------------------------------------------------


def _translate(exc: BaseException) -> ImapError:
    """Map a library exception to the action the caller must take."""
    text = _text(exc)
    if isinstance(exc, LoginError):
        if any(code in text for code in TEMPORARY_CODES):  # e.g. auth service down
            return ImapReconnect(f"login failed for now: {text}")
        return ImapAuthError(f"login refused: {text}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ImapAuthError(f"TLS certificate does not verify: {text}")
    if isinstance(exc, imaplib.IMAP4.abort | ssl.SSLError | OSError | EOFError):
        return ImapReconnect(f"connection lost: {type(exc).__name__}: {text}")
    if isinstance(exc, imaplib.IMAP4.error):
        if any(code in text for code in PERMANENT_CODES):
            return ImapConfigError(f"server refused: {text}")
        return ImapRetry(f"server said no: {text}")
    return ImapReconnect(f"unexpected {type(exc).__name__}: {text}")


def _text(exc: BaseException) -> str:
    parts = [a.decode(errors="replace") if isinstance(a, bytes) else str(a) for a in exc.args]
    return " ".join(parts) or type(exc).__name__


# -- the source --------------------------------------------------------------------------


class ImapSource:
    """New mail from one IMAP account; see the module docstring for the state machine."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self._client: IMAPClient | None = None
        self._state = ConnectionState.DISCONNECTED
        self._selected: tuple[str, bool] | None = None  # (folder, readonly)
        self._idle_supported = False
        self._folders: dict[str, FolderStatus] = {}
        self._known_uidnext: dict[str, int] = {}
        self._resync_times: dict[str, deque[float]] = {}
        self._healthy: bool | None = None
        self._failures = 0
        self._last_error: str | None = None

    @property
    def location(self) -> str:
        """Where the mail comes from, for messages to the user (as `Source.location`)."""
        s = self.settings
        return f"imap://{s.username}@{s.host}:{s.port}"

    # connection ------------------------------------------------------------------------

    def connect(self) -> None:
        """Open, secure and log in. Does nothing when already connected."""
        if self._client is not None:
            return
        self._set_state(ConnectionState.CONNECTING)
        client = None
        try:
            client = self._open()
            client.login(self.settings.username, self.settings.password)
            self._idle_supported = bool(client.has_capability("IDLE"))
        except Exception as exc:  # library errors: translated here, never leaked
            self._drop(client)
            raise self._fail(_translate(exc)) from exc
        self._client = client
        self._set_state(ConnectionState.AUTHENTICATED)
        self._mark_up()

    def _open(self) -> IMAPClient:
        s = self.settings
        timeout = SocketTimeout(connect=s.connect_timeout, read=s.read_timeout)
        context = self._tls_context() if s.security != "none" else None
        client = IMAPClient(
            s.host, port=s.port, ssl=s.security == "tls", ssl_context=context, timeout=timeout
        )
        if s.security == "starttls":
            client.starttls(context)
        return client

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.settings.tls_ca_file)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context

    def close(self) -> None:
        """Log out (best effort) and forget the connection. Safe to call at any time."""
        client, self._client = self._client, None
        self._selected = None
        if client is not None:
            with contextlib.suppress(Exception):  # the connection may already be dead
                client.logout()
            self._drop(client)
        if self._state is not ConnectionState.FAILED:
            self._set_state(ConnectionState.DISCONNECTED)

    def __enter__(self) -> ImapSource:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _drop(client: IMAPClient | None) -> None:
        if client is not None:
            with contextlib.suppress(Exception):
                client.shutdown()

    @contextlib.contextmanager
    def _talking(self) -> Iterator[IMAPClient]:
        """The live client; library errors become ours, and a lost connection is closed."""
        if self._client is None:
            self.connect()
        assert self._client is not None
        try:
            yield self._client
        except Exception as exc:
            error = exc if isinstance(exc, ImapError) else _translate(exc)
            if isinstance(error, ImapReconnect):
                self._forget_connection()
            if error is exc:
                raise self._fail(error) from None
            raise self._fail(error) from exc
        self._mark_up()

    def _forget_connection(self) -> None:
        client, self._client = self._client, None
        self._selected = None
        self._drop(client)
        self._set_state(ConnectionState.DISCONNECTED)

    # fetching --------------------------------------------------------------------------

    def fetch_new(self, folder: str, checkpoint: FolderCheckpoint | None) -> Iterator[FetchedBatch]:
        """Batches of messages after ``checkpoint`` (None: from the start), oldest first.

        Yields nothing when there is no new mail and the epoch is unchanged; yields one
        empty batch when only the checkpoint moved (a new UIDVALIDITY, or the first look
        at a folder), so the caller can persist it.
        """
        uidvalidity, uidnext = self._select(folder, readonly=self.settings.post_process is None)
        start, changed = self._starting_point(folder, checkpoint, uidvalidity)
        self._known_uidnext[folder] = uidnext
        uids = self._search_after(start.last_uid)
        if not uids:
            if checkpoint != start:
                yield FetchedBatch(folder, (), (), start, changed)
            return
        size = self.settings.batch_size
        for i in range(0, len(uids), size):
            yield self._fetch_batch(folder, uidvalidity, uids[i : i + size], changed)
        self._set_state(ConnectionState.SELECTED)

    def _select(self, folder: str, readonly: bool) -> tuple[int, int]:
        try:
            with self._talking() as client:
                info = client.select_folder(folder, readonly=readonly)
        except ImapRetry:
            # imaplib drops the [NONEXISTENT] code, so ask: a missing folder is a
            # settings mistake (give up), anything else a refusal for now (retry).
            with self._talking() as client:
                exists = client.folder_exists(folder)
            if not exists:
                raise self._fail(ImapConfigError(f"folder {folder!r} does not exist")) from None
            raise
        self._selected = (folder, readonly)
        self._set_state(ConnectionState.SELECTED)
        uidvalidity = int(info[b"UIDVALIDITY"])
        return uidvalidity, int(info.get(b"UIDNEXT", 0))

    def _starting_point(
        self, folder: str, checkpoint: FolderCheckpoint | None, uidvalidity: int
    ) -> tuple[FolderCheckpoint, bool]:
        if checkpoint is None:
            return FolderCheckpoint(folder, uidvalidity, 0), False
        if checkpoint.uidvalidity == uidvalidity:
            return checkpoint, False
        self._count_resync(folder, checkpoint.uidvalidity, uidvalidity)
        return FolderCheckpoint(folder, uidvalidity, 0), True

    def _count_resync(self, folder: str, old: int, new: int) -> None:
        now = time.monotonic()
        times = self._resync_times.setdefault(folder, deque())
        times.append(now)
        while times and now - times[0] > RESYNC_WINDOW:
            times.popleft()
        self._update_folder(folder, uidvalidity=new, last_uid=0, resynced=True)
        log.warning("imap %s: UIDVALIDITY changed %s -> %s, resyncing", folder, old, new)
        if len(times) > self.settings.max_resyncs_per_hour:
            raise self._fail(
                ImapResyncLimit(f"{folder}: UIDVALIDITY changed {len(times)} times within an hour")
            )

    def _search_after(self, last_uid: int) -> list[int]:
        with self._talking() as client:
            found = client.search(["UID", f"{last_uid + 1}:*"])
        # "n:*" always matches the highest UID, even when it is below n.
        return sorted(uid for uid in (int(u) for u in found) if uid > last_uid)

    def _fetch_batch(
        self, folder: str, uidvalidity: int, uids: Sequence[int], changed: bool
    ) -> FetchedBatch:
        self._set_state(ConnectionState.FETCHING)
        sizes = self._sizes(uids)
        limit = self.settings.max_message_bytes
        small = [uid for uid in uids if sizes.get(uid, 0) <= limit]
        large = [uid for uid in uids if sizes.get(uid, 0) > limit]
        origin = f"imap:{folder}:{uidvalidity}"
        messages = self._bodies(small, "BODY.PEEK[]", b"BODY[]")
        raws = tuple(
            RawEmail.from_bytes(messages[u], f"{origin}:{u}") for u in small if u in messages
        )
        oversize = self._oversize(large, sizes, origin)
        checkpoint = FolderCheckpoint(folder, uidvalidity, max(uids))
        self._update_folder(folder, uidvalidity=uidvalidity, last_uid=max(uids), new_mail=True)
        return FetchedBatch(folder, raws, oversize, checkpoint, changed)

    def _sizes(self, uids: Sequence[int]) -> dict[int, int]:
        sizes: dict[int, int] = {}
        for i in range(0, len(uids), SIZE_CHUNK):
            with self._talking() as client:
                fetched = client.fetch(list(uids[i : i + SIZE_CHUNK]), ["RFC822.SIZE"])
            sizes.update({int(u): int(d[b"RFC822.SIZE"]) for u, d in fetched.items()})
        return sizes

    def _bodies(self, uids: Sequence[int], item: str, key: bytes) -> dict[int, bytes]:
        if not uids:
            return {}
        with self._talking() as client:
            fetched = client.fetch(list(uids), [item])
        # A UID missing from the answer was expunged meanwhile: nothing left to take.
        return {int(u): bytes(d[key]) for u, d in fetched.items() if key in d}

    def _oversize(
        self, uids: Sequence[int], sizes: dict[int, int], origin: str
    ) -> tuple[OversizeMessage, ...]:
        headers = self._bodies(uids, "BODY.PEEK[HEADER]", b"BODY[HEADER]")
        limit = self.settings.max_message_bytes
        return tuple(
            OversizeMessage(
                uid=u,
                size=sizes[u],
                headers=headers[u],
                reason=f"message is {sizes[u]} bytes, over max_message_bytes={limit}",
                origin=f"{origin}:{u}",
            )
            for u in uids
            if u in headers
        )

    # waiting ---------------------------------------------------------------------------

    def wait_for_change(
        self, folder: str, timeout: float | None = None, stop: threading.Event | None = None
    ) -> bool:
        """Block until the folder may have new mail (True) or ``timeout`` passes (False).

        IDLE when offered (and ``use_idle``), else sleep ``poll_interval`` and answer True
        (polling cannot know, so the caller simply fetches). Returns False early when
        ``stop`` is set.
        """
        if self._has_new_since_fetch(folder):
            return True
        if self._idle_supported and self.settings.use_idle:
            limit = min(timeout if timeout is not None else self.settings.idle_timeout, IDLE_LIMIT)
            return self._idle(folder, limit, stop)
        return self._poll_sleep(self.settings.poll_interval if timeout is None else timeout, stop)

    def _has_new_since_fetch(self, folder: str) -> bool:
        known = self._known_uidnext.get(folder)
        if known is None:
            return False
        with self._talking() as client:
            if self._selected is not None and self._selected[0] == folder:
                # Dovecot answers STATUS from the session's view: sync it first.
                _, responses = client.noop()
                if _announces_mail(responses):
                    return True
            status = client.folder_status(folder, [b"UIDNEXT"])
        return int(status[b"UIDNEXT"]) > known

    def _poll_sleep(self, seconds: float, stop: threading.Event | None) -> bool:
        self._set_state(ConnectionState.POLLING)
        stopped = False
        if stop is not None:
            stopped = stop.wait(seconds)
        else:
            time.sleep(seconds)
        self._set_state(ConnectionState.SELECTED if self._selected else self._connected_state())
        return not stopped

    def _connected_state(self) -> ConnectionState:
        return ConnectionState.AUTHENTICATED if self._client else ConnectionState.DISCONNECTED

    def _idle(self, folder: str, limit: float, stop: threading.Event | None) -> bool:
        if self._selected is None or self._selected[0] != folder:
            self._select(folder, readonly=self.settings.post_process is None)
        deadline = time.monotonic() + limit
        with self._talking() as client:
            client.idle()
            self._set_state(ConnectionState.IDLE)
            changed = self._idle_loop(client, deadline, stop)
            _, responses = client.idle_done()
            changed = changed or _announces_mail(responses)
        self._set_state(ConnectionState.SELECTED)
        return changed

    def _idle_loop(self, client: IMAPClient, deadline: float, stop: threading.Event | None) -> bool:
        while (remaining := deadline - time.monotonic()) > 0:
            if stop is not None and stop.is_set():
                return False
            slice_ = min(remaining, IDLE_SLICE)
            started = time.monotonic()
            responses = client.idle_check(timeout=slice_)
            if _says_bye(responses):
                raise ImapReconnect(f"server said BYE during IDLE: {responses!r}")
            if _announces_mail(responses):
                return True
            if not responses and time.monotonic() - started < slice_ / 2:
                # Readable but nothing to read: EOF. idle_done() then fails → ImapReconnect.
                return False
        return False

    # post-processing -------------------------------------------------------------------

    def post_process(self, folder: str, uids: Sequence[int]) -> None:
        """Move or flag handled messages, as configured; nothing when off (the default).

        Call only after the messages are stored and the checkpoint is saved.
        """
        action = self.settings.post_process
        if action is None or not uids:
            return
        if self._selected != (folder, False):
            self._select(folder, readonly=False)
        kind, target = action
        with self._talking() as client:
            if kind == "flag":
                client.add_flags(list(uids), [target], silent=True)
            elif client.has_capability("MOVE"):
                client.move(list(uids), target)
            else:
                client.copy(list(uids), target)
                client.add_flags(list(uids), [b"\\Deleted"], silent=True)
                client.uid_expunge(list(uids))

    # health ----------------------------------------------------------------------------

    def status(self) -> ImapStatus:
        """A snapshot of the connection and of each folder seen so far."""
        return ImapStatus(
            state=self._state,
            connected=self._client is not None,
            idle_supported=self._idle_supported,
            mode="idle" if self._idle_supported and self.settings.use_idle else "polling",
            folders=tuple(self._folders.values()),
            last_error=self._last_error,
            consecutive_failures=self._failures,
        )

    def _update_folder(
        self,
        folder: str,
        *,
        uidvalidity: int,
        last_uid: int,
        new_mail: bool = False,
        resynced: bool = False,
    ) -> None:
        old = self._folders.get(folder) or FolderStatus(folder, None, 0, None, 0)
        self._folders[folder] = FolderStatus(
            folder=folder,
            uidvalidity=uidvalidity,
            last_uid=last_uid,
            last_new_mail_at=datetime.now(UTC) if new_mail else old.last_new_mail_at,
            resyncs=old.resyncs + int(resynced),
        )

    def _set_state(self, state: ConnectionState) -> None:
        if state is not self._state:
            log.debug("imap %s: %s -> %s", self.settings.host, self._state, state)
            self._state = state

    def _fail(self, error: ImapError) -> ImapError:
        """Record a failure; log only the first of a run (health flips, not retries)."""
        self._failures += 1
        self._last_error = str(error)
        if isinstance(error, ImapGiveUp):
            self._set_state(ConnectionState.FAILED)
        if self._healthy is not False:
            log.warning("imap %s down: %s", self.settings.host, error)
        self._healthy = False
        return error

    def _mark_up(self) -> None:
        if self._healthy is False:
            log.info("imap %s up again after %d failures", self.settings.host, self._failures)
        self._healthy = True
        self._failures = 0
        self._last_error = None


def _says_bye(responses: list[Any]) -> bool:
    return any(isinstance(r, tuple) and r and r[0] == b"BYE" for r in responses)


def _announces_mail(responses: list[Any]) -> bool:
    """True for ``* n EXISTS`` / ``* n RECENT``: something arrived (or may have)."""
    return any(
        isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses
    )


# -- the caller's loop -------------------------------------------------------------------


def run_with_reconnect(
    source: ImapSource,
    step: Callable[[ImapSource], T],
    backoff: Backoff,
    *,
    stop: threading.Event | None = None,
    max_attempts: int | None = None,
) -> T | None:
    """Run ``step(source)`` until it succeeds, backing off on temporary errors.

    `ImapReconnect` closes the connection first (``step`` reconnects through any call);
    `ImapGiveUp` propagates at once. Returns None when ``stop`` is set while waiting; the
    last temporary error is re-raised once ``backoff`` has counted ``max_attempts``
    failures (pass a fresh or reset `Backoff`).
    """
    while True:
        try:
            result = step(source)
        except ImapTemporary as exc:
            if isinstance(exc, ImapReconnect):
                source.close()
            if max_attempts is not None and backoff.attempts + 1 >= max_attempts:
                raise
            delay = backoff.next_delay()
            if stop is not None and stop.wait(delay):
                return None
            if stop is None:
                time.sleep(delay)
            continue
        backoff.reset()
        return result
