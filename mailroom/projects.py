"""Project set-up that needs two packages: a rules milestone template into a tracker project."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from mailroom.errors import UserError
from rules.milestones import load_template
from tracker.operations import projects as project_ops
from tracker.types import Actor, MilestoneSpec, Role, ServiceType, WaitingOn

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ADMIN = Actor.system("mailroom-admin")


@dataclass(frozen=True)
class MemberSpec:
    name: str
    emails: tuple[str, ...]
    role: Role
    organisation: str | None = None
    timezone: str | None = None  # IANA name; None: the project's


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
            organisation=member.organisation, timezone=member.timezone,
        )  # fmt: skip
    else:
        if member.timezone and member.timezone != person.timezone:
            project_ops.set_timezone(session, ADMIN, person.id, member.timezone)
        known = {a.email for a in person.addresses}
        for email in member.emails:
            if project_ops.normalise_email(email) not in known:
                project_ops.add_address(session, ADMIN, person.id, email)
    project_ops.add_member(session, ADMIN, project_id, person.id, member.role)
    return person.id


def _project_specs(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    projects = data.get("project", [])
    if not isinstance(projects, list) or not all(isinstance(p, Mapping) for p in projects):
        raise UserError("projects file: use [[project]] tables")
    return projects


def _member_spec(project: Mapping[str, Any], member: Mapping[str, Any]) -> MemberSpec:
    try:
        role = Role(member["role"])
    except (KeyError, ValueError):
        raise UserError(
            f"project {project.get('code')!r}: member {member.get('email')!r} needs a role, "
            f"one of {', '.join(r.value for r in Role)}"
        ) from None
    side = project["sponsor"] if role.value.startswith("sponsor") else project["cro"]
    return MemberSpec(
        name=str(member.get("name") or member["email"]),
        emails=(str(member["email"]), *map(str, member.get("other_emails", []))),
        role=role,
        organisation=str(member.get("organisation") or side),
        timezone=str(member["timezone"]) if member.get("timezone") else None,
    )


def _service_type(spec: Mapping[str, Any]) -> ServiceType:
    try:
        return ServiceType(spec["service_type"])
    except ValueError:
        raise UserError(
            f"project {spec.get('code')!r}: unknown service_type {spec['service_type']!r}"
        ) from None


def import_projects(session: Session, data: Mapping[str, Any], *, domain: str) -> list[str]:
    """Create the `[[project]]` tables of a projects file (as `mailroom demo` and the
    benchmark corpus ship them), with their `[[project.member]]` entries; returns codes."""
    codes = []
    for spec in _project_specs(data):
        try:
            project_id = create_project(
                session, code=str(spec["code"]), name=str(spec["name"]),
                service_type=_service_type(spec), sponsor=str(spec["sponsor"]),
                cro=str(spec["cro"]), domain=domain, timezone=str(spec.get("timezone", "UTC")),
            )  # fmt: skip
            for member in spec.get("member", []):
                add_member(session, project_id, _member_spec(spec, member))
        except KeyError as exc:
            raise UserError(f"project {spec.get('code')!r}: missing key {exc.args[0]}") from None
        codes.append(str(spec["code"]))
    return codes
