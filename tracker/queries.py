"""Read models: plain frozen dataclasses for listing and showing projects.

Nothing here writes. `project_status` answers "where is this project": each
milestone with its dates, status and evidence (documents and the messages that
brought them), what the project waits on and since when, and how much mail waits
for review. The tracker-domain sections (changes, deliverables, samples, payments)
come from a `domain_status` callable the caller passes in, so this module does not
depend on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker import session_memo
from tracker.models.message import Document, Message
from tracker.models.milestone import Milestone
from tracker.models.project import Membership, Organisation, Person, PersonAddress, Project
from tracker.types import MilestoneStatus, ProjectStatus, Role, ServiceType, WaitingOn


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    code: str
    name: str
    service_type: ServiceType
    status: ProjectStatus
    sponsor: str
    cro: str
    address: str
    timezone: str
    created_at: datetime


@dataclass(frozen=True)
class MemberInfo:
    person_id: int
    name: str
    emails: tuple[str, ...]
    roles: frozenset[Role]


@dataclass(frozen=True)
class DocumentView:
    id: int
    filename: str
    label: str | None
    family: str | None
    version: int
    superseded: bool
    message_pk: int | None
    created_at: datetime


@dataclass(frozen=True)
class MilestoneView:
    key: str
    name: str
    position: int
    status: MilestoneStatus
    planned_date: date | None
    forecast_date: date | None
    actual_date: date | None
    waiting_on: WaitingOn | None
    waiting_since: datetime | None
    payment_share: float | None
    documents: tuple[DocumentView, ...]
    message_count: int


@dataclass(frozen=True)
class ProjectStatusView:
    project: ProjectSummary
    milestones: tuple[MilestoneView, ...]
    other_documents: tuple[DocumentView, ...]  # filed but not linked to a milestone
    message_count: int
    needs_review: int
    unrouted: int  # across Mailroom: unrouted mail has no project
    waiting_on: WaitingOn | None
    waiting_since: datetime | None
    waiting_milestone: str | None
    current_milestone: str | None  # first milestone not done
    domain: Any = None  # whatever `domain_status` returned, when given


def _summary(project: Project, orgs: dict[int, str]) -> ProjectSummary:
    return ProjectSummary(
        id=project.id,
        code=project.code,
        name=project.name,
        service_type=project.service_type,
        status=project.status,
        sponsor=orgs.get(project.sponsor_org_id, ""),
        cro=orgs.get(project.cro_org_id, ""),
        address=project.address,
        timezone=project.timezone,
        created_at=project.created_at,
    )


def _org_names(session: Session) -> dict[int, str]:
    return {
        org_id: name for org_id, name in session.execute(select(Organisation.id, Organisation.name))
    }


def list_projects(session: Session, *, include_closed: bool = True) -> list[ProjectSummary]:
    stmt = select(Project).order_by(Project.code)
    if not include_closed:
        stmt = stmt.where(Project.status == ProjectStatus.OPEN)
    orgs = _org_names(session)
    return [_summary(p, orgs) for p in session.scalars(stmt)]


def find_project(session: Session, code: str) -> ProjectSummary | None:
    """A project by its code (case-insensitive), or None."""
    project = session.scalar(select(Project).where(Project.code == code.strip().lower()))
    return None if project is None else _summary(project, _org_names(session))


def members(session: Session, project_id: int) -> list[MemberInfo]:
    """Everyone with a role in the project, with all their addresses and roles.

    Remembered for the transaction (`session_memo`): a batch sends many notices into
    the same few projects, each asking for the members.
    """
    memo = session_memo.memo(session, "members", (Membership, Person, PersonAddress))
    if project_id not in memo:
        memo[project_id] = tuple(_load_members(session, project_id))
    return list(memo[project_id])


def _load_members(session: Session, project_id: int) -> list[MemberInfo]:
    roles: dict[int, set[Role]] = {}
    stmt = select(Membership.person_id, Membership.role).where(Membership.project_id == project_id)
    for person_id, role in session.execute(stmt):
        roles.setdefault(person_id, set()).add(Role(role))
    result = []
    people = select(Person).where(Person.id.in_(roles)).order_by(Person.id)
    # the addresses in one more query, not one per person
    for person in session.scalars(people.options(selectinload(Person.addresses))):
        emails = tuple(a.email for a in person.addresses)
        result.append(MemberInfo(person.id, person.name, emails, frozenset(roles[person.id])))
    return result


def member_by_email(session: Session, project_id: int, email: str) -> MemberInfo | None:
    """The project member owning this address, or None (non-members get nothing)."""
    person_id = session.scalar(
        select(PersonAddress.person_id).where(PersonAddress.email == email.strip().lower())
    )
    return next((m for m in members(session, project_id) if m.person_id == person_id), None)


def _documents(session: Session, project_id: int) -> list[Document]:
    stmt = select(Document).where(Document.project_id == project_id)
    return list(session.scalars(stmt.order_by(Document.id)))


def _document_views(docs: list[Document]) -> dict[int, DocumentView]:
    superseded = {d.supersedes_id for d in docs if d.supersedes_id is not None}
    return {
        d.id: DocumentView(
            d.id,
            d.filename,
            d.label,
            d.family,
            d.version,
            d.id in superseded,
            d.message_pk,
            d.created_at,
        )
        for d in docs
    }


def _milestone_view(
    m: Milestone, docs: list[Document], views: dict[int, DocumentView]
) -> MilestoneView:
    linked = [d for d in docs if d.milestone_id == m.id]
    return MilestoneView(
        key=m.key,
        name=m.name,
        position=m.position,
        status=m.status,
        planned_date=m.planned_date,
        forecast_date=m.forecast_date,
        actual_date=m.actual_date,
        waiting_on=m.waiting_on,
        waiting_since=m.waiting_since,
        payment_share=m.payment_share,
        documents=tuple(views[d.id] for d in linked),
        message_count=len({d.message_pk for d in linked if d.message_pk is not None}),
    )


def _count(session: Session, *where: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(Message).where(*where)) or 0)


def project_status(
    session: Session,
    project_id: int,
    *,
    domain_status: Callable[[Session, int], Any] | None = None,
) -> ProjectStatusView | None:
    """Where the project stands; None when there is no such project."""
    project = session.get(Project, project_id)
    if project is None:
        return None
    milestones = list(
        session.scalars(
            select(Milestone).where(Milestone.project_id == project_id).order_by(Milestone.position)
        )
    )
    docs = _documents(session, project_id)
    views = _document_views(docs)
    waiting = sorted(
        (
            m
            for m in milestones
            if m.waiting_on is not None and m.status is not MilestoneStatus.DONE
        ),
        key=lambda m: (m.waiting_since is None, m.waiting_since or project.created_at),
    )
    current = next((m.key for m in milestones if m.status is not MilestoneStatus.DONE), None)
    return ProjectStatusView(
        project=_summary(project, _org_names(session)),
        milestones=tuple(_milestone_view(m, docs, views) for m in milestones),
        other_documents=tuple(views[d.id] for d in docs if d.milestone_id is None),
        message_count=_count(session, Message.project_id == project_id),
        needs_review=_count(
            session, Message.project_id == project_id, Message.needs_review.is_(True)
        ),
        unrouted=_count(session, Message.project_id.is_(None)),
        waiting_on=waiting[0].waiting_on if waiting else None,
        waiting_since=waiting[0].waiting_since if waiting else None,
        waiting_milestone=waiting[0].key if waiting else None,
        current_milestone=current,
        domain=domain_status(session, project_id) if domain_status else None,
    )
