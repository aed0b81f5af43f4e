"""Reading a deliverable review out of the new text of a sponsor's reply.

A review answer is not a change approval: "our comments are attached, please finalise
once they are addressed" asks for changes even though it says "finalise". The order:

1. Quoted lines and our own instruction line ("Reply ACCEPT to accept it, or reply with
   your comments") are ignored.
2. Review comments or a request to revise ("comments attached", "our comments:", "please
   revise", "tracked changes", "we cannot accept", "bitte überarbeiten", "nos
   commentaires") mean changes requested, whatever else is said. A negated acceptance
   ("not accepted", "nicht abgenommen", "pas validé") is one too: the report goes back.
3. Acceptance ("accepted", "approved", "no further comments", "please finalise", "signed
   off", "abgenommen", "keine weiteren Anmerkungen", "validé", "bon pour accord") is an
   acceptance, unless tentative wording ("in principle", "pending", "subject to",
   "vorbehaltlich", "sous réserve", …) or a condition ("if", "once", "but", "sobald",
   "si", …) hedges it: then the reading is `none` and `tentative` names the hedge, so
   the caller asks a person instead of acting.
4. Anything else says nothing about the review.

The text is folded like `reply_decision` folds it (lower case, one kind of apostrophe,
one-letter typos of "approved" corrected) and the tentative wording is that module's
table, so a change approval and a review hedge the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from classifier.phrases import PhraseTable, find_phrases, mask
from classifier.reply_decision import POLITE, TENTATIVE, fold


class ReviewDecision(StrEnum):
    ACCEPTED = "accepted"
    CHANGES_REQUESTED = "changes_requested"
    NONE = "none"


@dataclass(frozen=True)
class ReviewReading:
    """What a reply says about a delivery, and the phrases that decided it.

    `tentative` is set only when an acceptance was hedged (the decision is then `none`).
    """

    decision: ReviewDecision
    matched: tuple[str, ...] = ()
    tentative: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.decision is ReviewDecision.CHANGES_REQUESTED:
            return f"changes requested: {_listed(self.matched)}"
        if self.decision is ReviewDecision.ACCEPTED:
            return f"accepted: {_listed(self.matched)}"
        if self.tentative:
            return f"tentative: {_listed(self.tentative)}"
        return ""


def _alternation(*patterns: str) -> PhraseTable:
    return PhraseTable(patterns, re.IGNORECASE | re.MULTILINE)


_COMMENTS = r"(?:comments?|remarks|feedback|corrections|edits)"
CHANGES = _alternation(
    # English
    rf"\b{_COMMENTS}\s+(?:are\s+|is\s+)?(?:attached|below|enclosed|inline|as\s+follows)\b",
    rf"\b(?:attached|enclosed|below)\s+(?:are\s+|is\s+)?(?:our|my|the)\s+(?:\w+\s+){{0,2}}?"
    rf"{_COMMENTS}\b",
    rf"\b(?:our|my)\s+(?:\w+\s+){{0,2}}?{_COMMENTS}\b",
    rf"\b(?:a\s+few|some|several|two|three|minor)\s+(?:\w+\s+)?{_COMMENTS}\b",
    r"\bplease\s+(?:revise|correct|amend|update|fix|address|rework|change|re-?issue)\b",
    r"\bchanges?\s+(?:are\s+)?(?:requested|needed|required)\b",
    r"\brequest(?:ing)?\s+(?:some\s+|a\s+few\s+)?(?:changes|revisions?|corrections)\b",
    r"\b(?:needs?|requires?)\s+(?:a\s+|some\s+|further\s+)?(?:revision|changes|corrections?)\b",
    r"\b(?:tracked\s+changes|mark-?up|marked-up|red-?lines?)\b",
    r"\b(?:cannot|can't|can\s+not|do\s+not|don't|unable\s+to)\s+(?:yet\s+)?"
    r"(?:accept|approve|sign\s+off)\b",
    r"\bnot\s+(?:yet\s+)?(?:accepted|acceptable|approved|ready\s+to\s+(?:accept|sign))\b",
    r"\bbefore\s+we\s+(?:can\s+)?(?:accept|sign\s+off|approve)\b",
    # German
    r"\b(?:unsere|meine)\s+(?:\w+\s+)?(?:anmerkungen|kommentare|korrekturen)\b",
    r"\b(?:anmerkungen|kommentare|korrekturen)\s+(?:sind\s+)?(?:anbei|im\s+anhang|unten)\b",
    r"\bbitte\s+(?:\w+\s+){0,3}?(?:überarbeiten|korrigieren|anpassen|ändern)\b",
    r"\bänderungswünsche\b",
    r"\bnicht\s+(?:\w+\s+)?(?:akzeptiert|abgenommen|freigegeben|genehmigt|akzeptieren|abnehmen)\b",
    r"\b(?:akzeptieren|abnehmen|freigeben)\s+(?:\w+\s+){0,2}?nicht\b",
    # French
    r"\b(?:nos|mes)\s+(?:\w+\s+)?(?:commentaires|remarques|corrections)\b",
    r"\b(?:commentaires|remarques|corrections)\s+(?:sont\s+)?(?:ci-joints?|ci-dessous|en\s+pi"
    r"èce\s+jointe)\b",
    r"\bmerci\s+de\s+(?:bien\s+vouloir\s+)?(?:corriger|réviser|modifier|reprendre)\b",
    r"\bmodifications\s+(?:sont\s+)?(?:demandées|nécessaires|requises)\b",
    r"\b(?:ne|n')\s*(?:pouvons|pouvez|peux|peut)\s+pas\s+(?:accepter|valider|approuver)\b",
    r"\bpas\s+(?:encore\s+)?(?:accepté|validé|approuvé)\w*",
)
ACCEPT = _alternation(
    # English
    r"^\W*accept(?:ed)?\W*$",  # our request says "Reply ACCEPT to accept it"
    r"\baccepted\b",
    r"\b(?:i|we)\s+(?:hereby\s+)?(?:accept|approve)\b",
    r"\bapproved\b",
    r"\bno\s+(?:further\s+|more\s+|other\s+|additional\s+)?comments\b",
    r"\bnothing\s+further\b",
    r"\bplease\s+finali[sz]e\b",
    r"\b(?:ok|okay|fine|good)\s+to\s+(?:finali[sz]e|issue\s+the\s+final)\b",
    r"\bplease\s+(?:go\s+ahead\s+and\s+)?issue\s+the\s+final\b",
    r"\bsigned\s+off\b",
    r"\b(?:we|i)\s+(?:can\s+)?sign\s+off\b",
    r"\bhappy\s+with\s+the\s+(?:final\s+|draft\s+)?(?:report|data|deliverable|package)\b",
    r"\blgtm\b",
    # German
    r"\babgenommen\b",
    r"\bakzeptiert\b",
    r"\bfreigegeben\b",
    r"\bgenehmigt\b",
    r"\bkeine\s+weiteren\s+(?:anmerkungen|kommentare)\b",
    r"\bbitte\s+finalisieren\b",
    r"\b(?:wir|ich)\s+(?:akzeptieren|akzeptiere|nehmen\s+\w+\s+ab)\b",
    # French
    r"\bacceptée?s?\b",
    r"\bapprouvée?s?\b",
    r"\bvalidée?s?\b",
    r"\bbon\s+pour\s+accord\b",
    r"\b(?:pas\s+d'autres?|aucun\s+autre|aucun)\s+commentaires?\b",
    r"\b(?:nous|je)\s+(?:acceptons|accepte|validons|valide|approuvons|approuve)\b",
    r"\b(?:vous\s+pouvez|merci\s+de)\s+finaliser\b",
)
CONDITION = _alternation(
    r"\bif\b",
    r"\bonce\b",
    r"\bbut\b",
    r"\bunless\b",
    r"\bprovided\b",
    r"\bas\s+long\s+as\b",
    r"\bassuming\b",
    r"\bexcept\b",
    r"\bwenn\b",
    r"\bsobald\b",
    r"\baber\b",
    r"\bsofern\b",
    r"\bsi\b",
    r"\bdès\s+que\b",
    r"\bmais\b",
    r"\bà\s+condition\b",
)
INSTRUCTION = _alternation(
    r"\breply\s+accept\b.{0,60}\bcomments\b",
    r"\b(?:reply|respond|answer)\b.{0,30}\baccept\b.{0,30}\bto\s+accept\b",
)


def read_review(text: str) -> ReviewReading:
    """Accepted / changes requested / none from the new (unquoted) text of a reply."""
    folded = fold(_relevant_text(text))
    if changes := find_phrases(CHANGES, folded):
        return ReviewReading(ReviewDecision.CHANGES_REQUESTED, changes)
    accepted = find_phrases(ACCEPT, folded)
    if not accepted:
        return ReviewReading(ReviewDecision.NONE)
    hedges = find_phrases(TENTATIVE, folded) + find_phrases(CONDITION, mask(folded, POLITE))
    if hedges:
        return ReviewReading(ReviewDecision.NONE, accepted, tuple(dict.fromkeys(hedges)))
    return ReviewReading(ReviewDecision.ACCEPTED, accepted)


def _relevant_text(text: str) -> str:
    """Drop quoted lines and our own instruction line."""
    text = (text or "").replace("\r\n", "\n")
    instruction = INSTRUCTION.for_text(text)  # None: no line can be an instruction
    return "\n".join(
        line
        for line in text.split("\n")
        if not line.lstrip().startswith(">")
        and (instruction is None or not instruction.search(line))
    )


def _listed(phrases: tuple[str, ...]) -> str:
    return ", ".join(f"'{phrase}'" for phrase in phrases)
