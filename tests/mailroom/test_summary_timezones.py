"""Weekly summaries follow each member's own time zone and week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mailroom.projects import MemberSpec, add_member
from mailroom.summaries import queue_due_summaries
from tests.mailroom.conftest import MEMBERS, Harness
from tracker.types import Role

AUCKLAND = "kiri.ngata@helix.example"


def _add_auckland_member(h: Harness) -> None:
    with h.ws.transaction() as session:
        from tracker.operations.projects import project_by_code

        project_id = project_by_code(session, "hlx").id
        add_member(session, project_id, MemberSpec(
            "Kiri Ngata", (AUCKLAND,), Role.OBSERVER, timezone="Pacific/Auckland"))  # fmt: skip


def test_a_member_ahead_in_time_gets_their_summary_on_their_monday(harness: Harness) -> None:
    # Given a project in UTC and one member in Auckland (UTC+13 in March)
    _add_auckland_member(harness)
    # When the tick runs on Monday 00:30 UTC: Monday 13:30 in Auckland, 00:30 in UTC
    early = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)
    first = queue_due_summaries(harness.ws, early)
    # Then only the Auckland member's 08:00 has passed
    assert first == 1
    assert len(harness.mail_to(AUCKLAND)) == 1


def test_each_member_gets_one_summary_for_their_week_across_ticks(harness: Harness) -> None:
    # Given members in UTC and one in Auckland
    _add_auckland_member(harness)
    early = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)
    # When the tick runs early Monday, later on Monday, and again on Wednesday
    counts = [queue_due_summaries(harness.ws, early + timedelta(hours=h)) for h in (0, 10, 58)]
    # Then Auckland went first, everyone else at their own 08:00, and nobody twice
    assert counts == [1, len(MEMBERS), 0]
    assert len(harness.mail_to(AUCKLAND)) == 1


def test_an_unknown_time_zone_is_refused_with_one_line(harness: Harness) -> None:
    # Given a member with a misspelt zone; When added; Then a clear domain error
    import pytest

    from tracker.errors import TrackerError

    with (
        pytest.raises(TrackerError, match="unknown time zone 'Europe/Atlantis'"),
        harness.ws.transaction() as session,
    ):
        from tracker.operations.projects import project_by_code

        add_member(session, project_by_code(session, "hlx").id, MemberSpec(
            "X", ("x@helix.example",), Role.OBSERVER, timezone="Europe/Atlantis"))  # fmt: skip
