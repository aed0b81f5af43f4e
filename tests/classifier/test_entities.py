"""Entity extraction: one table row per shape people write."""

from __future__ import annotations

import pytest

from classifier import extract_entities


def _found(text: str) -> set[tuple[str, object]]:
    return {(e.type, e.value) for e in extract_entities(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Total USD 12,450.00 excl. VAT", ("money", 12450.0)),
        ("price EUR 9.800,50 per batch", ("money", 9800.5)),
        ("about $1,200 per sample", ("money", 1200.0)),
        ("a fee of 300 GBP", ("money", 300.0)),
        ("budget is £45k", ("money", 45000.0)),
        ("CHF 1'250.00", ("money", 1250.0)),
        ("report due 12 March 2026", ("date", "2026-03-12")),
        ("on 2026-04-11 we start", ("date", "2026-04-11")),
        ("shipped 15.03.2026", ("date", "2026-03-15")),
        ("by March 3, 2026", ("date", "2026-03-03")),
        ("on 03/15/2026", ("date", "2026-03-15")),
        ("our quotation Q-2026-0147 Rev B", ("quote_number", "Q-2026-0147 Rev B")),
        ("quote no. QT884120", ("quote_number", "QT884120")),
        ("PO number: 4500123456", ("po_number", "4500123456")),
        ("please reference P.O. 4500998877", ("po_number", "4500998877")),
        ("Invoice no. INV-2026-0042 attached", ("invoice_number", "INV-2026-0042")),
        ("change order CO-007 for approval", ("change_number", "CO-007")),
        ("see change request #3", ("change_number", "change request #3")),
        ("tracking number 1Z999AA10123456784", ("tracking_number", "1Z999AA10123456784")),
        ("AWB 176-12345675", ("tracking_number", "176-12345675")),
        ("we shipped 48 plasma samples", ("sample_count", 48)),
        ("Number of samples: 96", ("sample_count", 96)),
        ("Sample ID: ABC-101-P-0h was haemolysed", ("sample_id", "ABC-101-P-0h")),
    ],
)
def test_entity_table(text: str, expected: tuple[str, object]) -> None:
    # Given a sentence with one entity, When entities are extracted, Then it is found normalised
    assert expected in _found(text)


def test_money_carries_its_iso_currency() -> None:
    # Given an amount written with a symbol
    money = [e for e in extract_entities("total €3,000.00") if e.type == "money"]
    # Then the entity carries the ISO code
    assert [(m.value, m.currency) for m in money] == [(3000.0, "EUR")]


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("the draft report is attached", "draft_report"),
        ("final signed report", "final_report"),
        ("dosing started on Monday", "dosing_started"),
        ("necropsy completed yesterday", "in_life_complete"),
        ("the kick-off call", "kickoff_held"),
        ("ISR results are in", "isr_complete"),
        ("FASTQ files are on the server", "raw_data_delivered"),
        ("QA disposition next week", "qa_disposition"),
        ("the signed protocol", "protocol_approved"),
        ("study closed, thanks all", "closeout"),
    ],
)
def test_milestone_mentions_map_to_keys(phrase: str, key: str) -> None:
    # Given a milestone mention, When entities are extracted, Then its value is the key
    assert ("milestone", key) in _found(phrase)


def test_sample_ids_come_from_the_manifest_id_column() -> None:
    # Given a manifest table
    text = (
        "Sample "
        "ID\tMatrix\tVolume\tStorage\nKX-01-PL-0h\tplasma\t300\t-80\nKX-01-PL-2h\tplasma\t300\t-80"
    )
    # When entities are extracted
    ids = {e.value for e in extract_entities(text) if e.type == "sample_id"}
    # Then every row's ID is found
    assert ids == {"KX-01-PL-0h", "KX-01-PL-2h"}


@pytest.mark.parametrize(
    "text",
    [
        "the euro is strong",  # currency word without an amount
        "see section 2026 of the MSA",  # a year-like number that is not a date
        "quote for the study",  # a quote cue without a number
    ],
)
def test_no_false_entity(text: str) -> None:
    # Given text with cue words but no entity of that type
    kinds = {e.type for e in extract_entities(text)}
    # Then nothing of that kind is extracted
    assert not kinds & {"money", "date", "quote_number"}


def test_duplicates_are_reported_once() -> None:
    # Given the same invoice number twice
    found = [
        e
        for e in extract_entities("Invoice INV-1 and again invoice INV-1")
        if e.type == "invoice_number"
    ]
    # Then it is one entity
    assert len(found) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1\tUSD 12,000.00", [12000.0]),
        ("Currency USD\n1. Study design", []),
        ("Qty\t1\tUSD\t12,000.00", []),
        ("No.\tItem\n2\tAnimals\t124\tper animal\tGBP 36.50\tGBP 1,752.00", [36.5, 1752.0]),
        ("Total 4,500.00 EUR", [4500.0]),
    ],
)
def test_money_binds_the_number_next_to_its_currency_within_a_cell(
    text: str, expected: list[float]
) -> None:
    # Given table cells and lines with currencies, When money is extracted
    values = [e.value for e in extract_entities(text) if e.type == "money"]
    # Then only the amount written against its currency counts, never across a tab or line
    assert values == expected


@pytest.mark.parametrize(
    "number", ["INV-NB-260604", "CPR-INV-10388", "MBV-2026-00731", "INV-2026-0042"]
)
def test_invoice_numbers_come_out_whole(number: str) -> None:
    # Given an invoice number with letter segments after a cue (or, carrying "INV", alone)
    alone = (f"{number}.pdf",) if "INV" in number else ()
    for text in (f"Invoice {number} attached", f"Invoice number\t{number}", *alone):
        # When entities are extracted, Then the whole number is the invoice number
        assert ("invoice_number", number) in _found(text), text


def test_please_quote_a_payment_reference_is_not_a_quote_number() -> None:
    # Given an invoice footer asking to quote the invoice number
    found = _found("Please quote INV-NB-260604 as the payment reference.")
    # Then it is an invoice number and not a quote number
    assert ("invoice_number", "INV-NB-260604") in found
    assert not any(kind == "quote_number" for kind, _ in found)


@pytest.mark.parametrize(
    "text", ["cohort 1 samples ship next week", "2 Animals: Sprague Dawley rats", "10\nvials"]
)
def test_numbers_that_are_not_counts_are_not_sample_counts(text: str) -> None:
    # Given a cohort number, a table line number or a number on another line
    # Then no sample count is read
    assert not any(kind == "sample_count" for kind, _ in _found(text))


def test_a_revision_after_a_bare_quote_number_belongs_to_it() -> None:
    # Given a bare quote number followed by its revision
    assert ("quote_number", "Q-2026-0212 Rev B") in _found("based on Q-2026-0212 Rev B; PO 1")


@pytest.mark.parametrize(
    "text",
    ["add 48 h and 72 h samples", "pre-dose, 2 hr samples", "the 24 hour samples", "7 day samples"],
)
def test_a_timepoint_before_samples_is_not_a_sample_count(text: str) -> None:
    # Given samples named by their timepoint, When entities are extracted
    # Then the hour or day is not read as how many samples there are
    assert not any(kind == "sample_count" for kind, _ in _found(text))


def test_a_count_beside_a_timepoint_is_still_read() -> None:
    # Given a change that names timepoints and then the count
    found = _found("Change: add 48 h and 72 h samples, 40 subjects (+80 samples)")
    # Then the count is the only sample count
    assert [value for kind, value in found if kind == "sample_count"] == [80]


@pytest.mark.parametrize(
    "text", ["Groups: PO 10 mg/kg and IV 1 mg/kg", "PO 0.5 mg/kg once daily", "PO 10mg/kg"]
)
def test_oral_dosing_is_not_a_purchase_order(text: str) -> None:
    # Given "PO" as the oral route followed by a dose
    # Then no purchase order number is read
    assert not any(kind == "po_number" for kind, _ in _found(text))


@pytest.mark.parametrize(
    ("text", "number"),
    [("PO 4500123 covers the study", "4500123"), ("PO-2026-001 mg batch", "PO-2026-001")],
)
def test_a_purchase_order_number_is_read_whatever_follows(text: str, number: str) -> None:
    # Given a purchase order number (even with a unit-like word after it)
    # Then it is read
    assert ("po_number", number) in _found(text)
