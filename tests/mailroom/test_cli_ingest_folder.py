"""`mailroom ingest FOLDER`: every file that holds mail is read, whatever its name, and
the user is told which files were not read; library chatter stays out of the output."""

from __future__ import annotations

import json
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

from click.testing import CliRunner, Result

from mailroom.cli import main
from tests.ingest.builders import simple_mail


def _invoke(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args])


def _enriched_mail() -> bytes:
    """A mail with a text/enriched part: mail-parser warns it does not handle it."""
    message = MIMEMultipart()
    message["From"] = "Ann <ann@example.org>"
    message["To"] = "proj-x@mailroom.example"
    message["Subject"] = "Two kinds of text"
    message.attach(MIMEText("plain words", "plain"))
    message.attach(MIMEText("<bold>rich</bold> words", "enriched"))
    return message.as_bytes()


def test_a_folder_of_mail_without_eml_names_is_read_and_the_rest_reported(
    tmp_path: Path,
) -> None:
    # Given a workspace, and an export folder: MH-style numbered files, a README
    home = tmp_path / "home"
    assert _invoke(home, "init").exit_code == 0
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "1").write_bytes(simple_mail(subject="first").as_bytes())
    (folder / "2").write_bytes(_enriched_mail())
    (folder / "README.md").write_text("Exported from the old server.\n")

    # When the folder is ingested
    result = _invoke(home, "ingest", str(folder))

    # Then both messages are read, and one warning names the file that was not
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 message(s) read:")
    skipped = [line for line in result.stderr.splitlines() if "hold no mail" in line]
    assert len(skipped) == 1
    assert "count=1" in skipped[0] and str(folder / "README.md") in skipped[0]
    # And mail-parser's notes on parts it does not decode are not shown to the user
    assert "not handled" not in result.stderr


def test_a_single_eml_that_is_not_mail_is_kept_and_counted_failed(tmp_path: Path) -> None:
    # Given a workspace and a PDF saved under an .eml name
    home = tmp_path / "home"
    assert _invoke(home, "init").exit_code == 0
    bogus = tmp_path / "scan.eml"
    bogus.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n")

    # When it is ingested
    result = _invoke(home, "ingest", "--json", str(bogus))

    # Then it is read, kept raw and counted failed, not refused
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["seen"], summary["failed"], summary["new"]) == (1, 1, 0)
    stored = [p for p in (home / "raw").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [bogus.read_bytes()]
