"""Milestone templates: every service type loads, keeps the frame, and is validated."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from rules import (
    Label,
    Party,
    RuleError,
    load_template,
    load_template_file,
    plan_milestones,
    template_keys,
)
from rules.milestones import FRAME_END, FRAME_START, TEMPLATE_DIR
from tracker.types import MilestoneStatus, ServiceType


def test_every_service_type_has_exactly_one_template_file() -> None:
    # Given the template directory
    # When its files are listed
    files = {path.stem for path in TEMPLATE_DIR.glob("*.yaml")}

    # Then there is one per service type and nothing else
    assert files == {service_type.value for service_type in ServiceType}


@pytest.mark.parametrize("service_type", list(ServiceType))
def test_template_loads_with_the_common_frame(service_type: ServiceType) -> None:
    # Given a service type
    # When its template is loaded
    template = load_template(service_type)

    # Then it is that type's, framed, with a core between, ordered 1..n
    assert template.service_type is service_type
    assert template.keys[:3] == FRAME_START
    assert template.keys[-2:] == FRAME_END
    assert len(template.keys) > 5
    assert [m.order for m in template.milestones] == list(range(1, len(template.keys) + 1))


@pytest.mark.parametrize("service_type", list(ServiceType))
def test_template_payment_shares_add_up_to_one(service_type: ServiceType) -> None:
    # Given a shipped template
    template = load_template(service_type)

    # When its payment shares are added up
    total = sum((m.payment_share or Decimal(0) for m in template.milestones), Decimal(0))

    # Then they make the whole price, with the balance on final acceptance
    assert total == Decimal(1)
    assert template.get("final_deliverable_accepted").payment_share


@pytest.mark.parametrize("service_type", list(ServiceType))
def test_template_milestones_name_their_evidence(service_type: ServiceType) -> None:
    # Given a shipped template
    template = load_template(service_type)

    # When each milestone's evidence labels are read
    # Then every milestone names at least one known label
    assert all(m.evidence_labels for m in template.milestones)
    assert all(isinstance(label, Label) for m in template.milestones for label in m.evidence_labels)


def test_service_core_follows_the_domain_sequence() -> None:
    # Given the bioanalysis template
    # When its keys are read
    keys = template_keys(ServiceType.BIOANALYSIS)

    # Then the service core is the domain's sequence between the frame
    assert keys[3:-2] == (
        "method_developed",
        "method_validated",
        "method_transferred",
        "study_samples_received",
        "sample_analysis_complete",
        "isr_complete",
        "draft_ba_report",
        "final_ba_report",
    )
    assert load_template(ServiceType.BIOANALYSIS).get("method_transferred").conditional


def test_plan_milestones_dates_each_from_the_start() -> None:
    # Given a toxicology project starting on 2 March 2026
    start = date(2026, 3, 2)

    # When its milestones are planned
    planned = {m.key: m for m in plan_milestones(ServiceType.TOXICOLOGY, start)}

    # Then planned dates follow the template offsets, all pending, nothing actual yet
    template = load_template(ServiceType.TOXICOLOGY)
    protocol = planned["protocol_approved"]
    assert protocol.planned_date == start + timedelta(
        days=template.get("protocol_approved").offset_days or 0
    )
    assert protocol.payment_share == Decimal("0.5")
    assert protocol.waits_on is Party.SPONSOR
    assert all(m.status is MilestoneStatus.PENDING for m in planned.values())
    assert all(m.actual_date is None and m.forecast_date is None for m in planned.values())


GOOD = """\
service_type: custom
name: Small job
milestones:
  - {key: quote_accepted, name: Quote accepted, waits_on: sponsor, offset_days: 0}
  - {key: po_or_sow_executed, name: PO, waits_on: sponsor}
  - {key: kickoff_held, name: Kickoff, waits_on: cro, payment_share: 0.5}
  - {key: work_done, name: Work done, waits_on: cro, offset_days: 30}
  - {key: final_deliverable_accepted, name: Accepted, waits_on: sponsor, payment_share: 0.5}
  - {key: closeout, name: Closeout, waits_on: cro}
"""

# (case, replace this, with this, line, start of the message)
TEMPLATE_ERRORS = [
    (
        "duplicate-key",
        "key: work_done",
        "key: kickoff_held",
        7,
        "duplicate milestone key 'kickoff_held'",
    ),
    (
        "shares-above-one",
        "payment_share: 0.5}\n  - {key: closeout",
        "payment_share: 0.6}\n  - {key: closeout",
        4,
        "payment shares add up to 1.1, more than 1",
    ),
    (
        "share-out-of-range",
        "cro, payment_share: 0.5",
        "cro, payment_share: 50",
        6,
        "payment_share must be a number in (0, 1]",
    ),
    ("unknown-field", "offset_days: 30", "offset: 30", 7, "unknown milestone key 'offset'"),
    (
        "bad-waits-on",
        "waits_on: cro, offset_days: 30",
        "waits_on: lab, offset_days: 30",
        7,
        "waits_on must be sponsor or cro, got 'lab'",
    ),
    (
        "offsets-go-back",
        "offset_days: 30",
        "offset_days: 30}\n  - {key: extra, name: X, waits_on: cro, offset_days: 3",
        8,
        "offset_days of extra (3) is before an earlier one",
    ),
    (
        "frame-missing",
        "  - {key: closeout, name: Closeout, waits_on: cro}\n",
        "",
        4,
        "milestones must start with quote_accepted",
    ),
    (
        "wrong-service-type",
        "service_type: custom",
        "service_type: genomics",
        1,
        "service_type 'genomics' in the template for 'custom'",
    ),
    ("unknown-top-key", "name: Small job", "title: Small job", 2, "unknown template key 'title'"),
    (
        "unknown-label",
        "waits_on: cro, offset_days: 30",
        "waits_on: cro, evidence_labels: [report]",
        7,
        "unknown label 'report'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [case[1:] for case in TEMPLATE_ERRORS],
    ids=[case[0] for case in TEMPLATE_ERRORS],
)
def test_template_error_names_file_and_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    # Given a valid template with one mistake put in
    assert old in GOOD
    path = tmp_path / "custom.yaml"
    path.write_text(GOOD.replace(old, new, 1))

    # When it is loaded as the custom template
    with pytest.raises(RuleError) as caught:
        load_template_file(path, expected=ServiceType.CUSTOM)

    # Then the one-line error points at the line
    assert str(caught.value).startswith(f"{path}:{line}: {message}")


def test_valid_project_template_loads(tmp_path: Path) -> None:
    # Given a project's own small template
    path = tmp_path / "custom.yaml"
    path.write_text(GOOD)

    # When it is loaded
    template = load_template_file(path, expected=ServiceType.CUSTOM)

    # Then its milestones are in order, with shares and offsets where given
    assert template.keys[3] == "work_done"
    assert template.get("work_done").offset_days == 30
    assert template.get("po_or_sow_executed").offset_days is None
    assert template.get("kickoff_held").payment_share == Decimal("0.5")
