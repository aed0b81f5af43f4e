"""The message that set the rules off, in one value the action handlers share.

A `Trigger` is built once per (message, project) filing. It carries what every handler
needs — the session, the parsed mail, its labels, the sender as the tracker knows them —
and collects what the handlers did (`done`, the quotes, samples and deliverables they
recorded) so that the confirmation sent at the end of the same rule can say it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from classifier.types import Classification, Entity
from ingest import ParsedEmail
from rules import ReplyAbout, ReplyDecision
from tracker.db import utcnow
from tracker.operations import sender_standing
from tracker.operations.projects import find_person, get_project
from tracker.types import Actor, Role, ServiceType, TokenStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mailroom.text_readings import TextReadings
    from mailroom.wiring import Workspace
    from outbound.types import Fact, SampleIssue
    from tracker.models.project import Person
    from tracker.operations.deliverables import DeliverableView


@dataclass(frozen=True)
class ReplyFacts:
    """What we learnt from a reply to one of our requests, kept as evidence.

    For a change, the credential is the signed token. For a deliverable review, it is
    the thread: the reply answers a delivery filed in this project (`status` is VALID
    when it does), and the decision counts only from the sponsor side.
    """

    about: ReplyAbout
    decision: ReplyDecision
    reason: str
    status: TokenStatus
    auth_ok: bool
    auth_verdict: str
    token: str | None = None
    token_id: str | None = None
    change_id: int | None = None
    approver_id: int | None = None
    deliverable_ids: tuple[int, ...] = ()


@dataclass
class Trigger:
    """Everything an action may need about the message that triggered it."""

    session: Session
    ws: Workspace
    project_id: int
    project_code: str
    project_name: str
    service_type: ServiceType
    parsed: ParsedEmail
    classification: Classification | None
    message_pk: int
    document_ids: tuple[int, ...]
    actor: Actor
    sender_roles: frozenset[Role]
    timezone: str = "UTC"
    document_index: int | None = None
    change_id: int | None = None
    change_is_new: bool = True
    change_revised: bool = False  # a formal change order restated an informal change
    delivered_to: str | None = None  # the milestone a delivery in this message was recorded on
    delivery_completes: bool = True  # False for interim data or a document naming no milestone
    reply: ReplyFacts | None = None
    readings: TextReadings | None = None  # read while preparing; else read on first use
    done: list[str] = field(default_factory=list)  # what the actions did, for confirmations
    quotes: list[tuple[str, tuple[Fact, ...]]] = field(default_factory=list)
    samples: list[tuple[int, tuple[SampleIssue, ...]]] = field(default_factory=list)
    deliverables: list[DeliverableView] = field(default_factory=list)
    reviewed: list[DeliverableView] = field(default_factory=list)

    @property
    def sender(self) -> str:
        return self.parsed.from_.email if self.parsed.from_ else ""

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.classification.entities if self.classification else ()

    @property
    def sent_at(self) -> datetime:
        """When the message was sent (its Date header), else when we read it."""
        return self.parsed.date or utcnow()

    @property
    def day(self) -> date:
        """The day the message was sent, in the project's time zone (its Date header).

        Record dates (a milestone done, a delivery) are the mail's, not the day we read
        it: a backfill of last spring's mail must not date everything today.
        """
        return self.sent_at.astimezone(ZoneInfo(self.timezone)).date()

    @property
    def thread_ids(self) -> tuple[str, ...]:
        """The Message-IDs this message answers, nearest first."""
        return tuple(dict.fromkeys((*self.parsed.in_reply_to, *reversed(self.parsed.references))))

    @property
    def new_text(self) -> str:
        from mailroom.text_readings import new_text

        return new_text(self.parsed)

    def may_be_review(self) -> bool:
        """Whether this mail may be a review reply (`text_readings.may_be_review`)."""
        from mailroom.text_readings import may_be_review

        if self.classification is None:
            return True
        pred = self.classification.message
        return may_be_review(pred.label.value, pred.confidence, self.ws.settings.review_threshold)

    def text_readings(self) -> TextReadings:
        """What the new text says (`mailroom.text_readings`), read once."""
        if self.readings is None:
            from mailroom.text_readings import read_texts

            self.readings = read_texts(self.parsed, self.may_be_review())
        return self.readings

    def money(self) -> tuple[Decimal | None, str | None]:
        """The first amount the classifier found, with its currency."""
        for entity in self.entities:
            if entity.type == "money" and entity.value is not None:
                try:
                    return Decimal(str(entity.value)), entity.currency
                except InvalidOperation:
                    continue
        return None, None

    def first_entity(self, kind: str) -> str | None:
        for entity in self.entities:
            if entity.type == kind:
                return str(entity.value or entity.text)
        return None

    def attachment_indexes(self, label: str) -> list[int]:
        """The attachments an action is about: the event's own, or those with the label."""
        if self.document_index is not None:
            return [self.document_index]
        if self.classification is None:
            return []
        return [
            i for i, pred in enumerate(self.classification.attachments)
            if pred.label.value == label and i < len(self.document_ids)
        ]  # fmt: skip

    def texts_for(self, label: str) -> list[tuple[str, int | None]]:
        """(text, document id) pairs to read: the labelled attachments, else the new text."""
        found: list[tuple[str, int | None]] = [
            (self.parsed.attachments[i].text, self.document_ids[i])
            for i in self.attachment_indexes(label)
        ]
        if found or self.document_index is not None:
            return found
        return [(self.new_text, None)]


def _actor(person: Person | None, email: str) -> Actor:
    if person is None:
        return Actor(kind="person", email=email or None)
    return Actor(kind="person", person_id=person.id, email=email, name=person.name)


def actor_for(session: Session, email: str) -> Actor:
    """The sender as the tracker knows them (a person record), or just an address."""
    return _actor(find_person(session, email) if email else None, email)


def build_trigger(
    session: Session,
    ws: Workspace,
    parsed: ParsedEmail,
    classification: Classification | None,
    project_id: int,
    message_pk: int,
    document_ids: tuple[int, ...],
    readings: TextReadings | None = None,
) -> Trigger:
    """The trigger for one filing; roles come from the tracker, never from headers."""
    project = get_project(session, project_id)
    sender = parsed.from_.email if parsed.from_ else ""
    person, roles = sender_standing(session, project_id, sender) if sender else (None, frozenset())
    return Trigger(
        session=session, ws=ws, project_id=project_id, project_code=project.code,
        project_name=project.name, service_type=ServiceType(project.service_type),
        parsed=parsed, classification=classification, message_pk=message_pk,
        document_ids=document_ids, actor=_actor(person, sender), sender_roles=roles,
        timezone=project.timezone or "UTC", readings=readings,
    )  # fmt: skip
