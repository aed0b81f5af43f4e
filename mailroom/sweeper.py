"""Find stored-but-unprocessed messages, so a lost queue message delays work and loses none.

The database is the truth and the queue only carries keys: a task lost with a broker, a
worker killed mid-batch or an enqueue that failed all leave messages `stored`, and the
sweeper hands them out again. ``min_age`` keeps a routine sweep off messages whose task
is most likely still waiting in the queue (re-processing them would be harmless, since
the pipeline claims each message, but wasted).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from mailroom.wiring import Workspace
from tracker.operations import claims


def unprocessed_batches(
    ws: Workspace, *, min_age: timedelta = timedelta(0), limit: int = 10_000
) -> Iterator[list[str]]:
    """Keys of messages stored at least ``min_age`` ago and not yet processed, in batches."""
    size = int(ws.settings.get("queue", "batch_size"))
    with ws.transaction() as session:
        shas = claims.stored_keys(session, min_age=min_age, limit=limit)
    for start in range(0, len(shas), size):
        yield shas[start : start + size]
