"""`mailroom ingest` summaries add up, and ingesting again changes nothing.

Every message read lands in exactly one bucket (new, duplicate, unrouted, failed,
quarantined), so the buckets sum to `seen`; a second run over the same folder counts
everything already filed as a duplicate and leaves the record as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from email.message import EmailMessage
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import create_engine, func, select

from mailroom.cli import main
from tracker.models.message import Document, Message, MessageReference, RawMessage, Thread

DEMO = Path(__file__).resolve().parents[2] / "mailroom" / "demo"
BUCKETS = ("new", "duplicate", "unrouted", "failed", "quarantined")


def _mail(n: int, to: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ann Sponsor <ann@sponsor.example>"
    msg["To"] = to
    msg["Subject"] = f"Question {n} about the kickoff"
    msg["Date"] = "Tue, 05 Mar 2024 10:15:00 +0000"
    msg["Message-ID"] = f"<summary-{n}@sponsor.example>"
    for name, value in headers.items():
        del msg[name.replace("_", "-")]
        msg[name.replace("_", "-")] = value
    msg.set_content(f"Hello,\n\ncould we meet on day {n} to go through the plan?\n\nAnn\n")
    return msg.as_bytes()


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _workspace(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    _run(home, "init")
    _run(home, "project", "create", "alpha", "--name", "Alpha", "--service-type",
         "bioanalysis", "--sponsor", "Sponsor Inc", "--cro", "Lab Ltd")  # fmt: skip
    _run(home, "member", "add", "alpha", "ann@sponsor.example", "--role", "sponsor_pm")
    return home


def _ingest_json(home: Path, path: Path) -> dict[str, int]:
    return json.loads(_run(home, "ingest", "--json", str(path)).stdout)


def _mixed_folder(root: Path) -> Path:
    folder = root / "mixed"
    folder.mkdir()
    good = [_mail(n, "proj-alpha@mailroom.example") for n in range(3)]
    for n, data in enumerate(good):
        (folder / f"good-{n}.eml").write_bytes(data)
    (folder / "good-0-copy.eml").write_bytes(good[0])  # the same bytes saved twice
    (folder / "garbage.eml").write_bytes(os.urandom(2048))
    (folder / "stranger.eml").write_bytes(
        _mail(10, "someone@elsewhere.example", From="Zed <zed@unknown.example>")
    )
    away = _mail(11, "proj-alpha@mailroom.example", Auto_Submitted="auto-replied",
                 Subject="Out of office: Question 0")  # fmt: skip
    (folder / "away.eml").write_bytes(away)
    return folder


def test_summary_buckets_add_up_on_a_mixed_folder(tmp_path: Path) -> None:
    # Given good mail, a repeated file, random bytes, mail for no project and an auto-reply
    home = _workspace(tmp_path)
    folder = _mixed_folder(tmp_path)

    # When it is ingested
    counts = _ingest_json(home, folder)

    # Then each of the 7 messages lands in exactly one bucket
    assert counts == {"seen": 7, "new": 4, "duplicate": 1, "unrouted": 1, "failed": 1,
                      "quarantined": 0}  # fmt: skip
    assert sum(counts[b] for b in BUCKETS) == counts["seen"]


def test_ingesting_a_folder_again_counts_everything_as_already_seen(tmp_path: Path) -> None:
    # Given a mixed folder ingested once
    home = _workspace(tmp_path)
    folder = _mixed_folder(tmp_path)
    _ingest_json(home, folder)

    # When it is ingested a second time
    counts = _ingest_json(home, folder)

    # Then nothing is new: filed mail is duplicate, unreadable bytes stay failed
    assert counts == {"seen": 7, "new": 0, "duplicate": 6, "unrouted": 0, "failed": 1,
                      "quarantined": 0}  # fmt: skip


def test_the_human_summary_names_next_steps_for_problem_buckets(tmp_path: Path) -> None:
    # Given a mixed folder with an unroutable and an unreadable message
    home = _workspace(tmp_path)
    folder = _mixed_folder(tmp_path)

    # When it is ingested without --json
    out = _run(home, "ingest", str(folder)).stdout

    # Then the first line has every count and the problems say where to look
    first, *hints = out.strip().splitlines()
    assert first == ("7 message(s) read: 4 new, 1 duplicate, 1 unrouted, 1 failed, "
                     "0 quarantined")  # fmt: skip
    assert any("mailroom review --unrouted" in h for h in hints)
    assert any("mailroom replay" in h for h in hints)


def _row_counts(home: Path) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{home / 'mailroom.sqlite3'}")
    with engine.connect() as conn:
        counts = {
            model.__tablename__: conn.scalar(select(func.count()).select_from(model)) or 0
            for model in (RawMessage, Message, Thread, MessageReference, Document)
        }
    engine.dispose()
    return counts


def test_ingesting_the_demo_mail_twice_leaves_the_same_record(tmp_path: Path) -> None:
    # Given a workspace with the demo projects and the demo mail ingested once
    home = tmp_path / "home"
    _run(home, "init")
    _run(home, "project", "import", str(DEMO / "projects.toml"))
    mail = tmp_path / "mail"
    shutil.copytree(DEMO / "mail", mail)
    first = _ingest_json(home, mail)
    before = _row_counts(home)

    # When the same mail is ingested again
    second = _ingest_json(home, mail)

    # Then every message is a duplicate and no table grew
    assert first["new"] == first["seen"] > 0
    assert second == {"seen": first["seen"], "new": 0, "duplicate": first["seen"],
                      "unrouted": 0, "failed": 0, "quarantined": 0}  # fmt: skip
    assert _row_counts(home) == before
