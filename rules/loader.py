"""Rule files → a validated `RuleSet`, with project overlays applied by rule name.

The default rule set is the files in `DEFAULT_FILES`, in that order: order is meaning
(rules run in file order), so it is a literal list and not a directory scan; a test
checks that the list and the directory agree. A project overlay replaces a default rule
(same name, same position) or disables it (`disabled: true`); naming a rule the base
set does not have is an error, as is a duplicate name anywhere.

Every problem is a `RuleError` whose `str()` is one line, `file:line: message`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rules.errors import RuleError
from rules.parse import Disabled, parse_entries
from rules.references import check_milestone_references
from rules.schema import Rule, RuleSet
from rules.yaml_source import read_source

DEFAULT_DIR = Path(__file__).parent / "defaults"
DEFAULT_FILES = (
    "00-guards.yaml",
    "10-messages.yaml",
    "15-samples.yaml",
    "20-documents.yaml",
    "30-replies.yaml",
    "40-schedule.yaml",
)


def load_default_ruleset(overlay: Path | None = None) -> RuleSet:
    """The shipped rules, optionally with one project's overlay applied."""
    paths = [DEFAULT_DIR / name for name in DEFAULT_FILES]
    names = [f"rules/defaults/{name}" for name in DEFAULT_FILES]
    return _load(paths, names, overlay)


def load_ruleset(paths: Sequence[Path], overlay: Path | None = None) -> RuleSet:
    """Rules from `paths` (in order), then `overlay` applied; fully validated."""
    return _load(list(paths), [str(path) for path in paths], overlay)


def _load(paths: list[Path], names: list[str], overlay: Path | None) -> RuleSet:
    rules: list[Rule] = []
    for path, name in zip(paths, names, strict=True):
        for entry in parse_entries(read_source(path, name)):
            assert isinstance(entry, Rule)  # only overlays may disable
            _refuse_duplicate(rules, entry)
            rules.append(entry)
    if overlay is not None:
        rules = apply_overlay(rules, parse_entries(read_source(overlay), overlay=True))
    ruleset = RuleSet(tuple(rules))
    check_milestone_references(ruleset)
    return ruleset


def apply_overlay(rules: list[Rule], entries: list[Rule | Disabled]) -> list[Rule]:
    """Replace or drop base rules by name; each overlay entry must name a base rule."""
    by_name = {rule.name: rule for rule in rules}
    changes: dict[str, Rule | Disabled] = {}
    for entry in entries:
        if entry.name not in by_name:
            raise RuleError(entry.file, entry.line, f"overlay names unknown rule {entry.name!r}")
        if entry.name in changes:
            raise RuleError(entry.file, entry.line, f"rule {entry.name!r} is overlaid twice")
        changes[entry.name] = entry
    result = []
    for rule in rules:
        change = changes.get(rule.name, rule)
        if isinstance(change, Rule):
            result.append(change)
    return result


def _refuse_duplicate(rules: list[Rule], rule: Rule) -> None:
    for earlier in rules:
        if earlier.name == rule.name:
            raise RuleError(
                rule.file,
                rule.line,
                f"duplicate rule name {rule.name!r} (first at {earlier.location})",
            )
