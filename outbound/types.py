"""Frozen values that cross into and out of outbound.

Callers describe a mail as an `OutgoingEmail`: a template name from the closed set below,
a typed context value for that template, and the envelope/threading fields. Each template
has exactly one context type (`TEMPLATE_CONTEXTS`), so a caller cannot pass a free dict
whose keys are spelled in five places. Context fields are plain values (str, int, date,
tuples of small frozen records); render exposes the top-level fields as template variables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from tracker.types import OutboxStatus

# --- small records used inside contexts -------------------------------------------------


@dataclass(frozen=True)
class ProjectRef:
    code: str  # lowercase project code, shown as the [PRJ-<code>] tag
    name: str


@dataclass(frozen=True)
class Fact:
    """One extracted fact shown next to a filed document, e.g. ("Total", "USD 48,500")."""

    label: str
    value: str


@dataclass(frozen=True)
class SampleIssue:
    sample_id: str
    issue: str  # e.g. "not on the manifest", "haemolysed"


@dataclass(frozen=True)
class MilestoneLine:
    key: str
    title: str
    due: date | None = None
    owner: str | None = None  # person or side responsible
    done_on: date | None = None


@dataclass(frozen=True)
class ChangeLine:
    number: int
    title: str
    status: str
    age_days: int
    waiting_on: str | None = None


@dataclass(frozen=True)
class DeliverableLine:
    title: str
    version: str | None = None
    delivered_on: date | None = None
    review_deadline: date | None = None


@dataclass(frozen=True)
class SampleCount:
    status: str
    count: int


@dataclass(frozen=True)
class PaymentLine:
    description: str
    amount: str  # already formatted with its currency, e.g. "USD 12,000.00"
    due_date: date | None = None
    invoice_number: str | None = None


@dataclass(frozen=True)
class WaitingItem:
    """Something the project is waiting on, and on whom (the summary leads with these)."""

    what: str
    on_whom: str
    age_days: int = 0


# --- one context type per template ------------------------------------------------------


@dataclass(frozen=True)
class DocumentFiledContext:
    project: ProjectRef
    document_title: str  # e.g. "Quote v2"
    label: str  # classifier label, e.g. "quote"
    milestone: str | None = None
    facts: tuple[Fact, ...] = ()
    filed_from: str | None = None


@dataclass(frozen=True)
class SampleSheetContext:
    project: ProjectRef
    document_title: str
    sample_count: int
    expected_count: int | None = None
    mismatches: tuple[SampleIssue, ...] = ()


@dataclass(frozen=True)
class ChangeApprovalContext:
    project: ProjectRef
    change_number: int
    title: str
    description: str
    approver_name: str
    reply_token: str  # signed by tracker.tokens; also embedded in the Message-ID
    requested_by: str | None = None
    reason: str | None = None
    cost_impact: str | None = None
    schedule_impact: str | None = None
    affected: tuple[str, ...] = ()
    expires_on: date | None = None


@dataclass(frozen=True)
class ChangeDecisionContext:
    project: ProjectRef
    change_number: int
    title: str
    decision: str  # "approved" | "rejected"
    decided_by: str
    decided_on: date
    reason: str | None = None


@dataclass(frozen=True)
class DeliverableReceivedContext:
    project: ProjectRef
    title: str
    delivered_by: str
    version: str | None = None
    files: tuple[str, ...] = ()
    review_deadline: date | None = None
    milestone: str | None = None


@dataclass(frozen=True)
class DeliverableAcceptedContext:
    project: ProjectRef
    title: str
    accepted_by: str
    accepted_on: date
    version: str | None = None
    milestone: str | None = None


@dataclass(frozen=True)
class PaymentDueContext:
    project: ProjectRef
    description: str
    amount: str
    due_date: date | None = None
    invoice_number: str | None = None
    milestone: str | None = None


@dataclass(frozen=True)
class ReplyNotUnderstoodContext:
    original_subject: str
    reason: str  # why we could not act, in plain words
    expected: str  # what a valid reply looks like, e.g. "APPROVE or REJECT <reason>"
    project: ProjectRef | None = None
    change_number: int | None = None


@dataclass(frozen=True)
class RefusedNoticeContext:
    """Tells a known member that a mail was refused; never names a project they are not in."""

    original_subject: str
    reason: str  # machine code, e.g. "unknown_project"
    explanation: str
    received_on: date


@dataclass(frozen=True)
class StatusReplyContext:
    project: ProjectRef
    as_of: date
    waiting_on: tuple[WaitingItem, ...] = ()
    milestones_overdue: tuple[MilestoneLine, ...] = ()
    milestones_due_next: tuple[MilestoneLine, ...] = ()
    open_changes: tuple[ChangeLine, ...] = ()
    deliverables_awaiting_review: tuple[DeliverableLine, ...] = ()


@dataclass(frozen=True)
class WeeklySummaryContext:
    project: ProjectRef
    member_name: str
    iso_week: str  # e.g. "2025-W07", in the member's time zone
    week_start: date
    week_end: date  # inclusive (Sunday)
    timezone: str
    waiting_on: tuple[WaitingItem, ...] = ()
    milestones_done: tuple[MilestoneLine, ...] = ()
    milestones_due_next: tuple[MilestoneLine, ...] = ()
    milestones_overdue: tuple[MilestoneLine, ...] = ()
    open_changes: tuple[ChangeLine, ...] = ()
    deliverables_awaiting_review: tuple[DeliverableLine, ...] = ()
    samples_by_status: tuple[SampleCount, ...] = ()
    payments_due: tuple[PaymentLine, ...] = ()


TemplateContext = (
    DocumentFiledContext
    | SampleSheetContext
    | ChangeApprovalContext
    | ChangeDecisionContext
    | DeliverableReceivedContext
    | DeliverableAcceptedContext
    | PaymentDueContext
    | ReplyNotUnderstoodContext
    | RefusedNoticeContext
    | StatusReplyContext
    | WeeklySummaryContext
)

# The closed set of template names (rules `send:` actions name these), in one literal table.
TEMPLATE_CONTEXTS: dict[str, type[TemplateContext]] = {
    "document_filed": DocumentFiledContext,
    "sample_sheet_received": SampleSheetContext,
    "change_approval_request": ChangeApprovalContext,
    "change_decision": ChangeDecisionContext,
    "deliverable_received": DeliverableReceivedContext,
    "deliverable_accepted": DeliverableAcceptedContext,
    "payment_due": PaymentDueContext,
    "reply_not_understood": ReplyNotUnderstoodContext,
    "refused_notice": RefusedNoticeContext,
    "weekly_summary": WeeklySummaryContext,
    "status_reply": StatusReplyContext,
}


# --- the message, the outbox row, the envelope ------------------------------------------


@dataclass(frozen=True)
class OutgoingEmail:
    """One mail to send. `message_id` None means render fixes one (see render.make_message_id)."""

    template: str
    context: TemplateContext
    mail_from: str
    recipients: tuple[str, ...]
    reply_to: str | None = None
    subject: str | None = None  # overrides the template subject (e.g. "Re: <theirs>")
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    project_id: int | None = None
    dedupe_key: str | None = None


@dataclass(frozen=True)
class OutboxRow:
    """A value view of one outbox row (no ORM object leaves outbound.outbox)."""

    id: int
    message_id: str
    template: str
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    dedupe_key: str | None = None
    last_error: str | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Envelope:
    """What a `Sender` needs: the stored bytes and the SMTP envelope, nothing else."""

    outbox_id: int
    message_id: str
    mail_from: str
    recipients: tuple[str, ...]
    raw: bytes = field(repr=False)


class SendStatus(StrEnum):
    SENT = "sent"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class SendOutcome:
    outbox_id: int
    message_id: str
    status: SendStatus
    detail: str | None = None  # error reason, or recipients refused on a partial success
