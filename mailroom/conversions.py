"""Turn one package's values into the next one's: the only place that knows both shapes."""

from __future__ import annotations

import re

from classifier.types import AttachmentInput, Classification, MessageInput
from ingest.types import Leaf, ParsedEmail
from tracker.types import InboundDocument, InboundMessage, JsonValue

# How much attachment text the classifier reads: the first pages carry the signal.
ATTACHMENT_TEXT_CHARS = 20_000


# "Fwd:", "FW:", "WG:", "TR:", "RV:", "VS:", "I:", "ENC:" after any reply prefixes.
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|sv|r|antw|rif)\s*:\s*)*(?:fwd?|wg|tr|rv|vs|i|enc)\s*:", re.IGNORECASE
)


def message_input(parsed: ParsedEmail) -> MessageInput:
    """What the classifier may read: subject, new text and attachments, never the quotes.

    A forward is the exception: what was forwarded is what the sender sends us ("FYI, see
    below" above a quotation is a quotation), so the classifier reads the whole body.
    """
    reply = parsed.reply_text or ("" if parsed.in_reply_to else parsed.body_text)
    if _FORWARD_SUBJECT.match(parsed.subject) and parsed.body_text:
        reply = parsed.body_text
    return MessageInput(
        subject=parsed.subject,
        reply_text=reply,
        attachments=tuple(
            AttachmentInput(
                filename=att.filename,
                content_type=att.content_type,
                text=att.text[:ATTACHMENT_TEXT_CHARS],
            )
            for att in parsed.attachments
        ),
    )


def _leaf_json(leaf: Leaf) -> dict[str, JsonValue]:
    return {
        "path": leaf.path,
        "content_type": leaf.content_type,
        "filename": leaf.filename,
        "size": leaf.size,
        "outcome": str(leaf.outcome),
        "reason": leaf.reason,
        "sha256": leaf.sha256,
    }


def inbound_message(
    parsed: ParsedEmail,
    classification: Classification | None,
    *,
    review_threshold: float,
    origin: str,
    size: int,
    milestone_keys: frozenset[str] = frozenset(),
) -> InboundMessage:
    """The tracker's view of a parsed, classified email."""
    documents = []
    for index, att in enumerate(parsed.attachments):
        pred = classification.attachments[index] if classification else None
        documents.append(
            InboundDocument(
                sha256=att.sha256,
                filename=att.filename,
                content_type=att.content_type,
                size=att.size,
                label=str(pred.label) if pred else None,
                confidence=pred.confidence if pred else None,
                text_status=str(att.text_status),
            )
        )
    message_pred = classification.message if classification else None
    entities: tuple[dict[str, JsonValue], ...] = ()
    if classification:
        entities = tuple(
            {"type": e.type, "text": e.text, "value": e.value, "currency": e.currency}
            for e in classification.entities
        )
    return InboundMessage(
        sha256=parsed.sha256,
        message_id=parsed.message_id or None,
        in_reply_to=parsed.in_reply_to[0] if parsed.in_reply_to else None,
        references=parsed.references,
        subject=parsed.subject,
        from_email=parsed.from_.email if parsed.from_ else "",
        from_name=parsed.from_.name if parsed.from_ else "",
        to=tuple(a.email for a in parsed.to if a.email),
        cc=tuple(a.email for a in parsed.cc if a.email),
        delivered_to=tuple(a.email for a in parsed.delivered_to if a.email),
        sent_at=parsed.date,
        kind=str(parsed.kind),
        reply_text=parsed.reply_text,
        body_text=parsed.body_text,
        label=str(message_pred.label) if message_pred else None,
        confidence=message_pred.confidence if message_pred else None,
        needs_review=bool(message_pred and message_pred.confidence < review_threshold),
        entities=entities,
        documents=tuple(documents),
        leaves=tuple(_leaf_json(leaf) for leaf in parsed.leaves),
        defects=parsed.defects,
        origin=origin,
        size=size,
        headers=tuple(
            (k, v)
            for k, v in parsed.headers
            if k.lower() in {"from", "to", "cc", "subject", "date", "message-id"}
        ),
    )
