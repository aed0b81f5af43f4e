"""Poison messages never block a batch: bounded attempts, then quarantine; replay re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import RawEmail
from mailroom.pipeline import Outcome, process, process_until_settled, store_raw
from mailroom.replay import replay_messages
from mailroom.wiring import Workspace
from tests.fixtures.dovecot import make_message
from tracker.operations import raw as raw_ledger
from tracker.operations.messages import message_count
from tracker.types import ProcessingStatus


@pytest.fixture
def ws(tmp_path: Path, sqlite_url: str) -> Workspace:
    (tmp_path / "mailroom.toml").write_text(
        f'[database]\nurl = "{sqlite_url}"\n[queue]\nmax_retries = 3\n'
    )
    workspace = Workspace(home=tmp_path)
    workspace.initialise()
    return workspace


def stored(ws: Workspace, count: int) -> list[str]:
    raws = [RawEmail.from_bytes(make_message(f"q{i}"), f"test:{i}") for i in range(count)]
    return [s.sha256 for s in store_raw(ws, raws)]


def lose_raw_bytes(ws: Workspace, sha: str) -> bytes:
    path = ws.raw_store.path(sha)
    data = path.read_bytes()
    path.unlink()
    return data


def ledger_row(ws: Workspace, sha: str) -> tuple[ProcessingStatus, int, str | None, str | None]:
    with ws.transaction() as session:
        row = raw_ledger.get_raw(session, sha)
        return row.status, row.attempts, row.reason, row.error


def filed(ws: Workspace) -> int:
    with ws.transaction() as session:
        return message_count(session, None)


def test_a_failing_message_is_retried_and_the_rest_of_its_batch_is_filed(ws: Workspace) -> None:
    # Given a batch of three whose middle message's raw bytes cannot be read
    good1, bad, good2 = stored(ws, 3)
    lose_raw_bytes(ws, bad)
    # When the batch is processed once
    outcomes = process(ws, [good1, bad, good2])
    # Then the others are filed and the bad one waits for another attempt
    assert outcomes == {good1: Outcome.UNROUTED, bad: Outcome.PENDING, good2: Outcome.UNROUTED}
    assert ledger_row(ws, bad)[:2] == (ProcessingStatus.STORED, 1)
    assert filed(ws) == 2


def test_a_poison_message_is_quarantined_with_reason_and_error_after_bounded_attempts(
    ws: Workspace,
) -> None:
    # Given a message whose raw bytes are gone
    (bad,) = stored(ws, 1)
    lose_raw_bytes(ws, bad)
    # When it is processed until settled (max_retries = 3)
    outcomes = process_until_settled(ws, [bad])
    # Then it is parked with the stage as reason and the error, after exactly 3 attempts
    status, attempts, reason, error = ledger_row(ws, bad)
    assert outcomes == {bad: Outcome.QUARANTINED}
    assert (status, attempts, reason) == (ProcessingStatus.QUARANTINED, 3, "raw_unreadable")
    assert error and "FileNotFoundError" in error


def test_replay_files_a_repaired_quarantined_message_once(ws: Workspace) -> None:
    # Given a quarantined message whose raw bytes were restored afterwards
    (bad,) = stored(ws, 1)
    data = lose_raw_bytes(ws, bad)
    process_until_settled(ws, [bad])
    ws.raw_store.put(data)
    # When it is replayed, twice
    first = replay_messages(ws, [bad[:12]])
    second = replay_messages(ws, None)
    # Then it is filed once and nothing is left parked
    assert first == {bad: Outcome.UNROUTED}
    assert second == {}
    assert ledger_row(ws, bad)[0] is ProcessingStatus.PROCESSED
    assert filed(ws) == 1
