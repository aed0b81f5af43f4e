"""`mailroom milestone`: projects add, rename, reorder, plan and complete their milestones."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from mailroom.cli import main


def _cli(home: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args])


def _project(tmp_path: Path) -> Path:
    home = tmp_path / "ws"
    assert _cli(home, "init").exit_code == 0
    created = _cli(home, "project", "create", "b1", "--name", "PK study", "--service-type",
                   "bioanalysis", "--sponsor", "Helix", "--cro", "Northbridge")  # fmt: skip
    assert created.exit_code == 0, created.output
    return home


def _keys(home: Path) -> list[str]:
    listing = _cli(home, "milestone", "list", "b1").stdout.splitlines()[2:]
    return [line.split()[1] for line in listing]


def test_an_added_milestone_sits_after_the_one_named(tmp_path: Path) -> None:
    # Given a bioanalysis project; When a repeat-ISR milestone is added after isr_complete
    home = _project(tmp_path)
    added = _cli(home, "milestone", "add", "b1", "isr_repeat", "ISR repeat", "--after",
                 "isr_complete")  # fmt: skip
    # Then it is listed right after it
    assert added.exit_code == 0, added.output
    keys = _keys(home)
    assert keys[keys.index("isr_complete") + 1] == "isr_repeat"


def test_rename_keeps_the_key_and_changes_the_name(tmp_path: Path) -> None:
    home = _project(tmp_path)
    # When a milestone is renamed
    assert _cli(home, "milestone", "rename", "b1", "kickoff_held", "Kick-off call").exit_code == 0
    # Then the list shows the new name under the same key
    line = next(x for x in _cli(home, "milestone", "list", "b1").stdout.splitlines()
                if " kickoff_held " in x)  # fmt: skip
    assert "Kick-off call" in line


def test_reorder_needs_every_key_once_and_then_applies(tmp_path: Path) -> None:
    home = _project(tmp_path)
    keys = _keys(home)
    # When only one key is given: one-line error, nothing changed
    partial = _cli(home, "milestone", "reorder", "b1", keys[0])
    assert partial.exit_code == 1 and partial.stderr.count("\n") == 1
    assert _keys(home) == keys
    # When every key is given with the first two swapped: the order follows
    swapped = [keys[1], keys[0], *keys[2:]]
    assert _cli(home, "milestone", "reorder", "b1", *swapped).exit_code == 0
    assert _keys(home) == swapped


def test_plan_and_complete_set_the_dates(tmp_path: Path) -> None:
    home = _project(tmp_path)
    # When kickoff is planned and the quote acceptance completed on a given day
    assert _cli(home, "milestone", "plan", "b1", "kickoff_held", "--planned",
                "2026-12-01").exit_code == 0  # fmt: skip
    assert _cli(home, "milestone", "complete", "b1", "quote_accepted", "--on",
                "2026-11-20").exit_code == 0  # fmt: skip
    # Then the list shows both dates and the done status
    listing = _cli(home, "milestone", "list", "b1").stdout
    assert "2026-12-01" in listing
    done = next(x for x in listing.splitlines() if " quote_accepted " in x)
    assert " done " in done and "2026-11-20" in done
