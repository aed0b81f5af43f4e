"""Every failure a user can meet is one `error: …` line on stderr and a non-zero exit.

Never a traceback, never a usage block: missing paths, files that are not email, bad
or unknown settings (file and environment), unknown projects, a workspace that was
never initialised, and mistakes in the command line itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mailroom.cli import main
from tests.fixtures.services import free_port


def _invoke(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args], env=env)


def _initialised(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert _invoke(home, "init").exit_code == 0
    return home


def _assert_one_line_error(result: Result, *, code: int, mentions: str) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == code, result.output
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert mentions in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["ingest", "classify", "parse-reply"])
def test_a_missing_input_path_is_a_one_line_usage_error(tmp_path: Path, command: str) -> None:
    # Given an initialised workspace and a path that does not exist
    home = _initialised(tmp_path)
    missing = tmp_path / "nowhere" / "mail.eml"

    # When a command that reads input is given that path
    result = _invoke(home, command, str(missing))

    # Then it fails on one line naming the path, with the usage exit code
    _assert_one_line_error(result, code=2, mentions=str(missing))


@pytest.mark.parametrize("command", ["classify", "parse-reply"])
def test_a_file_that_is_not_email_is_a_one_line_error(tmp_path: Path, command: str) -> None:
    # Given a PDF-looking file named like an email
    home = _initialised(tmp_path)
    bogus = tmp_path / "scan.eml"
    bogus.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n")

    # When classify or parse-reply reads it
    result = _invoke(home, command, "--json", str(bogus))

    # Then it fails on one line naming the file
    _assert_one_line_error(result, code=1, mentions=f"{bogus}: not an email")


@pytest.mark.parametrize("command", ["classify", "parse-reply"])
def test_one_bad_file_does_not_cost_the_others_their_answers(
    tmp_path: Path, command: str
) -> None:
    # Given a folder with two emails and, between them, a file that is not one
    home = _initialised(tmp_path)
    folder = tmp_path / "batch"
    folder.mkdir()
    mail = "From: a@x.example\nTo: b@y.example\nSubject: Hi {n}\n\nThanks, received.\n"
    (folder / "a.eml").write_text(mail.format(n=1))
    (folder / "b.eml").write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n")
    (folder / "c.eml").write_text(mail.format(n=2))

    # When the folder is read
    result = _invoke(home, command, "--json", str(folder))

    # Then both emails are answered, the bad file is the one error line, and the exit is 1
    answered = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert [json.loads(line)["file"] for line in answered] == [
        str(folder / "a.eml"), str(folder / "c.eml")
    ]
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {folder / 'b.eml'}: not an email "
                                          "(no RFC 5322 header block)"]  # fmt: skip


def test_ingesting_a_file_that_is_no_mail_source_is_a_one_line_error(tmp_path: Path) -> None:
    # Given a file that is neither an email, an mbox nor a Maildir
    home = _initialised(tmp_path)
    bogus = tmp_path / "photo.jpg"
    bogus.write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))

    # When it is ingested
    result = _invoke(home, "ingest", str(bogus))

    # Then it fails on one line naming the file
    _assert_one_line_error(result, code=1, mentions=str(bogus))


def test_a_bad_setting_value_in_the_file_names_the_key(tmp_path: Path) -> None:
    # Given a settings file with a batch size that is not a number
    home = _initialised(tmp_path)
    (home / "mailroom.toml").write_text('[queue]\nbatch_size = "lots"\n')

    # When any command starts
    result = _invoke(home, "project", "list")

    # Then it stops with one line naming the key
    _assert_one_line_error(result, code=1, mentions="queue.batch_size")


def test_a_bad_setting_value_in_the_environment_names_the_key(tmp_path: Path) -> None:
    # Given an IMAP port outside the TCP range in the environment
    home = _initialised(tmp_path)

    # When any command starts
    result = _invoke(home, "project", "list", env={"MAILROOM_IMAP_PORT": "70000"})

    # Then it stops with one line naming the key
    _assert_one_line_error(result, code=1, mentions="imap.port")


def test_an_unknown_setting_key_in_the_file_is_named(tmp_path: Path) -> None:
    # Given a settings file with a misspelt key
    home = _initialised(tmp_path)
    (home / "mailroom.toml").write_text('[imap]\nhots = "mail.example"\n')

    # When any command starts
    result = _invoke(home, "project", "list")

    # Then it stops with one line naming the unknown key
    _assert_one_line_error(result, code=1, mentions="unknown setting imap.hots")


def test_an_unknown_mailroom_environment_variable_is_named(tmp_path: Path) -> None:
    # Given a misspelt MAILROOM_* variable
    home = _initialised(tmp_path)

    # When any command starts
    result = _invoke(home, "project", "list", env={"MAILROOM_IMAP_PASWORD": "secret"})

    # Then it stops with one line naming the variable
    _assert_one_line_error(result, code=1, mentions="MAILROOM_IMAP_PASWORD")


def test_a_settings_file_that_is_not_toml_is_a_one_line_error(tmp_path: Path) -> None:
    # Given a settings file with a syntax error spanning lines
    home = _initialised(tmp_path)
    (home / "mailroom.toml").write_text("[queue\nbatch_size = = 3\n")

    # When any command starts
    result = _invoke(home, "project", "list")

    # Then it stops with one line naming the file
    _assert_one_line_error(result, code=1, mentions="mailroom.toml")


@pytest.mark.parametrize(
    "args",
    [
        ("status", "nope"),
        ("status", "nope", "--json"),
        ("project", "show", "nope"),
        ("member", "add", "nope", "a@b.example", "--role", "observer"),
        ("audit", "verify", "nope"),
    ],
)
def test_an_unknown_project_is_a_one_line_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    # Given an initialised workspace without project "nope"
    home = _initialised(tmp_path)

    # When a command names it
    result = _invoke(home, *args)

    # Then it fails on one line naming the project
    _assert_one_line_error(result, code=1, mentions="'nope'")


@pytest.mark.parametrize(
    "args", [("status", "alpha"), ("project", "list"), ("ingest", "."), ("health",)]
)
def test_a_workspace_never_initialised_is_refused_and_left_untouched(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # Given a home directory where `mailroom init` never ran
    home = tmp_path / "fresh"

    # When a command needs the workspace
    result = _invoke(home, *args)

    # Then it says to run init, on one line, and creates nothing
    _assert_one_line_error(result, code=1, mentions="mailroom init")
    assert not home.exists()


@pytest.mark.parametrize(
    "args",
    [("--no-such-option",), ("ingest",), ("project", "create", "x"), ("no-such-command",)],
)
def test_command_line_mistakes_are_one_line_usage_errors(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # Given a workspace
    home = _initialised(tmp_path)

    # When the command line itself is wrong
    result = _invoke(home, *args)

    # Then one line says what is wrong and where to find help
    _assert_one_line_error(result, code=2, mentions="--help")


def test_a_refused_project_import_is_a_one_line_error(tmp_path: Path) -> None:
    # Given a projects file with an unknown service type
    home = _initialised(tmp_path)
    spec = tmp_path / "projects.toml"
    spec.write_text('[[project]]\ncode = "p1"\nname = "P"\nservice_type = "astrology"\n'
                    'sponsor = "S"\ncro = "C"\n')  # fmt: skip

    # When it is imported
    result = _invoke(home, "project", "import", str(spec))

    # Then one line names the project and the bad value
    _assert_one_line_error(result, code=1, mentions="'astrology'")


def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    # Given settings pointing at a PostgreSQL port where nothing listens
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/mailroom"

    # When a command needs the database
    result = _invoke(tmp_path / "home", "project", "list", env={"MAILROOM_DATABASE_URL": url})

    # Then the driver's multi-line complaint is folded into one line
    _assert_one_line_error(result, code=1, mentions="OperationalError")


def test_a_database_behind_this_version_is_refused_until_init_brings_it_up_to_date(
    tmp_path: Path,
) -> None:
    # Given a workspace whose database is one migration behind (an upgrade without init)
    from mailroom.wiring import Workspace
    from tracker.migrate import current_heads, downgrade

    home = _initialised(tmp_path)
    ws = Workspace(home=home)
    (head,) = current_heads(ws.engine)[1]
    downgrade(ws.engine, "-1")
    # When a command needs the workspace
    result = _invoke(home, "project", "list")
    # Then it names both revisions and says to run init, on one line
    _assert_one_line_error(result, code=1, mentions="run `mailroom init`")
    assert head in result.stderr
    # And once init has run, the command works
    assert _invoke(home, "init").exit_code == 0
    assert _invoke(home, "project", "list").exit_code == 0
