"""Evaluate a rule set against the facts of one event: pure, ordered, deterministic.

Semantics (after Mailman's chains, simplified):
- Only rules whose `when` is the event take part, in rule-set order.
- Each is checked and recorded as a hit or a miss, with the reason: for a miss, the
  first condition that failed and the value it saw.
- The actions of every hit are collected, in order, until a hit with `stop: true`;
  rules after it are not checked and do not appear in the trace.
- `from_facts` arguments are filled in here: one action per milestone the facts name
  (none named: the action is dropped and the trace says so), and the party from the facts.
The same rule set and facts always give an equal `Decision`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

from rules.actions import FROM_FACTS
from rules.facts import FACT_TYPES, MILESTONE_FIELD, PARTY_FIELD, Amount, Event, Facts
from rules.operators import OPERATORS
from rules.predicates import PREDICATES
from rules.schema import ActionSpec, AllOf, AnyOf, Check, Condition, FieldTest, Rule, RuleSet


@dataclass(frozen=True)
class PlannedAction:
    """An action to apply, and the rule that asked for it (for audit and explain)."""

    rule: str
    action: ActionSpec

    def __str__(self) -> str:
        return f"{self.action} (by {self.rule})"


@dataclass(frozen=True)
class RuleTrace:
    """One rule checked: hit or miss, and why."""

    rule: str
    hit: bool
    reason: str


@dataclass(frozen=True)
class Decision:
    event: Event
    actions: tuple[PlannedAction, ...]
    trace: tuple[RuleTrace, ...]
    stopped_by: str | None = None

    @property
    def hits(self) -> tuple[str, ...]:
        return tuple(entry.rule for entry in self.trace if entry.hit)

    @property
    def misses(self) -> tuple[str, ...]:
        return tuple(entry.rule for entry in self.trace if not entry.hit)


def evaluate(ruleset: RuleSet, event: Event | str, facts: Facts) -> Decision:
    """Check the rules of `event` in order against `facts`; collect actions until a stop."""
    event = Event(event)
    if not isinstance(facts, FACT_TYPES[event]):
        raise TypeError(
            f"{event.value} needs {FACT_TYPES[event].__name__}, got {type(facts).__name__}"
        )
    actions: list[PlannedAction] = []
    trace: list[RuleTrace] = []
    for rule in ruleset.for_event(event):
        hit, reason = check_condition(rule.if_, facts) if rule.if_ else (True, "no conditions")
        if hit:
            planned, notes = plan_actions(rule, event, facts)
            actions.extend(planned)
            reason = "; ".join((reason, *notes))
        trace.append(RuleTrace(rule.name, hit, reason))
        if hit and rule.stop:
            return Decision(event, tuple(actions), tuple(trace), stopped_by=rule.name)
    return Decision(event, tuple(actions), tuple(trace))


def check_condition(condition: Condition, facts: Facts) -> tuple[bool, str]:
    """Whether `condition` holds, and a short reason (the failing part when it does not)."""
    if isinstance(condition, FieldTest):
        return _field_test(condition, facts)
    if isinstance(condition, Check):
        ok = PREDICATES[condition.predicate].check(facts)
        return ok, str(condition) if ok else f"{condition} failed"
    if isinstance(condition, AllOf):
        reasons = []
        for item in condition.items:
            ok, reason = check_condition(item, facts)
            if not ok:
                return False, reason
            reasons.append(reason)
        return True, ", ".join(reasons)
    if isinstance(condition, AnyOf):
        failures = []
        for item in condition.items:
            ok, reason = check_condition(item, facts)
            if ok:
                return True, reason
            failures.append(reason)
        return False, "none of: " + "; ".join(failures)
    ok, reason = check_condition(condition.item, facts)
    return (False, f"not ({reason}) failed") if ok else (True, f"not ({reason})")


def _field_test(test: FieldTest, facts: Facts) -> tuple[bool, str]:
    actual = getattr(facts, test.field)
    if OPERATORS[test.operator].apply(actual, test.operand, facts):
        return True, str(test)
    return False, f"{test} failed (was {show_value(actual)})"


def show_value(value: object) -> str:
    """A fact value as a reader expects it in an explanation."""
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Amount):
        return f"{value.value} {value.currency}".strip()
    if isinstance(value, frozenset):
        return "[" + ", ".join(sorted(show_value(item) for item in value)) + "]"
    if isinstance(value, tuple):
        return "[" + ", ".join(show_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def plan_actions(rule: Rule, event: Event, facts: Facts) -> tuple[list[PlannedAction], list[str]]:
    """The hit rule's actions with `from_facts` filled in, and notes on any dropped."""
    planned: list[PlannedAction] = []
    notes: list[str] = []
    for spec in rule.do:
        if spec.waits_on == FROM_FACTS:
            spec = dataclasses.replace(spec, waits_on=str(getattr(facts, PARTY_FIELD[event])))
        if spec.milestone != FROM_FACTS:
            planned.append(PlannedAction(rule.name, spec))
            continue
        keys = _named_milestones(event, facts)
        if not keys:
            notes.append(f"{spec.name.value} dropped: the facts name no milestone")
        planned.extend(
            PlannedAction(rule.name, dataclasses.replace(spec, milestone=key)) for key in keys
        )
    return planned, notes


def _named_milestones(event: Event, facts: Facts) -> tuple[str, ...]:
    value = getattr(facts, MILESTONE_FIELD[event])
    keys = (value,) if isinstance(value, str) else tuple(value or ())
    return tuple(dict.fromkeys(keys))  # unique, first mention first
