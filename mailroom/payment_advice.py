"""Is this note a payment made, or a reminder that one is missing?

A remittance or payment advice ("paid today by wire", "payment of … was released")
reports a payment; a reminder ("overdue", "if payment has already been made") does not,
even though it names one. Read from the new text only, so a quoted invoice never
counts. The result is the `payment_advice` fact; the rules decide who may mark a line
paid. (Wording tables like this belong with the classifier once it reads payment acts.)
"""

from __future__ import annotations

import re

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


def is_payment_advice(text: str) -> bool:
    """The text reports a payment made, and is not a reminder that one is missing."""
    lowered = text.lower()
    if not any(word in lowered for word in _ADVICE_WORDS):
        return False
    return bool(PAYMENT_ADVICE.search(text)) and not REMINDER.search(text)
