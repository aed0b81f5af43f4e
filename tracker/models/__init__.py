"""All tracker tables, imported in one place so `Base.metadata` is complete.

Alembic's env and the schema test compare the migrations against this metadata, so
every model module (tracker core and tracker domain) is listed here, explicitly.
"""

from __future__ import annotations

from tracker.models.audit import AuditEvent, AuditHead
from tracker.models.change import ChangeRequest
from tracker.models.checkpoint import ImapCheckpoint, Lease
from tracker.models.deliverable import Deliverable
from tracker.models.message import Document, Message, MessageReference, RawMessage, Thread
from tracker.models.milestone import Milestone
from tracker.models.outbox import OutboxItem
from tracker.models.payment import PaymentLine
from tracker.models.project import Membership, Organisation, Person, PersonAddress, Project
from tracker.models.quote import Quote
from tracker.models.sample import Sample, SampleDiscrepancy, SampleImport
from tracker.models.token import ReplyToken

__all__ = [
    "AuditEvent",
    "AuditHead",
    "ChangeRequest",
    "Deliverable",
    "Document",
    "ImapCheckpoint",
    "Lease",
    "Membership",
    "Message",
    "MessageReference",
    "Milestone",
    "Organisation",
    "OutboxItem",
    "PaymentLine",
    "Person",
    "PersonAddress",
    "Project",
    "Quote",
    "RawMessage",
    "ReplyToken",
    "Sample",
    "SampleDiscrepancy",
    "SampleImport",
    "Thread",
]
