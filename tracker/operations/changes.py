"""Change requests: numbered per project, answering the five questions, decided by approvers.

Status machine::

    proposed ──► awaiting_approval ──► approved
        │               ├─────────► rejected
        └───────────────┴─────────► withdrawn

Who may do what (roles are per project):

- open: any sponsor or CRO member (or the system acting on a classified message);
- request approval: a PM of either side or CRO staff; needs at least one sponsor_approver;
- approve / reject: ONLY a sponsor_approver of that project, as a person — never the system.
  The decision keeps its evidence (raw sha256, authentication verdict, reply token id, the
  reply text and how it was split from the quoted history) so it can be re-checked later;
- withdraw: the requester's side, or the CRO PM;
- revise (while proposed or awaiting approval): any sponsor or CRO member. A change agreed
  in passing is often followed by the formal change order; the order revises that change
  (what changed, cost, the order document) instead of opening a second one.

A refused operation raises `PermissionDenied` or `InvalidTransition` before writing anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import InvalidTransition, NotFound, PermissionDenied
from tracker.models.audit import AuditEvent
from tracker.models.change import ChangeRequest
from tracker.models.message import Document
from tracker.models.project import Membership, PersonAddress
from tracker.operations import require_role, roles_of
from tracker.types import CRO_ROLES, SPONSOR_ROLES, Actor, ChangeStatus, Role


@dataclass(frozen=True)
class MilestoneShift:
    """A milestone the change moves: its key and the old and new dates."""

    key: str
    old_date: date | None = None
    new_date: date | None = None


@dataclass(frozen=True)
class ChangeImpact:
    milestones: tuple[MilestoneShift, ...] = ()
    cost_delta: Decimal | None = None
    currency: str | None = None
    deliverables: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeSpec:
    """What a change says: what changed, why, who asked, its impact, the updated target."""

    title: str
    what_changed: str = ""
    why: str = ""
    requested_by: str = ""  # the requester's address; the acting person's when empty
    impact: ChangeImpact = ChangeImpact()
    updated_target: str | None = None  # the updated deliverable or milestone, in words
    reason_category: str | None = None


@dataclass(frozen=True)
class ChangeRevision:
    """What a formal change order states about a change already open."""

    title: str
    what_changed: str
    cost_delta: Decimal | None = None
    currency: str | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class ApprovalEvidence:
    """What a decision rested on; stored whole as JSON on the change."""

    raw_sha256: str | None
    auth_verdict: str | None  # e.g. "dkim=pass dmarc=pass", or "untrusted"
    token_id: str | None
    reply_text: str
    quoted_split: str | None = None  # how the reply was separated from the quoted part

    def to_json(self) -> dict[str, str | None]:
        return {
            "raw_sha256": self.raw_sha256,
            "auth_verdict": self.auth_verdict,
            "token_id": self.token_id,
            "reply_text": self.reply_text,
            "quoted_split": self.quoted_split,
        }


@dataclass(frozen=True)
class Approver:
    person_id: int
    email: str | None


@dataclass(frozen=True)
class ChangeView:
    """A change request as a plain value (what outbound and the CLI render)."""

    id: int
    project_id: int
    code: str
    title: str
    what_changed: str
    why: str
    requested_by: str
    requester_side: str
    impact: ChangeImpact
    updated_target: str | None
    status: ChangeStatus
    created_at: datetime
    proposed_message_id: int | None
    decision_message_id: int | None
    decided_at: datetime | None
    approvers: tuple[Approver, ...] = ()


_OPEN_ROLES = SPONSOR_ROLES | CRO_ROLES
_REQUEST_ROLES = frozenset({Role.SPONSOR_PM, Role.CRO_PM, Role.CRO_STAFF})


def view(change: ChangeRequest, approvers: tuple[Approver, ...] = ()) -> ChangeView:
    impact = ChangeImpact(
        milestones=tuple(
            MilestoneShift(
                m["key"],
                date.fromisoformat(m["old_date"]) if m.get("old_date") else None,
                date.fromisoformat(m["new_date"]) if m.get("new_date") else None,
            )
            for m in change.impact_milestones or ()
        ),
        cost_delta=change.cost_delta,
        currency=change.currency,
        deliverables=tuple(change.impact_deliverables or ()),
    )
    return ChangeView(
        id=change.id,
        project_id=change.project_id,
        code=change.code,
        title=change.title,
        what_changed=change.what_changed,
        why=change.why,
        requested_by=change.requested_by,
        requester_side=change.requester_side,
        impact=impact,
        updated_target=change.updated_target,
        status=change.status,
        created_at=change.created_at,
        proposed_message_id=change.proposed_message_id,
        decision_message_id=change.decision_message_id,
        decided_at=change.decided_at,
        approvers=approvers,
    )


def _snapshot(change: ChangeRequest) -> dict[str, object]:
    return {"code": change.code, "status": change.status.value}


def get_change(session: Session, project_id: int, change_id: int) -> ChangeRequest:
    change = session.get(ChangeRequest, change_id)
    if change is None or change.project_id != project_id:
        raise NotFound(f"no change request {change_id} in project {project_id}")
    return change


def find_change(session: Session, project_id: int, code: str) -> ChangeRequest:
    """A change by its ``CR-<n>`` code (case-insensitive)."""
    number = code.strip().upper().removeprefix("CR-")
    if not number.isdigit():
        raise NotFound(f"{code!r} is not a change request code (CR-<number>)")
    change = session.scalar(
        select(ChangeRequest).where(
            ChangeRequest.project_id == project_id, ChangeRequest.number == int(number)
        )
    )
    if change is None:
        raise NotFound(f"no change request {code} in project {project_id}")
    return change


def list_changes(session: Session, project_id: int) -> list[ChangeView]:
    stmt = (
        select(ChangeRequest)
        .where(ChangeRequest.project_id == project_id)
        .order_by(ChangeRequest.number)
    )
    return [view(c) for c in session.scalars(stmt)]


def approvers_of(session: Session, project_id: int) -> tuple[Approver, ...]:
    """Each sponsor_approver of the project with their first address."""
    people = session.scalars(
        select(Membership.person_id)
        .where(Membership.project_id == project_id, Membership.role == Role.SPONSOR_APPROVER)
        .order_by(Membership.person_id)
    ).all()
    out = []
    for person_id in people:
        email = session.scalar(
            select(PersonAddress.email)
            .where(PersonAddress.person_id == person_id)
            .order_by(PersonAddress.id)
            .limit(1)
        )
        out.append(Approver(person_id=person_id, email=email))
    return tuple(out)


def _requester(
    session: Session, project_id: int, actor: Actor, spec: ChangeSpec
) -> tuple[str, int | None, str]:
    """Requester address, person id and side (sponsor / cro / unknown)."""
    email = (spec.requested_by or actor.email or "").strip().lower()
    person_id = (
        session.scalar(select(PersonAddress.person_id).where(PersonAddress.email == email))
        if email
        else None
    )
    roles = roles_of(session, project_id, email) if email else frozenset()
    side = "sponsor" if roles & SPONSOR_ROLES else "cro" if roles & CRO_ROLES else "unknown"
    return email or (actor.name or ""), person_id or actor.person_id, side


def open_change(
    session: Session,
    actor: Actor,
    project_id: int,
    spec: ChangeSpec,
    source_message_id: int | None,
) -> ChangeView:
    """Record a proposed change as the next CR-<n> of the project."""
    require_role(session, project_id, actor, _OPEN_ROLES)
    requested_by, person_id, side = _requester(session, project_id, actor, spec)
    last = session.scalar(
        select(func.max(ChangeRequest.number)).where(ChangeRequest.project_id == project_id)
    )
    change = ChangeRequest(
        project_id=project_id,
        number=(last or 0) + 1,
        title=spec.title.strip()[:300],
        what_changed=spec.what_changed,
        why=spec.why,
        reason_category=spec.reason_category,
        requested_by=requested_by,
        requested_by_person_id=person_id,
        requester_side=side,
        impact_milestones=[
            {
                "key": m.key,
                "old_date": m.old_date and m.old_date.isoformat(),
                "new_date": m.new_date and m.new_date.isoformat(),
            }
            for m in spec.impact.milestones
        ],
        impact_deliverables=list(spec.impact.deliverables),
        cost_delta=spec.impact.cost_delta,
        currency=spec.impact.currency,
        updated_target=spec.updated_target,
        status=ChangeStatus.PROPOSED,
        proposed_message_id=source_message_id,
        created_at=utcnow(),
    )
    session.add(change)
    session.flush()
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="change_opened",
        entity="change",
        entity_id=change.id,
        before=None,
        after={
            **_snapshot(change),
            "title": change.title,
            "requested_by": requested_by,
            "cost_delta": change.cost_delta,
            "currency": change.currency,
        },
        source_message_id=source_message_id,
    )
    return view(change)


def _move(
    session: Session,
    actor: Actor,
    change: ChangeRequest,
    allowed_from: tuple[ChangeStatus, ...],
    to: ChangeStatus,
    action: str,
    source_message_id: int | None,
    extra: dict[str, object] | None = None,
) -> None:
    if change.status not in allowed_from:
        raise InvalidTransition(f"{change.code} is {change.status}; cannot become {to}")
    before = _snapshot(change)
    change.status = to
    session.flush()
    audit.append(
        session,
        project_id=change.project_id,
        actor=actor,
        action=action,
        entity="change",
        entity_id=change.id,
        before=before,
        after={**_snapshot(change), **(extra or {})},
        source_message_id=source_message_id,
    )


def request_approval(
    session: Session,
    actor: Actor,
    project_id: int,
    change_id: int,
    source_message_id: int | None = None,
) -> ChangeView:
    """Ask the sponsor approvers; returns them so the caller can issue tokens and send."""
    require_role(session, project_id, actor, _REQUEST_ROLES)
    change = get_change(session, project_id, change_id)
    approvers = approvers_of(session, project_id)
    if change.status is ChangeStatus.PROPOSED and not approvers:
        raise InvalidTransition(f"{change.code}: the project has no sponsor_approver to ask")
    _move(
        session,
        actor,
        change,
        (ChangeStatus.PROPOSED,),
        ChangeStatus.AWAITING_APPROVAL,
        "change_approval_requested",
        source_message_id,
        {"approvers": [a.person_id for a in approvers]},
    )
    change.approval_requested_at = utcnow()
    return view(change, approvers)


def _decide(
    session: Session,
    actor: Actor,
    project_id: int,
    change_id: int,
    evidence: ApprovalEvidence,
    decision_message_id: int | None,
    to: ChangeStatus,
    decided_at: datetime | None = None,
) -> ChangeView:
    if actor.kind != "person":
        raise PermissionDenied("only a sponsor_approver, as a person, can decide a change")
    require_role(session, project_id, actor, {Role.SPONSOR_APPROVER})
    change = get_change(session, project_id, change_id)
    _move(
        session,
        actor,
        change,
        (ChangeStatus.AWAITING_APPROVAL,),
        to,
        f"change_{to.value}",
        decision_message_id,
        {"evidence": evidence.to_json()},
    )
    change.decision_message_id = decision_message_id
    change.decided_by_person_id = actor.person_id
    change.decided_at = decided_at or utcnow()  # the reply's Date, when the caller has one
    change.decision_evidence = evidence.to_json()
    session.flush()
    return view(change)


def approve_change(
    session: Session,
    actor: Actor,
    project_id: int,
    change_id: int,
    evidence: ApprovalEvidence,
    decision_message_id: int | None,
    *,
    decided_at: datetime | None = None,
) -> ChangeView:
    """Approve (a sponsor_approver of this project only), keeping the evidence.

    `decided_at` is when the approver decided (their reply's Date); default now.
    """
    return _decide(
        session, actor, project_id, change_id, evidence, decision_message_id,
        ChangeStatus.APPROVED, decided_at,
    )  # fmt: skip


def reject_change(
    session: Session,
    actor: Actor,
    project_id: int,
    change_id: int,
    evidence: ApprovalEvidence,
    decision_message_id: int | None,
    *,
    decided_at: datetime | None = None,
) -> ChangeView:
    """Reject (a sponsor_approver of this project only), keeping the evidence.

    `decided_at` is when the approver decided (their reply's Date); default now.
    """
    return _decide(
        session, actor, project_id, change_id, evidence, decision_message_id,
        ChangeStatus.REJECTED, decided_at,
    )  # fmt: skip


def withdraw_change(
    session: Session,
    actor: Actor,
    project_id: int,
    change_id: int,
    source_message_id: int | None = None,
) -> ChangeView:
    """Withdraw an undecided change: the requester's side or the CRO PM."""
    change = get_change(session, project_id, change_id)
    sides: dict[str, frozenset[Role]] = {"sponsor": SPONSOR_ROLES, "cro": CRO_ROLES}
    side_roles = sides.get(change.requester_side, frozenset())
    require_role(session, project_id, actor, {Role.CRO_PM, *side_roles})
    _move(
        session,
        actor,
        change,
        (ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL),
        ChangeStatus.WITHDRAWN,
        "change_withdrawn",
        source_message_id,
    )
    return view(change)


_UNDECIDED = (ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL)
CHANGE_ORDER_LABEL = "change_agreement"


def revise_change(
    session: Session,
    actor: Actor,
    project_id: int,
    change_id: int,
    revision: ChangeRevision,
    source_message_id: int | None,
) -> ChangeView:
    """Restate an undecided change from its formal order; the status does not move.

    A stated cost replaces the old one; an unstated one leaves it. The order document is
    kept in the audit event (`change_documents` finds it again).
    """
    require_role(session, project_id, actor, _OPEN_ROLES)
    change = get_change(session, project_id, change_id)
    if change.status not in _UNDECIDED:
        raise InvalidTransition(f"{change.code} is {change.status}; a decided change is final")
    before = {
        **_snapshot(change), "title": change.title, "cost_delta": change.cost_delta,
        "currency": change.currency,
    }  # fmt: skip
    change.title = revision.title.strip()[:300] or change.title
    change.what_changed = revision.what_changed or change.what_changed
    if revision.cost_delta is not None:
        change.cost_delta, change.currency = revision.cost_delta, revision.currency
    session.flush()
    audit.append(
        session, project_id=project_id, actor=actor, action="change_revised", entity="change",
        entity_id=change.id, before=before,
        after={
            **_snapshot(change), "title": change.title, "cost_delta": change.cost_delta,
            "currency": change.currency, "document_id": revision.document_id,
        },
        source_message_id=source_message_id,
    )  # fmt: skip
    return view(change)


def changes_touched_by(
    session: Session, project_id: int, message_ids: set[int] | frozenset[int]
) -> list[int]:
    """Ids of the changes these messages opened, revised or asked approval for."""
    if not message_ids:
        return []
    # the audit is the index here: include this transaction's events
    audit.seal_for(session, project_id, "change")
    rows = session.scalars(
        select(AuditEvent.entity_id).where(
            AuditEvent.project_id == project_id, AuditEvent.entity == "change",
            AuditEvent.source_message_id.in_(message_ids),
        )
    )  # fmt: skip
    return sorted({i for i in rows if i is not None})


def informal_changes(
    session: Session, project_id: int, candidates: Sequence[ChangeView]
) -> set[int]:
    """Ids of the changes among ``candidates`` without change-order documents (for which
    `change_documents` is empty), in two queries however many there are."""
    if not candidates:
        return set()
    proposed: dict[int, list[int]] = {}
    for change in candidates:
        if change.proposed_message_id is not None:
            proposed.setdefault(change.proposed_message_id, []).append(change.id)
    formal: set[int] = set()
    if proposed:
        stmt = select(Document.message_pk).where(
            Document.message_pk.in_(proposed), Document.label == CHANGE_ORDER_LABEL
        )
        for message_pk in session.scalars(stmt):
            formal.update(proposed[message_pk])
    audit.seal_for(session, project_id, "change")
    revisions = session.execute(
        select(AuditEvent.entity_id, AuditEvent.after).where(
            AuditEvent.project_id == project_id, AuditEvent.entity == "change",
            AuditEvent.entity_id.in_([c.id for c in candidates]),
            AuditEvent.action == "change_revised",
        )
    )  # fmt: skip
    formal.update(i for i, after in revisions if after and after.get("document_id"))
    return {c.id for c in candidates} - formal


def change_documents(session: Session, project_id: int, change_id: int) -> list[int]:
    """The change-order documents of a change: its proposing mail's, then its revisions'.

    An empty list means the change was agreed informally (in a sentence, on a call).
    """
    change = get_change(session, project_id, change_id)
    found: list[int] = []
    if change.proposed_message_id is not None:
        found += session.scalars(
            select(Document.id).where(
                Document.message_pk == change.proposed_message_id,
                Document.label == CHANGE_ORDER_LABEL,
            )
        ).all()
    audit.seal_for(session, project_id, "change")
    revisions = session.scalars(
        select(AuditEvent.after).where(
            AuditEvent.project_id == project_id, AuditEvent.entity == "change",
            AuditEvent.entity_id == change_id, AuditEvent.action == "change_revised",
        )
    )  # fmt: skip
    found += [int(a["document_id"]) for a in revisions if a and a.get("document_id")]
    return found
