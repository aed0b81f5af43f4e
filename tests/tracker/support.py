"""Builders for tracker-core tests: a project with people in every role, inbound mail."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from tracker.operations.projects import add_member, add_person, create_project
from tracker.types import (
    Actor,
    InboundDocument,
    InboundMessage,
    MilestoneSpec,
    Role,
    ServiceType,
    WaitingOn,
)

DOMAIN = "mailroom.example"
SYSTEM = Actor.system("test")
SECRET = b"test-secret-for-reply-tokens"

TEMPLATE = (
    MilestoneSpec("quote_accepted", "Quote accepted", 1, waits_on=WaitingOn.SPONSOR),
    MilestoneSpec("po_or_sow_executed", "PO or SOW executed", 2),
    MilestoneSpec("kickoff_held", "Kickoff held", 3),
    MilestoneSpec("samples_received", "Samples received", 4, payment_share=0.3),
    MilestoneSpec("final_deliverable_accepted", "Final deliverable accepted", 5, 0.7),
    MilestoneSpec("closeout", "Closeout", 6),
)


@dataclass
class Team:
    project_id: int
    code: str
    actors: dict[Role, Actor] = field(default_factory=dict)

    def actor(self, role: Role) -> Actor:
        return self.actors[role]


def person(session: Session, name: str, email: str) -> Actor:
    row = add_person(session, SYSTEM, name=name, emails=[email])
    return Actor(kind="person", person_id=row.id, email=email, name=name)


def make_project(session: Session, code: str = "alpha", *, people: bool = True) -> Team:
    """An open project with one person per role (emails `<role>@<code>.example`)."""
    project = create_project(
        session,
        SYSTEM,
        code=code,
        name=f"Project {code}",
        service_type=ServiceType.BIOANALYSIS,
        sponsor_org="Sponsor Bio",
        cro_org="CRO Labs",
        milestones=TEMPLATE,
        domain=DOMAIN,
        timezone="Europe/Berlin",
    )
    team = Team(project.id, code)
    if people:
        for role in Role:
            actor = person(session, role.value, f"{role.value}@{code}.example")
            add_member(session, SYSTEM, project.id, actor.person_id or 0, role)
            team.actors[role] = actor
    return team


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def inbound(
    *,
    message_id: str = "<m1@sender.example>",
    subject: str = "Hello",
    from_email: str = "sponsor_pm@alpha.example",
    to: tuple[str, ...] = (),
    cc: tuple[str, ...] = (),
    in_reply_to: str | None = None,
    references: tuple[str, ...] = (),
    documents: tuple[InboundDocument, ...] = (),
    raw: str | None = None,
    label: str | None = "other",
    headers: tuple[tuple[str, str], ...] = (),
) -> InboundMessage:
    """An inbound message; its raw sha256 derives from `raw` (default: the Message-ID)."""
    return InboundMessage(
        sha256=sha(raw or message_id),
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        subject=subject,
        from_email=from_email,
        from_name="Someone",
        to=to,
        cc=cc,
        delivered_to=(),
        sent_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        reply_text="Please find attached.",
        label=label,
        confidence=0.9,
        documents=documents,
        origin="test",
        size=1234,
        headers=headers,
    )


def document(name: str, content: str, label: str = "quote", milestone: str | None = None):
    return InboundDocument(
        sha256=sha(content),
        filename=name,
        content_type="application/pdf",
        size=len(content),
        label=label,
        confidence=0.95,
        text_status="ok",
        milestone_key=milestone,
    )
