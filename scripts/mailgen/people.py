"""Projects and the people on them, and their `projects.toml` rendering.

The TOML is written by hand (no writer library needed): strings go through `json.dumps`,
whose escapes are a subset of TOML basic-string escapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tracker.types import Role, ServiceType

MAIL_DOMAIN = "mailroom.example"


@dataclass(frozen=True)
class Person:
    """A correspondent. `client` picks the mail client style (Message-ID, quoting)."""

    name: str
    email: str
    title: str
    org: str
    timezone: str
    role: Role | None = None  # None: not a project member
    client: str = "outlook"  # outlook | gmail | thunderbird | apple
    phone: str = ""
    other_emails: tuple[str, ...] = ()

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[1] if parts[0].startswith("Dr") and len(parts) > 2 else parts[0]

    @property
    def signature(self) -> str:
        lines = [self.name, self.title, self.org]
        if self.phone:
            lines.append(self.phone)
        return "\n".join(lines)


@dataclass(frozen=True)
class Project:
    code: str
    name: str
    service_type: ServiceType
    sponsor: str
    cro: str
    timezone: str
    members: tuple[Person, ...]

    @property
    def address(self) -> str:
        return project_address(self.code)


def project_address(code: str, domain: str = MAIL_DOMAIN) -> str:
    return f"proj-{code}@{domain}"


def projects_toml(projects: list[Project], domain: str = MAIL_DOMAIN, header: str = "") -> str:
    """The `projects.toml` the demo and the benchmarks create their projects from."""
    out = [f"# {line}".rstrip() for line in header.splitlines()]
    out.append(f"mail_domain = {_s(domain)}")
    for project in projects:
        out += ["", "[[project]]"]
        out += [f"code = {_s(project.code)}", f"name = {_s(project.name)}"]
        out += [f"service_type = {_s(project.service_type.value)}"]
        out += [f"sponsor = {_s(project.sponsor)}", f"cro = {_s(project.cro)}"]
        out.append(f"timezone = {_s(project.timezone)}")
        for person in project.members:
            assert person.role is not None, f"{person.email} has no role"
            out += ["", "[[project.member]]", f"name = {_s(person.name)}"]
            out.append(f"email = {_s(person.email)}")
            if person.other_emails:
                out.append(f"other_emails = [{', '.join(_s(e) for e in person.other_emails)}]")
            out += [f"role = {_s(person.role.value)}", f"timezone = {_s(person.timezone)}"]
            out.append(f"organisation = {_s(person.org)}")  # finance sits on either side
    return "\n".join(out) + "\n"


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
