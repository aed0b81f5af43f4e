"""Start-up cross-checks that no single package can make on its own, and rule overlays.

`rules.loader` validates rule files alone; here the rule set meets outbound: every
template a rule sends must exist. A failure stops start-up with one `file:line:` line.

A project overrides the default rules with `<rules.overlay_dir>/<project-code>.yaml`
(replace or disable default rules by name); projects without such a file use the
defaults. Every overlay in the directory is loaded and checked at start-up, so a broken
overlay stops the process instead of the first mail of that project.
"""

from __future__ import annotations

from pathlib import Path

from mailroom.settings import Settings
from outbound.render import template_names
from rules import load_default_ruleset
from rules.loader import RuleSet
from rules.references import referenced_templates


def _checked(ruleset: RuleSet) -> RuleSet:
    known = set(template_names())
    for ref in referenced_templates(ruleset):
        if ref.value not in known:
            raise ref.error(f"rule {ref.rule!r} sends unknown template {ref.value!r}")
    return ruleset


def overlay_dir(settings: Settings) -> Path | None:
    value = str(settings.get("rules", "overlay_dir"))
    return Path(value) if value else None


def load_checked_ruleset(settings: Settings) -> RuleSet:
    """The default rule set, checked against outbound's templates."""
    return _checked(load_default_ruleset())


def load_project_rulesets(settings: Settings) -> dict[str, RuleSet]:
    """One checked rule set per project overlay file, keyed by project code."""
    folder = overlay_dir(settings)
    if folder is None or not folder.is_dir():
        return {}
    return {
        path.stem: _checked(load_default_ruleset(path)) for path in sorted(folder.glob("*.yaml"))
    }
