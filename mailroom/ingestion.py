"""Backfill from a file source (`.eml` file or folder, mbox, Maildir) with a progress bar.

Messages are read and handled in batches of `queue.batch_size`: one raw-store pass and
one ledger transaction per batch, one classifier call per batch (the model is loaded
once per process), a commit every few dozen filings. A run that is killed half-way
leaves every stored message either filed or still `stored`; running again files the
`stored` ones and counts the rest as duplicates, so nothing is filed twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from tqdm import tqdm

from ingest import RawEmail, open_source
from ingest.sources import MailFolderSource, Source
from mailroom.logs import log_event
from mailroom.pipeline import IngestSummary, Outcome, status_outcome, store_raw
from mailroom.prepare_pool import PipelinedIntake
from mailroom.wiring import Workspace
from tracker.types import ProcessingStatus

log = logging.getLogger("mailroom.ingestion")

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


# Below this many batches a run is over before a helper process would have loaded its
# model: everything is prepared inline.
POOL_MIN_BATCHES = 4


def ingest_batch(
    ws: Workspace,
    raws: list[RawEmail],
    summary: IngestSummary,
    intake: PipelinedIntake,
    on_filed: Callable[[int], None] = lambda _count: None,
) -> None:
    """Store a batch raw-first, then hand what is new to the intake; the summary is
    updated (and ``on_filed`` told) when the batch is filed."""
    summary.seen += len(raws)
    todo: list[str] = []
    queued: set[str] = set()
    for stored in store_raw(ws, raws):
        if stored.status is ProcessingStatus.STORED and stored.sha256 not in queued:
            todo.append(stored.sha256)  # new, or stored by a run that was killed
            queued.add(stored.sha256)
        else:
            summary.add(status_outcome(stored.status))  # includes a repeat inside the batch

    def filed(keys: list[str], outcomes: dict[str, Outcome]) -> None:
        for sha in keys:
            # Absent: another process settled it between our store and our processing.
            summary.add(outcomes.get(sha, Outcome.DUPLICATE))
        on_filed(len(raws))

    if todo:
        intake.submit(todo, filed)
    else:
        on_filed(len(raws))


def ingest_path(ws: Workspace, path: Path, *, progress: bool = True) -> IngestSummary:
    """Read every message of `path`, store it and file it; safe to run again."""
    source = open_source(path)
    _report_skipped(source)
    summary = IngestSummary()
    batch_size = int(ws.settings.get("queue", "batch_size"))
    total = source.count()
    with tqdm(
        total=total,
        unit=" msg",
        disable=not progress,
        desc=f"filing {path.name or path}",
        leave=False,
        dynamic_ncols=True,
    ) as bar:

        def advance(count: int) -> None:
            bar.update(count)
            bar.set_postfix_str(_progress_note(summary))

        intake = _intake(ws, total, batch_size)
        try:
            for batch in _batches(source, batch_size):
                ingest_batch(ws, batch, summary, intake, advance)
        finally:
            intake.close()
    return summary


def _report_skipped(source: Source) -> None:
    """A folder's files that hold no mail are not read: say which, once."""
    skipped = source.skipped if isinstance(source, MailFolderSource) else []
    if skipped:
        names = ", ".join(str(p) for p in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
        log_event(log, logging.WARNING, "files that hold no mail were not read",
                  count=len(skipped), files=names)  # fmt: skip


def _intake(ws: Workspace, total: int | None, batch_size: int) -> PipelinedIntake:
    """Helper processes for a large run (see `mailroom.prepare_pool`), else inline."""
    if total is not None and total < POOL_MIN_BATCHES * batch_size:
        return PipelinedIntake(ws, None)
    return PipelinedIntake.for_workspace(ws, start_at=batch_size)


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
