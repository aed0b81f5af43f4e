"""What a new user reads first: `mailroom --help` and the ingest progress bar."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailroom.cli import main
from mailroom.commands import GROUPS
from mailroom.ingestion import ingest_path
from mailroom.wiring import Workspace

DESIGN_COMMANDS = ["init", "demo", "ingest", "poll", "worker", "serve", "project", "member",
                   "status", "classify", "parse-reply", "summary", "audit"]  # fmt: skip


def _help() -> str:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    return result.stdout


def test_help_lists_every_command_of_the_design() -> None:
    # Given the command group
    # When --help is printed
    listed = {line.split()[0] for line in _help().splitlines() if line.startswith("  ")}

    # Then every command design.md names is there
    assert set(DESIGN_COMMANDS) <= listed


def test_help_lists_each_registered_command_once_with_an_untruncated_summary() -> None:
    # Given the registration table
    # When --help is printed at the default width
    rows = {}
    for line in _help().splitlines():
        parts = line.split(maxsplit=1)
        if line.startswith("  ") and parts and parts[0] in dict(GROUPS):
            rows.setdefault(parts[0], []).append(parts[1] if len(parts) > 1 else "")

    # Then each command has exactly one row whose summary is a whole sentence
    assert sorted(rows) == sorted(name for name, _ in GROUPS)
    for name, summaries in rows.items():
        assert len(summaries) == 1, name
        assert not summaries[0].endswith("..."), f"{name}: {summaries[0]}"


def test_help_does_not_touch_the_workspace(tmp_path: Path) -> None:
    # Given a home that does not exist
    home = tmp_path / "nothing-here"

    # When help is asked for
    args = ["--home", str(home), "ingest", "--help"]
    result = CliRunner().invoke(main, args, prog_name="mailroom")

    # Then it is printed and no directory is created
    assert result.exit_code == 0 and "Usage: mailroom ingest" in result.stdout
    assert not home.exists()


def test_the_progress_bar_names_the_folder_and_counts_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a workspace and a folder of three messages
    ws = Workspace.lazy(home=tmp_path / "ws")
    ws.initialise()
    folder = tmp_path / "march-mail"
    folder.mkdir()
    for n in range(3):
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "a@x.example", "b@y.example", f"note {n}"
        msg.set_content(f"note {n}\n")
        (folder / f"{n}.eml").write_bytes(msg.as_bytes())

    # When it is ingested with the bar drawn
    ingest_path(ws, folder, progress=True)

    # Then the bar names the folder, counts messages and shows the running buckets
    drawn = capsys.readouterr().err
    assert "filing march-mail" in drawn
    assert "3/3" in drawn
    assert "3 unrouted" in drawn
