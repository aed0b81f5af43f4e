"""The project read whole: status sections for the status page, and the closeout dossier.

`domain_status` gives the status page its domain sections (open changes with their age,
deliverables in review with deadlines, samples by status, payments due) as plain values.

`export_dossier` writes a self-contained zip someone can open years later without Mailroom:
``index.html`` (plain HTML built with ``html.escape``; no templates, scripts or external
assets), one JSON file per section, the audit trail as JSON lines with its verification
result, and — when a ``blob_reader`` is given — the documents themselves under
``documents/`` with names made safe (no directories, no leading dots). A blob that cannot
be read is listed as missing rather than failing the export.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.db import utcnow
from tracker.errors import NotFound
from tracker.models.change import ChangeRequest
from tracker.models.deliverable import Deliverable
from tracker.models.message import Document, Message
from tracker.models.milestone import Milestone
from tracker.models.payment import PaymentLine
from tracker.models.project import Organisation, Project
from tracker.models.quote import Quote
from tracker.models.sample import Sample, SampleDiscrepancy
from tracker.operations.closeout import closeout_checklist
from tracker.types import ChangeStatus, DeliverableStatus, PaymentStatus, SampleStatus

# ---------------------------------------------------------------------------------------------
# Status page sections
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenChange:
    code: str
    title: str
    status: ChangeStatus
    opened_at: datetime
    age_days: int


@dataclass(frozen=True)
class InReview:
    deliverable_id: int
    title: str
    version: int
    milestone_key: str
    delivered_at: datetime
    review_due: Any  # date | None
    overdue: bool


@dataclass(frozen=True)
class PaymentDue:
    line_id: int
    label: str
    milestone_key: str | None
    amount: Any  # Decimal | None
    currency: str | None
    status: PaymentStatus
    invoice_number: str | None


@dataclass(frozen=True)
class DomainStatus:
    open_changes: tuple[OpenChange, ...]
    in_review: tuple[InReview, ...]
    samples_by_status: tuple[tuple[SampleStatus, int], ...]
    open_discrepancies: int
    payments_due: tuple[PaymentDue, ...]  # due or invoiced, not yet paid


def domain_status(session: Session, project_id: int, now: datetime | None = None) -> DomainStatus:
    """The domain sections of a project's status page."""
    now = now or utcnow()
    return DomainStatus(
        open_changes=tuple(_open_changes(session, project_id, now)),
        in_review=tuple(_in_review(session, project_id, now)),
        samples_by_status=_samples_by_status(session, project_id),
        open_discrepancies=len(
            list(
                session.scalars(
                    select(SampleDiscrepancy.id).where(
                        SampleDiscrepancy.project_id == project_id,
                        SampleDiscrepancy.resolved.is_(False),
                    )
                )
            )
        ),
        payments_due=tuple(
            PaymentDue(
                p.id, p.label, p.milestone_key, p.amount, p.currency, p.status, p.invoice_number
            )
            for p in _rows(session, PaymentLine, project_id, PaymentLine.position)
            if p.status in (PaymentStatus.DUE, PaymentStatus.INVOICED)
        ),
    )


def _rows(session: Session, model: Any, project_id: int, *order: Any) -> list[Any]:
    return list(
        session.scalars(
            select(model).where(model.project_id == project_id).order_by(*order, model.id)
        )
    )


def _open_changes(session: Session, project_id: int, now: datetime) -> Iterable[OpenChange]:
    for c in _rows(session, ChangeRequest, project_id, ChangeRequest.number):
        if c.status in (ChangeStatus.PROPOSED, ChangeStatus.AWAITING_APPROVAL):
            yield OpenChange(
                c.code, c.title, c.status, c.created_at, max(0, (now - c.created_at).days)
            )


def _in_review(session: Session, project_id: int, now: datetime) -> Iterable[InReview]:
    for d in _rows(session, Deliverable, project_id, Deliverable.delivered_at):
        if d.status is DeliverableStatus.AWAITING_REVIEW:
            overdue = d.review_due is not None and now.date() > d.review_due
            yield InReview(
                d.id, d.title, d.version, d.milestone_key, d.delivered_at, d.review_due, overdue
            )


def _samples_by_status(session: Session, project_id: int) -> tuple[tuple[SampleStatus, int], ...]:
    counts = {s: 0 for s in SampleStatus}
    for sample in _rows(session, Sample, project_id):
        counts[sample.status] += 1
    return tuple((s, n) for s, n in counts.items() if n)


# ---------------------------------------------------------------------------------------------
# The dossier
# ---------------------------------------------------------------------------------------------

BlobReader = Callable[[str], bytes]


def safe_name(document_id: int, filename: str) -> str:
    """``documents/0007-Final_report_v2.pdf``: no directories, no leading dots, bounded."""
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip("._")[:120] or "document"
    return f"documents/{document_id:04d}-{cleaned}"


def _json(value: Any) -> Any:
    return audit.jsonable(value)


def _columns(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def _dump(rows: Sequence[Any]) -> str:
    return json.dumps([_json(_columns(r)) for r in rows], indent=2, ensure_ascii=False)


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}"><em>none</em></td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if isinstance(value, _Raw):
        return value.html
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return escape(value.isoformat())
    return escape(str(getattr(value, "value", value)))


@dataclass(frozen=True)
class _Raw:
    """Already-escaped HTML for one table cell (a link built from escaped parts)."""

    html: str


@dataclass(frozen=True)
class _Record:
    project: Project
    sponsor: str
    cro: str
    milestones: list[Milestone]
    documents: list[Document]
    messages: list[Message]
    quotes: list[Quote]
    changes: list[ChangeRequest]
    deliverables: list[Deliverable]
    samples: list[Sample]
    discrepancies: list[SampleDiscrepancy]
    payments: list[PaymentLine]


def _load(session: Session, project_id: int) -> _Record:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"no project with id {project_id}")
    orgs = {o.id: o.name for o in session.scalars(select(Organisation))}
    return _Record(
        project=project,
        sponsor=orgs.get(project.sponsor_org_id, ""),
        cro=orgs.get(project.cro_org_id, ""),
        milestones=_rows(session, Milestone, project_id, Milestone.position),
        documents=_rows(session, Document, project_id, Document.created_at),
        messages=_rows(session, Message, project_id, Message.filed_at),
        quotes=_rows(session, Quote, project_id, Quote.version),
        changes=_rows(session, ChangeRequest, project_id, ChangeRequest.number),
        deliverables=_rows(session, Deliverable, project_id, Deliverable.delivered_at),
        samples=_rows(session, Sample, project_id, Sample.sample_id),
        discrepancies=_rows(session, SampleDiscrepancy, project_id),
        payments=_rows(session, PaymentLine, project_id, PaymentLine.position),
    )


def _write_documents(
    zf: zipfile.ZipFile, documents: list[Document], blob_reader: BlobReader | None
) -> dict[int, str | None]:
    """Copy each document's bytes in; map document id → its path (None when unreadable)."""
    if blob_reader is None:
        return {}
    paths: dict[int, str | None] = {}
    for doc in documents:
        try:
            data = blob_reader(doc.sha256)
        except (OSError, LookupError):
            paths[doc.id] = None
            continue
        paths[doc.id] = safe_name(doc.id, doc.filename)
        zf.writestr(paths[doc.id], data)  # type: ignore[arg-type]
    return paths


_CSS = (
    "body{font-family:sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#eee}.bad{color:#a00}.ok{color:#060}"
)


def _doc_cell(doc: Document, paths: dict[int, str | None]) -> Any:
    if doc.id not in paths:
        return doc.filename
    path = paths[doc.id]
    if path is None:
        return _Raw(f"{escape(doc.filename)} <em>(file missing)</em>")
    return _Raw(f'<a href="{escape(path)}">{escape(doc.filename)}</a>')


def _documents_html(r: _Record, paths: dict[int, str | None]) -> str:
    names = {m.id: f"{m.name} ({m.key})" for m in r.milestones}
    groups: dict[str, list[Document]] = {}
    for doc in r.documents:
        groups.setdefault(
            names.get(doc.milestone_id or -1, "Not linked to a milestone"), []
        ).append(doc)
    parts = []
    for title, docs in groups.items():
        rows = [
            (_doc_cell(d, paths), d.family, d.version, d.label, d.created_at, d.sha256)
            for d in docs
        ]
        parts.append(
            f"<h3>{escape(title)}</h3>"
            + _table(["file", "family", "version", "label", "filed", "sha256"], rows)
        )
    return "".join(parts) or "<p>No documents.</p>"


def _changes_html(r: _Record) -> str:
    rows = [
        (
            c.code,
            c.title,
            c.what_changed,
            c.why,
            c.requested_by,
            c.status,
            f"{c.cost_delta} {c.currency or ''}" if c.cost_delta is not None else "",
            c.decided_at,
            (c.decision_evidence or {}).get("reply_text", "") if c.decision_evidence else "",
        )
        for c in r.changes
    ]
    return _table(
        [
            "change",
            "title",
            "what",
            "why",
            "requested by",
            "status",
            "cost delta",
            "decided",
            "decision text",
        ],
        rows,
    )


def _html(
    r: _Record,
    paths: dict[int, str | None],
    verified: Any,
    checklist: Any,
    audit_rows: list[dict[str, Any]],
) -> str:
    p = r.project
    verdict = (
        f'<p class="ok">Audit chain verified: {verified.checked} events, intact.</p>'
        if verified.ok
        else f'<p class="bad">Audit chain BROKEN at seq {verified.first_bad_seq} '
        f"({escape(str(verified.why))}); {verified.checked} events checked.</p>"
    )
    sections = [
        f"<h1>{escape(p.code)}: {escape(p.name)}</h1>",
        _table(
            ["service", "sponsor", "CRO", "status", "created", "closed"],
            [(p.service_type, r.sponsor, r.cro, p.status, p.created_at, p.closed_at)],
        ),
        "<h2>Timeline</h2>",
        _table(
            ["#", "milestone", "status", "planned", "forecast", "actual"],
            [
                (
                    m.position,
                    f"{m.name} ({m.key})",
                    m.status,
                    m.planned_date,
                    m.forecast_date,
                    m.actual_date,
                )
                for m in r.milestones
            ],
        ),
        "<h3>Messages</h3>",
        _table(
            ["filed", "from", "subject", "label"],
            [
                (m.filed_at, m.from_email, m.subject, m.reviewed_label or m.label)
                for m in r.messages
            ],
        ),
        "<h2>Documents by milestone</h2>",
        _documents_html(r, paths),
        "<h2>Quotes</h2>",
        _table(
            ["version", "number", "revision", "total", "currency", "accepted"],
            [
                (q.version, q.number, q.revision, q.total, q.currency, "yes" if q.accepted else "")
                for q in r.quotes
            ],
        ),
        "<h2>Changes and decisions</h2>",
        _changes_html(r),
        "<h2>Deliverables</h2>",
        _table(
            ["milestone", "title", "version", "final", "status", "review due", "reviewed"],
            [
                (
                    d.milestone_key,
                    d.title,
                    d.version,
                    "yes" if d.is_final else "",
                    d.status,
                    d.review_due,
                    d.reviewed_at,
                )
                for d in r.deliverables
            ],
        ),
        "<h2>Samples</h2>",
        _table(
            ["sample", "status", "matrix", "volume", "storage", "accession"],
            [
                (s.sample_id, s.status, s.matrix, s.volume, s.storage, s.accession)
                for s in r.samples
            ],
        ),
        _table(
            ["discrepancy", "sample", "resolved"],
            [(d.kind, d.sample_id, "yes" if d.resolved else "") for d in r.discrepancies],
        ),
        "<h2>Payments</h2>",
        _table(
            ["#", "tranche", "milestone", "amount", "currency", "status", "invoice", "paid"],
            [
                (
                    x.position,
                    x.label,
                    x.milestone_key,
                    x.amount,
                    x.currency,
                    x.status,
                    x.invoice_number,
                    x.paid_at,
                )
                for x in r.payments
            ],
        ),
        "<h2>Closeout checklist</h2>",
        _table(
            ["item", "met", "detail", "waived"],
            [(i.key, "yes" if i.met else "no", i.detail, i.waived_reason) for i in checklist.items],
        ),
        "<h2>Audit trail</h2>",
        verdict,
        _table(
            ["seq", "at", "actor", "action", "entity", "after"],
            [
                (
                    a["seq"],
                    a["at"],
                    a["actor_email"] or a["actor_name"],
                    a["action"],
                    f"{a['entity']} {a['entity_id'] or ''}",
                    json.dumps(a["after"]),
                )
                for a in audit_rows
            ],
        ),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Dossier {escape(p.code)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(sections)
        + f"\n<p><small>Exported {escape(utcnow().isoformat())} by Mailroom.</small></p>"
        + "</body></html>\n"
    )


def export_dossier(
    session: Session,
    project_id: int,
    out_zip: Path,
    blob_reader: BlobReader | None = None,
) -> Path:
    """Write the project's dossier zip to ``out_zip`` and return its path."""
    record = _load(session, project_id)
    verified = audit.verify(session, project_id)
    checklist = closeout_checklist(session, project_id)
    trail = io.StringIO()
    audit.export(session, project_id, "jsonl", trail)
    audit_rows = [json.loads(line) for line in trail.getvalue().splitlines() if line]
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out_zip, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        paths = _write_documents(zf, record.documents, blob_reader)
        zf.writestr("index.html", _html(record, paths, verified, checklist, audit_rows))
        zf.writestr(
            "project.json",
            json.dumps(
                _json(
                    {
                        **_columns(record.project),
                        "sponsor": record.sponsor,
                        "cro": record.cro,
                    }
                ),
                indent=2,
                ensure_ascii=False,
            ),
        )
        for name, rows in (
            ("milestones", record.milestones),
            ("messages", record.messages),
            ("documents", record.documents),
            ("quotes", record.quotes),
            ("changes", record.changes),
            ("deliverables", record.deliverables),
            ("samples", record.samples),
            ("sample_discrepancies", record.discrepancies),
            ("payments", record.payments),
        ):
            zf.writestr(f"{name}.json", _dump(rows))
        zf.writestr("audit.jsonl", trail.getvalue())
        zf.writestr("audit_verification.json", json.dumps(asdict(verified), indent=2))
        zf.writestr("closeout.json", json.dumps(_json(asdict(checklist)), indent=2))
        zf.writestr(
            "document_files.json", json.dumps({str(k): v for k, v in paths.items()}, indent=2)
        )
    return out_zip
