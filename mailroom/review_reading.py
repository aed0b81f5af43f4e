"""A sponsor's review reply, as the rules see it: the classifier reads, this maps.

The wording (accepted / changes requested / hedged, in English, German and French) is
`classifier.review_decision`'s; this module only turns its reading into the rules'
`ReplyDecision`: changes requested → REJECT, accepted → APPROVE, a hedged acceptance
→ NEEDS_REVIEW (a person is asked), and a holding answer or nothing about the review →
None (the message is filed as what it is).
"""

from __future__ import annotations

from dataclasses import dataclass

from classifier.review_decision import ReviewDecision
from classifier.review_decision import read_review as read_review_text
from rules import ReplyDecision


@dataclass(frozen=True)
class ReviewReading:
    """APPROVE (accepted), REJECT (changes requested), NEEDS_REVIEW (tentative), or
    None when the text says nothing about a review."""

    decision: ReplyDecision | None
    reason: str = ""


_DECISIONS = {
    ReviewDecision.ACCEPTED: ReplyDecision.APPROVE,
    ReviewDecision.CHANGES_REQUESTED: ReplyDecision.REJECT,
}


def read_review(text: str) -> ReviewReading:
    """What a reply to a delivery says about it (see `classifier.review_decision`)."""
    reading = read_review_text(text)
    if reading.decision in _DECISIONS:
        return ReviewReading(_DECISIONS[reading.decision], reading.reason)
    if reading.tentative and reading.matched:  # an acceptance, hedged: ask a person
        return ReviewReading(ReplyDecision.NEEDS_REVIEW, reading.reason)
    # A holding answer ("we'll review and come back") decides nothing and asks nothing.
    return ReviewReading(None)
