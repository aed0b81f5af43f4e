"""Milestone templates per service type, read from `rules/templates/<service_type>.yaml`.

Every template is the common frame around its service core (domain.md (a)):

    quote_accepted → po_or_sow_executed → kickoff_held → … core … →
    final_deliverable_accepted → closeout

A template milestone carries its key, name, order (its position in the file), who it
waits on by default, an optional payment share (shares never add up to more than 1),
an optional planned offset in days from the project start, and the labels of the
messages or documents that usually prove it. The record itself (planned, forecast and
actual dates, status) belongs to tracker; `plan_milestones` gives the values it starts
from. Templates are validated like rule files: one-line `RuleError`s with file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from rules.facts import Label, Party
from rules.parse import KEY
from rules.yaml_source import Source, read_source
from tracker.types import MilestoneStatus, ServiceType

FRAME_START = ("quote_accepted", "po_or_sow_executed", "kickoff_held")
FRAME_END = ("final_deliverable_accepted", "closeout")
TEMPLATE_DIR = Path(__file__).parent / "templates"

_TOP_KEYS = ("service_type", "name", "description", "milestones")
_MILESTONE_KEYS = (
    "key",
    "name",
    "description",
    "waits_on",
    "payment_share",
    "offset_days",
    "evidence_labels",
    "conditional",
)


@dataclass(frozen=True)
class MilestoneSpec:
    key: str
    name: str
    order: int  # 1-based position in the template
    waits_on: Party
    payment_share: Decimal | None = None
    offset_days: int | None = None  # planned date = project start + offset
    evidence_labels: tuple[Label, ...] = ()
    conditional: bool = False  # only happens in some projects (an OOS investigation)
    description: str = ""


@dataclass(frozen=True)
class MilestoneTemplate:
    service_type: ServiceType
    name: str
    milestones: tuple[MilestoneSpec, ...]
    description: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(milestone.key for milestone in self.milestones)

    def get(self, key: str) -> MilestoneSpec:
        for milestone in self.milestones:
            if milestone.key == key:
                return milestone
        raise KeyError(key)


@dataclass(frozen=True)
class PlannedMilestone:
    """A template milestone as a new project starts it: planned, nothing actual yet."""

    key: str
    name: str
    order: int
    waits_on: Party
    status: MilestoneStatus
    planned_date: date | None
    forecast_date: date | None = None
    actual_date: date | None = None
    payment_share: Decimal | None = None


@cache
def load_template(service_type: ServiceType) -> MilestoneTemplate:
    """The shipped template for `service_type` (read once per process)."""
    path = TEMPLATE_DIR / f"{ServiceType(service_type).value}.yaml"
    return load_template_file(path, f"rules/templates/{path.name}", service_type)


def template_keys(service_type: ServiceType) -> tuple[str, ...]:
    return load_template(service_type).keys


def plan_milestones(service_type: ServiceType, start: date) -> tuple[PlannedMilestone, ...]:
    """The milestones a new project of `service_type` starting on `start` begins with."""
    return tuple(
        PlannedMilestone(
            key=spec.key,
            name=spec.name,
            order=spec.order,
            waits_on=spec.waits_on,
            status=MilestoneStatus.PENDING,
            planned_date=None if spec.offset_days is None else start + timedelta(spec.offset_days),
            payment_share=spec.payment_share,
        )
        for spec in load_template(service_type).milestones
    )


def load_template_file(
    path: Path, file: str | None = None, expected: ServiceType | None = None
) -> MilestoneTemplate:
    """Read and validate one template file (a project's own, or a shipped one)."""
    source = read_source(path, file)
    if source.root is None:
        raise source.error(None, "empty template")
    items = {
        key: (key_node, value) for key, key_node, value in source.mapping(source.root, "a template")
    }
    _refuse_unknown(source, items, _TOP_KEYS, "template")
    for key in ("service_type", "name", "milestones"):
        if key not in items:
            raise source.error(source.root, f"template has no {key}")
    service_type = _service_type(source, items["service_type"][1], expected)
    milestones = _milestones(source, items["milestones"][1])
    description = items["description"][1] if "description" in items else None
    return MilestoneTemplate(
        service_type=service_type,
        name=source.text(items["name"][1], "name"),
        milestones=milestones,
        description=source.text(description, "description") if description else "",
    )


def _refuse_unknown(
    source: Source, items: dict[str, tuple[yaml.Node, yaml.Node]], known: tuple[str, ...], what: str
) -> None:
    for key, (key_node, _) in items.items():
        if key not in known:
            raise source.error(key_node, f"unknown {what} key {key!r} (known: {', '.join(known)})")


def _service_type(source: Source, node: yaml.Node, expected: ServiceType | None) -> ServiceType:
    value = source.text(node, "service_type")
    if value not in {st.value for st in ServiceType}:
        raise source.error(node, f"unknown service type {value!r}")
    if expected is not None and value != expected:
        raise source.error(node, f"service_type {value!r} in the template for {expected.value!r}")
    return ServiceType(value)


def _milestones(source: Source, node: yaml.Node) -> tuple[MilestoneSpec, ...]:
    nodes = source.sequence(node, "milestones")
    specs = tuple(_milestone(source, item, order) for order, item in enumerate(nodes, start=1))
    seen: set[str] = set()
    for spec, item in zip(specs, nodes, strict=True):
        if spec.key in seen:
            raise source.error(item, f"duplicate milestone key {spec.key!r}")
        seen.add(spec.key)
    _check_frame(source, node, specs)
    _check_shares(source, node, specs)
    _check_offsets(source, nodes, specs)
    return specs


def _milestone(source: Source, node: yaml.Node, order: int) -> MilestoneSpec:
    items = {key: (key_node, value) for key, key_node, value in source.mapping(node, "a milestone")}
    _refuse_unknown(source, items, _MILESTONE_KEYS, "milestone")
    for required in ("key", "name", "waits_on"):
        if required not in items:
            raise source.error(node, f"milestone has no {required}")
    values = {key: value for key, (_, value) in items.items()}
    key = source.text(values["key"], "key")
    if not KEY.match(key):
        raise source.error(values["key"], f"milestone key {key!r} must be snake_case")
    optional: dict[str, Callable[[yaml.Node], object]] = {
        "payment_share": lambda n: _share(source, n),
        "offset_days": lambda n: _days(source, n),
        "evidence_labels": lambda n: _labels(source, n),
        "conditional": lambda n: source.flag(n, "conditional"),
        "description": lambda n: source.text(n, "description"),
    }
    extra = {name: read(values[name]) for name, read in optional.items() if name in values}
    return MilestoneSpec(
        key=key,
        name=source.text(values["name"], "name"),
        order=order,
        waits_on=_party(source, values["waits_on"]),
        **extra,  # type: ignore[arg-type]
    )


def _party(source: Source, node: yaml.Node) -> Party:
    value = source.scalar(node)
    if value not in {party.value for party in Party}:
        raise source.error(node, f"waits_on must be sponsor or cro, got {value!r}")
    return Party(str(value))


def _share(source: Source, node: yaml.Node) -> Decimal:
    value = source.scalar(node)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise source.error(node, f"payment_share must be a number in (0, 1], got {value!r}")
    return Decimal(str(value))


def _days(source: Source, node: yaml.Node) -> int:
    value = source.scalar(node)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise source.error(node, f"offset_days must be a whole number ≥ 0, got {value!r}")
    return value


def _labels(source: Source, node: yaml.Node) -> tuple[Label, ...]:
    labels = []
    for item in source.sequence(node, "evidence_labels"):
        value = source.scalar(item)
        if value not in {label.value for label in Label}:
            raise source.error(item, f"unknown label {value!r}")
        labels.append(Label(str(value)))
    return tuple(labels)


def _check_frame(source: Source, node: yaml.Node, specs: tuple[MilestoneSpec, ...]) -> None:
    keys = tuple(spec.key for spec in specs)
    if keys[:3] != FRAME_START or keys[-2:] != FRAME_END or len(keys) < 6:
        raise source.error(
            node,
            f"milestones must start with {', '.join(FRAME_START)}, end with "
            f"{', '.join(FRAME_END)} and have a service core between",
        )


def _check_shares(source: Source, node: yaml.Node, specs: tuple[MilestoneSpec, ...]) -> None:
    total = sum((spec.payment_share or Decimal(0) for spec in specs), Decimal(0))
    if total > 1:
        raise source.error(node, f"payment shares add up to {total}, more than 1")


def _check_offsets(
    source: Source, nodes: list[yaml.Node], specs: tuple[MilestoneSpec, ...]
) -> None:
    latest = 0
    for spec, item in zip(specs, nodes, strict=True):
        if spec.offset_days is None:
            continue
        if spec.offset_days < latest:
            raise source.error(
                item, f"offset_days of {spec.key} ({spec.offset_days}) is before an earlier one"
            )
        latest = spec.offset_days
