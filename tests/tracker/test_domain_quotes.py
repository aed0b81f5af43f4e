"""Quotes: the text parser (pure), version records, diffs and acceptance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import footprint, make_world
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.operations.quotes import (
    accept_quote,
    parse_amount,
    parse_number,
    parse_quote_text,
    quote_diff,
    quote_versions,
    record_quote,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "tracker"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# --- parser -------------------------------------------------------------------------------


def test_parser_reads_number_revision_and_issue_date() -> None:
    # Given a tab-separated quote (the text of an XLSX)
    # When it is parsed
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    # Then number, revision and date come out in normal form
    assert (facts.number, facts.revision, facts.issue_date) == (
        "Q-2026-0147",
        "B",
        date(2026, 3, 2),
    )
    assert facts.reference == "Q-2026-0147 Rev B"


def test_parser_reads_line_items_from_a_header_table() -> None:
    # Given a quote whose table has Item/Description/Qty/Unit/Unit price/Total columns
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    # Then each priced row is a line item with quantity, unit, unit price and total
    first = facts.line_items[0]
    assert [i.description for i in facts.line_items] == [
        "Method validation (LC-MS/MS)",
        "Sample analysis",
        "ISR",
    ]
    assert (first.quantity, first.unit, first.unit_price, first.line_total) == (
        Decimal("1"),
        "study",
        Decimal("18500.00"),
        Decimal("18500.00"),
    )


def test_parser_prefers_grand_total_and_takes_its_currency() -> None:
    # Given a quote with a subtotal, VAT and a grand total in EUR
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    # Then the grand total is the total, and the sum of the lines agrees with it
    assert (facts.total, facts.currency) == (Decimal("37200.00"), "EUR")
    assert facts.warnings == ()


def test_parser_keeps_optional_items_out_of_the_included_items() -> None:
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    assert [i.description for i in facts.optional_items] == ["Optional: SEND datasets"]
    assert all("SEND" not in i.description for i in facts.line_items)


def test_parser_reads_bullet_sections_including_wrapped_bullets() -> None:
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    assert facts.assumptions == (
        "Sponsor provides reference standard with CoA",
        "Up to 200 samples in a single shipment",
        "Validated method available",
    )
    assert facts.exclusions == ("GLP compliance unless stated", "Re-analysis")


def test_parser_splits_inline_payment_terms_into_tranches() -> None:
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    assert facts.payment_terms == (
        "50% at kickoff",
        "50% at final report",
        "Net 30 from invoice date",
    )


def test_parser_turns_validity_days_into_an_expiry_date() -> None:
    facts = parse_quote_text(_text("quote_tab_separated_rev_b.txt"))
    assert (facts.validity_days, facts.expiry_date) == (60, date(2026, 5, 1))


def test_parser_reads_whitespace_aligned_rows_without_units() -> None:
    # Given the text of a PDF quote: columns aligned with spaces, dollar amounts
    facts = parse_quote_text(_text("quote_space_aligned_usd.txt"))
    # Then rows, total, currency, numbered payment terms and validity are read
    assert [(i.description, i.quantity, i.line_total) for i in facts.line_items] == [
        ("Genomic DNA extraction", Decimal("96"), Decimal("4320.00")),
        ("Whole genome sequencing 30x", Decimal("96"), Decimal("62400.00")),
        ("Bioinformatics analysis", Decimal("1"), Decimal("5000.00")),
    ]
    assert (facts.total, facts.currency) == (Decimal("71720.00"), "USD")
    assert facts.payment_terms == ("30% upfront", "70% on data delivery")
    assert (facts.number, facts.revision, facts.validity_days) == ("2026-88", "2", 90)


def test_parser_warns_when_lines_do_not_add_up_to_the_total() -> None:
    text = (
        "Quote Q-1 Rev A\nItem A\t1\t100.00\t100.00\nItem B\t1\t50.00\t50.00\nTotal\tGBP 200.00\n"
    )
    facts = parse_quote_text(text)
    assert facts.total == Decimal("200.00") and facts.currency == "GBP"
    assert facts.warnings and "150.00" in facts.warnings[0]


def test_parser_returns_empty_facts_for_text_without_a_quote() -> None:
    facts = parse_quote_text("Thanks for the call today, talk soon.")
    assert (facts.number, facts.total, facts.line_items, facts.assumptions) == (None, None, (), ())


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("€12,500.00", Decimal("12500.00"), "EUR"),
        ("12.500,00 EUR", Decimal("12500.00"), "EUR"),
        ("CHF 1'250.50", Decimal("1250.50"), "CHF"),
        ("£85", Decimal("85"), "GBP"),
        ("USD 1,000", Decimal("1000"), "USD"),
        ("$ 4 320,5", Decimal("4320.5"), "USD"),
    ],
)
def test_amounts_in_every_usual_notation(text: str, value: Decimal, currency: str) -> None:
    assert parse_amount(text) == (value, currency)


def test_a_three_digit_group_after_a_dot_is_a_thousands_separator() -> None:
    assert (parse_number("1.250"), parse_number("0.250"), parse_number("12.5")) == (
        Decimal("1250"),
        Decimal("0.250"),
        Decimal("12.5"),
    )


# --- records ------------------------------------------------------------------------------


def test_each_recorded_quote_is_the_next_version(session: Session) -> None:
    # Given a project
    world = make_world(session)
    # When two quotes are recorded
    v1 = record_quote(
        session,
        world.cro_pm,
        world.project_id,
        None,
        parse_quote_text(_text("quote_tab_separated_rev_b.txt")),
        None,
    )
    v2 = record_quote(
        session,
        world.cro_pm,
        world.project_id,
        None,
        parse_quote_text(_text("quote_space_aligned_usd.txt")),
        None,
    )
    session.commit()
    # Then they are versions 1 and 2 with their facts kept
    assert (v1.version, v2.version) == (1, 2)
    assert [q.total for q in quote_versions(session, world.project_id)] == [
        Decimal("37200.00"),
        Decimal("71720.00"),
    ]


def test_quote_diff_reports_price_total_and_term_changes(session: Session) -> None:
    # Given v1 and a revision that raises one price, drops ISR, adds an item and an assumption
    world = make_world(session)
    base = _text("quote_tab_separated_rev_b.txt")
    revised = (
        base.replace("€85.00\t€17,000.00", "€90.00\t€18,000.00")
        .replace(
            "3\tISR\t20\tper sample\t€85.00\t€1,700.00\n",
            "3\tSEND datasets\t1\tpackage\t€700.00\t€700.00\n",
        )
        .replace("Grand total\tEUR 37,200.00", "Grand total\tEUR 37,200.00")
        .replace("- Validated method available", "- Validated method available\n- Single batch")
        .replace("valid for 60 days", "valid for 30 days")
    )
    record_quote(session, world.cro_pm, world.project_id, None, parse_quote_text(base), None)
    record_quote(session, world.cro_pm, world.project_id, None, parse_quote_text(revised), None)
    # When the latest two versions are compared
    diff = quote_diff(session, world.project_id)
    # Then every movement is listed, with the price delta
    assert [i.description for i in diff.items_added] == ["SEND datasets"]
    assert [i.description for i in diff.items_removed] == ["ISR"]
    assert [(c.description, c.price_delta) for c in diff.items_changed] == [
        ("Sample analysis", Decimal("1000.00")),
    ]
    assert diff.assumptions_added == ("Single batch",)
    assert ("validity days", "60", "30") in diff.terms_changed
    text = diff.format()
    assert "~ item: Sample analysis" in text and "(+1000.00 EUR)" in text


def test_quote_diff_of_identical_versions_says_no_changes(session: Session) -> None:
    world = make_world(session)
    facts = parse_quote_text(_text("quote_space_aligned_usd.txt"))
    record_quote(session, world.cro_pm, world.project_id, None, facts, None)
    record_quote(session, world.cro_pm, world.project_id, None, facts, None)
    diff = quote_diff(session, world.project_id, 1, 2)
    assert diff.empty and diff.format().endswith("no changes")


def test_sponsor_accepts_a_quote_version(session: Session) -> None:
    # Given two versions
    world = make_world(session)
    facts = parse_quote_text(_text("quote_space_aligned_usd.txt"))
    record_quote(session, world.cro_pm, world.project_id, None, facts, None)
    record_quote(session, world.cro_pm, world.project_id, None, facts, None)
    # When the sponsor PM accepts v2
    accept_quote(session, world.sponsor_pm, world.project_id, 2)
    session.commit()
    # Then only v2 is accepted
    assert [q.accepted for q in quote_versions(session, world.project_id)] == [False, True]


def test_cro_cannot_accept_its_own_quote_and_nothing_is_written(session: Session) -> None:
    world = make_world(session)
    record_quote(
        session,
        world.cro_pm,
        world.project_id,
        None,
        parse_quote_text(_text("quote_space_aligned_usd.txt")),
        None,
    )
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        accept_quote(session, world.cro_pm, world.project_id)
    assert footprint(session) == before


def test_accepting_an_accepted_quote_again_is_refused(session: Session) -> None:
    world = make_world(session)
    record_quote(
        session,
        world.cro_pm,
        world.project_id,
        None,
        parse_quote_text(_text("quote_space_aligned_usd.txt")),
        None,
    )
    accept_quote(session, world.sponsor_pm, world.project_id)
    session.commit()
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        accept_quote(session, world.approver, world.project_id)
    assert footprint(session) == before


def test_no_total_delta_is_claimed_across_currencies() -> None:
    # Given a revision that moved from EUR to USD
    from tracker.operations.quotes import diff_facts

    a = parse_quote_text("Quote Q-1\nTotal EUR 1,000.00\n")
    b = parse_quote_text("Quote Q-1 Rev B\nTotal USD 1,100.00\n")
    # When they are compared
    diff = diff_facts(a, b, 1, 2)
    # Then both totals are shown in their own currency and no delta is computed
    assert diff.total_delta is None
    assert "1000.00 EUR -> 1100.00 USD" in diff.format()
