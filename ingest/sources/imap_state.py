"""Values of the IMAP source: settings in; checkpoints, batches and health out.

No imapclient here, so the composition root can build and validate settings (and read a
status) without touching the network library. The behaviour, the state machine and the
error tree are explained in `ingest.sources.imap`.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

from ingest.errors import IngestError, SourceError, SourceUnavailable
from ingest.types import RawEmail

MB = 1024 * 1024
IDLE_LIMIT = 29 * 60  # RFC 2177: servers may drop an IDLE after 30 minutes; re-IDLE before

Security = Literal["tls", "starttls", "none"]
PostProcess = tuple[Literal["move", "flag"], str]


# -- errors (the tree is drawn in `ingest.sources.imap`) ---------------------------------


class ImapError(IngestError):
    """Base of every error the IMAP source raises."""


class ImapTemporary(ImapError, SourceUnavailable):
    """The mailbox cannot be read right now; it will be again (back off, then act)."""


class ImapRetry(ImapTemporary):
    """The server refused one command for now; the connection is still good: retry it."""


class ImapReconnect(ImapTemporary):
    """The connection is gone or in an unknown state: close, back off, connect again."""


class ImapGiveUp(ImapError, SourceError):
    """Retrying will not help until a person changes something: stop and report."""


class ImapConfigError(ImapGiveUp):
    """Settings refused before any I/O (for example plaintext to a remote host)."""


class ImapAuthError(ImapGiveUp):
    """The server rejected the credentials (or the TLS certificate failed to verify)."""


class ImapResyncLimit(ImapGiveUp):
    """UIDVALIDITY changed too often: something is rebuilding the mailbox in a loop."""


# -- settings ----------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Literal loopback addresses and ``localhost`` only; names are never resolved."""
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ImapSettings:
    """How to reach one mailbox. Validated on construction (raises `ImapConfigError`)."""

    host: str
    username: str
    password: str = field(repr=False)
    port: int = 993
    security: Security = "tls"
    folders: tuple[str, ...] = ("INBOX",)
    batch_size: int = 100
    idle_timeout: float = 300.0  # seconds per IDLE before re-issuing it (< 29 min)
    use_idle: bool = True  # False forces polling even when the server offers IDLE
    poll_interval: float = 30.0
    connect_timeout: float = 30.0
    read_timeout: float = 120.0  # per socket read while a command runs
    max_message_bytes: int = 40 * MB  # bigger messages yield headers only
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    post_process: PostProcess | None = None  # ("move", folder) | ("flag", keyword)
    max_resyncs_per_hour: int = 3  # UIDVALIDITY changes per folder before giving up
    tls_ca_file: str | None = None  # extra CA bundle (self-signed servers); None = system

    def __post_init__(self) -> None:
        problem = _settings_problem(self)
        if problem:
            raise ImapConfigError(f"imap settings: {problem}")


def _settings_problem(s: ImapSettings) -> str | None:
    if not s.host:
        return "host is empty"
    if s.security not in ("tls", "starttls", "none"):
        return f"security must be tls, starttls or none, not {s.security!r}"
    if s.security == "none" and not is_loopback(s.host):
        return f"plaintext (security=none) is refused for non-loopback host {s.host!r}"
    if not s.folders or any(not f for f in s.folders):
        return "folders must name at least one folder"
    if s.batch_size < 1 or s.max_message_bytes < 1:
        return "batch_size and max_message_bytes must be positive"
    if not 0 < s.idle_timeout <= IDLE_LIMIT:
        return f"idle_timeout must be in (0, {IDLE_LIMIT}] seconds"
    if s.poll_interval <= 0 or s.connect_timeout <= 0 or s.read_timeout <= 0:
        return "poll_interval and timeouts must be positive"
    if not 0 < s.backoff_base <= s.backoff_cap:
        return "backoff needs 0 < backoff_base <= backoff_cap"
    if s.post_process is not None and (
        len(s.post_process) != 2
        or s.post_process[0] not in ("move", "flag")
        or not s.post_process[1]
    ):
        return "post_process must be None, ('move', folder) or ('flag', keyword)"
    return None


# -- checkpoints and batches -------------------------------------------------------------


@dataclass(frozen=True)
class FolderCheckpoint:
    """Everything up to ``last_uid`` in this UIDVALIDITY epoch has been handed over."""

    folder: str
    uidvalidity: int
    last_uid: int


@dataclass(frozen=True)
class OversizeMessage:
    """A message over ``max_message_bytes``: only its header block was fetched."""

    uid: int
    size: int
    headers: bytes = field(repr=False)
    reason: str
    origin: str


@dataclass(frozen=True)
class FetchedBatch:
    """Up to ``batch_size`` new messages of one folder, in UID order.

    Store ``messages`` (and record ``oversize``) first; only then persist
    ``checkpoint_after``. ``uidvalidity_changed`` is True for every batch of a fetch that
    restarted from UID 0 because the server's UIDVALIDITY differed from the checkpoint:
    expect messages you already have (dedupe by sha256 / Message-ID).
    """

    folder: str
    messages: tuple[RawEmail, ...]
    oversize: tuple[OversizeMessage, ...]
    checkpoint_after: FolderCheckpoint
    uidvalidity_changed: bool


# -- health ------------------------------------------------------------------------------


class ConnectionState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    AUTHENTICATED = "authenticated"
    SELECTED = "selected"
    FETCHING = "fetching"
    IDLE = "idle"
    POLLING = "polling"
    FAILED = "failed"  # gave up (auth, config, resync limit); connect() to try again


@dataclass(frozen=True)
class FolderStatus:
    folder: str
    uidvalidity: int | None
    last_uid: int
    last_new_mail_at: datetime | None
    resyncs: int


@dataclass(frozen=True)
class ImapStatus:
    """A snapshot for ``mailroom health``."""

    state: ConnectionState
    connected: bool
    idle_supported: bool
    mode: Literal["idle", "polling"]
    folders: tuple[FolderStatus, ...]
    last_error: str | None
    consecutive_failures: int

    def folder(self, name: str) -> FolderStatus | None:
        return next((f for f in self.folders if f.folder == name), None)


# -- backoff -----------------------------------------------------------------------------


class Backoff:
    """Capped exponential backoff with jitter: attempt n waits about base·2ⁿ, at most cap.

    "Equal jitter": half the delay is fixed and half random, so many pollers that lost
    the same server do not come back in lock-step, and no delay is ever zero.
    """

    def __init__(self, base: float, cap: float, rng: random.Random | None = None) -> None:
        self.base = base
        self.cap = cap
        self.attempts = 0
        self._rng = rng or random.Random()

    @classmethod
    def from_settings(cls, settings: ImapSettings, rng: random.Random | None = None) -> Backoff:
        return cls(settings.backoff_base, settings.backoff_cap, rng)

    def next_delay(self) -> float:
        """The delay before the next attempt (and count this attempt)."""
        ceiling = min(self.cap, self.base * 2.0 ** min(self.attempts, 62))
        self.attempts += 1
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def reset(self) -> None:
        """After a success: the next failure starts from ``base`` again."""
        self.attempts = 0
