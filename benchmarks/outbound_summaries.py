"""Weekly summaries for 500 projects × 5 members, built, rendered and queued in < 60 s.

    .venv/bin/python -m benchmarks.outbound_summaries [--projects 500] [--members 5]

Builds one synthetic `ProjectSnapshot` per project (20 milestones, a few changes,
deliverables, samples and payments), then for every member builds the context,
renders it and writes the outbox row (one transaction per project, as the scheduler
would). A second pass checks that nothing is queued twice for the same week.
Prints one JSON object; exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.summary import (
    ChangeFact,
    DeliverableFact,
    Member,
    MilestoneFact,
    PaymentFact,
    ProjectSnapshot,
    SampleFact,
    summary_email,
)
from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade
from tracker.types import (
    ChangeStatus,
    DeliverableStatus,
    MilestoneStatus,
    PaymentStatus,
    SampleStatus,
)

TARGET_SECONDS = 60.0
NOW = datetime(2025, 2, 17, 8, 0, tzinfo=UTC)
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney")


def snapshot(index: int, members: int) -> ProjectSnapshot:
    today = NOW.date()
    statuses = list(MilestoneStatus)
    return ProjectSnapshot(
        project_id=index,
        code=f"bench-{index:04d}",
        name=f"Benchmark study {index}",
        members=tuple(
            Member(index * 10 + m, f"Member {m}", f"m{m}.p{index}@example.com", ZONES[m % 5])
            for m in range(members)
        ),
        milestones=tuple(
            MilestoneFact(
                f"ms_{k}",
                f"Milestone {k}",
                statuses[(index + k) % len(statuses)],
                due=today + timedelta(days=k * 3 - 20),
                done_on=today - timedelta(days=k % 7),
                since=today - timedelta(days=k),
            )
            for k in range(20)
        ),
        changes=tuple(
            ChangeFact(n, f"Change {n}", ChangeStatus.AWAITING_APPROVAL, today - timedelta(days=n))
            for n in range(1, 4)
        ),
        deliverables=(
            DeliverableFact(
                "Draft report",
                DeliverableStatus.AWAITING_REVIEW,
                "v1",
                today - timedelta(days=2),
                today + timedelta(days=12),
            ),
        ),
        samples=tuple(SampleFact(s, 10 + i) for i, s in enumerate(SampleStatus)),
        payments=(
            PaymentFact("Milestone 2", "USD 12,000.00", PaymentStatus.DUE, date(2025, 2, 28)),
        ),
    )


def run(projects: int, members: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        snapshots = [snapshot(i, members) for i in range(projects)]
        start = time.perf_counter()
        queued = _queue_all(factory, snapshots)
        elapsed = time.perf_counter() - start
        requeued = _queue_all(factory, snapshots)
        engine.dispose()
    return {
        "benchmark": "outbound_summaries",
        "projects": projects,
        "members": members,
        "queued": queued,
        "queued_again_same_week": requeued,
        "seconds": round(elapsed, 3),
        "target_seconds": TARGET_SECONDS,
        "ok": elapsed < TARGET_SECONDS and queued == projects * members and requeued == 0,
    }


def _queue_all(factory: sessionmaker[Session], snapshots: list[ProjectSnapshot]) -> int:
    queued = 0
    for snap in snapshots:
        with factory.begin() as session:
            for member in snap.members:
                mail = summary_email(snap, member, NOW, "mailroom@mailroom.example")
                # no projects rows in this database, so no project FK
                row = outbox.enqueue(session, replace(mail, project_id=None), now=NOW)
                queued += row is not None
    return queued


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--members", type=int, default=5)
    args = parser.parse_args()
    result = run(args.projects, args.members)
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
