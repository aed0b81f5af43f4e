"""The named comparisons a condition may use, in one literal table.

An operator says which field kinds it applies to, turns the YAML value into an operand
once at load time (a regex is compiled there, an enum value checked there), and tests a
fact value against that operand at evaluation time. On a set-valued field (labels of
the attachments, amounts, mentioned milestones) `in`, `gte` and friends mean "some
element does"; `not_in` means "no element does".

A missing value (`None`) fails every operator except `eq: null`, `ne` with a value,
`not_in`, and `older_than` (never reminded is older than any span).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from rules.facts import Facts, Label
from rules.fields import SET_KINDS, FieldKind, FieldSpec

Operand = (
    str
    | int
    | float
    | bool
    | Decimal
    | date
    | timedelta
    | re.Pattern[str]
    | frozenset[object]
    | None
)

_SCALARS = frozenset(
    {FieldKind.TEXT, FieldKind.ENUM, FieldKind.NUMBER, FieldKind.BOOL, FieldKind.DATE}
)
_ELEMENT_KIND = {
    FieldKind.TEXT_SET: FieldKind.TEXT,
    FieldKind.ENUM_SET: FieldKind.ENUM,
    FieldKind.AMOUNTS: FieldKind.NUMBER,
}


@dataclass(frozen=True)
class Operator:
    """A named comparison. `prepare` raises ValueError with a message for the rule author."""

    name: str
    kinds: frozenset[FieldKind]
    prepare: Callable[[object, FieldSpec], Operand]
    test: Callable[[object, Operand, Facts], bool]
    when_none: Callable[[Operand], bool] = lambda operand: False
    label_only: bool = False
    needs_as_of: bool = False

    def applies_to(self, spec: FieldSpec) -> bool:
        if self.label_only and spec.enum is not Label:
            return False
        return spec.kind in self.kinds

    def apply(self, actual: object, operand: Operand, facts: Facts) -> bool:
        if actual is None:
            return self.when_none(operand)
        return self.test(actual, operand, facts)


# --- turning YAML values into operands ---------------------------------------------------


def coerce(raw: object, spec: FieldSpec) -> Operand:
    """One YAML scalar as a value of the field's (element) kind."""
    kind = _ELEMENT_KIND.get(spec.kind, spec.kind)
    if kind is FieldKind.ENUM:
        if not isinstance(raw, str) or raw not in spec.choices:
            raise ValueError(f"{raw!r} is not one of: {', '.join(spec.choices)}")
        return raw
    if kind is FieldKind.NUMBER:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ValueError(f"expected a number, got {raw!r}")
        return Decimal(str(raw)) if spec.kind is FieldKind.AMOUNTS else raw
    if kind is FieldKind.BOOL:
        if not isinstance(raw, bool):
            raise ValueError(f"expected true or false, got {raw!r}")
        return raw
    if kind is FieldKind.DATE:
        return _date(raw)
    if not isinstance(raw, str):
        raise ValueError(f"expected text, got {raw!r}")
    return raw


def _date(raw: object) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"expected an ISO date, got {raw!r}") from None


def _scalar_or_null(raw: object, spec: FieldSpec) -> Operand:
    if raw is None and spec.nullable:
        return None
    return coerce(raw, spec)


def _choices(raw: object, spec: FieldSpec) -> Operand:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"expected a non-empty list, got {raw!r}")
    return frozenset(coerce(item, spec) for item in raw)


def _regex(raw: object, spec: FieldSpec) -> Operand:
    if not isinstance(raw, str):
        raise ValueError(f"expected a regular expression, got {raw!r}")
    try:
        return re.compile(raw)
    except re.error as exc:
        raise ValueError(f"bad regular expression {raw!r}: {exc}") from None


def _contained(raw: object, spec: FieldSpec) -> Operand:
    value = coerce(raw, spec)
    return value.casefold() if spec.kind is FieldKind.TEXT and isinstance(value, str) else value


_SPAN = re.compile(r"^(\d+)\s*([dw])$")


def _span(raw: object, spec: FieldSpec) -> Operand:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return timedelta(days=raw)
    match = _SPAN.match(str(raw).strip())
    if not match:
        raise ValueError(f"expected a span like 7d or 2w, got {raw!r}")
    count, unit = int(match[1]), match[2]
    return timedelta(days=count * (7 if unit == "w" else 1))


# --- tests ------------------------------------------------------------------------------


def _elements(actual: object) -> Iterable[object]:
    if isinstance(actual, tuple | frozenset | set | list):
        return actual
    return (actual,)


def _number(element: object) -> object:
    return getattr(element, "value", element)  # an Amount compares by its value


def _ordering(
    compare: Callable[[object, object], bool],
) -> Callable[[object, Operand, Facts], bool]:
    def test(actual: object, operand: Operand, facts: Facts) -> bool:
        return any(compare(_number(element), operand) for element in _elements(actual))

    return test


def _in(actual: object, operand: Operand, facts: Facts) -> bool:
    assert isinstance(operand, frozenset)
    return any(element in operand for element in _elements(actual))


def _matches(actual: object, operand: Operand, facts: Facts) -> bool:
    assert isinstance(operand, re.Pattern)
    return any(operand.search(str(element)) for element in _elements(actual))


def _contains(actual: object, operand: Operand, facts: Facts) -> bool:
    if isinstance(actual, str):
        return str(operand) in actual.casefold()
    return operand in _elements(actual)


def _older_than(actual: object, operand: Operand, facts: Facts) -> bool:
    as_of = getattr(facts, "as_of", None)
    assert isinstance(actual, date) and isinstance(as_of, date)
    assert isinstance(operand, timedelta)
    return as_of - actual > operand


def _has_label(actual: object, operand: Operand, facts: Facts) -> bool:
    return operand in _elements(actual)


_ORDERED = frozenset({FieldKind.NUMBER, FieldKind.DATE, FieldKind.AMOUNTS})
_MEMBERSHIP = frozenset({FieldKind.TEXT, FieldKind.ENUM, FieldKind.NUMBER}) | (
    SET_KINDS - {FieldKind.AMOUNTS}
)

OPERATORS: dict[str, Operator] = {
    "eq": Operator("eq", _SCALARS, _scalar_or_null, lambda a, o, f: a == o, lambda o: o is None),
    "ne": Operator(
        "ne", _SCALARS, _scalar_or_null, lambda a, o, f: a != o, lambda o: o is not None
    ),
    "in": Operator("in", _MEMBERSHIP, _choices, _in),
    "not_in": Operator(
        "not_in", _MEMBERSHIP, _choices, lambda a, o, f: not _in(a, o, f), lambda o: True
    ),
    "gte": Operator("gte", _ORDERED, coerce, _ordering(lambda a, o: a >= o)),  # type: ignore[operator]
    "lte": Operator("lte", _ORDERED, coerce, _ordering(lambda a, o: a <= o)),  # type: ignore[operator]
    "gt": Operator("gt", _ORDERED, coerce, _ordering(lambda a, o: a > o)),  # type: ignore[operator]
    "lt": Operator("lt", _ORDERED, coerce, _ordering(lambda a, o: a < o)),  # type: ignore[operator]
    "matches": Operator(
        "matches", frozenset({FieldKind.TEXT, FieldKind.TEXT_SET}), _regex, _matches
    ),
    "contains": Operator(
        "contains",
        frozenset({FieldKind.TEXT, FieldKind.TEXT_SET, FieldKind.ENUM_SET}),
        _contained,
        _contains,
    ),
    "has_label": Operator(
        "has_label",
        frozenset({FieldKind.ENUM, FieldKind.ENUM_SET}),
        coerce,
        _has_label,
        label_only=True,
    ),
    "older_than": Operator(
        "older_than",
        frozenset({FieldKind.DATE}),
        _span,
        _older_than,
        lambda o: True,
        needs_as_of=True,
    ),
}
