"""Killing `mailroom ingest` half-way and running it again finishes the job exactly once.

The real command runs in a subprocess on a generated corpus; once some messages are
filed it gets SIGKILL (no clean-up of any kind). The second run must end with the very
same record as one uninterrupted run: same row count in every table, no message filed
twice in a project.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from benchmarks.make_corpus import write_corpus
from mailroom.cli import main

COUNT = 200
KILL_AFTER = 30  # filed messages before the kill


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _workspace(home: Path, corpus: Path) -> Path:
    _run(home, "init")
    _run(home, "project", "import", str(corpus / "projects.toml"))
    return home


def _mailroom() -> list[str]:
    script = Path(sys.executable).parent / "mailroom"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mailroom"]


def _query(home: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(home / "mailroom.sqlite3", timeout=10) as conn:
        return conn.execute(sql).fetchall()


def _filed(home: Path) -> int:
    try:
        return int(_query(home, "select count(*) from raw_messages where status='processed'")[0][0])
    except sqlite3.OperationalError:  # locked by the writer for a moment
        return 0


def _row_counts(home: Path) -> dict[str, int]:
    tables = [r[0] for r in _query(home, "select name from sqlite_master where type='table'")]
    return {t: int(_query(home, f'select count(*) from "{t}"')[0][0]) for t in sorted(tables)}


def _kill_once_some_are_filed(home: Path, corpus: Path) -> None:
    env = {**os.environ, "MAILROOM_QUEUE_BATCH_SIZE": "10"}
    command = [*_mailroom(), "--home", str(home), "ingest", "--json", str(corpus / "mail")]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _filed(home) < KILL_AFTER:
            assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr.read()!r}"
            assert time.monotonic() < deadline, "ingest filed nothing in time"
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()


@pytest.mark.slow
def test_ingest_killed_half_way_then_rerun_matches_one_clean_run(tmp_path: Path) -> None:
    # Given a generated corpus, and the record one uninterrupted run makes of it
    corpus = tmp_path / "corpus"
    write_corpus(corpus, COUNT, seed=3)
    clean = _workspace(tmp_path / "clean", corpus)
    _run(clean, "ingest", "--json", str(corpus / "mail"))

    # When ingest is SIGKILLed part-way through, then run again
    home = _workspace(tmp_path / "killed", corpus)
    _kill_once_some_are_filed(home, corpus)
    filed_before = _filed(home)
    counts = json.loads(_run(home, "ingest", "--json", str(corpus / "mail")).stdout)

    # Then the rerun files exactly what was left, and the record equals the clean run's
    assert KILL_AFTER <= filed_before < COUNT
    assert counts["seen"] == COUNT
    assert counts["duplicate"] == filed_before
    assert counts["new"] + counts["unrouted"] == COUNT - filed_before
    assert counts["failed"] == counts["quarantined"] == 0
    assert _row_counts(home) == _row_counts(clean)
    assert _query(home, "select project_id, message_id from messages "
                        "group by project_id, message_id having count(*) > 1") == []  # fmt: skip
