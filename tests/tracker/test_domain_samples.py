"""Samples: table parsing (pure), the expected list, shipments/receipts, the status machine."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import footprint, make_world
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.models.sample import Sample, SampleDiscrepancy
from tracker.operations.samples import (
    _SYNONYMS,
    import_samples,
    parse_sample_table,
    set_sample_status,
)
from tracker.types import SampleStatus

PIPE_TABLE_IN_EMAIL = """Hi Anna,

please find the samples we ship today below:

Sample ID | Matrix | Vol (µL) | Storage Temp | Timepoint | Animal | Box
--- | --- | --- | --- | --- | --- | ---
ABC-101-P-0h | plasma | 250 | -80 °C | 0 h | 1001 | B1
ABC-101-P-2h | plasma | 250 | -80 °C | 2 h | 1001 | B1
ABC-102-P-0h | serum | 200 | -80 °C | 0 h | 1002 | B2

Best, Tom
"""


def _sheet(*ids: str) -> str:
    return "Sample ID,Matrix\n" + "".join(f"{i},plasma\n" for i in ids)


# --- parser -------------------------------------------------------------------------------


def test_a_table_pasted_in_an_email_body_is_found_and_mapped() -> None:
    # Given an email body with a pipe table between prose
    sheet = parse_sample_table(PIPE_TABLE_IN_EMAIL)
    # Then the header synonyms are mapped and unknown columns kept as extra
    assert sheet.sample_ids == ("ABC-101-P-0h", "ABC-101-P-2h", "ABC-102-P-0h")
    row = sheet.rows[0]
    assert (row.matrix, row.volume, row.storage, row.timepoint, row.subject_id) == (
        "plasma",
        "250 µL",
        "-80 °C",
        "0 h",
        "1001",
    )
    assert row.extra == {"Box": "B1"}
    assert sheet.mapping["Vol (µL)"] == "volume"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "Tube ID;Sample type;Amount;Shipped on\nT1;urine;1 mL;dry ice\n",
            "shipping_condition",
            "dry ice",
        ),
        ("Sample Name\tSponsor ID\tStorage\nS1\tX\t-20C\n", "storage", "-20C"),
        (
            "Subject ID,Sample ID,Accession,Comments\n7,S1,L24-00731,haemolysed\n",
            "accession",
            "L24-00731",
        ),
        ("Sponsor ID|Matrix\nQ1|CSF\n", "matrix", "CSF"),
    ],
)
def test_separators_and_header_synonyms(text: str, field: str, value: str) -> None:
    sheet = parse_sample_table(text)
    assert len(sheet.rows) == 1
    assert getattr(sheet.rows[0], field) == value


def test_whitespace_aligned_rows_keep_empty_cells_in_their_column() -> None:
    # Given a space-aligned table whose second row has no volume
    text = (
        "Sample Name        Matrix      Volume    Storage\n"
        "S-001              Plasma      100 uL    -20C\n"
        "S-002              Plasma                -20C\n"
    )
    rows = parse_sample_table(text).rows
    # Then the storage value stays under Storage, not under Volume
    assert (rows[1].volume, rows[1].storage) == (None, "-20C")


def test_text_without_a_sample_table_gives_an_empty_sheet() -> None:
    assert parse_sample_table("Samples shipped today on dry ice, tracking 1Z999.").rows == ()


# --- imports ------------------------------------------------------------------------------


def test_first_sheet_creates_the_expected_list(session: Session) -> None:
    world = make_world(session)
    result = import_samples(
        session, world.sponsor_pm, world.project_id, parse_sample_table(PIPE_TABLE_IN_EMAIL), None
    )
    session.commit()
    assert result.stage is SampleStatus.EXPECTED
    assert len(result.created) == 3 and not result.has_discrepancies
    statuses = set(session.scalars(select(Sample.status)))
    assert statuses == {SampleStatus.EXPECTED}


def test_receipt_from_the_cro_flags_missing_extra_and_duplicates(session: Session) -> None:
    # Given an expected list of S1..S3
    world = make_world(session)
    import_samples(
        session,
        world.sponsor_pm,
        world.project_id,
        parse_sample_table(_sheet("S1", "S2", "S3")),
        None,
    )
    # When the CRO's receipt lists S1, S2 twice and an unknown S9
    result = import_samples(
        session,
        world.cro_staff,
        world.project_id,
        parse_sample_table(_sheet("S1", "S2", "s2", "S9")),
        None,
    )
    session.commit()
    # Then S1/S2 are received, S3 missing, S9 extra, S2 duplicate — all stored as records
    assert result.stage is SampleStatus.RECEIVED
    assert (result.advanced, result.missing, result.extra, result.duplicates) == (
        ("S1", "S2"),
        ("S3",),
        ("S9",),
        ("s2",),
    )
    kinds = sorted(session.execute(select(SampleDiscrepancy.kind, SampleDiscrepancy.sample_id)))
    assert kinds == [("duplicate", "s2"), ("extra", "S9"), ("missing", "S3")]


def test_a_later_sheet_from_the_sponsor_is_a_shipment(session: Session) -> None:
    world = make_world(session)
    import_samples(
        session, world.sponsor_pm, world.project_id, parse_sample_table(_sheet("S1", "S2")), None
    )
    result = import_samples(
        session, world.sponsor_pm, world.project_id, parse_sample_table(_sheet("S1", "S2")), None
    )
    assert result.stage is SampleStatus.SHIPPED and result.advanced == ("S1", "S2")


def test_an_observer_cannot_import_samples_and_nothing_is_written(session: Session) -> None:
    world = make_world(session)
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        import_samples(
            session, world.observer, world.project_id, parse_sample_table(_sheet("S1")), None
        )
    assert footprint(session) == before


# --- status machine -----------------------------------------------------------------------


def test_status_moves_forward_through_the_machine(session: Session) -> None:
    world = make_world(session)
    import_samples(
        session, world.sponsor_pm, world.project_id, parse_sample_table(_sheet("S1")), None
    )
    for status in (
        SampleStatus.RECEIVED,
        SampleStatus.IN_ANALYSIS,
        SampleStatus.REPORTED,
        SampleStatus.STORED,
        SampleStatus.DISPOSED,
    ):
        set_sample_status(session, world.cro_pm, world.project_id, ["S1"], status)
    session.commit()
    assert session.scalar(select(Sample.status)) is SampleStatus.DISPOSED


def test_a_backward_move_is_refused_for_all_and_writes_nothing(session: Session) -> None:
    # Given S1 received and S2 only expected
    world = make_world(session)
    import_samples(
        session, world.sponsor_pm, world.project_id, parse_sample_table(_sheet("S1", "S2")), None
    )
    set_sample_status(session, world.cro_pm, world.project_id, ["S1"], SampleStatus.RECEIVED)
    session.commit()
    before = footprint(session)
    # When both are moved to in_analysis (not allowed from expected)
    with pytest.raises(InvalidTransition, match="S2"):
        set_sample_status(
            session, world.cro_pm, world.project_id, ["S1", "S2"], SampleStatus.IN_ANALYSIS
        )
    # Then neither moved
    assert footprint(session) == before
    assert session.scalar(select(Sample.status).where(Sample.sample_id == "S1")) is (
        SampleStatus.RECEIVED
    )


def test_a_finance_member_cannot_change_sample_status(session: Session) -> None:
    world = make_world(session)
    import_samples(
        session, world.sponsor_pm, world.project_id, parse_sample_table(_sheet("S1")), None
    )
    session.commit()
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        set_sample_status(session, world.finance, world.project_id, ["S1"], SampleStatus.RECEIVED)
    assert footprint(session) == before


@pytest.mark.parametrize("header", _SYNONYMS["sample_id"])
def test_every_sample_id_header_is_found_in_any_case(header: str) -> None:
    # Given a two-row table under this sample-ID header, written in title case
    text = f"Please find the list:\n\n{header.title()}\tMatrix\nS-001\tplasma\nS-002\tserum\n"
    # When it is parsed (the header search skips lines naming no sample word)
    rows = parse_sample_table(text).rows
    # Then both rows are found under the header
    assert [r.sample_id for r in rows] == ["S-001", "S-002"]


@pytest.mark.parametrize(
    "header",
    [
        "Proben-ID;Tier;Zeitpunkt;Matrix;Menge (µL);Lagerung",
        "ID muestra;Animal;Tiempo;Matriz;Volumen (µL);Temperatura",
        "N° échantillon;Sujet;Temps;Matrice;Volume (µL);Stockage",
    ],
)
def test_a_manifest_headed_in_german_spanish_or_french_is_read_field_by_field(
    header: str,
) -> None:
    # Given a manifest as an EU site writes it
    text = f"{header}\nAB-0001;101;0 h;Plasma;200;-80 °C\nAB-0002;101;1 h;Plasma;200;-80 °C\n"
    # When it is parsed
    sheet = parse_sample_table(text)
    # Then every column lands in its field
    first = sheet.rows[0]
    assert [r.sample_id for r in sheet.rows] == ["AB-0001", "AB-0002"]
    assert (first.subject_id, first.timepoint, first.matrix) == ("101", "0 h", "Plasma")
    assert (first.volume, first.storage) == ("200 µL", "-80 °C")
