"""Backfill from a file source (`.eml` file or folder, mbox, Maildir) with a progress bar.

Messages are read and handled in batches of `queue.batch_size`: one raw-store pass and
one ledger transaction per batch, one classifier call per batch (the model is loaded
once per process), one commit per batch for the filings. A run that is killed half-way
leaves every stored message either filed or still `stored`; running again files the
`stored` ones and counts the rest as duplicates, so nothing is filed twice.
"""

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

# What to do next about each bucket that needs a person (shown after the summary).
NEXT_STEPS: dict[str, str] = {
    "unrouted": "no project recognised them: `mailroom review --unrouted`",
    "failed": "not readable as email, kept raw: `mailroom replay`",
    "quarantined": "processing kept failing, parked: `mailroom replay`",
    "pending": "processing failed, will be retried: run `mailroom ingest` again",
}


def _batches(items: Iterable[RawEmail], size: int) -> Iterator[list[RawEmail]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest_batch(ws: Workspace, raws: list[RawEmail], summary: IngestSummary) -> None:
    """Store a batch raw-first, then process what is new; update the summary."""
    summary.seen += len(raws)
    todo: list[str] = []
    queued: set[str] = set()
    for stored in store_raw(ws, raws):
        if stored.status is ProcessingStatus.STORED and stored.sha256 not in queued:
            todo.append(stored.sha256)  # new, or stored by a run that was killed
            queued.add(stored.sha256)
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
        total=source.count(),
        unit=" msg",
        disable=not progress,
        desc=f"filing {path.name or path}",
        leave=False,
        dynamic_ncols=True,
    ) as bar:
        for batch in _batches(source, batch_size):
            ingest_batch(ws, batch, summary)
            bar.update(len(batch))
            bar.set_postfix_str(_progress_note(summary))
    return summary


def _progress_note(summary: IngestSummary) -> str:
    counts = summary.as_dict()
    return ", ".join(f"{counts[key]} {key}" for key in ("new", "duplicate", "unrouted", "failed"))


def describe_summary(counts: dict[str, int]) -> str:
    """The ingest summary for people: one line of counts, then what to do about problems."""
    buckets = [key for key in counts if key != "seen"]
    lines = [
        f"{counts['seen']} message(s) read: "
        + ", ".join(f"{counts[key]} {key}" for key in buckets)
    ]
    for key in buckets:
        if counts[key] and key in NEXT_STEPS:
            lines.append(f"  {counts[key]} {key}: {NEXT_STEPS[key]}")
    return "\n".join(lines)
