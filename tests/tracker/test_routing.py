"""Routing table tests: each strategy, precedence, several projects, unrouted reasons."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from tests.tracker.support import DOMAIN, SECRET, SYSTEM, inbound, make_project
from tracker.models.project import Project
from tracker.operations.messages import file_message
from tracker.routing import STRATEGIES, route
from tracker.tokens import issue_token
from tracker.types import ProjectStatus, Role, Route, RouteRule, UnroutedReason


def _route(session: Session, **kwargs: object) -> Route:
    return route(session, inbound(**kwargs), domain=DOMAIN)  # type: ignore[arg-type]


def test_strategies_are_declared_in_design_order() -> None:
    assert [s.rule for s in STRATEGIES] == [
        RouteRule.REPLY_TOKEN,
        RouteRule.SUB_ADDRESS,
        RouteRule.THREAD,
        RouteRule.SUBJECT_TAG,
        RouteRule.PARTICIPANTS,
    ]


def test_a_reply_token_address_routes_to_its_project(session: Session) -> None:
    # Given a token for project beta's change 3
    make_project(session, "alpha")
    beta = make_project(session, "beta")
    approver = beta.actor(Role.SPONSOR_APPROVER).person_id or 0
    token = issue_token(session, SECRET, beta.project_id, 3, approver, timedelta(days=1))
    # When a reply goes to the token address, also cc'ing alpha's address
    result = _route(session, to=(f"mailroom+c-{token}@{DOMAIN}",), cc=(f"proj-alpha@{DOMAIN}",))
    # Then the token wins
    assert (result.project_ids, result.rule) == ((beta.project_id,), RouteRule.REPLY_TOKEN)


def test_a_token_in_in_reply_to_routes_when_plus_tags_were_stripped(session: Session) -> None:
    # Given a token whose approval request had a token Message-ID
    team = make_project(session)
    approver = team.actor(Role.SPONSOR_APPROVER).person_id or 0
    token = issue_token(session, SECRET, team.project_id, 3, approver, timedelta(days=1))
    # When the reply only carries it in In-Reply-To
    result = _route(
        session, to=(f"mailroom@{DOMAIN}",), in_reply_to=f"<mr.c-{token}.ab12@{DOMAIN}>"
    )
    # Then it routes by token
    assert (result.project_ids, result.rule) == ((team.project_id,), RouteRule.REPLY_TOKEN)


def test_an_unknown_token_and_nothing_else_is_unrouted_invalid_token(session: Session) -> None:
    # Given a project but a made-up token
    make_project(session)
    # When mail arrives for the made-up token only, from a stranger
    result = _route(session, to=(f"mailroom+c-{'a' * 40}@{DOMAIN}",), from_email="x@evil.example")
    # Then it is unrouted because of the token
    assert (result.project_ids, result.reason) == ((), UnroutedReason.INVALID_TOKEN)


def test_project_address_routes(session: Session) -> None:
    # Given project alpha
    team = make_project(session)
    # When mail is cc'd to its address (upper case)
    result = _route(session, to=("someone@cro.example",), cc=(f"PROJ-ALPHA@{DOMAIN.upper()}",))
    # Then it routes there by sub-address
    assert (result.project_ids, result.rule) == ((team.project_id,), RouteRule.SUB_ADDRESS)


def test_plus_forms_of_the_project_address_route(session: Session) -> None:
    # Given project alpha
    team = make_project(session)
    # When mail goes to mailroom+alpha@ and to proj-alpha+quotes@
    first = _route(session, to=(f"mailroom+alpha@{DOMAIN}",))
    second = _route(session, to=(f"proj-alpha+quotes@{DOMAIN}",))
    # Then both route to alpha
    assert first.project_ids == second.project_ids == (team.project_id,)


def test_two_project_addresses_route_to_both(session: Session) -> None:
    # Given two projects
    a = make_project(session, "alpha")
    b = make_project(session, "beta")
    # When one mail is addressed to both
    result = _route(session, to=(f"proj-beta@{DOMAIN}", f"proj-alpha@{DOMAIN}"))
    # Then both projects get it, in address order
    assert result.project_ids == (b.project_id, a.project_id)


def test_an_unknown_sender_to_a_project_address_still_routes(session: Session) -> None:
    # Given project alpha
    team = make_project(session)
    # When a stranger writes to its address
    result = _route(session, to=(f"proj-alpha@{DOMAIN}",), from_email="stranger@else.example")
    # Then it routes (filing marks it for review)
    assert result.project_ids == (team.project_id,)


def test_an_address_of_an_unknown_project_is_unrouted(session: Session) -> None:
    # Given no project gamma
    make_project(session)
    # When mail goes to proj-gamma@
    result = _route(session, to=(f"proj-gamma@{DOMAIN}",), from_email="x@else.example")
    # Then it is unrouted as unknown project
    assert result.reason is UnroutedReason.UNKNOWN_PROJECT


def test_mail_to_a_closed_project_is_unrouted_as_closed(session: Session) -> None:
    # Given project alpha, closed
    team = make_project(session)
    project = session.get(Project, team.project_id)
    assert project is not None
    project.status = ProjectStatus.CLOSED
    session.flush()
    # When mail is addressed to it
    result = _route(session, to=(f"proj-alpha@{DOMAIN}",), from_email="x@else.example")
    # Then it is unrouted because the project is closed
    assert result.reason is UnroutedReason.PROJECT_CLOSED


def test_a_reply_to_a_filed_message_follows_its_thread(session: Session) -> None:
    # Given a message filed in alpha
    team = make_project(session)
    first = inbound(message_id="<q1@cro.example>", to=(f"proj-alpha@{DOMAIN}",))
    file_message(session, first, route(session, first, domain=DOMAIN), actor=SYSTEM)
    # When a reply that drops the project address arrives
    result = _route(session, message_id="<r1@s.example>", in_reply_to="<q1@cro.example>")
    # Then it joins alpha by thread
    assert (result.project_ids, result.rule) == ((team.project_id,), RouteRule.THREAD)


def test_a_reply_to_an_earlier_unfiled_message_of_a_thread_joins(session: Session) -> None:
    # Given a thread A -> B -> C where only C was cc'd to alpha (its References name A and B)
    team = make_project(session)
    c = inbound(
        message_id="<c@x.example>",
        in_reply_to="<b@x.example>",
        references=("<a@x.example>", "<b@x.example>"),
        to=(f"proj-alpha@{DOMAIN}",),
    )
    file_message(session, c, route(session, c, domain=DOMAIN), actor=SYSTEM)
    # When D replies to B (never filed), without the project address
    result = _route(
        session,
        message_id="<d@x.example>",
        in_reply_to="<b@x.example>",
        references=("<a@x.example>", "<b@x.example>"),
    )
    # Then D still joins alpha through the stored reference chain
    assert (result.project_ids, result.rule) == ((team.project_id,), RouteRule.THREAD)


def test_a_subject_tag_routes_when_nothing_earlier_matches(session: Session) -> None:
    # Given projects alpha and beta
    make_project(session, "alpha")
    beta = make_project(session, "beta")
    # When a stranger writes with [prj-BETA] in the subject to no project address
    result = _route(session, subject="Re: [prj-BETA] timeline", from_email="x@else.example")
    # Then it routes to beta by subject tag
    assert (result.project_ids, result.rule) == ((beta.project_id,), RouteRule.SUBJECT_TAG)


def test_the_project_address_beats_the_subject_tag(session: Session) -> None:
    # Given projects alpha and beta
    alpha = make_project(session, "alpha")
    make_project(session, "beta")
    # When mail to alpha's address carries beta's tag
    result = _route(session, to=(f"proj-alpha@{DOMAIN}",), subject="[PRJ-beta] hello")
    # Then the address wins
    assert (result.project_ids, result.rule) == ((alpha.project_id,), RouteRule.SUB_ADDRESS)


def test_a_member_of_one_project_routes_by_participants(session: Session) -> None:
    # Given alpha's CRO PM, member of alpha only
    team = make_project(session)
    # When they write without any project address, tag or thread
    result = _route(session, from_email="cro_pm@alpha.example", to=("someone@sponsor.example",))
    # Then it goes to their single active project
    assert (result.project_ids, result.rule) == ((team.project_id,), RouteRule.PARTICIPANTS)


def test_a_member_of_two_projects_is_ambiguous(session: Session) -> None:
    # Given a person who is a member of both alpha and beta
    alpha = make_project(session, "alpha")
    beta = make_project(session, "beta")
    from tracker.operations.projects import add_member

    add_member(
        session, SYSTEM, beta.project_id, alpha.actor(Role.CRO_PM).person_id or 0, Role.CRO_PM
    )
    # When they write with no other clue
    result = _route(session, from_email="cro_pm@alpha.example", to=("x@else.example",))
    # Then it is unrouted as ambiguous
    assert (result.project_ids, result.reason) == ((), UnroutedReason.AMBIGUOUS_PARTICIPANTS)


def test_a_spoofed_x_mailroom_header_is_ignored(session: Session) -> None:
    # Given project alpha
    make_project(session)
    # When a stranger's mail claims the project in X-Mailroom headers only
    result = _route(
        session,
        from_email="x@else.example",
        headers=(("X-Mailroom-Project", "alpha"), ("X-Mailroom-Sent", "yes")),
    )
    # Then it is not routed
    assert result.project_ids == () and result.reason is UnroutedReason.UNKNOWN_SENDER


def test_a_known_person_with_no_project_clue_is_unrouted_no_project_address(
    session: Session,
) -> None:
    # Given a person with no project
    from tests.tracker.support import person

    make_project(session)
    person(session, "Loner", "loner@else.example")
    # When they write to someone outside
    result = _route(session, from_email="loner@else.example", to=("x@else.example",))
    # Then the reason is the missing project address
    assert result.reason is UnroutedReason.NO_PROJECT_ADDRESS
