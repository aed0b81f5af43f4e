"""The fields a rule may name for each event, read from the Facts dataclasses.

Each field gets a `FieldKind` from its annotation, so the loader can refuse an operator
that makes no sense for it (`gte` on a label) and check enum values against their
closed set, with no second list of field names to keep in step.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache

from rules.facts import FACT_TYPES, Amount, Event


class FieldKind(StrEnum):
    TEXT = "text"
    ENUM = "enum"
    NUMBER = "number"
    BOOL = "bool"
    DATE = "date"
    TEXT_SET = "text set"
    ENUM_SET = "enum set"
    AMOUNTS = "amounts"


SET_KINDS = frozenset({FieldKind.TEXT_SET, FieldKind.ENUM_SET, FieldKind.AMOUNTS})


@dataclass(frozen=True)
class FieldSpec:
    """One nameable field: its kind, its closed set of values (enums) and nullability."""

    name: str
    kind: FieldKind
    enum: type[StrEnum] | None = None
    nullable: bool = False

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(member.value for member in self.enum) if self.enum else ()


@cache
def fields_for(event: Event) -> dict[str, FieldSpec]:
    """Field name → spec for the facts of `event`, in declaration order."""
    facts_type = FACT_TYPES[event]
    hints = typing.get_type_hints(facts_type)
    return {f.name: _spec(f.name, hints[f.name]) for f in dataclasses.fields(facts_type)}


def _spec(name: str, hint: object) -> FieldSpec:
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) and type(None) in args:
        inner = next(arg for arg in args if arg is not type(None))
        return dataclasses.replace(_spec(name, inner), nullable=True)
    origin = typing.get_origin(hint)
    if origin in (tuple, frozenset):
        element = args[0]
        if element is Amount:
            return FieldSpec(name, FieldKind.AMOUNTS)
        if isinstance(element, type) and issubclass(element, StrEnum):
            return FieldSpec(name, FieldKind.ENUM_SET, enum=element)
        return FieldSpec(name, FieldKind.TEXT_SET)
    return _scalar_spec(name, hint)


def _scalar_spec(name: str, hint: object) -> FieldSpec:
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return FieldSpec(name, FieldKind.ENUM, enum=hint)
    simple = {
        str: FieldKind.TEXT,
        bool: FieldKind.BOOL,
        int: FieldKind.NUMBER,
        float: FieldKind.NUMBER,
        Decimal: FieldKind.NUMBER,
        date: FieldKind.DATE,
    }
    if hint in simple:
        return FieldSpec(name, simple[hint])  # type: ignore[index]
    raise TypeError(f"facts field {name!r} has a type rules cannot use: {hint!r}")
