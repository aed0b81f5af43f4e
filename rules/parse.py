"""YAML nodes → `Rule` values, checking every name and value against the closed sets.

A rule file is a list of rules:

    - name: quote-from-cro                 # kebab-case, unique
      description: why the rule exists
      when: message_classified             # an Event
      if:                                  # optional; a mapping or list means "all of"
        all:
          - label: {eq: quote}             # field: {operator: value}
          - confidence: 0.8                # short for {eq: 0.8}; a list is short for {in: […]}
          - check: sender_is_cro           # a named predicate
          - not: {mail_kind: {eq: bounce}}
        # any: […] is also allowed
      do:
        - record_quote
        - send: {template: document_filed, to: sender}
      stop: false

Overlay files use the same shape; an overlay entry may instead be `{name: x, disabled:
true}`. Every problem is a `RuleError` pointing at the offending line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from rules.actions import (
    ACTIONS,
    FROM_FACTS,
    OUTBOUND_TEMPLATES,
    Action,
    ArgKind,
    ArgSpec,
    Recipient,
)
from rules.facts import MILESTONE_FIELD, PARTY_FIELD, Event, Party
from rules.fields import fields_for
from rules.operators import OPERATORS
from rules.predicates import PREDICATES
from rules.schema import ActionSpec, AllOf, AnyOf, Check, Condition, FieldTest, Not, Rule
from rules.yaml_source import Source, line_of

RULE_KEYS = ("name", "description", "when", "if", "do", "stop")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_COMBINATORS = ("all", "any", "not", "check")
_NO_SENDER = frozenset({Event.MILESTONE_OVERDUE, Event.SCHEDULE_TICK})


@dataclass(frozen=True)
class Disabled:
    """An overlay entry that switches a rule off by name."""

    name: str
    line: int
    file: str


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_entries(source: Source, *, overlay: bool = False) -> list[Rule | Disabled]:
    """Every entry of one rule file, in file order."""
    if source.root is None:
        return []
    return [
        parse_entry(source, node, overlay) for node in source.sequence(source.root, "a rule file")
    ]


def parse_entry(source: Source, node: yaml.Node, overlay: bool) -> Rule | Disabled:
    items = {key: (key_node, value) for key, key_node, value in source.mapping(node, "a rule")}
    allowed = (*RULE_KEYS, "disabled") if overlay else RULE_KEYS
    for key, (key_node, _) in items.items():
        if key not in allowed:
            raise source.error(key_node, f"unknown rule key {key!r}{suggest(key, allowed)}")
    if "name" not in items:
        raise source.error(node, "rule has no name")
    name = source.text(items["name"][1], "rule name")
    if not NAME.match(name):
        raise source.error(items["name"][1], f"rule name {name!r} must be kebab-case")
    if "disabled" in items and source.flag(items["disabled"][1], "disabled"):
        extra = sorted(set(items) - {"name", "description", "disabled"})
        if extra:
            raise source.error(node, f"disabled rule {name!r} takes no {', '.join(extra)}")
        return Disabled(name, line_of(node), source.file)
    return _rule(source, node, name, {key: value for key, (_, value) in items.items()})


def _rule(source: Source, node: yaml.Node, name: str, items: dict[str, yaml.Node]) -> Rule:
    if "when" not in items:
        raise source.error(node, f"rule {name!r} has no when")
    event = _event(source, items["when"])
    description = source.text(items["description"], "description") if "description" in items else ""
    condition = parse_condition(source, items["if"], event) if "if" in items else None
    do = (
        tuple(parse_action(source, item, event) for item in source.sequence(items["do"], "do"))
        if "do" in items
        else ()
    )
    stop = source.flag(items["stop"], "stop") if "stop" in items else False
    if not do and not stop:
        raise source.error(node, f"rule {name!r} does nothing: give it do actions or stop: true")
    return Rule(name, description, event, condition, do, stop, line_of(node), source.file)


def _event(source: Source, node: yaml.Node) -> Event:
    value = source.scalar(node)
    events = [event.value for event in Event]
    if not isinstance(value, str) or value not in events:
        raise source.error(node, f"unknown event {value!r}{suggest(str(value), events)}")
    return Event(value)


# --- conditions ---------------------------------------------------------------------------


def parse_condition(source: Source, node: yaml.Node, event: Event) -> Condition:
    if isinstance(node, yaml.SequenceNode):
        items = [parse_condition(source, item, event) for item in node.value]
    elif isinstance(node, yaml.MappingNode):
        items = [
            _keyed(source, key, key_node, value, event)
            for key, key_node, value in source.mapping(node, "a condition")
        ]
    else:
        raise source.error(node, "a condition must be a mapping like {label: {eq: quote}}")
    if not items:
        raise source.error(node, "empty condition")
    return items[0] if len(items) == 1 else AllOf(tuple(items))


def _keyed(
    source: Source, key: str, key_node: yaml.Node, value: yaml.Node, event: Event
) -> Condition:
    if key in ("all", "any"):
        children = source.sequence(value, key)
        if not children:
            raise source.error(value, f"{key} needs at least one condition")
        parsed = tuple(parse_condition(source, child, event) for child in children)
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    if key == "not":
        return Not(parse_condition(source, value, event))
    if key == "check":
        return _check(source, value, event)
    return _field_tests(source, key, key_node, value, event)


def _check(source: Source, node: yaml.Node, event: Event) -> Check:
    name = source.text(node, "check")
    predicate = PREDICATES.get(name)
    if predicate is None:
        raise source.error(node, f"unknown predicate {name!r}{suggest(name, PREDICATES)}")
    if event not in predicate.events:
        raise source.error(node, f"predicate {name!r} does not apply to {event.value}")
    return Check(name, line_of(node))


def _field_tests(
    source: Source, name: str, key_node: yaml.Node, node: yaml.Node, event: Event
) -> Condition:
    fields = fields_for(event)
    spec = fields.get(name)
    if spec is None:
        known = (*fields, *_COMBINATORS)
        raise source.error(
            key_node, f"unknown field {name!r} for {event.value}{suggest(name, known)}"
        )
    if isinstance(node, yaml.MappingNode):
        pairs = [(op, op_node, value) for op, op_node, value in source.mapping(node, name)]
    else:  # short forms: a value means eq, a list means in
        pairs = [("in" if isinstance(node, yaml.SequenceNode) else "eq", node, node)]
    if not pairs:
        raise source.error(node, f"no operator given for {name}")
    tests = [
        _field_test(source, spec.name, op, op_node, value, event) for op, op_node, value in pairs
    ]
    return tests[0] if len(tests) == 1 else AllOf(tuple(tests))


def _field_test(
    source: Source, name: str, op_name: str, op_node: yaml.Node, node: yaml.Node, event: Event
) -> FieldTest:
    spec = fields_for(event)[name]
    operator = OPERATORS.get(op_name)
    if operator is None:
        raise source.error(op_node, f"unknown operator {op_name!r}{suggest(op_name, OPERATORS)}")
    if not operator.applies_to(spec):
        raise source.error(
            op_node, f"operator {op_name!r} does not apply to {name} ({spec.kind.value})"
        )
    if operator.needs_as_of and "as_of" not in fields_for(event):
        raise source.error(op_node, f"operator {op_name!r} needs an event with as_of")
    raw = source.plain(node)
    try:
        operand = operator.prepare(raw, spec)
    except ValueError as exc:
        raise source.error(node, f"bad value for {name} {op_name}: {exc}") from None
    return FieldTest(name, op_name, operand, _show(raw), line_of(op_node))


def _show(raw: object) -> str:
    if isinstance(raw, list):
        return "[" + ", ".join(_show(item) for item in raw) + "]"
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


# --- actions --------------------------------------------------------------------------------


def parse_action(source: Source, node: yaml.Node, event: Event) -> ActionSpec:
    if isinstance(node, yaml.ScalarNode):
        name_node, value = node, None
    else:
        entries = source.mapping(node, "an action")
        if len(entries) != 1:
            raise source.error(node, "an action is one name, optionally with its arguments")
        _, name_node, value = entries[0]
    action = _action_name(source, name_node)
    specs = ACTIONS[action]
    args = _action_args(source, action, specs, value)
    for spec in specs:
        if spec.required and spec.name not in args:
            raise source.error(node, f"{action.value} needs {spec.name}")
    by_name = {spec.name: spec for spec in specs}
    checked = {
        name: _arg_value(source, action, by_name[name], arg_node, event)
        for name, arg_node in args.items()
    }
    return ActionSpec(action, line=line_of(node), **checked)  # type: ignore[arg-type]


def _action_name(source: Source, node: yaml.Node) -> Action:
    value = source.scalar(node)
    names = [action.value for action in Action]
    if not isinstance(value, str) or value not in names:
        raise source.error(node, f"unknown action {value!r}{suggest(str(value), names)}")
    return Action(value)


def _action_args(
    source: Source, action: Action, specs: tuple[ArgSpec, ...], value: yaml.Node | None
) -> dict[str, yaml.Node]:
    if value is None or (isinstance(value, yaml.ScalarNode) and source.scalar(value) is None):
        return {}
    if not specs:
        raise source.error(value, f"{action.value} takes no arguments")
    if not isinstance(value, yaml.MappingNode):
        return {specs[0].name: value}
    known = [spec.name for spec in specs]
    args: dict[str, yaml.Node] = {}
    for name, key_node, arg_node in source.mapping(value, f"{action.value} arguments"):
        if name not in known:
            raise source.error(
                key_node, f"unknown argument {name!r} for {action.value}{suggest(name, known)}"
            )
        args[name] = arg_node
    return args


def _arg_value(
    source: Source, action: Action, spec: ArgSpec, node: yaml.Node, event: Event
) -> str | int:
    value = source.scalar(node)
    where = f"{action.value} {spec.name}"
    if spec.kind is ArgKind.DAYS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise source.error(node, f"{where} must be a whole number of days ≥ 0, got {value!r}")
        return value
    if not isinstance(value, str):
        raise source.error(node, f"{where} must be text, got {value!r}")
    problem = _arg_problem(spec.kind, value, event)
    if problem:
        raise source.error(node, f"{where}: {problem}")
    return Recipient(value) if spec.kind is ArgKind.RECIPIENT else value


def _arg_problem(kind: ArgKind, value: str, event: Event) -> str | None:
    """Why `value` is not a valid argument of `kind` for `event`, or None."""
    if value == FROM_FACTS:
        sources = {ArgKind.MILESTONE: MILESTONE_FIELD, ArgKind.PARTY: PARTY_FIELD}.get(kind)
        if sources is None or event not in sources:
            return f"from_facts is not available for {event.value}"
        return None
    if kind is ArgKind.TEMPLATE and value not in OUTBOUND_TEMPLATES:
        return f"unknown template {value!r}{suggest(value, OUTBOUND_TEMPLATES)}"
    if kind is ArgKind.RECIPIENT:
        if value not in {r.value for r in Recipient}:
            return f"unknown recipient {value!r}{suggest(value, [r.value for r in Recipient])}"
        if value == Recipient.SENDER and event in _NO_SENDER:
            return f"{event.value} has no sender"
    if kind is ArgKind.PARTY and value not in {p.value for p in Party}:
        return f"unknown party {value!r} (sponsor, cro or from_facts)"
    if kind in (ArgKind.MILESTONE, ArgKind.REASON) and not KEY.match(value):
        return f"{value!r} must be a snake_case key"
    return None
