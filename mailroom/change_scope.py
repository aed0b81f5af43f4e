"""Do two texts describe the same change of scope?

A change agreed in passing ("we will add the two extra timepoints for cohorts 3 to 5")
and the formal change order that follows ("change order CO-001 for the two additional
timepoints in cohorts 3 to 5") rarely share a thread, but they share the words of the
scope. The informal change's text is often a whole status update, so each of its
sentences is compared with the order on its own, and the best sentence counts: at least
`SAME_SCOPE` shared word stems (five letters, so "timepoint" meets "timepoints") that
are not change-order boilerplate. Numbers are left out: "cohort 3" is in every update.
"""

from __future__ import annotations

import re
from functools import lru_cache

SAME_SCOPE = 3
WORD = re.compile(r"[a-z]{4,}", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
# Words every change order and status mail has: they say nothing about the scope.
BOILERPLATE = frozenset({
    "about", "addit", "agree", "appro", "attac", "chang", "could", "dear", "extra", "find",
    "follo", "forma", "from", "have", "impac", "once", "order", "pleas", "proce", "proje",
    "regar", "reque", "scope", "send", "shoul", "signa", "study", "thank", "that",
    "their", "there", "these", "this", "week", "will", "with", "would", "your",
})  # fmt: skip


def stems(text: str) -> frozenset[str]:
    """The text's word stems (first five letters, lower case), less boilerplate."""
    found = {w.lower()[:5] for w in WORD.findall(text)}
    return frozenset(found - BOILERPLATE)


def scope_overlap(informal: str, formal: str) -> int:
    """Shared stems between the order and the informal change's best-matching sentence."""
    wanted = _stems(formal)
    return max((len(found & wanted) for found in _sentence_stems(informal)), default=0)


# An order is compared with every undecided change of its project, and a change's text
# with every order that follows it: the stems of both are remembered, not recomputed.
_stems = lru_cache(maxsize=256)(stems)


@lru_cache(maxsize=1024)
def _sentence_stems(text: str) -> tuple[frozenset[str], ...]:
    return tuple(stems(sentence) for sentence in SENTENCE.split(text))


def same_scope(informal: str, formal: str) -> bool:
    return scope_overlap(informal, formal) >= SAME_SCOPE
