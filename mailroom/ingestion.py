"""Backfill from a file source (`.eml` file or folder, mbox, Maildir) with a progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from ingest import RawEmail, open_source
from mailroom.pipeline import (
    IngestSummary,
    Outcome,
    process_until_settled,
    status_outcome,
    store_raw,
)
from mailroom.wiring import Workspace
from tracker.types import ProcessingStatus


def _batches(items: Iterable[RawEmail], size: int) -> Iterator[list[RawEmail]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest_batch(ws: Workspace, raws: list[RawEmail], summary: IngestSummary) -> None:
    """Store a batch raw-first, then process what is new; update the summary."""
    summary.seen += len(raws)
    todo: list[str] = []
    for stored in store_raw(ws, raws):
        if stored.status is ProcessingStatus.STORED and stored.sha256 not in todo:
            todo.append(stored.sha256)  # new, or stored by a run that was killed
        else:
            summary.add(status_outcome(stored.status))  # includes a repeat inside the batch
    outcomes = process_until_settled(ws, todo)
    for sha in todo:
        # Absent: another process settled it between our store and our processing.
        summary.add(outcomes.get(sha, Outcome.DUPLICATE))


def ingest_path(ws: Workspace, path: Path, *, progress: bool = True) -> IngestSummary:
    """Read every message of `path`, store it and file it; safe to run again."""
    source = open_source(path)
    summary = IngestSummary()
    batch_size = int(ws.settings.get("queue", "batch_size"))
    with tqdm(
        total=source.count(), unit="msg", disable=not progress, desc="ingest", leave=False
    ) as bar:
        for batch in _batches(source, batch_size):
            ingest_batch(ws, batch, summary)
            bar.update(len(batch))
    return summary
