"""Project overlays replace or disable rules by name; anything else is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import RuleError, load_default_ruleset, load_ruleset

BASE = """\
- name: first
  when: message_classified
  do: [record_quote]

- name: second
  when: message_classified
  do: [link_invoice]

- name: third
  when: reply_decided
  do: [apply_reply_decision]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_overlay_replaces_a_rule_in_its_place(tmp_path: Path) -> None:
    # Given a base set and an overlay redefining "second"
    base = write(tmp_path, "base.yaml", BASE)
    overlay = write(
        tmp_path,
        "project.yaml",
        "- name: second\n  when: message_classified\n  do: [flag_for_review]\n",
    )

    # When the overlay is applied
    ruleset = load_ruleset([base], overlay=overlay)

    # Then "second" keeps its position with the overlay's body and location
    assert ruleset.names() == ("first", "second", "third")
    replaced = ruleset.get("second")
    assert [str(spec) for spec in replaced.do] == ["flag_for_review"]
    assert replaced.location == f"{overlay}:1"


def test_overlay_disables_a_rule(tmp_path: Path) -> None:
    # Given an overlay disabling "first"
    base = write(tmp_path, "base.yaml", BASE)
    overlay = write(tmp_path, "project.yaml", "- name: first\n  disabled: true\n")

    # When it is applied
    ruleset = load_ruleset([base], overlay=overlay)

    # Then "first" is gone and the rest are unchanged
    assert ruleset.names() == ("second", "third")


def test_disabled_false_is_a_replacement(tmp_path: Path) -> None:
    # Given an overlay entry with disabled: false and a full rule
    base = write(tmp_path, "base.yaml", BASE)
    overlay = write(
        tmp_path,
        "project.yaml",
        "- name: third\n  disabled: false\n  when: reply_decided\n  stop: true\n",
    )

    # When it is applied
    ruleset = load_ruleset([base], overlay=overlay)

    # Then the rule stays, replaced
    assert ruleset.get("third").stop is True


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- name: fourth\n  disabled: true\n", 1, "overlay names unknown rule 'fourth'"),
        (
            "- name: first\n  disabled: true\n\n- name: first\n  disabled: true\n",
            4,
            "rule 'first' is overlaid twice",
        ),
        (
            "- name: first\n  disabled: true\n  when: message_classified\n",
            1,
            "disabled rule 'first' takes no when",
        ),
        (
            "- name: first\n  when: message_classified\n  do: [record_qoute]\n",
            3,
            "unknown action 'record_qoute'",
        ),
    ],
    ids=["unknown-name", "twice", "disabled-with-body", "bad-replacement"],
)
def test_overlay_error_names_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    # Given a base set and a faulty overlay
    base = write(tmp_path, "base.yaml", BASE)
    overlay = write(tmp_path, "project.yaml", text)

    # When it is applied
    with pytest.raises(RuleError) as caught:
        load_ruleset([base], overlay=overlay)

    # Then the error points into the overlay
    assert str(caught.value).startswith(f"{overlay}:{line}: {message}")


def test_disabled_is_refused_outside_an_overlay(tmp_path: Path) -> None:
    # Given a base rule file using disabled
    base = write(tmp_path, "base.yaml", "- name: first\n  disabled: true\n")

    # When it is loaded as a base file
    with pytest.raises(RuleError) as caught:
        load_ruleset([base])

    # Then disabled is an unknown key there
    assert str(caught.value).startswith(f"{base}:2: unknown rule key 'disabled'")


def test_project_overlay_on_the_defaults(tmp_path: Path) -> None:
    # Given a project that never wants sample sheets confirmed by mail
    overlay = write(
        tmp_path,
        "project.yaml",
        """\
- name: sample-sheet-imported
  when: message_classified
  if: {label: sample_sheet}
  do: [import_samples]

- name: weekly-summary
  disabled: true
""",
    )

    # When the defaults are loaded with it
    ruleset = load_default_ruleset(overlay=overlay)

    # Then the replacement is in place and the weekly summary gone
    default = load_default_ruleset()
    assert len(ruleset.rules) == len(default.rules) - 1
    assert [str(spec) for spec in ruleset.get("sample-sheet-imported").do] == ["import_samples"]
    assert "weekly-summary" not in ruleset.names()
