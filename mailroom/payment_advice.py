"""Is this note a payment made, or a reminder that one is missing?

A remittance or payment advice ("paid today by wire", "payment of … was released")
reports a payment; a reminder ("overdue", "if payment has already been made") does not,
even though it names one. Read from the new text only, so a quoted invoice never
counts. The result is the `payment_advice` fact; the rules decide who may mark a line
paid. (Wording tables like this belong with the classifier once it reads payment acts.)
"""

from __future__ import annotations

import re

from classifier.phrases import ascii_view

PAYMENT_ADVICE = re.compile(
    r"\b(?:remittance(?:\s+advice)?\s+(?:attached|enclosed|below)|payment\s+advice"
    r"|(?:was|were|has\s+been|have\s+been|is\s+now)\s+paid|\b(?:we|i)\s+(?:have\s+)?paid\b"
    r"|paid\s+(?:today|yesterday|in\s+full|by\s+(?:wire|bank|sepa|ach|transfer|cheque|check))"
    r"|payment\s+(?:has\s+been\s+|was\s+)?(?:received|made|sent|released|effected|executed)"
    r"|payment\s+of\s+.{0,60}?\b(?:was|has\s+been)\s+(?:released|made|sent|received)"
    r"|funds\s+(?:have\s+been\s+|were\s+)?(?:sent|transferred|received))",
    re.I | re.S,
)
REMINDER = re.compile(
    r"\b(?:overdue|reminder|outstanding|unpaid|past\s+due"
    r"|not\s+(?:yet\s+)?(?:been\s+)?(?:paid|received)"
    r"|if\s+(?:the\s+)?payment\s+has\s+already)\b",
    re.I,
)


# Every PAYMENT_ADVICE branch contains one of these; most mail contains none, and a
# substring test is far cheaper than the case-insensitive alternation.
_ADVICE_WORDS = ("paid", "payment", "remittance", "funds")


# Narrower cues, tested on `ascii_view(text)` (lower case, one character per character of a
# match): a match of PAYMENT_ADVICE or REMINDER passes one of them. Both regexes open with
# `\b`, so the engine tries them at every position; "payment" alone is in most invoices.
_ADVICE_CUE = re.compile(
    r"payment\s+(?:advice|has|was|received|made|sent|released|effected|executed|of)"
)
_ADVICE_CUE_WORDS = ("remittance", "paid", "funds")
_REMINDER_WORDS = ("overdue", "reminder", "outstanding", "unpaid")
_REMINDER_CUES = (
    re.compile(r"past\s+due"),
    re.compile(r"not\s+(?:yet\s+)?(?:been\s+)?(?:paid|received)"),
    re.compile(r"if\s+(?:the\s+)?payment\s+has\s+already"),
)


def is_payment_advice(text: str) -> bool:
    """The text reports a payment made, and is not a reminder that one is missing."""
    lowered = text.lower()
    if not any(word in lowered for word in _ADVICE_WORDS):
        return False
    view = lowered if text.isascii() else ascii_view(text)
    if not _may_advise(view) or not PAYMENT_ADVICE.search(text):
        return False
    return not (_may_remind(view) and REMINDER.search(text))


def _may_advise(view: str) -> bool:
    """False when PAYMENT_ADVICE cannot match: every branch needs one of these cues."""
    return any(word in view for word in _ADVICE_CUE_WORDS) or bool(_ADVICE_CUE.search(view))


def _may_remind(view: str) -> bool:
    """False when REMINDER cannot match: every branch needs one of these cues."""
    return any(word in view for word in _REMINDER_WORDS) or any(
        cue.search(view) for cue in _REMINDER_CUES
    )
