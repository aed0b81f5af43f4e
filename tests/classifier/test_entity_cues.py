"""Cued patterns: tried only where their cue matches, they find what a full scan finds."""

from __future__ import annotations

import random

import pytest

from classifier import entities

CUED = {
    "quote": (entities._QUOTE, entities._QUOTE_CUE),
    "change": (entities._CHANGE, entities._CHANGE_CUE),
    "tracking": (entities._TRACKING, entities._TRACKING_CUE),
}
FRAGMENTS = [
    "quote q-2026-0147 rev b",
    "quotation no. 88-12",
    "proposal #p-7",
    "qt202601",
    "quo/2026/12345 v2",
    "please quote inv-2026-9",
    "co-12 and cr3-1",
    "ccr-2026-7",
    "change order no. 4",
    "change request #12",
    "1z999aa10123456784",
    "tracking number: 1234 5678 9012",
    "awb 020-12345675",
    "air waybill is 176-1234 5675",
    "airwaybill 12345678",
    "waybill: ab123456789cd",
    "cro-1",
    "acquote",
    "co",
    "q-",
    "\t",
    "\n",
    " ",
    " ",
]


@pytest.mark.parametrize("name", sorted(CUED))
def test_a_cued_pattern_finds_the_matches_of_a_full_scan(name: str) -> None:
    # Given texts made of identifiers, cue words and near misses run together
    rx, cue = CUED[name]
    rng = random.Random(name)
    texts = ["".join(rng.choices(FRAGMENTS, k=rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        # Then the cued search yields the same matches, in the same order
        cued = [(*m.span(), m.group(0)) for m in entities._cued(rx, cue, text)]
        assert cued == [(*m.span(), m.group(0)) for m in rx.finditer(text)], text


def test_every_match_of_a_cued_pattern_starts_with_its_cue() -> None:
    # Given the fragments above, Then no match of a pattern begins where its cue does not
    for rx, cue in CUED.values():
        for text in FRAGMENTS:
            for m in rx.finditer(text):
                assert cue.match(text, m.start()), (text, m.group(0))
