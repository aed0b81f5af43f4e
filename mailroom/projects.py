"""Project set-up that needs two packages: a rules milestone template into a tracker project."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from rules.milestones import load_template
from tracker.operations import projects as project_ops
from tracker.types import Actor, MilestoneSpec, Role, ServiceType, WaitingOn

ADMIN = Actor.system("mailroom-admin")


@dataclass(frozen=True)
class MemberSpec:
    name: str
    emails: tuple[str, ...]
    role: Role
    organisation: str | None = None


def milestone_specs(service_type: ServiceType) -> list[MilestoneSpec]:
    """The service type's template milestones, as tracker takes them."""
    template = load_template(service_type)
    return [
        MilestoneSpec(
            key=m.key,
            name=m.name,
            order=m.order,
            payment_share=float(m.payment_share) if isinstance(m.payment_share, Decimal) else None,
            waits_on=WaitingOn(str(m.waits_on)),
        )
        for m in template.milestones
    ]


def create_project(
    session: Session,
    *,
    code: str,
    name: str,
    service_type: ServiceType,
    sponsor: str,
    cro: str,
    domain: str,
    timezone: str = "UTC",
) -> int:
    project = project_ops.create_project(
        session, ADMIN, code=code, name=name, service_type=service_type, sponsor_org=sponsor,
        cro_org=cro, milestones=milestone_specs(service_type), domain=domain, timezone=timezone,
    )  # fmt: skip
    return project.id


def add_member(session: Session, project_id: int, member: MemberSpec) -> int:
    """Add (or find) the person by any of their addresses and give them the role."""
    person = None
    for email in member.emails:
        person = project_ops.find_person(session, email)
        if person is not None:
            break
    if person is None:
        person = project_ops.add_person(
            session, ADMIN, name=member.name, emails=list(member.emails),
            organisation=member.organisation,
        )  # fmt: skip
    else:
        known = {a.email for a in person.addresses}
        for email in member.emails:
            if project_ops.normalise_email(email) not in known:
                project_ops.add_address(session, ADMIN, person.id, email)
    project_ops.add_member(session, ADMIN, project_id, person.id, member.role)
    return person.id
