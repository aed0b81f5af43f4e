"""`mailroom ingest --quiet`: an import of old mail is recorded in full and answers nobody."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import create_engine, func, select

from mailroom.cli import main
from tracker.models.audit import AuditEvent
from tracker.models.message import Message
from tracker.models.outbox import OutboxItem

DEMO = Path(__file__).resolve().parents[2] / "mailroom" / "demo"


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _counts(home: Path) -> dict[str, object]:
    engine = create_engine(f"sqlite:///{home / 'mailroom.sqlite3'}")
    with engine.connect() as conn:
        counts: dict[str, object] = {
            model.__tablename__: conn.scalar(select(func.count()).select_from(model)) or 0
            for model in (Message, OutboxItem)
        }
        counts["actions"] = Counter(conn.scalars(select(AuditEvent.action)))
    engine.dispose()
    return counts


def _demo_import(tmp_path: Path, *flags: str) -> tuple[Path, Result]:
    home = tmp_path / "home"
    _run(home, "init")
    _run(home, "project", "import", str(DEMO / "projects.toml"))
    mail = tmp_path / "mail"
    shutil.copytree(DEMO / "mail", mail)
    return home, _run(home, "ingest", *flags, str(mail))


def test_quiet_import_records_everything_and_queues_no_mail(tmp_path: Path) -> None:
    # Given the demo mail imported once normally and once with --quiet
    loud_home, _ = _demo_import(tmp_path / "loud")
    quiet_home, result = _demo_import(tmp_path / "quiet", "--quiet")
    loud, quiet = _counts(loud_home), _counts(quiet_home)
    # Then both filed every message, but only the normal import queued mail
    assert quiet["messages"] == loud["messages"] > 0
    assert loud["outbox"] > 0
    assert quiet["outbox"] == 0
    # And nothing was written to the outbound folder, and the summary says what was held
    assert not any((quiet_home / "outbox").rglob("*.eml"))
    assert f"{loud['outbox']} mail(s) not queued (--quiet)" in result.output
    # And the record itself is the same: every state change is audited either way
    assert quiet["actions"] == loud["actions"]
