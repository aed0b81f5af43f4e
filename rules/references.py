"""What a rule set refers to outside itself: outbound templates and milestone keys.

rules checks milestone keys on its own, because the milestone templates live here: a
key must exist in the template of every service type the rule can fire for, read from
the rule's top-level `service_type: {eq|in: …}` condition (no such condition = every
service type). A `mark_payment_due` must name a milestone that carries a payment share.
Template names are checked against the closed list at load; whether outbound really has
each one is for the composition root to cross-check with `referenced_templates`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.actions import FROM_FACTS, Action
from rules.errors import RuleError
from rules.milestones import load_template
from rules.schema import AllOf, Condition, FieldTest, Rule, RuleSet
from tracker.types import ServiceType


@dataclass(frozen=True)
class Reference:
    """A name a rule uses, and where: enough for a one-line `file:line:` error."""

    value: str
    action: Action
    rule: str
    file: str
    line: int

    def error(self, message: str) -> RuleError:
        return RuleError(self.file, self.line, message)


def referenced_templates(ruleset: RuleSet) -> tuple[Reference, ...]:
    return tuple(
        Reference(spec.template, spec.name, rule.name, rule.file, spec.line or rule.line)
        for rule in ruleset.rules
        for spec in rule.do
        if spec.template is not None
    )


def referenced_milestones(ruleset: RuleSet) -> tuple[Reference, ...]:
    """Every literal milestone key (not `from_facts`) the rules name."""
    return tuple(
        Reference(spec.milestone, spec.name, rule.name, rule.file, spec.line or rule.line)
        for rule in ruleset.rules
        for spec in rule.do
        if spec.milestone is not None and spec.milestone != FROM_FACTS
    )


def service_types_of(rule: Rule) -> frozenset[ServiceType]:
    """The service types a rule can fire for, from its top-level service_type tests."""
    allowed = frozenset(ServiceType)
    for test in _top_level_tests(rule.if_):
        if test.field != "service_type":
            continue
        if test.operator == "eq":
            allowed &= {ServiceType(str(test.operand))}
        elif test.operator == "in" and isinstance(test.operand, frozenset):
            allowed &= {ServiceType(str(value)) for value in test.operand}
    return allowed


def _top_level_tests(condition: Condition | None) -> tuple[FieldTest, ...]:
    if isinstance(condition, FieldTest):
        return (condition,)
    if isinstance(condition, AllOf):
        return tuple(t for item in condition.items for t in _top_level_tests(item))
    return ()


def check_milestone_references(ruleset: RuleSet) -> None:
    """Raise `RuleError` at the first milestone key missing from a template it needs."""
    for reference in referenced_milestones(ruleset):
        rule = ruleset.get(reference.rule)
        for service_type in sorted(service_types_of(rule)):
            template = load_template(service_type)
            if reference.value not in template.keys:
                raise reference.error(
                    f"milestone {reference.value!r} is not in the {service_type.value} template"
                    f" (rule {rule.name!r}; restrict it with service_type)"
                )
            share = template.get(reference.value).payment_share
            if reference.action is Action.MARK_PAYMENT_DUE and share is None:
                raise reference.error(
                    f"milestone {reference.value!r} has no payment share in the"
                    f" {service_type.value} template"
                )
