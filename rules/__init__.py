"""rules decides: facts in, a Decision out. Pure; imports only `tracker.types`.

Rules are YAML (`when` an event, `if` conditions on its facts, `do` actions), validated
on load with one-line `file:line: message` errors; milestone templates per service type
live here too. The composition root turns a Decision's actions into effects.
"""

from __future__ import annotations

from rules.actions import FROM_FACTS, OUTBOUND_TEMPLATES, Action, Recipient
from rules.engine import Decision, PlannedAction, RuleTrace, evaluate
from rules.errors import RuleError
from rules.explain import explain
from rules.facts import (
    Amount,
    DocumentClassified,
    Event,
    Facts,
    Label,
    MailKind,
    MessageClassified,
    MilestoneOverdue,
    Party,
    ReplyAbout,
    ReplyDecided,
    ReplyDecision,
    ScheduleTick,
    TickKind,
    Weekday,
)
from rules.loader import load_default_ruleset, load_ruleset
from rules.milestones import (
    MilestoneSpec,
    MilestoneTemplate,
    PlannedMilestone,
    load_template,
    load_template_file,
    plan_milestones,
    template_keys,
)
from rules.references import Reference, referenced_milestones, referenced_templates
from rules.schema import ActionSpec, Rule, RuleSet

__all__ = [
    "FROM_FACTS",
    "OUTBOUND_TEMPLATES",
    "Action",
    "ActionSpec",
    "Amount",
    "Decision",
    "DocumentClassified",
    "Event",
    "Facts",
    "Label",
    "MailKind",
    "MessageClassified",
    "MilestoneOverdue",
    "MilestoneSpec",
    "MilestoneTemplate",
    "Party",
    "PlannedAction",
    "PlannedMilestone",
    "Recipient",
    "Reference",
    "ReplyAbout",
    "ReplyDecided",
    "ReplyDecision",
    "Rule",
    "RuleError",
    "RuleSet",
    "RuleTrace",
    "ScheduleTick",
    "TickKind",
    "Weekday",
    "evaluate",
    "explain",
    "load_default_ruleset",
    "load_ruleset",
    "load_template",
    "load_template_file",
    "plan_milestones",
    "referenced_milestones",
    "referenced_templates",
    "template_keys",
]
