"""What a shipment or receipt note says about samples, beyond its table.

A sponsor's manifest mail that says the samples *were* shipped ("shipped today on dry
ice", a tracking or air waybill number) makes its sheet a shipment: the samples are
`shipped`, not merely `expected`. "Tracking number follows on Monday" or "will be
shipped" is not a shipment yet.

A CRO's receipt note often has no table, only counts and the odd tube: "87 of 88 listed
tubes received", "not on the manifest", "Box 1, E5 empty". That is a discrepancy a
person resolves with the sponsor (the `sample_discrepancy` fact; the rules flag it).
Only the new text is read, so the sponsor's quoted "let me know of any discrepancies"
never counts. (Wording tables like these belong with the classifier once it reads
shipment acts.)
"""

from __future__ import annotations

import re

SHIPPED = re.compile(
    r"(?<!will\sbe\s)(?<!to\sbe\s)(?<!not\s)(?<!not\syet\s)(?<!be\s)"
    r"\b(?:shipped|dispatched|couriered)\b"
    r"|\b(?:left|went\s+out)\s+(?:this\s+morning|today|yesterday|our\s+(?:site|warehouse))\b"
    r"|\btracking\s*(?:number|no\.?|#)?\s*:?\s*\d[\d\s-]{6,}"
    r"|\b(?:AWB|air\s*way\s*bill)\s*(?:no\.?|#|number)?\s*:?\s*\d[\d\s-]{6,}",
    re.I,
)
DISCREPANCY = re.compile(
    r"\bdiscrepanc(?:y|ies)\s+(?:against|with|versus|vs\.?|found|noted|observed|below"
    r"|as\s+follows)"
    r"|\bnot\s+(?:listed\s+)?on\s+the\s+(?:shipping\s+)?(?:manifest|sample\s+list|list)\b"
    r"|\bon\s+the\s+manifest,?\s+(?:but\s+)?not\s+(?:in\s+the\s+(?:box|shipment|shipper)"
    r"|received)\b"
    r"|\b(?:tubes?|samples?|vials?|bottles?|aliquots?)\s+(?:\w+\s+)?(?:was\s+|were\s+)?"
    r"(?:missing|damaged|broken|thawed|leaking|leaked|unlabell?ed)\b",
    re.I,
)
COUNT_RECEIVED = re.compile(
    r"\b(\d+)\s+(?:out\s+)?of\s+(\d+)\s+(?:\w+\s+){0,2}?"
    r"(?:tubes|samples|vials|bottles|aliquots)\s+(?:were\s+)?received\b",
    re.I,
)

# Every DISCREPANCY branch contains one of these (a cheap test before the regex).
_DISCREPANCY_WORDS = (
    "discrepanc", "manifest", "list", "missing", "damaged", "broken", "thawed", "leak",
    "unlabel",
)  # fmt: skip


def says_shipped(text: str) -> bool:
    """The text reports a shipment already on its way."""
    return bool(SHIPPED.search(text))


def reports_discrepancy(text: str) -> bool:
    """The text reports samples missing, unlisted or damaged against what was shipped."""
    lowered = text.lower()
    if any(word in lowered for word in _DISCREPANCY_WORDS) and DISCREPANCY.search(text):
        return True
    return "received" in lowered and any(a != b for a, b in COUNT_RECEIVED.findall(text))
