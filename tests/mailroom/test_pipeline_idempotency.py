"""The pipeline is keyed by the stored message: redelivered or raced work does nothing twice."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest

from ingest import RawEmail
from mailroom.pipeline import Outcome, process, store_raw
from mailroom.sweeper import unprocessed_batches
from mailroom.wiring import Workspace
from tests.fixtures.dovecot import make_message
from tracker.operations import raw as raw_ledger
from tracker.operations.messages import message_count


@pytest.fixture
def ws(tmp_path: Path, db_url: str) -> Workspace:
    (tmp_path / "mailroom.toml").write_text(f'[database]\nurl = "{db_url}"\n')
    workspace = Workspace(home=tmp_path)
    workspace.initialise()
    return workspace


def stored(ws: Workspace, count: int) -> list[str]:
    raws = [RawEmail.from_bytes(make_message(f"m{i}"), f"test:{i}") for i in range(count)]
    return [s.sha256 for s in store_raw(ws, raws)]


def filed(ws: Workspace) -> int:
    with ws.transaction() as session:
        return message_count(session, None)


def test_processing_a_batch_again_does_nothing(ws: Workspace) -> None:
    # Given a batch that was processed
    shas = stored(ws, 5)
    first = process(ws, shas)
    # When the same task is delivered again
    second = process(ws, shas)
    # Then nothing is processed or filed twice
    assert set(first.values()) == {Outcome.UNROUTED}
    assert second == {}
    assert filed(ws) == 5


def test_two_workers_racing_on_one_batch_file_each_message_once(ws: Workspace) -> None:
    # Given one batch handed to two workers at the same moment
    shas = stored(ws, 20)
    _ = ws.classifier
    start = threading.Barrier(2)
    results: list[dict[str, Outcome]] = []

    def worker() -> None:
        start.wait()
        results.append(process(ws, shas))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    # When both process it
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then each message is filed by exactly one of them
    assert sorted(len(r) for r in results)[1] >= 1
    assert sum(len(r) for r in results) == 20
    assert filed(ws) == 20


def test_sweeper_leaves_fresh_messages_to_their_queued_task(ws: Workspace) -> None:
    # Given three messages stored just now and not processed
    stored(ws, 3)
    # When the routine sweep (minimum age one minute) and a recovery sweep look
    routine = list(unprocessed_batches(ws, min_age=timedelta(minutes=1)))
    recovery = list(unprocessed_batches(ws))
    # Then only the recovery sweep hands them out
    assert routine == []
    assert sum(len(b) for b in recovery) == 3


def test_sweeper_skips_processed_and_parked_messages(ws: Workspace) -> None:
    # Given one processed, one quarantined and one waiting message
    done, parked, waiting = stored(ws, 3)
    process(ws, [done])
    with ws.transaction() as session:
        raw_ledger.mark_quarantined(session, parked, "filing_error", "boom")
    # When the sweeper looks
    batches = list(unprocessed_batches(ws))
    # Then only the waiting one is handed out
    assert batches == [[waiting]]
