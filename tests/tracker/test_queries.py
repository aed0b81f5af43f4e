"""Read models: project list, members, status."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from tests.tracker.support import DOMAIN, SYSTEM, document, inbound, make_project
from tracker.operations.messages import file_message
from tracker.operations.milestones import complete_milestone, set_waiting, start_milestone
from tracker.queries import find_project, list_projects, member_by_email, project_status
from tracker.routing import route
from tracker.types import MilestoneStatus, Role, WaitingOn


def test_projects_are_listed_by_code_with_their_organisations(session: Session) -> None:
    # Given two projects
    make_project(session, "beta", people=False)
    make_project(session, "alpha", people=False)
    # When listed
    projects = list_projects(session)
    # Then they come by code, with sponsor and CRO names
    assert [(p.code, p.sponsor, p.cro) for p in projects] == [
        ("alpha", "Sponsor Bio", "CRO Labs"),
        ("beta", "Sponsor Bio", "CRO Labs"),
    ]


def test_find_project_ignores_case_and_misses_cleanly(session: Session) -> None:
    team = make_project(session, people=False)
    found = find_project(session, "ALPHA")
    assert found is not None and found.id == team.project_id
    assert find_project(session, "nope") is None


def test_member_lookup_returns_roles_and_skips_strangers(session: Session) -> None:
    team = make_project(session)
    member = member_by_email(session, team.project_id, "CRO_PM@alpha.example")
    assert member is not None and member.roles == {Role.CRO_PM}
    assert member_by_email(session, team.project_id, "x@else.example") is None


def test_status_shows_milestones_documents_and_what_we_wait_on(session: Session) -> None:
    # Given alpha with a done kickoff, a quote waiting on the sponsor and a linked manifest
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    complete_milestone(session, pm, team.project_id, "kickoff_held")
    start_milestone(session, pm, team.project_id, "quote_accepted")
    since = datetime(2026, 3, 1, tzinfo=UTC)
    set_waiting(session, pm, team.project_id, "quote_accepted", WaitingOn.SPONSOR, since=since)
    msg = inbound(
        to=(f"proj-alpha@{DOMAIN}",),
        documents=(document("manifest.csv", "m", "sample_sheet", "samples_received"),),
    )
    file_message(session, msg, route(session, msg, domain=DOMAIN), actor=SYSTEM)
    # When the status is read
    status = project_status(session, team.project_id)
    # Then it shows each of those facts
    assert status is not None
    by_key = {m.key: m for m in status.milestones}
    assert by_key["kickoff_held"].status is MilestoneStatus.DONE
    assert (status.waiting_on, status.waiting_since, status.waiting_milestone) == (
        WaitingOn.SPONSOR,
        since,
        "quote_accepted",
    )
    assert [d.filename for d in by_key["samples_received"].documents] == ["manifest.csv"]
    assert by_key["samples_received"].message_count == 1
    assert (status.message_count, status.needs_review, status.current_milestone) == (
        1,
        0,
        "quote_accepted",
    )


def test_status_includes_the_domain_section_when_given(session: Session) -> None:
    team = make_project(session, people=False)
    status = project_status(session, team.project_id, domain_status=lambda s, pid: ("domain", pid))
    assert status is not None and status.domain == ("domain", team.project_id)


def test_status_of_a_missing_project_is_none(session: Session) -> None:
    assert project_status(session, 999) is None
