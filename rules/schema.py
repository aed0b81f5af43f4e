"""The rule-file model: a `Rule` is `when` an event, `if` a condition, `do` actions.

These are the values the loader builds and the engine reads; all frozen. Line numbers
ride along (excluded from equality) so every later error or explanation can point at
the YAML that caused it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from rules.actions import ACTIONS, Action, Recipient
from rules.facts import Event
from rules.operators import Operand


@dataclass(frozen=True)
class FieldTest:
    """`field: {operator: value}`; `shown` is the value as written, for explanations."""

    field: str
    operator: str
    operand: Operand
    shown: str
    line: int = dataclasses.field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.field} {self.operator} {self.shown}"


@dataclass(frozen=True)
class Check:
    """`check: <predicate>`: a named test from `rules.predicates`."""

    predicate: str
    line: int = dataclasses.field(default=0, compare=False)

    def __str__(self) -> str:
        return f"check {self.predicate}"


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = FieldTest | Check | AllOf | AnyOf | Not


@dataclass(frozen=True)
class ActionSpec:
    """One action with its typed arguments; unused arguments stay None."""

    name: Action
    milestone: str | None = None
    template: str | None = None
    to: Recipient | None = None
    waits_on: str | None = None
    days: int | None = None
    reason: str | None = None
    line: int = dataclasses.field(default=0, compare=False, repr=False)

    @property
    def args(self) -> tuple[tuple[str, str | int], ...]:
        """The arguments that are set, in the action's declared order."""
        pairs = ((spec.name, getattr(self, spec.name)) for spec in ACTIONS[self.name])
        return tuple((name, value) for name, value in pairs if value is not None)

    def __str__(self) -> str:
        first = ACTIONS[self.name][0].name if ACTIONS[self.name] else None
        words = [self.name.value]
        words += [str(value) if name == first else f"{name}={value}" for name, value in self.args]
        return " ".join(words)


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    when: Event
    if_: Condition | None
    do: tuple[ActionSpec, ...]
    stop: bool
    line: int
    file: str

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class RuleSet:
    """Rules in evaluation order (file order, files in the order given)."""

    rules: tuple[Rule, ...]

    def for_event(self, event: Event) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.when is event)

    def names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.rules)

    def get(self, name: str) -> Rule:
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)
