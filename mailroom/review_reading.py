"""Reading a deliverable review out of the new text of a sponsor's reply.

A review answer is not a change approval: "our comments are attached, please finalise
once they are addressed" asks for changes even though it says "finalise". The order:

1. Review comments or a request to revise ("comments attached", "our comments:",
   "please revise", "changes requested", "we cannot accept") mean changes requested,
   whatever else is said.
2. Acceptance ("accepted", "approved", "no further comments", "please finalise",
   "signed off") is an acceptance, unless tentative wording ("in principle", "pending",
   "subject to", …) makes it a question for a person.
3. Anything else says nothing about the review: the message is filed as what it is.

Only the reply's new text is read (quotes and signatures are already stripped), so our
own "reply ACCEPTED" line quoted below an answer never counts. (The phrase tables belong
with `classifier.reply_decision`; they live here until the classifier owns review
wording too.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifier.reply_decision import TENTATIVE
from rules import ReplyDecision


def _alternation(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE | re.MULTILINE)


CHANGES = _alternation(
    r"\bcomments?\s+(?:are\s+|is\s+)?(?:attached|below|enclosed|inline|as\s+follows)\b",
    r"\b(?:attached|enclosed)\s+(?:are\s+)?(?:our|my|the)\s+(?:\w+\s+){0,2}?comments\b",
    r"\b(?:our|my)\s+(?:\w+\s+){0,2}?comments\b",
    r"\bplease\s+(?:revise|correct|amend|update|fix|address|rework)\b",
    r"\bchanges?\s+(?:are\s+)?requested\b",
    r"\brequest(?:ing)?\s+(?:some\s+|a\s+few\s+)?(?:changes|revisions?)\b",
    r"\b(?:needs?|requires?)\s+(?:a\s+|some\s+)?(?:revision|changes|correction)\b",
    r"\btracked\s+changes\b",
    r"\b(?:cannot|can't|can\s+not|do\s+not|don't|unable\s+to)\s+accept\b",
    r"\bnot\s+(?:yet\s+)?(?:accepted|acceptable|approved)\b",
)
ACCEPT = _alternation(
    r"^\W*accept(?:ed)?\W*$",  # our request says "Reply ACCEPT to accept it"
    r"\baccepted\b",
    r"\b(?:i|we)\s+(?:hereby\s+)?accept\b",
    r"\bapproved\b",
    r"\b(?:i|we)\s+(?:hereby\s+)?approve\b",
    r"\bno\s+(?:further\s+|more\s+|other\s+)?comments\b",
    r"\bplease\s+finali[sz]e\b",
    r"\bsigned\s+off\b",
    r"\b(?:we|i)\s+sign\s+off\b",
)


@dataclass(frozen=True)
class ReviewReading:
    """APPROVE (accepted), REJECT (changes requested), NEEDS_REVIEW (tentative), or
    None when the text says nothing about a review."""

    decision: ReplyDecision | None
    reason: str = ""


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return " ".join(match.group(0).split()) if match else None


def read_review(text: str) -> ReviewReading:
    """What a reply to a delivery says about it; see the module docstring for the order."""
    if found := _first(CHANGES, text):
        return ReviewReading(ReplyDecision.REJECT, f"changes requested: {found!r}")
    accepted = _first(ACCEPT, text)
    if accepted is None:
        return ReviewReading(None)
    if tentative := _first(TENTATIVE, text):
        return ReviewReading(ReplyDecision.NEEDS_REVIEW, f"tentative: {tentative!r}")
    return ReviewReading(ReplyDecision.APPROVE, f"accepted: {accepted!r}")
