"""What a mail's new text says, read where the mail is parsed: no database needed.

Filing asks these of many mails. Reading them in `pipeline.prepare` moves the work to
the process that parses (a helper process in the in-process intake, see
`mailroom.prepare_pool`) and off the one that holds the filing transaction. Each field
is exactly what its reading function returns, so a trigger without readings (a replay,
`mailroom rules explain`) reads the same text and decides the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest import ParsedEmail
from mailroom.facts import has_sample_table
from mailroom.payment_advice import is_payment_advice
from mailroom.review_reading import ReviewReading, read_review
from mailroom.sample_notes import reports_discrepancy

# Labels under which a reply in a delivery's thread may be a review of it (a new
# delivery, quote, change or invoice in the thread is that act instead).
REVIEW_LABELS = frozenset({"other", "deliverable"})


def may_be_review(label: str, confidence: float, threshold: float) -> bool:
    """Whether a reply may be read as a review: a review label, or any label the classifier
    is unsure of ("Accepted in principle, pending QA" is short and reads like nothing)."""
    return label in REVIEW_LABELS or confidence < threshold


@dataclass(frozen=True)
class TextReadings:
    has_sample_table: bool
    payment_advice: bool
    sample_discrepancy: bool
    review: ReviewReading | None  # None: not read, the mail cannot be a review reply


def new_text(parsed: ParsedEmail) -> str:
    """The sender's own words: the reply text, or the whole body when it has none."""
    return parsed.reply_text or parsed.body_text


def read_texts(parsed: ParsedEmail, reviewable: bool) -> TextReadings:
    """Every reading filing may need of this mail (`reviewable`: see `may_be_review`)."""
    text = new_text(parsed)
    answers = bool(parsed.in_reply_to or parsed.references)
    return TextReadings(
        has_sample_table=has_sample_table(parsed.reply_text),
        payment_advice=is_payment_advice(text),
        sample_discrepancy=reports_discrepancy(text),
        review=read_review(parsed.reply_text) if answers and reviewable else None,
    )
