"""The workspace and project commands: init, project create|import|list|show, member add,
status, and the demo."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner, Result

from mailroom.cli import main

DEMO = Path(__file__).resolve().parents[2] / "mailroom" / "demo"


def _run(home: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    assert result.exit_code == 0, result.output
    return result


def _create_alpha(home: Path) -> Result:
    return _run(home, "project", "create", "alpha", "--name", "Alpha study", "--service-type",
                "toxicology", "--sponsor", "Sponsor Inc", "--cro", "Lab Ltd")  # fmt: skip


def test_init_creates_the_workspace_in_home(tmp_path: Path) -> None:
    # Given an empty directory
    home = tmp_path / "ws"

    # When the workspace is initialised
    out = _run(home, "init").stdout

    # Then settings, secret, database and stores exist, and the output says so
    assert out.startswith(f"workspace {home.resolve()}: created")
    for name in ("mailroom.toml", "secret.key", "mailroom.sqlite3", "raw", "blobs", "outbox"):
        assert (home / name).exists(), name
    assert (home / "secret.key").stat().st_mode & 0o077 == 0


def test_init_twice_keeps_the_settings_and_the_secret(tmp_path: Path) -> None:
    # Given an initialised workspace whose settings were edited
    home = tmp_path / "ws"
    _run(home, "init")
    (home / "mailroom.toml").write_text('[mailroom]\nmail_domain = "lab.example"\n')
    secret = (home / "secret.key").read_text()

    # When init runs again
    out = _run(home, "init").stdout

    # Then nothing the user owns was replaced
    assert "already present" in out
    assert (home / "mailroom.toml").read_text() == '[mailroom]\nmail_domain = "lab.example"\n'
    assert (home / "secret.key").read_text() == secret


def test_mailroom_home_in_the_environment_chooses_the_workspace(tmp_path: Path) -> None:
    # Given MAILROOM_HOME and no --home
    home = tmp_path / "from-env"

    # When init runs
    result = CliRunner().invoke(main, ["init"], env={"MAILROOM_HOME": str(home)})

    # Then the workspace is made there
    assert result.exit_code == 0, result.output
    assert (home / "mailroom.sqlite3").exists()


def test_project_create_prints_the_project_address(tmp_path: Path) -> None:
    # Given a workspace whose mail domain is configured
    home = tmp_path / "ws"
    _run(home, "init")
    (home / "mailroom.toml").write_text('[mailroom]\nmail_domain = "lab.example"\n')

    # When a project is created
    out = _create_alpha(home).stdout

    # Then its address uses the configured domain
    assert out.strip() == "project alpha created: proj-alpha@lab.example"


def test_project_list_shows_created_projects(tmp_path: Path) -> None:
    # Given a project
    home = tmp_path / "ws"
    _run(home, "init")
    _create_alpha(home)

    # When projects are listed
    lines = _run(home, "project", "list").stdout.splitlines()

    # Then a header, a rule and the project's row are printed
    assert lines[0].split()[:2] == ["code", "name"]
    assert lines[2].split()[:3] == ["alpha", "Alpha", "study"]


def test_member_add_then_project_show_lists_the_member(tmp_path: Path) -> None:
    # Given a project
    home = tmp_path / "ws"
    _run(home, "init")
    _create_alpha(home)

    # When a member is added
    out = _run(home, "member", "add", "alpha", "Sarah@Sponsor.example", "--name", "Sarah Chen",
               "--role", "sponsor_approver").stdout  # fmt: skip

    # Then the command confirms and the project shows the person
    assert out.strip() == "Sarah@Sponsor.example is sponsor_approver in alpha"
    assert "Sarah Chen" in _run(home, "project", "show", "alpha").stdout


def test_project_import_creates_every_project_of_the_demo_file(tmp_path: Path) -> None:
    # Given the demo projects file
    home = tmp_path / "ws"
    _run(home, "init")
    spec = tomllib.loads((DEMO / "projects.toml").read_text())
    codes = [p["code"] for p in spec["project"]]

    # When it is imported
    out = _run(home, "project", "import", str(DEMO / "projects.toml")).stdout

    # Then every project exists, listed by code
    assert out.strip() == f"{len(codes)} project(s) created: {', '.join(codes)}"
    listed = _run(home, "project", "list").stdout
    assert all(code in listed for code in codes)


def test_status_of_a_new_project_names_it(tmp_path: Path) -> None:
    # Given a new project
    home = tmp_path / "ws"
    _run(home, "init")
    _create_alpha(home)

    # When its status is shown
    out = _run(home, "status", "alpha").stdout

    # Then it names the project and its address
    assert out.startswith("alpha")
    assert "proj-alpha@mailroom.example" in out


def test_demo_prints_the_demo_projects(tmp_path: Path) -> None:
    # Given the bundled demo projects
    spec = tomllib.loads((DEMO / "projects.toml").read_text())

    # When the demo runs in a fresh home
    out = _run(tmp_path / "demo", "demo").stdout

    # Then each demo project was ingested and is shown
    for project in spec["project"]:
        assert f"ingested {project['code']}: " in out
        assert f"{project['code']} — {project['name']}" in out
