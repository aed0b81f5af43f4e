"""The flow of one message: store raw → parse → classify → route and file → rules → outbox.

Plain functions, callable with or without dramatiq. The database is the truth:

* `store_raw` writes the bytes to the content-addressed raw store, then registers the
  sha256 in the ledger (`raw_messages`). Registering twice is a no-op, so re-reading a
  source never duplicates anything.
* `process` takes ledger keys (sha256), skips any that are no longer `stored` (already
  processed by someone else: a redelivered task does nothing twice), parses and
  classifies the batch, then files the messages in one transaction together with their
  record changes, audit events and outbox rows. That transaction first *claims* the
  ledger rows (`tracker.operations.claims`), so two workers handed the same message —
  a redelivery racing the sweeper, a task of a worker thought dead — never both file it.
  A message whose processing raises is counted; after `max_attempts` it is parked in
  quarantine with the stage and the error, and the rest of the batch still flows.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from classifier.types import Classification
from ingest import ParsedEmail, RawEmail, looks_like_email, parse
from mailroom.conversions import inbound_message, message_input
from mailroom.logs import log_event
from mailroom.text_readings import TextReadings, may_be_review, read_texts
from mailroom.wiring import Workspace
from tracker.operations import claims
from tracker.operations import raw as raw_ledger
from tracker.types import Actor, FilingOutcome, ProcessingStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger("mailroom.pipeline")

SYSTEM = Actor.system("mailroom-intake")


class Outcome(StrEnum):
    """What became of one message read from a source (the ingest summary's buckets)."""

    NEW = "new"
    DUPLICATE = "duplicate"
    UNROUTED = "unrouted"
    FAILED = "failed"
    QUARANTINED = "quarantined"
    PENDING = "pending"  # stored, processing will be retried (not yet quarantined)


@dataclass
class IngestSummary:
    """Counts that add up: every message seen lands in exactly one bucket."""

    seen: int = 0
    counts: dict[Outcome, int] = field(default_factory=lambda: {o: 0 for o in Outcome})

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    def as_dict(self) -> dict[str, int]:
        data = {"seen": self.seen}
        data.update({str(o): n for o, n in self.counts.items() if o is not Outcome.PENDING})
        if self.counts[Outcome.PENDING]:
            data["pending"] = self.counts[Outcome.PENDING]
        return data


@dataclass(frozen=True)
class Stored:
    sha256: str
    created: bool
    status: ProcessingStatus


def store_raw(ws: Workspace, raws: Sequence[RawEmail]) -> list[Stored]:
    """Raw bytes first (fsync'd), then the ledger rows: nothing read is ever lost."""
    ws.raw_store.put_many(raw.data for raw in raws)  # one durability pass per batch
    items = [(raw.sha256, raw.origin, len(raw.data)) for raw in raws]
    with ws.transaction() as session:
        return [Stored(*key) for key in raw_ledger.register_keys(session, items)]


def pending_of(ws: Workspace, shas: Sequence[str]) -> list[tuple[str, str]]:
    """``(sha256, origin)`` of the keys still waiting to be processed, in the order given."""
    with ws.transaction() as session:
        rows = raw_ledger.get_many(session, shas)
        return [(r.sha256, r.origin) for r in rows if r.status == ProcessingStatus.STORED]


class StageError(Exception):
    """One message failed in a stage before filing; ``stage`` is the quarantine reason.

    Carries the error as text, so it pickles (preparing may run in another process).
    """

    def __init__(self, stage: str, detail: str) -> None:
        super().__init__(stage, detail)
        self.stage = stage
        self.detail = detail

    @classmethod
    def of(cls, stage: str, error: Exception) -> StageError:
        return cls(stage, f"{type(error).__name__}: {error}")

    def __str__(self) -> str:
        return self.detail


Parsed = ParsedEmail | StageError | None  # None: bytes that are not an email at all


def _parse_one(ws: Workspace, sha: str, origin: str) -> Parsed:
    try:
        data = ws.raw_store.get(sha)
    except Exception as exc:  # a lost or unreadable raw file is this message's problem
        return StageError.of("raw_unreadable", exc)
    if not looks_like_email(data):
        return None
    raw = RawEmail(data=data, sha256=sha, origin=origin)
    try:
        return parse(raw, limits=ws.parse_limits, own_domains=frozenset({ws.settings.mail_domain}))
    except Exception as exc:  # parse promises not to raise; if it does, park the message
        return StageError.of("parse_error", exc)


def _parse_batch(ws: Workspace, pending: Sequence[tuple[str, str]]) -> list[Parsed]:
    """Parse each message; a failure stays with its message and the batch goes on."""
    return [_parse_one(ws, sha, origin) for sha, origin in pending]


Classified = Classification | StageError | None


def _classify_batch(ws: Workspace, parsed: Sequence[Parsed]) -> list[Classified]:
    """Classify the batch in one pass; if that fails, one by one to isolate the culprit."""
    items = [p for p in parsed if isinstance(p, ParsedEmail)]
    try:
        results = iter(ws.classifier.classify([message_input(p) for p in items]))
        return [next(results) if isinstance(p, ParsedEmail) else None for p in parsed]
    except Exception:
        log.debug("batch classification failed; classifying one by one", exc_info=True)
    return [_classify_one(ws, p) if isinstance(p, ParsedEmail) else None for p in parsed]


def _classify_one(ws: Workspace, parsed: ParsedEmail) -> Classified:
    try:
        (result,) = ws.classifier.classify([message_input(parsed)])
    except Exception as exc:
        return StageError.of("classify_error", exc)
    return result


def _store_blobs(ws: Workspace, parsed: ParsedEmail) -> None:
    ws.blob_store.put_many(att.data for att in parsed.attachments)


@dataclass(frozen=True)
class Prepared:
    """A stored message parsed and classified, ready to file (pickles: may cross processes)."""

    parsed: Parsed
    classified: Classified
    readings: TextReadings | None = None


def _read_texts(parsed: Parsed, classified: Classified, threshold: float) -> TextReadings | None:
    if not isinstance(parsed, ParsedEmail) or isinstance(classified, StageError):
        return None
    reviewable = classified is None or may_be_review(
        classified.message.label.value, classified.message.confidence, threshold
    )
    try:
        return read_texts(parsed, reviewable)
    except Exception:  # filing reads the text again and records what goes wrong there
        log.debug("reading the text failed; left to filing", exc_info=True)
        return None


def prepare(ws: Workspace, pending: Sequence[tuple[str, str]]) -> list[Prepared]:
    """Parse, classify, read the new text and keep the attachments of ``(sha256, origin)``
    pairs.

    CPU and files only, no database: this is the part that can run in another process
    while this one files (`mailroom.prepare_pool`).
    """
    parsed = _parse_batch(ws, pending)
    classified = _classify_batch(ws, parsed)
    for one in parsed:
        if isinstance(one, ParsedEmail):
            _store_blobs(ws, one)
    return [
        Prepared(p, c, _read_texts(p, c, ws.settings.review_threshold))
        for p, c in zip(parsed, classified, strict=True)
    ]


def _file_one(
    session: Session,
    ws: Workspace,
    sha: str,
    origin: str,
    parsed: Parsed,
    classification: Classified,
    readings: TextReadings | None = None,
) -> Outcome:
    from mailroom.decisions import apply_decisions
    from tracker.operations.messages import file_message
    from tracker.routing import route

    for stage_error in (parsed, classification):
        if isinstance(stage_error, StageError):
            raise stage_error
    assert not isinstance(classification, StageError)
    if parsed is None:
        raw_ledger.mark_failed(
            session, sha, "not_an_email", "no RFC 5322 header block could be found"
        )
        return Outcome.FAILED
    inbound = inbound_message(
        parsed, classification, review_threshold=ws.settings.review_threshold, origin=origin, size=0
    )
    where = route(session, inbound, domain=ws.settings.mail_domain)
    result = file_message(session, inbound, where, actor=SYSTEM)
    apply_decisions(session, ws, parsed, classification, inbound, where, result, readings)
    outcomes = {f.outcome for f in result.filings}
    if FilingOutcome.FILED in outcomes:
        return Outcome.NEW
    if outcomes == {FilingOutcome.UNROUTED}:
        return Outcome.UNROUTED
    return Outcome.DUPLICATE


# Messages filed per transaction. A commit per message costs ten times a batched
# insert; a whole fetch batch in one transaction holds the row locks it takes (a
# milestone completed, an invoice linked) for seconds, and a second worker filing into
# the same project waits that long on PostgreSQL.
COMMIT_EVERY = 100

_PROCESSED = frozenset({Outcome.NEW, Outcome.DUPLICATE, Outcome.UNROUTED})


def _record_failure(session: Session, sha: str, exc: BaseException, max_attempts: int) -> Outcome:
    """Count a failed attempt; at ``max_attempts`` park the message with a reason code.

    The reason names the stage (``raw_unreadable``, ``parse_error``, ``classify_error``,
    ``filing_error``), the error keeps the exception, and the ledger row's sha256 is
    the pointer to the raw bytes (`mailroom replay` runs them again).
    """
    reason = exc.stage if isinstance(exc, StageError) else "filing_error"
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    attempts = raw_ledger.increment_attempts(session, sha)
    if attempts >= max_attempts:
        raw_ledger.mark_quarantined(session, sha, reason, detail)
        log_event(
            log,
            logging.WARNING,
            "message quarantined",
            sha256=sha[:12],
            attempts=attempts,
            error=detail,
        )
        return Outcome.QUARANTINED
    log_event(
        log,
        logging.INFO,
        "processing failed, will retry",
        sha256=sha[:12],
        attempts=attempts,
        error=detail,
    )
    return Outcome.PENDING


def process(
    ws: Workspace,
    shas: Iterable[str],
    *,
    max_attempts: int | None = None,
    prepared: Mapping[str, Prepared] | None = None,
) -> dict[str, Outcome]:
    """Process stored messages by sha256; already-processed ones are skipped (idempotent).

    ``prepared`` holds messages already parsed and classified elsewhere (by sha256); the
    rest are prepared here. The batch commits every `COMMIT_EVERY` messages; one
    message's failure rolls back only its own writes and the rest of the batch still
    lands (see `_file_chunk`).
    """
    limit = max_attempts or max(1, int(ws.settings.get("queue", "max_retries")))
    pending = pending_of(ws, list(dict.fromkeys(shas)))
    if not pending:
        return {}
    ready = dict(prepared or {})
    todo = [(sha, origin) for sha, origin in pending if sha not in ready]
    if todo:
        ready.update(zip((sha for sha, _ in todo), prepare(ws, todo), strict=True))
    outcomes: dict[str, Outcome] = {}
    for start in range(0, len(pending), COMMIT_EVERY):
        chunk = pending[start : start + COMMIT_EVERY]
        outcomes.update(_file_chunk(ws, chunk, ready, limit))
    return outcomes


class _Isolate(Exception):
    """A message failed while the chunk was filed without savepoints: file it again, each
    message in its own savepoint."""


def _file_chunk(
    ws: Workspace, chunk: Sequence[tuple[str, str]], ready: Mapping[str, Prepared], limit: int
) -> dict[str, Outcome]:
    """File one chunk in one transaction: claim, file each message, mark processed.

    A savepoint per message costs two statements (two round trips on PostgreSQL) and is
    needed only when a message fails, which is rare: the chunk is filed without them
    first, and only if a message fails is the transaction rolled back and the chunk
    filed again with each message in its own savepoint, so that one message's failure
    rolls back only its own writes and the rest of the chunk still lands.
    """
    try:
        return _file_chunk_once(ws, chunk, ready, limit, isolate=False)
    except _Isolate:
        return _file_chunk_once(ws, chunk, ready, limit, isolate=True)


def _file_chunk_once(
    ws: Workspace,
    chunk: Sequence[tuple[str, str]],
    ready: Mapping[str, Prepared],
    limit: int,
    *,
    isolate: bool,
) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    with ws.transaction() as session:
        claimed = set(claims.claim_stored(session, [sha for sha, _ in chunk]))
        if claimed:
            claims.hold_filing_lock(session)  # one filer at a time (see claims)
        for sha, origin in chunk:
            if sha not in claimed:
                continue  # filed meanwhile, or being filed by another worker right now
            one = ready[sha]
            stage_error = next((e for e in (one.parsed, one.classified)
                                if isinstance(e, StageError)), None)  # fmt: skip
            if stage_error is not None:  # failed before filing: nothing to roll back
                log.debug("processing %s failed", sha, exc_info=stage_error)
                outcomes[sha] = _record_failure(session, sha, stage_error, limit)
                continue
            try:
                with session.begin_nested() if isolate else contextlib.nullcontext():
                    outcomes[sha] = _file_one(
                        session, ws, sha, origin, one.parsed, one.classified, one.readings
                    )
            except Exception as exc:  # one message's failure never stops the batch
                if not isolate:
                    raise _Isolate from exc
                log.debug("processing %s failed", sha, exc_info=True)
                outcomes[sha] = _record_failure(session, sha, exc, limit)
        filed = [sha for sha, outcome in outcomes.items() if outcome in _PROCESSED]
        raw_ledger.mark_processed_many(session, filed)  # one statement for the chunk
    return outcomes


def process_until_settled(
    ws: Workspace, shas: Sequence[str], *, prepared: Mapping[str, Prepared] | None = None
) -> dict[str, Outcome]:
    """Process now, retrying failures in place until each is filed or quarantined.

    ``prepared`` serves the first attempt only: a retry parses and classifies afresh.
    """
    limit = max(1, int(ws.settings.get("queue", "max_retries")))
    final: dict[str, Outcome] = {}
    todo = list(shas)
    for attempt in range(limit):
        ready = prepared if attempt == 0 else None
        outcomes = process(ws, todo, max_attempts=limit, prepared=ready)
        final.update(outcomes)
        todo = [sha for sha, outcome in outcomes.items() if outcome is Outcome.PENDING]
        if not todo:
            break
    return final


def status_outcome(status: ProcessingStatus) -> Outcome:
    """The summary bucket of a message that was already in the ledger."""
    if status is ProcessingStatus.FAILED:
        return Outcome.FAILED
    if status is ProcessingStatus.QUARANTINED:
        return Outcome.QUARANTINED
    return Outcome.DUPLICATE
