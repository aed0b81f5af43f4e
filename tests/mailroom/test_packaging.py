"""The six top-level packages are this repository's, and `mailroom` is installed to run.

Names like `rules`, `tracker` or `classifier` are taken on PyPI too; a stray install of
one would shadow ours silently (style.md §8.10). So each package must import from the
repository, and no other installed distribution may provide the same top-level name.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ["ingest", "classifier", "tracker", "rules", "outbound", "mailroom"]


@pytest.mark.parametrize("name", PACKAGES)
def test_each_package_imports_from_the_repository(name: str) -> None:
    # Given the package name
    # When it is imported
    module = importlib.import_module(name)

    # Then it is the repository's own folder
    assert module.__file__ is not None
    assert Path(module.__file__).resolve() == REPO / name / "__init__.py"


@pytest.mark.parametrize("name", PACKAGES)
def test_no_other_installed_distribution_provides_the_same_name(name: str) -> None:
    # Given the installed distributions
    # When we ask which ones provide this top-level name
    providers = set(importlib.metadata.packages_distributions().get(name, []))

    # Then only mailroom's own distribution does
    assert providers <= {"mailroom"}


def test_the_console_script_points_at_the_cli() -> None:
    # Given the installed entry points
    # When the `mailroom` console script is looked up
    [script] = [e for e in importlib.metadata.entry_points(group="console_scripts")
                if e.name == "mailroom"]  # fmt: skip

    # Then it is the click group
    assert script.value == "mailroom.cli:main"


def test_the_package_data_the_flow_needs_is_in_the_repository() -> None:
    # Given the packages
    # When their data folders are listed
    # Then the model, rules, milestone templates, mail templates and demo are present
    assert (REPO / "classifier" / "model" / "meta.json").is_file()
    assert list((REPO / "rules" / "defaults").glob("*.yaml"))
    assert list((REPO / "rules" / "templates").glob("*.yaml"))
    assert list((REPO / "outbound" / "templates").rglob("*.j2"))
    assert (REPO / "mailroom" / "demo" / "projects.toml").is_file()


def test_python_dash_m_mailroom_help_runs_in_a_clean_process(tmp_path: Path) -> None:
    # Given a fresh interpreter started outside the repository
    # When `python -m mailroom --help` runs
    result = subprocess.run(
        [sys.executable, "-m", "mailroom", "--help"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    # Then it lists the commands and exits 0 with nothing on stderr
    assert result.returncode == 0, result.stderr
    assert "ingest" in result.stdout and "project" in result.stdout
    assert result.stderr == ""


def test_importing_the_cli_loads_no_heavy_library(tmp_path: Path) -> None:
    # Given a fresh interpreter
    # When only the CLI module is imported (what `mailroom --help` costs)
    code = ("import sys, mailroom.cli; "
            "print(sorted(m for m in ('spacy', 'sqlalchemy', 'dramatiq', 'jinja2') "
            "if m in sys.modules))")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60, check=True)  # fmt: skip

    # Then spaCy, SQLAlchemy, dramatiq and Jinja2 are still unloaded
    assert result.stdout.strip() == "[]"
