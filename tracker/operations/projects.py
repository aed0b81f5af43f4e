"""Projects, organisations, people, addresses and memberships.

Creating a project writes its milestones from a template (the caller passes the
rules package's `MilestoneSpec`s) and opens the project's audit chain. People are
global; their roles are per project. Every change appends an audit event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit, session_memo
from tracker.errors import Conflict, NotFound, TrackerError
from tracker.models.milestone import Milestone
from tracker.models.project import Membership, Organisation, Person, PersonAddress, Project
from tracker.operations import require_role
from tracker.types import Actor, MilestoneSpec, ProjectStatus, Role, ServiceType

CODE_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,30}")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MEMBER_ADMINS = frozenset({Role.SPONSOR_PM, Role.CRO_PM})


def project_address(code: str, domain: str) -> str:
    return f"proj-{code}@{domain.lower()}"


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if not EMAIL_RE.fullmatch(value):
        raise TrackerError(f"not an email address: {email!r}")
    return value


def get_project(session: Session, project_id: int) -> Project:
    """The project; held for the transaction, so the identity map answers again.

    (The identity map holds rows weakly: without a reference each message's look-up
    would load the project anew.)
    """
    memo = session_memo.memo(session, "projects", (Project,))
    project = memo.get(project_id) or session.get(Project, project_id)
    if project is None:
        raise NotFound(f"no project with id {project_id}")
    memo[project_id] = project
    return project


def project_by_code(session: Session, code: str) -> Project:
    project = session.scalar(select(Project).where(Project.code == code.strip().lower()))
    if project is None:
        raise NotFound(f"no project with code {code!r}")
    return project


def ensure_organisation(session: Session, name: str) -> Organisation:
    """The organisation with this name, created when new."""
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name)
        session.add(org)
        session.flush()
    return org


def _check_new_project(session: Session, code: str, milestones: Sequence[MilestoneSpec]) -> None:
    if not CODE_RE.fullmatch(code):
        raise TrackerError(f"bad project code {code!r}: use lowercase [a-z0-9][a-z0-9-]{{1,30}}")
    if session.scalar(select(Project.id).where(Project.code == code)) is not None:
        raise Conflict(f"project code {code!r} is already taken")
    keys = [spec.key for spec in milestones]
    if len(keys) != len(set(keys)):
        raise Conflict(f"duplicate milestone keys in template for {code!r}")


def create_project(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name: str,
    service_type: ServiceType | str,
    sponsor_org: str,
    cro_org: str,
    milestones: Sequence[MilestoneSpec],
    domain: str,
    timezone: str = "UTC",
) -> Project:
    """Create an open project with its milestones; refuse a bad or taken code."""
    code = code.strip().lower()
    _check_new_project(session, code, milestones)
    project = Project(
        code=code,
        name=name,
        service_type=ServiceType(service_type),
        sponsor_org_id=ensure_organisation(session, sponsor_org).id,
        cro_org_id=ensure_organisation(session, cro_org).id,
        address=project_address(code, domain),
        status=ProjectStatus.OPEN,
        timezone=timezone,
    )
    session.add(project)
    session.flush()
    for position, spec in enumerate(sorted(milestones, key=lambda s: s.order), start=1):
        session.add(
            Milestone(
                project_id=project.id,
                key=spec.key,
                name=spec.name,
                position=position,
                payment_share=spec.payment_share,
                waits_on=spec.waits_on,
            )
        )
    session.flush()
    after = {
        "code": code,
        "name": name,
        "service_type": project.service_type,
        "sponsor_org": sponsor_org,
        "cro_org": cro_org,
        "address": project.address,
        "timezone": timezone,
        "milestones": [spec.key for spec in sorted(milestones, key=lambda s: s.order)],
    }
    audit.append(
        session,
        project_id=project.id,
        actor=actor,
        action="project_created",
        entity="project",
        entity_id=project.id,
        before=None,
        after=after,
        source_message_id=None,
    )
    return project


def find_person(session: Session, email: str) -> Person | None:
    """The person owning this address, if any."""
    stmt = select(Person).join(PersonAddress).where(PersonAddress.email == email.strip().lower())
    return session.scalar(stmt)


def get_person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    return person


def _claim_address(session: Session, email: str) -> str:
    value = normalise_email(email)
    if session.scalar(select(PersonAddress.id).where(PersonAddress.email == value)) is not None:
        raise Conflict(f"address {value} already belongs to someone")
    return value


def add_person(
    session: Session,
    actor: Actor,
    *,
    name: str,
    emails: Sequence[str],
    organisation: str | None = None,
    timezone: str | None = None,
) -> Person:
    """Create a person with one or more addresses (each unique, lower-cased)."""
    if not emails:
        raise TrackerError(f"person {name!r} needs at least one address")
    addresses = [_claim_address(session, e) for e in dict.fromkeys(e.lower() for e in emails)]
    org_id = ensure_organisation(session, organisation).id if organisation else None
    _check_timezone(timezone)
    person = Person(name=name, organisation_id=org_id, timezone=timezone)
    session.add(person)
    session.flush()
    for address in addresses:
        session.add(PersonAddress(person_id=person.id, email=address))
    session.flush()
    audit.append(
        session,
        project_id=None,
        actor=actor,
        action="person_added",
        entity="person",
        entity_id=person.id,
        before=None,
        after={
            "name": name,
            "emails": addresses,
            "organisation": organisation,
            "timezone": timezone,
        },
        source_message_id=None,
    )
    return person


def _check_timezone(timezone: str | None) -> None:
    if timezone is None:
        return
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise TrackerError(f"unknown time zone {timezone!r} (use an IANA name)") from None


def person_timezones(session: Session, person_ids: Sequence[int]) -> dict[int, str]:
    """The time zones people set for themselves (people without one are left out)."""
    rows = session.execute(
        select(Person.id, Person.timezone).where(
            Person.id.in_(person_ids), Person.timezone.is_not(None)
        )
    )
    return {person_id: zone for person_id, zone in rows}


def set_timezone(session: Session, actor: Actor, person_id: int, timezone: str | None) -> Person:
    """A person's own time zone (weekly summaries follow it); None means the project's."""
    _check_timezone(timezone)
    person = get_person(session, person_id)
    before = person.timezone
    if before == timezone:
        return person
    person.timezone = timezone
    session.flush()
    audit.append(
        session, project_id=None, actor=actor, action="person_timezone_set", entity="person",
        entity_id=person_id, before={"timezone": before}, after={"timezone": timezone},
        source_message_id=None,
    )  # fmt: skip
    return person


def add_address(session: Session, actor: Actor, person_id: int, email: str) -> PersonAddress:
    """Give an existing person another address."""
    get_person(session, person_id)
    row = PersonAddress(person_id=person_id, email=_claim_address(session, email))
    session.add(row)
    session.flush()
    audit.append(
        session,
        project_id=None,
        actor=actor,
        action="address_added",
        entity="person",
        entity_id=person_id,
        before=None,
        after={"email": row.email},
        source_message_id=None,
    )
    return row


def add_member(
    session: Session, actor: Actor, project_id: int, person_id: int, role: Role | str
) -> Membership:
    """Give a person a role in a project (idempotent). Person actors must be a PM there."""
    role = Role(role)
    get_project(session, project_id)
    get_person(session, person_id)
    require_role(session, project_id, actor, MEMBER_ADMINS)
    existing = session.scalar(
        select(Membership).where(
            Membership.project_id == project_id,
            Membership.person_id == person_id,
            Membership.role == role,
        )
    )
    if existing is not None:
        return existing
    membership = Membership(project_id=project_id, person_id=person_id, role=role)
    session.add(membership)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="member_added",
        entity="membership",
        entity_id=membership.id,
        before=None,
        after={"person_id": person_id, "role": role},
        source_message_id=None,
    )
    return membership


def remove_member(
    session: Session, actor: Actor, project_id: int, person_id: int, role: Role | str
) -> None:
    """Take a role away; NotFound when the person does not hold it."""
    role = Role(role)
    require_role(session, project_id, actor, MEMBER_ADMINS)
    membership = session.scalar(
        select(Membership).where(
            Membership.project_id == project_id,
            Membership.person_id == person_id,
            Membership.role == role,
        )
    )
    if membership is None:
        raise NotFound(f"person {person_id} does not hold {role} in project {project_id}")
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="member_removed",
        entity="membership",
        entity_id=membership.id,
        before={"person_id": person_id, "role": role},
        after=None,
        source_message_id=None,
    )
    session.delete(membership)
    session.flush()
