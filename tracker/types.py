"""Enums and small values of the record, with no SQLAlchemy import.

This is the only tracker module `rules` may import (see pyproject's import contracts).
"""

from __future__ import annotations

from dataclasses import dataclass
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
