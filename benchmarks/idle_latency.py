"""IDLE latency: APPEND one message → stored, classified and filed, as seen in the database.

Usage: python benchmarks/idle_latency.py [--rounds 30] [--database sqlite|postgresql]

Starts a private Dovecot and one `mailroom poll` (embedded default: the poller files
in-process), waits until it IDLEs, then APPENDs one generated message per round and
polls the ledger every 5 ms until that message is `processed`. Prints median, p95 and
max. Targets (issue 4): median ≤ 1 s, p95 ≤ 2 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.mailgen.corpus import generate_messages  # noqa: E402

MAILROOM = str(Path(sys.executable).parent / "mailroom")
DEADLINE = 60.0


def _processed(ws) -> int:  # ws: mailroom.wiring.Workspace
    from tracker.operations import raw as raw_ledger
    from tracker.types import ProcessingStatus

    with ws.transaction() as session:
        counts = raw_ledger.counts_by_status(session)
    return counts[ProcessingStatus.PROCESSED] + counts[ProcessingStatus.FAILED]


def _state(ws) -> str | None:
    from tracker.operations import intake_state

    with ws.transaction() as session:
        checkpoints = intake_state.list_checkpoints(session)
    return checkpoints[0].state if checkpoints else None


def _wait(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.005)


def run(rounds: int, database_url: str | None, work: Path) -> list[float]:
    from benchmarks.live_servers import dovecot
    from mailroom.wiring import Workspace

    with dovecot() as account:
        home = work / "home"
        home.mkdir()
        db = f'[database]\nurl = "{database_url}"\n' if database_url else ""
        (home / "mailroom.toml").write_text(
            db + f'[imap]\nhost = "{account.host}"\nport = {account.port}\n'
            f'username = "{account.username}"\npassword = "{account.password}"\n'
            'security = "none"\n'
        )
        ws = Workspace(home=home)
        ws.initialise()
        messages = [raw for _, raw in generate_messages(rounds + 1, 7)]
        account.append(messages[0])  # warm-up: the first message loads everything
        env = {k: v for k, v in os.environ.items() if k != "MAILROOM_HOME"}
        poller = subprocess.Popen([MAILROOM, "--home", str(home), "poll"], env=env,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            _wait(lambda: _processed(ws) >= 1, "the warm-up message")
            _wait(lambda: _state(ws) == "idle", "the poller to IDLE")
            latencies = []
            client = account.client()
            for i, message in enumerate(messages[1:], start=2):
                time.sleep(0.3)  # let the poller settle back into IDLE
                started = time.perf_counter()
                client.append("INBOX", message)
                _wait(lambda i=i: _processed(ws) >= i, f"message {i}")
                latencies.append(time.perf_counter() - started)
            client.logout()
        finally:
            poller.terminate()
            poller.wait(timeout=60)
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="mailroom-idle-"))
    try:
        with contextlib.ExitStack() as stack:
            url = None
            if args.database == "postgresql":
                from benchmarks.live_servers import postgres_database

                url = stack.enter_context(postgres_database())
            latencies = sorted(run(args.rounds, url, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    print(f"IDLE latency APPEND -> stored+classified+filed, {len(latencies)} rounds "
          f"({args.database}):")  # fmt: skip
    print(f"  median {statistics.median(latencies) * 1000:6.0f} ms (target <= 1000)")
    print(f"  p95    {p95 * 1000:6.0f} ms (target <= 2000)")
    print(f"  max    {latencies[-1] * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
