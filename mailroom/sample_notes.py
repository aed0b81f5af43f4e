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

from classifier.phrases import ascii_view

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

# Narrower cues, tested on `ascii_view(text)` (lower case, one character per character of a
# match), that a match of a DISCREPANCY branch or of COUNT_RECEIVED must pass. Both
# regexes open with `\b` and are case-insensitive, so the engine tries them at every
# position of a 9 KB note (about 1 ms); these open with literals it can skip ahead on.
_ON_THE_LIST = re.compile(r"on\s+the\s+(?:shipping\s+)?(?:manifest|sample\s+list|list)")
_ITEMS = ("tube", "sample", "vial", "bottle", "aliquot")
_DAMAGE = ("missing", "damaged", "broken", "thawed", "leak", "unlabel")
_OF_COUNT = re.compile(r"of\s+\d")


def says_shipped(text: str) -> bool:
    """The text reports a shipment already on its way."""
    return bool(SHIPPED.search(text))


def reports_discrepancy(text: str) -> bool:
    """The text reports samples missing, unlisted or damaged against what was shipped."""
    lowered = text.lower()
    view = lowered if text.isascii() else ascii_view(text)
    if (
        any(word in lowered for word in _DISCREPANCY_WORDS)
        and _may_say_discrepancy(view)
        and DISCREPANCY.search(text)
    ):
        return True
    return (
        "received" in lowered
        and _OF_COUNT.search(view) is not None
        and any(a != b for a, b in COUNT_RECEIVED.findall(text))
    )


def _may_say_discrepancy(view: str) -> bool:
    """False when no DISCREPANCY branch can match: each needs its cue in `view`."""
    return (
        "discrepanc" in view
        or _ON_THE_LIST.search(view) is not None
        or (any(item in view for item in _ITEMS) and any(word in view for word in _DAMAGE))
    )
