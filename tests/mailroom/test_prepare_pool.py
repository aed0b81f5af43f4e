"""Preparing in a helper process files exactly what inline processing files, and a dead
or broken helper costs nothing but time: its batch is prepared inline."""

from __future__ import annotations

import logging
import subprocess
import sys
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

from ingest import RawEmail
from mailroom.pipeline import Outcome, Prepared, pending_of, prepare, store_raw
from mailroom.prepare_pool import PART, PipelinedIntake, PreparePool, prepare_processes
from mailroom.settings import Settings
from mailroom.wiring import Workspace
from tests.fixtures.dovecot import make_message
from tracker.models.message import Message
from tracker.operations import raw as raw_ledger


def workspace(home: Path, db_url: str) -> Workspace:
    home.mkdir(parents=True, exist_ok=True)
    (home / "mailroom.toml").write_text(f'[database]\nurl = "{db_url}"\n')
    created = Workspace(home=home)
    created.initialise()
    return created


@pytest.fixture
def ws(tmp_path: Path, db_url: str) -> Workspace:
    return workspace(tmp_path / "home", db_url)


def with_setting(ws: Workspace, key: tuple[str, str], value: object) -> Settings:
    return replace(ws.settings, values={**ws.settings.values, key: value})


SUBJECTS = ("Quote Q-1042 for the PK study", "Sample manifest attached", "Invoice INV-88 due",
            "Draft report for review", "Lunch on Friday?")  # fmt: skip


def batches(ws: Workspace, tag: str, count: int, size: int) -> list[list[str]]:
    raws = [
        RawEmail.from_bytes(make_message(f"{tag}{i} {SUBJECTS[i % len(SUBJECTS)]}"), f"t:{i}")
        for i in range(count * size)
    ]
    keys = [s.sha256 for s in store_raw(ws, raws)]
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def labels(ws: Workspace) -> dict[str, str | None]:
    with ws.transaction() as session:
        return {m.subject: m.label for m in session.query(Message)}


def statuses(ws: Workspace) -> dict[str, int]:
    with ws.transaction() as session:
        return {str(k): v for k, v in raw_ledger.counts_by_status(session).items() if v}


def test_a_helper_process_files_the_same_as_inline(ws: Workspace, tmp_path: Path) -> None:
    # Given three batches stored, and the same mail filed inline into another workspace
    pooled = PipelinedIntake(ws, PreparePool(ws.settings, 1))
    for batch in batches(ws, "m", 3, 5):
        # When each batch is handed to the pipelined intake with one helper process
        pooled.submit(batch)
    pooled.close()
    # Then every message is processed once, as inline processing would have done it
    assert set(pooled.outcomes.values()) == {Outcome.UNROUTED}
    assert len(pooled.outcomes) == 15
    assert statuses(ws) == {"processed": 15}
    inline = workspace(tmp_path / "inline", f"sqlite:///{tmp_path}/inline.sqlite3")
    direct = PipelinedIntake(inline, None)
    for batch in batches(inline, "m", 3, 5):
        direct.submit(batch)
    assert labels(inline) == labels(ws)


def test_parts_no_helper_has_started_are_taken_back_and_prepared_here(ws: Workspace) -> None:
    # Given a batch in two parts: one a helper has prepared, one no helper has started
    (keys,) = batches(ws, "s", 1, 6)
    first, second = pending_of(ws, keys[:3]), pending_of(ws, keys[3:])
    done: Future[dict[str, Prepared]] = Future()
    done.set_result(dict(zip(keys[:3], prepare(ws, first), strict=True)))
    not_started: Future[dict[str, Prepared]] = Future()
    intake = PipelinedIntake(ws, None)
    # When the batch's prepared messages are collected for filing
    prepared = intake._collect([(first, done), (second, not_started)])
    # Then the waiting part is withdrawn from the helper and prepared in this process
    assert not_started.cancelled()
    assert prepared is not None and set(prepared) == set(keys)
    subjects = {sha: one.parsed.subject for sha, one in prepared.items()}  # type: ignore[union-attr]
    assert sorted(subjects.values()) == sorted(
        one.parsed.subject for one in prepare(ws, first + second)  # type: ignore[union-attr]
    )


def test_a_batch_larger_than_a_part_files_the_same_with_a_helper(
    ws: Workspace, tmp_path: Path
) -> None:
    # Given batches of several parts each (the helper cannot start them all at once)
    pooled = PipelinedIntake(ws, PreparePool(ws.settings, 1))
    for batch in batches(ws, "p", 2, 2 * PART + 10):
        pooled.submit(batch)
    pooled.close()
    # Then every message is processed exactly once, labelled as inline processing does
    assert statuses(ws) == {"processed": 2 * (2 * PART + 10)}
    inline = workspace(tmp_path / "inline", f"sqlite:///{tmp_path}/inline.sqlite3")
    direct = PipelinedIntake(inline, None)
    for batch in batches(inline, "p", 2, 2 * PART + 10):
        direct.submit(batch)
    assert labels(inline) == labels(ws)


def test_a_helper_killed_mid_batch_costs_only_time(
    ws: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a batch handed to a helper process that is then killed (kill -9)
    intake = PipelinedIntake(ws, PreparePool(ws.settings, 1))
    first, second = batches(ws, "k", 2, 4)
    intake.submit(first)
    helpers = [
        child
        for child in psutil.Process().children(recursive=True)
        if "spawn_main" in " ".join(child.cmdline())
    ]
    assert helpers, "the helper process was not started"
    for helper in helpers:
        helper.kill()
    # When more work arrives and everything is drained
    with caplog.at_level(logging.WARNING, logger="mailroom.prepare_pool"):
        intake.submit(second)
        intake.close()
    # Then the failure is logged, and every message is processed exactly once
    assert "prepare helper failed" in caplog.text
    assert len(intake.outcomes) == 8
    assert statuses(ws) == {"processed": 8}


def test_a_helper_that_cannot_start_leaves_the_work_to_this_process(ws: Workspace) -> None:
    # Given a pool whose helpers cannot load their model
    broken = with_setting(ws, ("classifier", "model_dir"), "/nonexistent")
    intake = PipelinedIntake(ws, PreparePool(broken, 1))
    # When two batches go through it
    for batch in batches(ws, "b", 2, 3):
        intake.submit(batch)
    intake.close()
    # Then both are prepared inline and filed once
    assert len(intake.outcomes) == 6
    assert statuses(ws) == {"processed": 6}


def test_auto_uses_the_spare_cores(ws: Workspace) -> None:
    # Given the default setting, and an explicit one
    explicit = with_setting(ws, ("queue", "prepare_processes"), 0)
    # When the number of helpers is decided
    # Then auto leaves one core to filing (at most two helpers), and 0 means inline
    cores = psutil.cpu_count() or 1
    assert prepare_processes(ws.settings) == max(0, min(2, cores - 1))
    assert prepare_processes(explicit) == 0


def test_small_batches_are_filed_at_once_without_starting_helpers(ws: Workspace) -> None:
    # Given an intake whose helpers start only for a backlog batch of ten
    pool = PreparePool(ws.settings, 1)
    intake = PipelinedIntake(ws, pool, start_at=10)
    # When single mails and a batch of three arrive
    filed: list[int] = []
    for batch in batches(ws, "s", 1, 3) + batches(ws, "t", 2, 1):
        intake.submit(batch, lambda keys, _outcomes: filed.append(len(keys)))
    # Then each is filed at submit, inline, and no helper process was started
    assert filed == [3, 1, 1]
    assert statuses(ws) == {"processed": 5}
    assert not pool.started


HOLDER = """
import sys, time
from pathlib import Path
from mailroom.prepare_pool import PreparePool
from mailroom.wiring import Workspace

pool = PreparePool(Workspace(home=Path(sys.argv[1])).settings, 1)
pool.submit([]).result()  # the helper is up
print("ready", flush=True)
time.sleep(600)
"""


def test_a_helper_exits_when_its_parent_is_killed(ws: Workspace) -> None:
    # Given a process holding a started helper
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ws.settings.home)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        helpers = [
            child
            for child in psutil.Process(holder.pid).children(recursive=True)
            if "spawn_main" in " ".join(child.cmdline())
        ]
        assert len(helpers) == 1
        # When the holder is killed (kill -9: no chance to stop its pool)
        holder.kill()
        holder.wait()
        # Then the orphaned helper notices and exits instead of waiting forever
        gone, alive = psutil.wait_procs(helpers, timeout=60)
        assert gone and not alive
    finally:
        holder.kill()
