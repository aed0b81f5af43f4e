"""Sender standing: one query for person and roles, remembered within a transaction
and never answering differently from the tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.tracker.support import SYSTEM, make_project, person
from tracker.operations import roles_of, sender_standing
from tracker.operations.projects import add_member, find_person, remove_member
from tracker.types import Role


@contextmanager
def _statements(session: Session) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_standing_matches_find_person_and_roles_of(session: Session) -> None:
    # Given a project whose PM has an address written in any case
    team = make_project(session)
    # When the standing of that address is asked, with odd case and spaces
    found, roles = sender_standing(session, team.project_id, "  CRO_PM@alpha.example ")
    # Then it names the same person and roles as the two separate look-ups
    expected = find_person(session, "cro_pm@alpha.example")
    assert found is not None and expected is not None and found.id == expected.id
    assert roles == roles_of(session, team.project_id, "cro_pm@alpha.example") == {Role.CRO_PM}


def test_a_known_person_outside_the_project_has_no_roles(session: Session) -> None:
    # Given a person who is in project alpha only
    make_project(session)
    beta = make_project(session, "beta", people=False)
    # When their standing in beta is asked
    found, roles = sender_standing(session, beta.project_id, "finance@alpha.example")
    # Then they are known but hold no role there
    assert found is not None and roles == frozenset()


def test_an_unknown_address_has_no_person_and_no_roles(session: Session) -> None:
    # Given a project
    team = make_project(session)
    # When a stranger's standing is asked, in the project and without one
    # Then there is no person and no role either way
    assert sender_standing(session, team.project_id, "who@else.example") == (None, frozenset())
    assert sender_standing(session, None, "who@else.example") == (None, frozenset())


def test_a_repeated_sender_is_looked_up_once_per_transaction(session: Session) -> None:
    # Given a project and one look-up of its PM
    team = make_project(session)
    sender_standing(session, team.project_id, "cro_pm@alpha.example")
    # When the same sender is asked about again in the same transaction
    with _statements(session) as seen:
        _, roles = sender_standing(session, team.project_id, "cro_pm@alpha.example")
    # Then no SQL ran and the answer is the same
    assert seen == [] and roles == {Role.CRO_PM}


def test_a_role_added_in_the_transaction_is_seen(session: Session) -> None:
    # Given a remembered standing for the CRO PM
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    sender_standing(session, team.project_id, "cro_pm@alpha.example")
    # When they are given a second role in the same transaction
    add_member(session, SYSTEM, team.project_id, pm.person_id or 0, Role.FINANCE)
    # Then the standing shows both roles
    _, roles = sender_standing(session, team.project_id, "cro_pm@alpha.example")
    assert roles == {Role.CRO_PM, Role.FINANCE}


def test_a_pending_new_person_is_seen_before_any_flush(session: Session) -> None:
    # Given a remembered stranger
    team = make_project(session)
    assert sender_standing(session, team.project_id, "new@alpha.example") == (None, frozenset())
    # When that address becomes a person in the same transaction
    added = person(session, "Newcomer", "new@alpha.example")
    # Then the standing finds them
    found, _ = sender_standing(session, team.project_id, "new@alpha.example")
    assert found is not None and found.id == added.person_id


def test_a_role_rolled_back_with_its_savepoint_is_forgotten(session: Session) -> None:
    # Given the CRO PM given a role inside a savepoint, and their standing read there
    team = make_project(session)
    pm = team.actor(Role.CRO_PM)
    savepoint = session.begin_nested()
    add_member(session, SYSTEM, team.project_id, pm.person_id or 0, Role.FINANCE)
    assert Role.FINANCE in sender_standing(session, team.project_id, "cro_pm@alpha.example")[1]
    # When the savepoint rolls back
    savepoint.rollback()
    # Then the standing no longer shows the role
    _, roles = sender_standing(session, team.project_id, "cro_pm@alpha.example")
    assert roles == {Role.CRO_PM}


def test_a_removed_role_is_forgotten(session: Session) -> None:
    # Given a remembered standing for the finance person
    team = make_project(session)
    fin = team.actor(Role.FINANCE)
    sender_standing(session, team.project_id, "finance@alpha.example")
    # When their role is taken away in the same transaction
    remove_member(session, SYSTEM, team.project_id, fin.person_id or 0, Role.FINANCE)
    # Then they hold no role any more
    assert sender_standing(session, team.project_id, "finance@alpha.example")[1] == frozenset()
