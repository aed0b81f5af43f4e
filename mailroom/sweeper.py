"""Find stored-but-unprocessed messages, so a lost queue message delays work and loses none."""

from __future__ import annotations

from collections.abc import Iterator

from mailroom.wiring import Workspace
from tracker.operations import raw as raw_ledger


def unprocessed_batches(ws: Workspace, *, limit: int = 10_000) -> Iterator[list[str]]:
    size = int(ws.settings.get("queue", "batch_size"))
    with ws.transaction() as session:
        shas = [row.sha256 for row in raw_ledger.list_unprocessed(session, limit=limit)]
    for start in range(0, len(shas), size):
        yield shas[start : start + size]
