"""What a rule may look at: one frozen Facts type per event.

The fields of these dataclasses are the *only* names a rule's `if` may use; the loader
reads them (with their types) through `rules.fields`, so adding a field here is all it
takes to make it available to rule files, with type-checked operators.

rules may import only `tracker.types`, so the closed sets that belong to other packages
(the classifier's labels, ingest's mail kinds) are mirrored here as enums. The
composition root converts by value (`Label(prediction.label.value)`); a test keeps the
mirrors in step with their originals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tracker.types import ChangeStatus, MilestoneStatus, Role, ServiceType


class Event(StrEnum):
    """The closed set of events a rule can be `when`."""

    MESSAGE_CLASSIFIED = "message_classified"
    DOCUMENT_CLASSIFIED = "document_classified"
    REPLY_DECIDED = "reply_decided"
    MILESTONE_OVERDUE = "milestone_overdue"
    SCHEDULE_TICK = "schedule_tick"


class Label(StrEnum):
    """Mirror of `classifier.types.Label`."""

    QUOTE = "quote"
    SAMPLE_SHEET = "sample_sheet"
    CHANGE_AGREEMENT = "change_agreement"
    DELIVERABLE = "deliverable"
    INVOICE = "invoice"
    OTHER = "other"


class MailKind(StrEnum):
    """Mirror of `ingest.types.MailKind`."""

    NORMAL = "normal"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    OWN = "own"
    LIST = "list"


class Party(StrEnum):
    """Which side of the project a milestone waits on."""

    SPONSOR = "sponsor"
    CRO = "cro"


class ReplyDecision(StrEnum):
    """What a reply to one of our requests says (mirrors `mailroom parse-reply`)."""

    APPROVE = "approve"
    REJECT = "reject"
    NEEDS_REVIEW = "needs_review"
    IGNORE = "ignore"


class ReplyAbout(StrEnum):
    """What the request being answered was about."""

    CHANGE = "change"
    DELIVERABLE = "deliverable"
    OTHER = "other"


class TickKind(StrEnum):
    WEEKLY_SUMMARY = "weekly_summary"
    SWEEP = "sweep"
    OVERDUE_CHECK = "overdue_check"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


@dataclass(frozen=True)
class Amount:
    """A money amount found in a message; `currency` is "" when none was stated."""

    value: Decimal
    currency: str = ""


@dataclass(frozen=True)
class MessageClassified:
    """A routed message has been labelled (its main business act)."""

    project_code: str
    service_type: ServiceType
    label: Label
    confidence: float
    sender_roles: frozenset[Role] = frozenset()  # empty for non-members
    sender_is_member: bool = False
    is_reply: bool = False
    milestones: tuple[str, ...] = ()  # milestone keys mentioned, in text order
    amounts: tuple[Amount, ...] = ()
    attachment_labels: tuple[Label, ...] = ()
    document_count: int = 0
    has_sample_table: bool = False
    mail_kind: MailKind = MailKind.NORMAL
    subject: str = ""
    change_numbers: tuple[str, ...] = ()
    needs_review: bool = False  # the classifier itself asked for a human
    payment_advice: bool = False  # the new text reports a payment made (not a reminder)
    sample_discrepancy: bool = False  # the new text reports samples missing or unlisted


@dataclass(frozen=True)
class DocumentClassified:
    """One attachment of a routed message has been labelled on its own."""

    project_code: str
    service_type: ServiceType
    label: Label
    confidence: float
    filename: str = ""
    content_type: str = ""
    message_label: Label | None = None  # the label of the message carrying it
    sender_roles: frozenset[Role] = frozenset()
    sender_is_member: bool = False
    milestones: tuple[str, ...] = ()
    amounts: tuple[Amount, ...] = ()
    change_numbers: tuple[str, ...] = ()
    needs_review: bool = False


@dataclass(frozen=True)
class ReplyDecided:
    """A reply to one of our requests (approval, review) has been read."""

    project_code: str
    service_type: ServiceType
    decision: ReplyDecision
    about: ReplyAbout
    token_valid: bool = False  # a change reply: its signed token is valid for this sender
    token_reason: str = ""  # why the token failed: expired, wrong_sender, bad_signature…
    thread_matched: bool = False  # a review reply: it answers a delivery filed in this project
    sender_roles: frozenset[Role] = frozenset()
    sender_is_approver: bool = False
    auth_ok: bool = False  # DKIM/DMARC verdict, or True when the server is not trusted
    change_number: str | None = None
    change_status: ChangeStatus | None = None
    milestone: str | None = None  # the milestone the change or deliverable belongs to
    deliverable_final: bool = False


@dataclass(frozen=True)
class MilestoneOverdue:
    """A milestone passed its planned or forecast date without being done."""

    project_code: str
    service_type: ServiceType
    key: str
    days_overdue: int
    waits_on: Party
    due_date: date
    as_of: date
    status: MilestoneStatus = MilestoneStatus.PENDING
    last_reminded: date | None = None


@dataclass(frozen=True)
class ScheduleTick:
    """The scheduler fired; `project_code` is "" for ticks that are not per project."""

    kind: TickKind
    weekday: Weekday
    hour: int
    as_of: date
    project_code: str = ""


Facts = MessageClassified | DocumentClassified | ReplyDecided | MilestoneOverdue | ScheduleTick

FACT_TYPES: dict[Event, type[Facts]] = {
    Event.MESSAGE_CLASSIFIED: MessageClassified,
    Event.DOCUMENT_CLASSIFIED: DocumentClassified,
    Event.REPLY_DECIDED: ReplyDecided,
    Event.MILESTONE_OVERDUE: MilestoneOverdue,
    Event.SCHEDULE_TICK: ScheduleTick,
}

# Where `from_facts` reads from, per event: the milestone(s) and the party an event names.
# An action argument may say `from_facts` only for events listed here.
MILESTONE_FIELD: dict[Event, str] = {
    Event.MESSAGE_CLASSIFIED: "milestones",
    Event.DOCUMENT_CLASSIFIED: "milestones",
    Event.REPLY_DECIDED: "milestone",
    Event.MILESTONE_OVERDUE: "key",
}
PARTY_FIELD: dict[Event, str] = {Event.MILESTONE_OVERDUE: "waits_on"}
