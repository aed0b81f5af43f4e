"""The cheap pre-check before parsing a reply for a sample table never hides a table."""

from __future__ import annotations

import pytest

from mailroom.facts import has_sample_table, might_hold_sample_table
from tracker.operations.samples import parse_sample_table

HEADERS = ["Sample ID", "SPONSOR_SAMPLE_ID", "Tube label", "Specimen", "Client Sample ID",
           "SampleID", "Sample (name)", "Sponsor ID"]  # fmt: skip


@pytest.mark.parametrize("header", HEADERS)
def test_a_table_under_any_sample_id_header_passes_the_precheck(header: str) -> None:
    # Given a reply with a two-row table under this sample-ID header
    text = f"Hi,\n\n{header}\tMatrix\nS-001\tplasma\nS-002\tserum\n\nThanks"
    # When it is checked
    # Then the parser finds the table and the pre-check lets it through
    if len(parse_sample_table(text).rows) >= 2:
        assert might_hold_sample_table(text)
        assert has_sample_table(text)


def test_chatter_without_sample_words_fails_the_precheck() -> None:
    # Given a plain reply naming no sample-ID column
    text = "Thanks,\nthe invoice is attached.\nBest regards\nAnna"
    # When it is checked
    # Then it is ruled out before parsing
    assert not might_hold_sample_table(text)
    assert not has_sample_table(text)


def test_a_text_too_short_for_a_header_and_two_rows_fails_the_precheck() -> None:
    # Given two lines, one naming samples
    text = "Sample ID, Matrix\nS-001, plasma"
    # When it is checked
    # Then it cannot hold two rows and is ruled out
    assert not might_hold_sample_table(text)
