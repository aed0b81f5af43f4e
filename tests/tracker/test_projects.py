"""Projects, people, memberships and the role check."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.tracker.support import DOMAIN, SYSTEM, TEMPLATE, make_project, person
from tracker import audit
from tracker.errors import Conflict, PermissionDenied, TrackerError
from tracker.models.audit import AuditEvent
from tracker.models.milestone import Milestone
from tracker.models.project import Membership, Project
from tracker.operations import require_role, roles_of
from tracker.operations.projects import add_address, add_member, create_project, find_person
from tracker.types import Actor, MilestoneStatus, ProjectStatus, Role, ServiceType


def test_a_new_project_has_its_address_and_template_milestones(session: Session) -> None:
    # Given nothing
    # When project alpha is created from the template
    team = make_project(session, people=False)
    session.commit()
    # Then it is open, addressed proj-alpha@, with the milestones in order, all pending
    project = session.get(Project, team.project_id)
    assert project is not None
    assert (project.status, project.address, project.service_type) == (
        ProjectStatus.OPEN,
        f"proj-alpha@{DOMAIN}",
        ServiceType.BIOANALYSIS,
    )
    milestones = session.scalars(
        select(Milestone)
        .where(Milestone.project_id == team.project_id)
        .order_by(Milestone.position)
    ).all()
    assert [m.key for m in milestones] == [s.key for s in TEMPLATE]
    assert {m.status for m in milestones} == {MilestoneStatus.PENDING}


def test_a_taken_code_is_a_conflict(session: Session) -> None:
    # Given project alpha
    make_project(session, people=False)
    # When another project asks for the same code
    # Then it is refused
    with pytest.raises(Conflict, match="alpha"):
        make_project(session, people=False)


def test_a_bad_code_is_refused(session: Session) -> None:
    with pytest.raises(TrackerError, match="bad project code"):
        create_project(
            session,
            SYSTEM,
            code="Not A Code!",
            name="x",
            service_type=ServiceType.CUSTOM,
            sponsor_org="S",
            cro_org="C",
            milestones=(),
            domain=DOMAIN,
        )


def test_addresses_are_unique_and_lower_cased(session: Session) -> None:
    # Given a person with an address
    actor = person(session, "Ann", "Ann@Sponsor.Example")
    # When someone else claims it in another case
    # Then it is refused, and the stored form is lower case
    with pytest.raises(Conflict):
        person(session, "Other", "ann@sponsor.example")
    found = find_person(session, "ANN@sponsor.example")
    assert found is not None and found.id == actor.person_id


def test_a_person_may_have_several_addresses(session: Session) -> None:
    # Given a person
    actor = person(session, "Ann", "ann@sponsor.example")
    # When a second address is added
    add_address(session, SYSTEM, actor.person_id or 0, "ann.private@mail.example")
    # Then both find the same person
    found = find_person(session, "ann.private@mail.example")
    assert found is not None and found.id == actor.person_id


def test_a_person_may_hold_several_roles(session: Session) -> None:
    # Given alpha's sponsor PM
    team = make_project(session)
    pm = team.actor(Role.SPONSOR_PM)
    # When they are also made the approver
    add_member(session, SYSTEM, team.project_id, pm.person_id or 0, Role.SPONSOR_APPROVER)
    # Then they hold both roles
    assert roles_of(session, team.project_id, "SPONSOR_PM@alpha.example") == {
        Role.SPONSOR_PM,
        Role.SPONSOR_APPROVER,
    }


def test_adding_a_role_twice_is_idempotent(session: Session) -> None:
    # Given a member
    team = make_project(session)
    staff = team.actor(Role.CRO_STAFF)
    count = session.scalar(select(func.count()).select_from(Membership))
    # When the same role is added again
    add_member(session, SYSTEM, team.project_id, staff.person_id or 0, Role.CRO_STAFF)
    # Then nothing new is written
    assert session.scalar(select(func.count()).select_from(Membership)) == count


def test_require_role_refuses_with_a_clear_message(session: Session) -> None:
    # Given alpha's observer
    team = make_project(session)
    # When their role is checked for an approval
    # Then the refusal names who, where, the needed and the held roles
    with pytest.raises(PermissionDenied) as refused:
        require_role(session, team.project_id, team.actor(Role.OBSERVER), {Role.SPONSOR_APPROVER})
    assert str(refused.value) == (
        "observer@alpha.example may not do this in project alpha: "
        "needs sponsor_approver, has observer"
    )


def test_a_member_of_another_project_has_no_role_here(session: Session) -> None:
    # Given alpha and beta
    alpha = make_project(session, "alpha")
    beta = make_project(session, "beta")
    # When alpha's PM is checked in beta
    # Then they are refused
    with pytest.raises(PermissionDenied):
        require_role(session, beta.project_id, alpha.actor(Role.SPONSOR_PM), {Role.SPONSOR_PM})


def test_the_system_actor_passes_role_checks(session: Session) -> None:
    team = make_project(session, people=False)
    require_role(session, team.project_id, Actor.system("rules"), {Role.SPONSOR_APPROVER})


def test_a_refused_membership_change_writes_nothing(session: Session) -> None:
    # Given alpha and its CRO staff member, and a new person
    team = make_project(session)
    newcomer = person(session, "New", "new@else.example")
    session.commit()
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    members = session.scalar(select(func.count()).select_from(Membership))
    # When CRO staff (not a PM) tries to add the newcomer
    with pytest.raises(PermissionDenied):
        add_member(
            session,
            team.actor(Role.CRO_STAFF),
            team.project_id,
            newcomer.person_id or 0,
            Role.OBSERVER,
        )
    # Then no membership and no audit event was written
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events
    assert session.scalar(select(func.count()).select_from(Membership)) == members


def test_project_creation_and_members_are_audited(session: Session) -> None:
    # Given nothing
    # When alpha is created with six members
    team = make_project(session)
    # Then its chain holds the creation and six member events, and verifies
    actions = [e.action for e in audit.events(session, team.project_id)]
    assert actions == ["project_created"] + ["member_added"] * 6
    assert audit.verify(session, team.project_id).ok
