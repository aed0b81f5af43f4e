"""Quotes by mail: find the priced document, record it as the next version, accept on award.

A chatty cover note with the quote attached is a quote message whose attachment the
classifier may call `other`; the document, not the cover note, carries the prices, so
an attachment that reads as a priced quote is preferred to the message text.
"""

from __future__ import annotations

from mailroom import notices
from mailroom.invoicing import plan_payments
from mailroom.trigger import Trigger
from rules.schema import ActionSpec
from tracker.operations import quotes


def quote_texts(t: Trigger) -> list[tuple[str, int | None]]:
    """The quote documents: labelled ones, else attachments that read as a priced quote."""
    labelled: list[tuple[str, int | None]] = [
        (text, doc) for text, doc in t.texts_for("quote") if doc is not None
    ]
    if labelled or t.document_index is not None:
        return labelled or t.texts_for("quote")
    priced: list[tuple[str, int | None]] = [
        (att.text, t.document_ids[i])
        for i, att in enumerate(t.parsed.attachments[: len(t.document_ids)])
        if att.text and quotes.parse_quote_text(att.text).total is not None
    ]
    return priced or t.texts_for("quote")


def record_quote(t: Trigger, _spec: ActionSpec) -> None:
    """Each quote document becomes the next version of the project's quote family."""
    for text, document_id in quote_texts(t):
        facts = quotes.parse_quote_text(text)
        quote = quotes.record_quote(
            t.session, t.actor, t.project_id, document_id, facts, t.message_pk
        )
        notices.remember_quote(t, quote.version)


def accept_latest_quote(t: Trigger) -> None:
    """The award accepts the latest quote version; its terms become the payment plan."""
    versions = quotes.quote_versions(t.session, t.project_id)
    if not versions or any(q.accepted for q in versions):
        return
    quote = quotes.accept_quote(
        t.session, t.actor, t.project_id, versions[-1].version, t.message_pk
    )
    t.done.append(f"quote v{quote.version} accepted")
    plan_payments(t, quote.id, quotes.facts_of(quote))
