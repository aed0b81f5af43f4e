"""`mailroom health`: poller state per folder, queue depth, quarantined and unrouted counts.

Lag, per folder: how long mail can have waited on the server without us storing it. The
ideal measure compares our newest stored message of the folder with the server's newest:
caught up means no lag, behind means the waiting mail arrived after our newest stored
one, so ``now − newest stored`` bounds its age. The server's newest is not kept in the
database (health never talks to the server), and it is unknowable while the poller is
disconnected, so health reports the fallback, ``now − last successful sync``: at the
end of each sync the poller held everything the server had, so nothing can have waited
longer. The poller stamps the checkpoint after every batch and every sync (a live poller
syncs at least every 10 s, so a healthy folder's lag stays that low) and keeps that time
when it only records ``reconnecting`` or ``stopped``: an outage shows as a growing lag.

A folder "has gone silent" when it has had no new mail for a day while a sibling folder
of the same mailbox had some in the last hour: the classic sign of a server-side filter
or a broken subscription, which no error message will ever report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mailroom.wiring import Workspace
from tracker.db import utcnow
from tracker.operations import intake_state
from tracker.operations import raw as raw_ledger
from tracker.operations.messages import message_count
from tracker.types import CheckpointState, ProcessingStatus

SILENT_AFTER = timedelta(hours=24)
ACTIVE_WITHIN = timedelta(hours=1)


@dataclass(frozen=True)
class FolderHealth:
    mailbox: str
    folder: str
    state: str
    uidvalidity: int
    last_uid: int
    last_new_mail_at: datetime | None  # when the newest stored mail of the folder came in
    synced_at: datetime  # the last successful sync (or stored batch)
    lag_seconds: float
    resyncs: int
    silent: bool


@dataclass
class HealthReport:
    folders: list[FolderHealth] = field(default_factory=list)
    queue_depth: int = 0
    ledger: dict[str, int] = field(default_factory=dict)
    unrouted: int = 0
    lease_holder: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "folders": [
                {**f.__dict__, "synced_at": f.synced_at.isoformat(),
                 "last_new_mail_at": f.last_new_mail_at.isoformat()
                 if f.last_new_mail_at else None}
                for f in self.folders
            ],
            "queue_depth": self.queue_depth,
            "quarantined": self.ledger.get("quarantined", 0),
            "failed": self.ledger.get("failed", 0),
            "processed": self.ledger.get("processed", 0),
            "unrouted": self.unrouted,
            "poller_lease": self.lease_holder,
        }  # fmt: skip

    def format(self) -> str:
        data = self.as_dict()
        lines = [
            f"queue depth (stored, not yet processed): {data['queue_depth']}",
            f"quarantined: {data['quarantined']}   failed: {data['failed']}   "
            f"unrouted: {data['unrouted']}   processed: {data['processed']}",
            f"poller lease: {data['poller_lease'] or 'free'}",
        ]
        if not self.folders:
            lines.append("no IMAP folder has been polled yet")
        for f in self.folders:
            flag = "  SILENT while sibling folders receive mail" if f.silent else ""
            lines.append(
                f"{f.mailbox}/{f.folder}: {f.state}, last uid {f.last_uid}, "
                f"last new mail {f.last_new_mail_at or 'never'}, lag {f.lag_seconds:.0f}s, "
                f"resyncs {f.resyncs}{flag}"
            )
        return "\n".join(lines)


def _silent(cp: CheckpointState, siblings: list[CheckpointState], now: datetime) -> bool:
    """Quiet for a day while another folder of the same mailbox had mail within the hour."""
    quiet = cp.last_new_mail_at is None or now - cp.last_new_mail_at > SILENT_AFTER
    return quiet and any(
        s.mailbox == cp.mailbox and s.folder != cp.folder and s.last_new_mail_at is not None
        and now - s.last_new_mail_at < ACTIVE_WITHIN for s in siblings
    )  # fmt: skip


def _folder(cp: CheckpointState, siblings: list[CheckpointState], now: datetime) -> FolderHealth:
    return FolderHealth(
        mailbox=cp.mailbox, folder=cp.folder, state=cp.state, uidvalidity=cp.uidvalidity,
        last_uid=cp.last_uid, last_new_mail_at=cp.last_new_mail_at, synced_at=cp.updated_at,
        lag_seconds=max(0.0, (now - cp.updated_at).total_seconds()), resyncs=cp.resyncs,
        silent=_silent(cp, siblings, now),
    )  # fmt: skip


def collect_health(ws: Workspace, now: datetime | None = None) -> HealthReport:
    from mailroom.poller import lease_name

    now = now or utcnow()
    with ws.transaction() as session:
        checkpoints = intake_state.list_checkpoints(session)
        counts = raw_ledger.counts_by_status(session)
        report = HealthReport(
            folders=[_folder(cp, checkpoints, now) for cp in checkpoints],
            queue_depth=counts.get(ProcessingStatus.STORED, 0),
            ledger={str(k): v for k, v in counts.items()},
            unrouted=message_count(session, None),
            lease_holder=intake_state.lease_holder(session, lease_name(ws.settings)),
        )
    return report
