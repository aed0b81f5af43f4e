"""A project overrides the default rules by name with `<rules.overlay_dir>/<code>.yaml`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from rules.errors import RuleError
from tests.mailroom.conftest import CRO_PM, Harness, Mail, make_project, make_workspace, quote_pdf
from tracker.operations import quotes

WHEN = datetime(2026, 3, 2, 9, tzinfo=UTC)
DISABLE_QUOTES = "- name: quote-from-cro\n  disabled: true\n"


def _quote(project: str) -> Mail:
    return Mail(
        CRO_PM, "Quotation Q-2026-0147 Rev A", "Please find attached our quotation.", WHEN,
        to=(f"proj-{project}@mailroom.example",),
        attachments=(("Quote_Q-2026-0147_RevA.pdf",
                      quote_pdf("A", "29,000.00", "2026-03-01"), ("application", "pdf")),),
    )  # fmt: skip


def _quote_count(h: Harness, project_id: int) -> int:
    with h.ws.transaction() as session:
        return len(quotes.quote_versions(session, project_id))


@pytest.fixture
def two_projects(tmp_path: Path) -> tuple[Harness, int, int]:
    overlays = tmp_path / "overlays"
    overlays.mkdir()
    (overlays / "quiet.yaml").write_text(DISABLE_QUOTES)
    ws = make_workspace(
        tmp_path / "home",
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MAILROOM_RULES_OVERLAY_DIR=str(overlays),
    )
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    normal, quiet = make_project(ws, "hlx"), make_project(ws, "quiet")
    return Harness(ws, normal, inbox), normal, quiet


def test_an_overlay_changes_only_its_own_project(two_projects: tuple[Harness, int, int]) -> None:
    # Given two projects, one whose overlay disables the quote rule
    h, normal, quiet = two_projects
    # When the CRO sends each a quote
    h.send(_quote("hlx"))
    h.send(_quote("quiet"))
    # Then only the project with the default rules recorded it
    assert (_quote_count(h, normal), _quote_count(h, quiet)) == (1, 0)


def test_an_overlay_naming_an_unknown_rule_fails_with_file_and_line(tmp_path: Path) -> None:
    # Given an overlay that names a rule the defaults do not have
    overlays = tmp_path / "overlays"
    overlays.mkdir()
    (overlays / "hlx.yaml").write_text("- name: no-such-rule\n  disabled: true\n")
    ws = make_workspace(
        tmp_path / "home",
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MAILROOM_RULES_OVERLAY_DIR=str(overlays),
    )
    # When the rule sets load; Then one line names the file, the line and the rule
    with pytest.raises(RuleError, match=r"hlx\.yaml:1: .*no-such-rule"):
        _ = ws.project_rulesets
