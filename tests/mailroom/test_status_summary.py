"""Status by email, the weekly summary, and who Mailroom never answers."""

from __future__ import annotations

from datetime import UTC, datetime

from mailroom.projects import MemberSpec, add_member, create_project
from mailroom.summaries import queue_due_summaries
from tests.mailroom.conftest import (
    CRO_PM,
    DOMAIN,
    MEMBERS,
    OUTSIDER,
    SPONSOR_PM,
    Harness,
    Mail,
)
from tracker.types import Role, ServiceType

WHEN = datetime(2026, 3, 2, 9, tzinfo=UTC)
OTHER_PM = "olga.other@elsewhere-cro.example"


def _second_project(h: Harness) -> None:
    with h.ws.transaction() as session:
        project_id = create_project(
            session, code="tox", name="Other study", service_type=ServiceType.TOXICOLOGY,
            sponsor="Helix Therapeutics", cro="Other CRO", domain=DOMAIN,
        )  # fmt: skip
        add_member(session, project_id, MemberSpec("Olga Other", (OTHER_PM,), Role.CRO_PM))


def test_member_asking_status_gets_the_summary(harness: Harness) -> None:
    # Given a member; When they mail the project address with subject "status"
    asked = Mail(SPONSOR_PM, "status", "", WHEN)
    harness.send(asked)
    # Then the status comes back to them, threaded under their mail
    answers = harness.mail_to(SPONSOR_PM)
    assert len(answers) == 1
    assert answers[0]["In-Reply-To"] == asked.message_id
    assert "HLX-208" in answers[0].get_body(("plain",)).get_content()


def test_non_member_asking_status_gets_nothing(harness: Harness) -> None:
    # Given someone outside the project; When they ask for status
    harness.send(Mail(OUTSIDER, "status", "", WHEN))
    # Then nothing is sent to anyone
    assert harness.outbox() == []


def test_weekly_summary_goes_once_per_member_per_week(harness: Harness) -> None:
    # Given a project with six members; When the weekly tick runs twice in the same week
    monday = datetime(2026, 3, 2, 12, tzinfo=UTC)
    first = queue_due_summaries(harness.ws, monday)
    second = queue_due_summaries(harness.ws, datetime(2026, 3, 4, 12, tzinfo=UTC))
    # Then each member got exactly one summary
    assert (first, second) == (len(MEMBERS), 0)
    assert len(harness.mail_to(CRO_PM)) == 1


def test_weekly_summary_shows_members_only_their_projects(harness: Harness) -> None:
    # Given a second project with its own member
    _second_project(harness)
    # When the weekly tick runs
    queue_due_summaries(harness.ws, datetime(2026, 3, 2, 12, tzinfo=UTC))
    # Then that member's summary is of their project only, and ours never reaches them
    theirs = harness.mail_to(OTHER_PM)
    assert len(theirs) == 1
    body = theirs[0].get_body(("plain",)).get_content()
    assert "Other study" in body and "HLX-208" not in body


def test_auto_reply_from_a_member_is_never_answered(harness: Harness) -> None:
    # Given a member's out-of-office; When it reaches the project address
    ooo = Mail(SPONSOR_PM, "Automatic reply: status", "I am out of the office.", WHEN,
               headers={"Auto-Submitted": "auto-replied"})  # fmt: skip
    harness.send(ooo)
    # Then nothing is sent
    assert harness.outbox() == []


def test_refused_notice_goes_once_a_day_to_a_known_person_only(harness: Harness) -> None:
    # Given a person known from another project, and a stranger
    _second_project(harness)
    # When each mails our project twice on the same day
    for n in (1, 2):
        harness.send(Mail(OTHER_PM, f"Question {n}", "Can you send the protocol?", WHEN))
        harness.send(Mail(OUTSIDER, f"Question {n}", "Can you send the protocol?", WHEN))
    # Then the known person is told once that the mail was not filed; the stranger never
    assert len(harness.mail_to(OTHER_PM)) == 1
    assert harness.mail_to(OUTSIDER) == []
