"""Values that cross the classifier boundary: text in, predictions out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    QUOTE = "quote"
    SAMPLE_SHEET = "sample_sheet"
    CHANGE_AGREEMENT = "change_agreement"
    DELIVERABLE = "deliverable"
    INVOICE = "invoice"
    OTHER = "other"


@dataclass(frozen=True)
class Entity:
    """An extracted fact. `value` is normalised (ISO date, decimal amount, milestone key)."""

    type: str  # money, date, sample_id, quote_number, po_number, invoice_number,
    #            change_number, milestone, sample_count, tracking_number
    text: str
    value: str | int | float | None = None
    currency: str | None = None  # for money


@dataclass(frozen=True)
class Prediction:
    label: Label
    confidence: float  # calibrated probability of `label`
    scores: tuple[tuple[Label, float], ...] = ()
    signals: tuple[str, ...] = ()  # human-readable reasons ("rule: sample-sheet header")


@dataclass(frozen=True)
class AttachmentInput:
    filename: str
    content_type: str
    text: str


@dataclass(frozen=True)
class MessageInput:
    """What the classifier reads of a message: never the quoted history."""

    subject: str
    reply_text: str
    attachments: tuple[AttachmentInput, ...] = ()


@dataclass(frozen=True)
class Classification:
    message: Prediction
    attachments: tuple[Prediction, ...]  # same order as MessageInput.attachments
    entities: tuple[Entity, ...]
