"""Samples: read a sample table, keep the expected list, follow each sample's status.

The first sheet a project receives is the expected list (every sample becomes ``expected``).
Every later sheet is a shipment manifest or a receipt log: the samples it lists advance
(``shipped`` from the sponsor side, ``received`` from the CRO side, unless the caller says),
and it is compared with what was expected. Three kinds of mismatch are kept as discrepancy
records and returned: *missing* (expected but not on the sheet), *extra* (on the sheet, never
expected; tracked from then on) and *duplicate* (the same ID twice on one sheet).

Sample status machine::

    expected ──► shipped ──► received ──► in_analysis ──► reported ──► stored ──► disposed
        └───────────────────────►┘                             └──────────────────►┘

A receipt without a prior shipment notice is common (hand-carried samples, a forgotten
manifest), so ``expected → received`` is allowed; ``stored → disposed`` covers disposal after
a retention period. Nothing ever moves backwards.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import InvalidTransition, NotFound
from tracker.models.sample import Sample, SampleDiscrepancy, SampleImport
from tracker.operations import require_role, roles_of
from tracker.types import CRO_ROLES, SPONSOR_ROLES, Actor, Role, SampleStatus

# ---------------------------------------------------------------------------------------------
# Parsing a sample table (pure)
# ---------------------------------------------------------------------------------------------

FIELDS = (
    "sample_id",
    "matrix",
    "volume",
    "storage",
    "shipping_condition",
    "timepoint",
    "subject_id",
    "accession",
    "comments",
)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "sample_id": (
        "sample id",
        "sponsor id",
        "sponsor sample id",
        "tube id",
        "sample name",
        "sample",
        "sample no",
        "sample number",
        "sample code",
        "client sample id",
        "sampleid",
        "sample ref",
        "tube label",
        "specimen id",
        "proben id",
        "probe id",
        "proben nr",
        "probennummer",
        "probenbezeichnung",
        "id muestra",
        "muestra",
        "código de muestra",
        "codigo de muestra",
        "n° échantillon",
        "no échantillon",
        "id échantillon",
        "échantillon",
        "echantillon",
        "id campione",
        "campione",
    ),
    "matrix": (
        "matrix",
        "sample type",
        "specimen type",
        "sample matrix",
        "type",
        "matriz",
        "matrice",
        "probenart",
    ),
    "volume": ("volume", "vol", "amount", "sample volume", "quantity", "menge", "volumen"),
    "storage": (
        "storage",
        "storage temp",
        "storage temperature",
        "storage condition",
        "storage conditions",
        "temperature",
        "temp",
        "lagerung",
        "lagertemperatur",
        "stockage",
        "conservation",
        "almacenamiento",
        "temperatura",
        "température",
    ),
    "shipping_condition": (
        "shipping condition",
        "shipped on",
        "shipping",
        "shipment condition",
        "shipping conditions",
        "ship condition",
    ),
    "timepoint": (
        "timepoint",
        "time point",
        "nominal timepoint",
        "nominal time",
        "time",
        "zeitpunkt",
        "tiempo",
        "temps",
        "tempo",
    ),
    "subject_id": (
        "animal",
        "animal id",
        "subject",
        "subject id",
        "animal no",
        "patient id",
        "animal number",
        "donor id",
        "tier",
        "tier nr",
        "tiernummer",
        "sujet",
        "sujeto",
        "paciente",
        "proband",
    ),
    "accession": (
        "accession",
        "accession id",
        "accession no",
        "accession number",
        "cro accession",
        "cro accession id",
        "lims id",
    ),
    "comments": (
        "comments",
        "comment",
        "notes",
        "note",
        "remarks",
        "bemerkung",
        "kommentar",
        "commentaire",
        "comentario",
    ),
}
_HEADER_TO_FIELD = {syn: name for name, syns in _SYNONYMS.items() for syn in syns}
# Every sample-ID header above contains one of these words (or its German, Spanish,
# French or Italian stem): a line naming none of them cannot be the header row (a cheap
# test before splitting it every way).
SAMPLE_ID_WORDS = ("sample", "specimen", "sponsor", "tube", "probe", "muestra", "chantillon",
                   "campione")  # fmt: skip
_SEPARATORS = ("\t", "|", ";", ",")


@dataclass(frozen=True)
class SampleRow:
    sample_id: str
    matrix: str | None = None
    volume: str | None = None
    storage: str | None = None
    shipping_condition: str | None = None
    timepoint: str | None = None
    subject_id: str | None = None
    accession: str | None = None
    comments: str | None = None
    extra: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class SampleSheet:
    """A parsed sample table: its header cells, which field each maps to, and the rows."""

    headers: tuple[str, ...]
    mapping: dict[str, str] = field(default_factory=dict, hash=False)  # header -> field
    rows: tuple[SampleRow, ...] = ()

    @property
    def sample_ids(self) -> tuple[str, ...]:
        return tuple(r.sample_id for r in self.rows)


def normalise_header(cell: str) -> str:
    """Header text to its lookup form: ``Vol (µL)`` → ``vol``, ``Sample_ID`` → ``sample id``."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", cell.lower())
    text = re.sub(r"[_\-/.#:*]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _header_unit(cell: str) -> str | None:
    m = re.search(r"[(\[]\s*([^)\]]+?)\s*[)\]]", cell)
    return m.group(1) if m else None


def _split(line: str, sep: str | None) -> list[str]:
    if sep is None:
        return [c.strip() for c in re.split(r"\s{2,}|\t", line.strip())]
    if sep == "|":
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.strip() for c in next(csv.reader(io.StringIO(line), delimiter=sep))]


def _aligned(line: str, header_line: str, width: int) -> list[str]:
    """Cells of a whitespace-aligned row, placed under the header cell they overlap most.

    Splitting on runs of spaces loses empty cells; column positions keep them.
    """
    starts = [m.start() for m in re.finditer(r"\S+(?: \S+)*", header_line)][:width]
    bounds = [*starts[1:], 10**6]
    cells = [""] * len(starts)
    for m in re.finditer(r"\S+(?: \S+)*", line):
        overlaps = [
            min(m.end(), b) - max(m.start(), a) for a, b in zip(starts, bounds, strict=True)
        ]
        column = overlaps.index(max(overlaps))
        cells[column] = f"{cells[column]} {m.group()}".strip()
    return cells


def _find_header(lines: list[str]) -> tuple[int, str | None, list[str]] | None:
    """First line whose cells name a sample-ID column and at least one other column."""
    for index, line in enumerate(lines):
        lowered = line.lower()
        if not any(word in lowered for word in SAMPLE_ID_WORDS):
            continue
        for sep in (*_SEPARATORS, None):
            if sep is not None and sep not in line:
                continue
            cells = _split(line, sep)
            fields = [_HEADER_TO_FIELD.get(normalise_header(c)) for c in cells]
            if (
                len(cells) >= 2
                and "sample_id" in fields
                and sum(f is not None for f in fields) >= 2
            ):
                return index, sep, cells
    return None


def _is_rule_line(line: str) -> bool:
    return bool(re.fullmatch(r"[\s|:+=\-—_]+", line))


def _row_from_cells(headers: list[str], cells: list[str]) -> SampleRow | None:
    values: dict[str, str] = {}
    extra: dict[str, str] = {}
    for header, cell in zip(headers, cells, strict=False):
        if not cell:
            continue
        name = _HEADER_TO_FIELD.get(normalise_header(header))
        if name is None:
            extra[header] = cell
        elif name not in values:
            unit = _header_unit(header)
            add_unit = name == "volume" and unit and re.fullmatch(r"[\d.,]+", cell)
            values[name] = f"{cell} {unit}" if add_unit else cell
    if not values.get("sample_id"):
        return None
    return SampleRow(extra=extra, **values)


def parse_sample_table(text: str) -> SampleSheet:
    """Find the sample table in ``text`` (a CSV, a spreadsheet's text, or an email body).

    The table starts at the header row and ends at the first blank line or a row that no
    longer splits like the header. Returns an empty sheet when no header is found.
    """
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    found = _find_header(lines)
    if found is None:
        return SampleSheet(headers=())
    start, sep, headers = found
    rows: list[SampleRow] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            if rows:
                break
            continue
        if _is_rule_line(line):
            continue
        if sep is not None and sep not in line and len(headers) > 1:
            break
        cells = _split(line, sep)
        if sep is None and len(cells) != len(headers):
            cells = _aligned(line, lines[start], len(headers))
        row = _row_from_cells(headers, cells)
        if row is None:
            break
        rows.append(row)
    mapping = {h: _HEADER_TO_FIELD.get(normalise_header(h), "extra") for h in headers}
    return SampleSheet(headers=tuple(headers), mapping=mapping, rows=tuple(rows))


# ---------------------------------------------------------------------------------------------
# Status machine
# ---------------------------------------------------------------------------------------------

_ORDER = {
    SampleStatus.EXPECTED: 0,
    SampleStatus.SHIPPED: 1,
    SampleStatus.RECEIVED: 2,
    SampleStatus.IN_ANALYSIS: 3,
    SampleStatus.REPORTED: 4,
    SampleStatus.STORED: 5,
    SampleStatus.DISPOSED: 6,
}
ALLOWED: dict[SampleStatus, frozenset[SampleStatus]] = {
    SampleStatus.EXPECTED: frozenset({SampleStatus.SHIPPED, SampleStatus.RECEIVED}),
    SampleStatus.SHIPPED: frozenset({SampleStatus.RECEIVED}),
    SampleStatus.RECEIVED: frozenset({SampleStatus.IN_ANALYSIS}),
    SampleStatus.IN_ANALYSIS: frozenset({SampleStatus.REPORTED}),
    SampleStatus.REPORTED: frozenset({SampleStatus.STORED, SampleStatus.DISPOSED}),
    SampleStatus.STORED: frozenset({SampleStatus.DISPOSED}),
    SampleStatus.DISPOSED: frozenset(),
}
_STATUS_ROLES = frozenset({Role.CRO_PM, Role.CRO_STAFF, Role.SPONSOR_PM})
_IMPORT_ROLES = frozenset({*SPONSOR_ROLES, *CRO_ROLES})


def can_move(current: SampleStatus, new: SampleStatus) -> bool:
    return new in ALLOWED[current]


@dataclass(frozen=True)
class SampleImportResult:
    import_id: int
    stage: SampleStatus
    created: tuple[str, ...] = ()
    advanced: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()

    @property
    def has_discrepancies(self) -> bool:
        return bool(self.missing or self.extra or self.duplicates)


def _key(sample_id: str) -> str:
    return sample_id.strip().casefold()


def _default_stage(session: Session, project_id: int, actor: Actor) -> SampleStatus:
    """A sheet from the CRO side is a receipt; from anyone else, a shipment."""
    roles = roles_of(session, project_id, actor.email) if actor.email else frozenset()
    return SampleStatus.RECEIVED if roles & CRO_ROLES else SampleStatus.SHIPPED


def import_samples(
    session: Session,
    actor: Actor,
    project_id: int,
    sheet: SampleSheet,
    source_message_id: int | None,
    document_id: int | None = None,
    *,
    stage: SampleStatus | None = None,
) -> SampleImportResult:
    """Take in a sheet: the first creates the expected list, later ones advance and compare.

    A first sheet with a `stage` (a manifest whose mail says the samples were shipped)
    creates its samples at that stage: the shipment is the expected list.
    """
    if actor.kind != "system":
        require_role(session, project_id, actor, _IMPORT_ROLES)
    existing = {
        s.sample_key: s
        for s in session.scalars(select(Sample).where(Sample.project_id == project_id))
    }
    first = not existing
    if first and stage is None:
        stage = SampleStatus.EXPECTED  # the first sheet is the list of what to expect
    elif stage is None:
        stage = _default_stage(session, project_id, actor)
    elif stage not in (SampleStatus.SHIPPED, SampleStatus.RECEIVED):
        raise InvalidTransition(f"a sample sheet can mark samples shipped or received, not {stage}")
    imp = SampleImport(
        project_id=project_id,
        stage=stage,
        row_count=len(sheet.rows),
        columns=list(sheet.headers),
        document_id=document_id,
        source_message_id=source_message_id,
    )
    session.add(imp)
    session.flush()
    seen: dict[str, SampleRow] = {}
    duplicates: list[str] = []
    for row in sheet.rows:
        if _key(row.sample_id) in seen:
            if row.sample_id not in duplicates:
                duplicates.append(row.sample_id)
            continue
        seen[_key(row.sample_id)] = row
    # A shipment made mostly of IDs the record does not have is the next batch (cohort 2,
    # perhaps with a re-sent tube), not "extra" samples with every earlier one "missing".
    overlap = len(seen.keys() & existing.keys())
    new_batch = stage is SampleStatus.SHIPPED and overlap * 2 < len(seen)
    fresh = first or new_batch
    created, advanced, extra = _apply_rows(session, project_id, imp, seen, existing, stage, fresh)
    missing = (
        []
        if fresh
        else [
            s.sample_id
            for k, s in existing.items()
            if k not in seen and _ORDER[s.status] < _ORDER[stage]
        ]
    )
    found = [
        {"project_id": project_id, "import_id": imp.id, "kind": kind, "sample_id": sid}
        for kind, ids in (("missing", missing), ("extra", extra), ("duplicate", duplicates))
        for sid in ids
    ]
    if found:  # one executemany: the ORM would insert row by row to read the ids back
        session.execute(insert(SampleDiscrepancy), found)
    result = SampleImportResult(
        import_id=imp.id,
        stage=stage,
        created=tuple(created),
        advanced=tuple(advanced),
        missing=tuple(missing),
        extra=tuple(extra),
        duplicates=tuple(duplicates),
    )
    audit.append(
        session,
        project_id=project_id,
        actor=actor,
        action="samples_imported",
        entity="sample_import",
        entity_id=imp.id,
        before=None,
        after={
            "stage": stage.value,
            "rows": len(sheet.rows),
            "created": len(created),
            "advanced": len(advanced),
            "missing": missing,
            "extra": extra,
            "duplicates": duplicates,
        },
        source_message_id=source_message_id,
    )
    session.flush()
    return result


def _apply_rows(
    session: Session,
    project_id: int,
    imp: SampleImport,
    rows: dict[str, SampleRow],
    existing: dict[str, Sample],
    stage: SampleStatus,
    first: bool,
) -> tuple[list[str], list[str], list[str]]:
    created: list[str] = []
    advanced: list[str] = []
    extra: list[str] = []
    new: list[dict[str, object]] = []
    for key, row in rows.items():
        sample = existing.get(key)
        if sample is None:
            new.append(_new_sample(project_id, imp.id, key, row, stage))
            created.append(row.sample_id)
            if not first:
                extra.append(row.sample_id)
            continue
        _fill_blanks(sample, row)
        if can_move(sample.status, stage):
            sample.status = stage
            sample.updated_at = utcnow()
            advanced.append(sample.sample_id)
    if new:  # one executemany: the ORM would insert row by row on SQLite to read ids back
        session.execute(insert(Sample), new)
    return created, advanced, extra


def _new_sample(
    project_id: int, import_id: int, key: str, row: SampleRow, stage: SampleStatus
) -> dict[str, object]:
    return {
        "project_id": project_id,
        "sample_id": row.sample_id.strip(),
        "sample_key": key,
        "status": stage,
        "matrix": row.matrix,
        "volume": row.volume,
        "storage": row.storage,
        "shipping_condition": row.shipping_condition,
        "timepoint": row.timepoint,
        "subject_id": row.subject_id,
        "accession": row.accession,
        "comments": row.comments,
        "extra": dict(row.extra),
        "first_import_id": import_id,
    }


def _fill_blanks(sample: Sample, row: SampleRow) -> None:
    """A later sheet fills what an earlier one lacked (e.g. an accession); never overwrites."""
    for name in FIELDS[1:]:
        value = getattr(row, name)
        if value and not getattr(sample, name):
            setattr(sample, name, value)
    if row.extra:
        sample.extra = {**row.extra, **(sample.extra or {})}


def set_sample_status(
    session: Session,
    actor: Actor,
    project_id: int,
    sample_ids: list[str] | tuple[str, ...],
    status: SampleStatus,
    source_message_id: int | None = None,
) -> list[str]:
    """Move samples to ``status``; all-or-nothing, refused when any move is not allowed."""
    if actor.kind != "system":
        require_role(session, project_id, actor, _STATUS_ROLES)
    keys = [_key(s) for s in sample_ids]
    rows = {
        s.sample_key: s
        for s in session.scalars(
            select(Sample).where(Sample.project_id == project_id, Sample.sample_key.in_(keys))
        )
    }
    unknown = [sid for sid, k in zip(sample_ids, keys, strict=True) if k not in rows]
    if unknown:
        raise NotFound(f"no such samples in this project: {', '.join(unknown)}")
    refused = [
        f"{rows[k].sample_id} ({rows[k].status})"
        for k in keys
        if not can_move(rows[k].status, status)
    ]
    if refused:
        raise InvalidTransition(f"cannot move to {status}: {', '.join(refused)}")
    for k in dict.fromkeys(keys):
        sample = rows[k]
        before = sample.status
        sample.status = status
        sample.updated_at = utcnow()
        audit.append(
            session,
            project_id=project_id,
            actor=actor,
            action="sample_status_changed",
            entity="sample",
            entity_id=sample.id,
            before={"status": before.value},
            after={"status": status.value},
            source_message_id=source_message_id,
        )
    session.flush()
    return [rows[k].sample_id for k in dict.fromkeys(keys)]
