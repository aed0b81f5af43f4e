"""rules stays pure, and its mirrored closed sets stay in step with their originals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from classifier.types import Label as ClassifierLabel
from ingest.types import MailKind as IngestMailKind
from rules import Label, MailKind

REPO = Path(__file__).resolve().parents[2]


def test_importing_and_using_rules_loads_no_forbidden_library() -> None:
    # Given a fresh interpreter
    code = (
        "import sys, rules\n"
        "rules.load_default_ruleset()\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "{'sqlalchemy', 'jinja2', 'dramatiq', 'spacy', 'ingest', 'classifier', 'outbound',"
        " 'mailroom'} or m in {'tracker.db', 'tracker.models', 'tracker.operations'}]\n"
        "print(sorted(bad))\n"
    )

    # When rules is imported and the defaults loaded
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )

    # Then none of the forbidden packages was imported
    assert result.stdout.strip() == "[]"


def test_rules_package_is_ours() -> None:
    # Given the installed module named rules (a Django package of that name exists)
    import rules

    # Then it is this repository's
    assert Path(rules.__file__).resolve().parent == REPO / "rules"


def test_label_mirror_matches_the_classifier() -> None:
    # Then the label values are the same set
    assert {label.value for label in Label} == {label.value for label in ClassifierLabel}


def test_mail_kind_mirror_matches_ingest() -> None:
    # Then the mail kinds are the same set
    assert {kind.value for kind in MailKind} == {kind.value for kind in IngestMailKind}
