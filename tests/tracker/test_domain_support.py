"""Shared set-up for the tracker-domain tests: one project with a person in every role.

Plain builder functions (not fixtures) so each test says what it starts from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.models.message import Message, RawMessage
from tracker.operations.projects import add_member, add_person, create_project
from tracker.types import Actor, MilestoneSpec, Role, ServiceType

SYSTEM = Actor.system("test")

MILESTONES = (
    MilestoneSpec("quote_accepted", "Quote accepted", 1),
    MilestoneSpec("po_or_sow_executed", "PO or SOW executed", 2),
    MilestoneSpec("kickoff_held", "Kickoff held", 3, payment_share=0.5),
    MilestoneSpec("draft_report_issued", "Draft report issued", 4),
    MilestoneSpec("final_report_issued", "Final report issued", 5, payment_share=0.5),
    MilestoneSpec("final_deliverable_accepted", "Final deliverable accepted", 6),
    MilestoneSpec("closeout", "Closeout", 7),
)

PEOPLE = (
    ("Sam Sponsor", "sam@sponsor.example", Role.SPONSOR_PM),
    ("Alex Approver", "alex@sponsor.example", Role.SPONSOR_APPROVER),
    ("Petra CRO", "petra@cro.example", Role.CRO_PM),
    ("Lab Staff", "lab@cro.example", Role.CRO_STAFF),
    ("Fin Ance", "finance@sponsor.example", Role.FINANCE),
    ("Otto Observer", "otto@sponsor.example", Role.OBSERVER),
)


@dataclass(frozen=True)
class World:
    project_id: int
    actors: dict[Role, Actor]

    @property
    def sponsor_pm(self) -> Actor:
        return self.actors[Role.SPONSOR_PM]

    @property
    def approver(self) -> Actor:
        return self.actors[Role.SPONSOR_APPROVER]

    @property
    def cro_pm(self) -> Actor:
        return self.actors[Role.CRO_PM]

    @property
    def cro_staff(self) -> Actor:
        return self.actors[Role.CRO_STAFF]

    @property
    def finance(self) -> Actor:
        return self.actors[Role.FINANCE]

    @property
    def observer(self) -> Actor:
        return self.actors[Role.OBSERVER]


def make_world(session: Session, code: str = "tox-01") -> World:
    """A committed project with the common milestone frame and one person per role."""
    project = create_project(
        session,
        SYSTEM,
        code=code,
        name="GLP tox study",
        service_type=ServiceType.TOXICOLOGY,
        sponsor_org="Sponsor Inc",
        cro_org="CRO Ltd",
        milestones=MILESTONES,
        domain="mailroom.example",
    )
    actors: dict[Role, Actor] = {}
    for name, email, role in PEOPLE:
        person = add_person(session, SYSTEM, name=name, emails=[f"{code}.{email}"])
        add_member(session, SYSTEM, project.id, person.id, role)
        actors[role] = Actor(kind="person", person_id=person.id, email=f"{code}.{email}", name=name)
    session.commit()
    return World(project.id, actors)


def add_message(session: Session, world: World, subject: str, sender: Actor) -> int:
    """A filed message row to point source/decision links at; returns its primary key."""
    digest = hashlib.sha256(f"{world.project_id}:{subject}".encode()).hexdigest()
    raw = RawMessage(sha256=digest, origin="test", size=1)
    session.add(raw)
    session.flush()
    message = Message(
        raw_id=raw.id,
        project_id=world.project_id,
        subject=subject,
        from_email=sender.email or "",
        message_id=f"<{digest[:16]}@test.example>",
    )
    session.add(message)
    session.commit()
    return message.id


def count_rows(session: Session, model: type) -> int:
    from sqlalchemy import func, select

    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def footprint(session: Session) -> dict[str, int]:
    """Row counts of the audit trail and every domain table: equal before/after = wrote nothing."""
    from tracker.models import (
        AuditEvent,
        ChangeRequest,
        Deliverable,
        Milestone,
        PaymentLine,
        Project,
        Quote,
        Sample,
        SampleDiscrepancy,
        SampleImport,
    )

    counts = {
        m.__name__: count_rows(session, m)
        for m in (
            AuditEvent,
            ChangeRequest,
            Deliverable,
            PaymentLine,
            Quote,
            Sample,
            SampleDiscrepancy,
            SampleImport,
        )
    }
    from sqlalchemy import select

    counts["states"] = hash(
        tuple(str(v) for v in session.execute(select(Milestone.status, Milestone.key)).all())
        + tuple(str(p.status) for p in session.scalars(select(Project)))
    )
    return counts
