"""Start-up cross-checks that no single package can make on its own.

`rules.loader` validates rule files alone; here the rule set meets outbound: every
template a rule sends must exist. A failure stops start-up with one `file:line:` line.
"""

from __future__ import annotations

from pathlib import Path

from mailroom.settings import Settings
from outbound.render import template_names
from rules import load_default_ruleset
from rules.loader import RuleSet
from rules.references import referenced_templates


def load_checked_ruleset(settings: Settings) -> RuleSet:
    overlay_setting = str(settings.get("rules", "overlay_dir"))
    overlay = Path(overlay_setting) if overlay_setting else None
    ruleset = load_default_ruleset(overlay)
    known = set(template_names())
    for ref in referenced_templates(ruleset):
        if ref.value not in known:
            raise ref.error(f"rule {ref.rule!r} sends unknown template {ref.value!r}")
    return ruleset
