"""The cheap cues in front of the text readings' regexes never change an answer.

`reports_discrepancy` and `is_payment_advice` skip their regexes when a cue is absent.
The cues must stay in step with the regexes: these tests compare each reading with the
plain form it had before the cues (a word test, then the regexes) on every text, over
phrases built from the regexes' own branches, shuffled, re-cased, re-spaced and given
look-alike Unicode letters.
"""

from __future__ import annotations

import random

import pytest

from mailroom.payment_advice import _ADVICE_WORDS, PAYMENT_ADVICE, REMINDER, is_payment_advice
from mailroom.sample_notes import (
    _DISCREPANCY_WORDS,
    COUNT_RECEIVED,
    DISCREPANCY,
    reports_discrepancy,
)

FRAGMENTS = (
    "discrepancy against the manifest", "discrepancies as follows", "discrepancy noted",
    "not listed on the shipping manifest", "not on the sample list", "on the list",
    "on the manifest, but not in the box", "on the manifest not received",
    "two tubes were missing", "samples damaged", "vial broken", "aliquots thawed",
    "bottles leaking", "tube unlabelled", "3 of 4 samples were received",
    "12 out of 12 vials received", "10 of 12 serum tubes were received",
    "remittance advice attached", "payment advice", "has been paid", "we paid",
    "payment has been made", "payment was released", "funds were sent", "invoice is overdue",
    "payment reminder", "outstanding balance", "past due", "has not yet been paid",
    "if the payment has already been made", "unpaid invoice", "paid in full",
    "please find the report", "the study is on track", "we received the shipment",
)  # fmt: skip
LOOK_ALIKES = {"i": "İ", "s": "ſ", "k": "K", "a": "à"}  # İ and K lower to two / ASCII letters


def _mutated(rng: random.Random, text: str) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return text.upper()
    if choice == 1:
        return text.replace(" ", rng.choice(["  ", "\t", "\n", " \n "]))
    if choice == 2:
        letter = rng.choice(sorted(LOOK_ALIKES))
        return text.replace(letter, LOOK_ALIKES[letter], 1)
    if choice == 3:
        return text.title()
    return text


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        picked = rng.sample(FRAGMENTS, rng.randint(1, 4))
        texts.append(". ".join(_mutated(rng, f) for f in picked) + rng.choice(["", ".", "!"]))
    return texts


def _discrepancy_by_regex(text: str) -> bool:
    lowered = text.lower()
    if any(word in lowered for word in _DISCREPANCY_WORDS) and DISCREPANCY.search(text):
        return True
    return "received" in lowered and any(a != b for a, b in COUNT_RECEIVED.findall(text))


def _advice_by_regex(text: str) -> bool:
    if not any(word in text.lower() for word in _ADVICE_WORDS):
        return False
    return bool(PAYMENT_ADVICE.search(text)) and not REMINDER.search(text)


@pytest.mark.parametrize("seed", range(4))
def test_the_cues_never_change_a_reading(seed: int) -> None:
    # Given phrases from the regexes' branches, mutated as mail mangles them
    texts = _texts(1500, seed)
    # When each text is read with its cues and by the regexes alone
    # Then the answers agree on every text, and both answers occur (the set is not vacuous)
    for reading, oracle in ((reports_discrepancy, _discrepancy_by_regex),
                            (is_payment_advice, _advice_by_regex)):  # fmt: skip
        answers = [oracle(text) for text in texts]
        assert [reading(text) for text in texts] == answers, reading.__name__
        assert True in answers and False in answers
