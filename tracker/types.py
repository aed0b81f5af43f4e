"""Enums and small values of the record, with no SQLAlchemy import.

This is the only tracker module `rules` may import (see pyproject's import contracts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    SPONSOR_PM = "sponsor_pm"
    SPONSOR_APPROVER = "sponsor_approver"
    CRO_PM = "cro_pm"
    CRO_STAFF = "cro_staff"
    FINANCE = "finance"
    OBSERVER = "observer"


SPONSOR_ROLES = frozenset({Role.SPONSOR_PM, Role.SPONSOR_APPROVER})
CRO_ROLES = frozenset({Role.CRO_PM, Role.CRO_STAFF})


class ServiceType(StrEnum):
    ANALYTICAL_TESTING = "analytical_testing"
    BIOANALYSIS = "bioanalysis"
    IN_VITRO_ASSAY = "in_vitro_assay"
    TOXICOLOGY = "toxicology"
    PK_PD = "pk_pd"
    GENOMICS = "genomics"
    CMC_BIOLOGICS = "cmc_biologics"
    FORMULATION = "formulation"
    CONTRACT_MANUFACTURING = "contract_manufacturing"
    CUSTOM = "custom"


class MilestoneStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    WAITING_ON_SPONSOR = "waiting_on_sponsor"
    WAITING_ON_CRO = "waiting_on_cro"
    DONE = "done"
    BLOCKED = "blocked"


class ChangeStatus(StrEnum):
    PROPOSED = "proposed"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class DeliverableStatus(StrEnum):
    AWAITING_REVIEW = "awaiting_review"
    ACCEPTED = "accepted"
    CHANGES_REQUESTED = "changes_requested"


class SampleStatus(StrEnum):
    EXPECTED = "expected"
    SHIPPED = "shipped"
    RECEIVED = "received"
    IN_ANALYSIS = "in_analysis"
    REPORTED = "reported"
    STORED = "stored"
    DISPOSED = "disposed"


class PaymentStatus(StrEnum):
    NOT_DUE = "not_due"
    DUE = "due"
    INVOICED = "invoiced"
    PAID = "paid"


class ProcessingStatus(StrEnum):
    """Where a stored raw message is in the pipeline (keyed by its sha256)."""

    STORED = "stored"  # raw bytes kept, not yet processed
    PROCESSED = "processed"  # filed (routed or unrouted) and rules applied
    FAILED = "failed"  # could not be parsed at all; raw kept, reason recorded
    QUARANTINED = "quarantined"  # a stage kept failing; parked for `mailroom replay`


class RouteRule(StrEnum):
    """Which routing strategy matched (design.md, in order)."""

    REPLY_TOKEN = "reply_token"
    SUB_ADDRESS = "sub_address"
    THREAD = "thread"
    SUBJECT_TAG = "subject_tag"
    PARTICIPANTS = "participants"


class UnroutedReason(StrEnum):
    """Closed set of reasons a message was not filed to any project."""

    NO_PROJECT_ADDRESS = "no_project_address"
    UNKNOWN_PROJECT = "unknown_project"
    INVALID_TOKEN = "invalid_token"
    AMBIGUOUS_PARTICIPANTS = "ambiguous_participants"
    UNKNOWN_SENDER = "unknown_sender"
    PROJECT_CLOSED = "project_closed"


@dataclass(frozen=True)
class Actor:
    """Who did something: a person (by id and address) or the system itself."""

    kind: str  # "person" | "system"
    person_id: int | None = None
    email: str | None = None
    name: str | None = None

    @classmethod
    def system(cls, name: str = "mailroom") -> Actor:
        return cls(kind="system", name=name)


# --- values appended by tracker core -------------------------------------------------

JsonScalar = str | int | float | bool | None
JsonValue = JsonScalar | list["JsonValue"] | dict[str, "JsonValue"]


class WaitingOn(StrEnum):
    """Which side a milestone is waiting on."""

    SPONSOR = "sponsor"
    CRO = "cro"


class ProjectStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class TokenStatus(StrEnum):
    """Outcome of checking a reply token (see `tracker.tokens`)."""

    VALID = "valid"
    MALFORMED = "malformed"  # not a token at all
    UNKNOWN = "unknown"  # well formed, but no such token id was ever issued
    BAD_SIGNATURE = "bad_signature"  # token text or its stored row was tampered with
    EXPIRED = "expired"
    USED = "used"
    WRONG_APPROVER = "wrong_approver"  # valid token, presented by someone else


class FilingOutcome(StrEnum):
    FILED = "filed"  # new message row in the project
    DUPLICATE = "duplicate"  # same Message-ID or same bytes already filed there
    UNROUTED = "unrouted"  # kept without a project, with a reason


@dataclass(frozen=True)
class MilestoneSpec:
    """One milestone of a template, as the rules package hands it to `create_project`."""

    key: str
    name: str
    order: int
    payment_share: float | None = None
    waits_on: WaitingOn | None = None


@dataclass(frozen=True)
class InboundDocument:
    """One stored attachment of an inbound message, as tracker files it."""

    sha256: str
    filename: str
    content_type: str
    size: int
    label: str | None = None
    confidence: float | None = None
    text_status: str | None = None
    milestone_key: str | None = None  # link to this project milestone when known
    family: str | None = None  # version family; derived from label/filename when None


@dataclass(frozen=True)
class InboundMessage:
    """What tracker needs of one parsed, classified email (routing and filing input).

    Addresses are lower-cased addr-specs. `headers` keeps a few raw headers for the
    record only: routing never reads them (inbound `X-Mailroom-*` headers are untrusted).
    """

    sha256: str
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str
    from_email: str
    from_name: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    delivered_to: tuple[str, ...]
    sent_at: datetime | None
    kind: str = "normal"
    reply_text: str = ""
    body_text: str = ""
    label: str | None = None
    confidence: float | None = None
    needs_review: bool = False
    entities: tuple[dict[str, JsonValue], ...] = ()
    documents: tuple[InboundDocument, ...] = ()
    leaves: tuple[dict[str, JsonValue], ...] = ()
    defects: tuple[str, ...] = ()
    origin: str = ""
    size: int = 0
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Route:
    """Where a message goes: one or more projects (rule says why) or none (reason says why)."""

    project_ids: tuple[int, ...]
    rule: RouteRule | None
    reason: UnroutedReason | None
    detail: str

    @property
    def routed(self) -> bool:
        return bool(self.project_ids)


@dataclass(frozen=True)
class FiledMessage:
    """The filing of one message in one project (or unrouted when project_id is None)."""

    project_id: int | None
    message_pk: int
    outcome: FilingOutcome
    document_ids: tuple[int, ...] = ()
    new_document_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class FilingResult:
    raw_id: int
    filings: tuple[FiledMessage, ...]

    @property
    def duplicate(self) -> bool:
        return bool(self.filings) and all(
            f.outcome is FilingOutcome.DUPLICATE for f in self.filings
        )

    @property
    def unrouted(self) -> bool:
        return any(f.outcome is FilingOutcome.UNROUTED for f in self.filings)


@dataclass(frozen=True)
class TokenCheck:
    status: TokenStatus
    token_id: str | None = None
    project_id: int | None = None
    change_id: int | None = None
    approver_id: int | None = None
    expires_at: datetime | None = None

    @property
    def valid(self) -> bool:
        return self.status is TokenStatus.VALID


@dataclass(frozen=True)
class VerifyResult:
    """Result of checking a project's audit chain. `why` is edited / deleted / reordered."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    why: str | None = None


@dataclass(frozen=True)
class CheckpointState:
    """Where an IMAP folder's sync stands (see `tracker.operations.intake_state`)."""

    mailbox: str
    folder: str
    uidvalidity: int
    last_uid: int
    state: str
    last_new_mail_at: datetime | None
    resyncs: int
    updated_at: datetime
