"""`mailroom replay`: run the current pipeline again on parked messages, no duplicates.

Replaying puts a quarantined (or failed) message back to `stored` and processes it;
filing is keyed by Message-ID and content hash per project, so a message that had been
partly filed before it was parked is not filed twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from mailroom.errors import UserError
from mailroom.pipeline import Outcome, process_until_settled
from mailroom.wiring import Workspace
from tracker.operations import raw as raw_ledger


def list_parked(ws: Workspace) -> list[list[str]]:
    with ws.transaction() as session:
        rows = raw_ledger.list_parked(session)
        return [[r.sha256[:16], str(r.status), r.reason or "", (r.error or "")[:60]] for r in rows]


def _resolve(ws: Workspace, prefixes: Sequence[str] | None) -> list[str]:
    with ws.transaction() as session:
        parked = [r.sha256 for r in raw_ledger.list_parked(session)]
    if prefixes is None:
        return parked
    chosen = []
    for prefix in prefixes:
        matches = [sha for sha in parked if sha.startswith(prefix.lower())]
        if len(matches) != 1:
            raise UserError(f"{prefix!r} matches {len(matches)} parked messages, not one")
        chosen.append(matches[0])
    return chosen


def replay_messages(ws: Workspace, prefixes: Sequence[str] | None) -> dict[str, Outcome]:
    shas = _resolve(ws, prefixes)
    with ws.transaction() as session:
        for sha in shas:
            raw_ledger.requeue(session, sha)
    return process_until_settled(ws, shas)
