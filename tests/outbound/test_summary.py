"""Weekly summary: sections from plain facts, the member's ISO week, once per week."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from outbound import outbox
from outbound.errors import MessageError
from outbound.summary import (
    ChangeFact,
    DeliverableFact,
    Member,
    MilestoneFact,
    PaymentFact,
    ProjectSnapshot,
    SampleFact,
    build_weekly_summary,
    iso_week,
    summary_due,
    summary_email,
)
from tracker.db import make_engine, make_session_factory
from tracker.migrate import upgrade
from tracker.types import (
    ChangeStatus,
    DeliverableStatus,
    MilestoneStatus,
    PaymentStatus,
    SampleStatus,
)

# Wednesday 12 Feb 2025, 09:00 UTC
NOW = datetime(2025, 2, 12, 9, 0, tzinfo=UTC)
DANA = Member(7, "Dana Sponsor", "dana@sponsor.example", "Europe/Berlin")
FROM = "mailroom@mailroom.example"  # no projects table rows here, hence project_id=None
PAT = Member(8, "Pat CRO", "pm@cro.example", "America/New_York")


def snapshot(**changes: object) -> ProjectSnapshot:
    base = ProjectSnapshot(
        project_id=1,
        code="acme-tox",
        name="ACME 28-day tox",
        members=(DANA, PAT),
        milestones=(
            MilestoneFact(
                "kickoff_held",
                "Kickoff held",
                MilestoneStatus.DONE,
                due=date(2025, 2, 10),
                done_on=date(2025, 2, 11),
            ),
            MilestoneFact(
                "quote_accepted", "Quote accepted", MilestoneStatus.DONE, done_on=date(2025, 1, 20)
            ),
            MilestoneFact(
                "dosing_start", "Dosing start", MilestoneStatus.PENDING, due=date(2025, 2, 18)
            ),
            MilestoneFact(
                "final_report", "Final report", MilestoneStatus.PENDING, due=date(2025, 4, 1)
            ),
            MilestoneFact(
                "samples_received",
                "Samples received",
                MilestoneStatus.WAITING_ON_SPONSOR,
                due=date(2025, 2, 7),
                since=date(2025, 2, 3),
            ),
        ),
        changes=(
            ChangeFact(
                3,
                "Additional timepoints",
                ChangeStatus.AWAITING_APPROVAL,
                date(2025, 2, 6),
                "Dana Sponsor",
            ),
            ChangeFact(2, "Old change", ChangeStatus.APPROVED, date(2025, 1, 6)),
        ),
        deliverables=(
            DeliverableFact(
                "Draft report",
                DeliverableStatus.AWAITING_REVIEW,
                "v1",
                date(2025, 2, 10),
                date(2025, 3, 3),
            ),
            DeliverableFact("Protocol", DeliverableStatus.ACCEPTED, "v2"),
        ),
        samples=(SampleFact(SampleStatus.RECEIVED, 40), SampleFact(SampleStatus.IN_ANALYSIS, 8)),
        payments=(
            PaymentFact(
                "Milestone 2", "USD 12,000.00", PaymentStatus.INVOICED, date(2025, 2, 1), "INV-778"
            ),
            PaymentFact("Milestone 1", "USD 8,000.00", PaymentStatus.PAID),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_summary_leads_with_what_waits_on_whom_oldest_first() -> None:
    # Given a project waiting on samples, an approval, a review and a payment
    # When Dana's summary is built
    ctx = build_weekly_summary(snapshot(), DANA, NOW)
    # Then the waiting list names who holds each item, oldest first
    assert [(w.what, w.on_whom, w.age_days) for w in ctx.waiting_on] == [
        ("Payment: Milestone 2 (USD 12,000.00)", "sponsor finance", 11),
        ("Samples received", "sponsor", 9),
        ("Approval of CR-3 Additional timepoints", "Dana Sponsor", 6),
        ("Review of Draft report v1", "sponsor", 2),
    ]


def test_summary_sections_split_done_due_next_and_overdue() -> None:
    # Given milestones done this week, done earlier, due soon, due later and overdue
    # When the summary is built
    ctx = build_weekly_summary(snapshot(), DANA, NOW)
    # Then each lands in exactly its section
    assert [m.key for m in ctx.milestones_done] == ["kickoff_held"]
    assert [m.key for m in ctx.milestones_due_next] == ["dosing_start"]
    assert [m.key for m in ctx.milestones_overdue] == ["samples_received"]
    assert [(c.number, c.age_days) for c in ctx.open_changes] == [(3, 6)]
    assert [d.title for d in ctx.deliverables_awaiting_review] == ["Draft report"]
    assert [(s.status, s.count) for s in ctx.samples_by_status] == [
        ("received", 40),
        ("in analysis", 8),
    ]
    assert [p.invoice_number for p in ctx.payments_due] == ["INV-778"]


def test_iso_week_is_taken_in_the_members_time_zone() -> None:
    # Given Sunday 23:30 UTC, which is already Monday in Berlin but still Sunday in New York
    moment = datetime(2025, 2, 16, 23, 30, tzinfo=UTC)
    # When each member's week is computed
    # Then Berlin is in the next ISO week, New York is not
    assert iso_week(moment, "Europe/Berlin") == "2025-W08"
    assert iso_week(moment, "America/New_York") == "2025-W07"


def test_summary_is_due_after_monday_morning_local_time() -> None:
    # Given Monday 06:30 UTC (07:30 Berlin) and Monday 07:30 UTC (08:30 Berlin)
    # When asked whether Dana's summary is due
    # Then only the second is past Monday 08:00 local
    assert not summary_due(datetime(2025, 2, 17, 6, 30, tzinfo=UTC), "Europe/Berlin")
    assert summary_due(datetime(2025, 2, 17, 7, 30, tzinfo=UTC), "Europe/Berlin")


def test_member_of_another_project_cannot_get_this_summary() -> None:
    # Given a person who is not a member of the project
    outsider = Member(99, "Eve", "eve@else.example")
    # When a summary is built for them
    # Then it is refused
    with pytest.raises(MessageError):
        build_weekly_summary(snapshot(), outsider, NOW)


def test_summary_is_queued_once_per_member_and_week_across_restarts(sqlite_url: str) -> None:
    # Given a migrated database
    upgrade(sqlite_url)

    def tick(now: datetime) -> int:
        """One scheduler run in a fresh process: new engine, new sessions."""
        engine = make_engine(sqlite_url)
        factory: sessionmaker[Session] = make_session_factory(engine)
        with factory.begin() as s:
            rows = [
                outbox.enqueue(s, replace(summary_email(snapshot(), m, now, FROM), project_id=None))
                for m in (DANA, PAT)
            ]
        engine.dispose()
        return sum(r is not None for r in rows)

    # When the scheduler runs twice in the same week and once the next week
    first, repeat = tick(NOW), tick(datetime(2025, 2, 14, 9, 0, tzinfo=UTC))
    next_week = tick(datetime(2025, 2, 19, 9, 0, tzinfo=UTC))
    # Then each member gets one summary per week
    assert (first, repeat, next_week) == (2, 0, 2)


def test_summary_email_goes_only_to_the_member() -> None:
    # Given Pat's summary
    mail = summary_email(snapshot(), PAT, NOW, "mailroom@mailroom.example")
    # When its envelope is read
    # Then it is addressed to Pat alone and keyed by project, person and week
    assert mail.recipients == ("pm@cro.example",)
    assert mail.dedupe_key == "summary:acme-tox:8:2025-W07"
