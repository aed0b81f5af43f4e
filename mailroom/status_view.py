"""`mailroom status` and `project show`: the record as text or stable JSON."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from mailroom.record_view import record_lines
from tracker.dossier import DomainStatus, domain_status
from tracker.errors import NotFound
from tracker.operations.projects import project_by_code
from tracker.queries import ProjectStatusView, members, project_status

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MARK = {
    "done": "✔",
    "in_progress": "▶",
    "waiting_on_sponsor": "⏸",
    "waiting_on_cro": "⏸",
    "blocked": "✘",
    "pending": "·",
}


def _view(session: Session, code: str) -> ProjectStatusView:
    project = project_by_code(session, code)
    view = project_status(session, project.id, domain_status=domain_status)
    if view is None:
        raise NotFound(f"no project {code!r}")
    return view


def _day(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def _milestone_lines(view: ProjectStatusView) -> list[str]:
    lines = []
    for m in view.milestones:
        date = _day(m.actual_date) or (
            f"forecast {_day(m.forecast_date)}"
            if m.forecast_date
            else (f"planned {_day(m.planned_date)}" if m.planned_date else "")
        )
        docs = ", ".join(f"{d.filename} (v{d.version})" for d in m.documents[:3])
        extra = (
            f"  [{m.message_count} msg{'s' if m.message_count != 1 else ''}"
            + (f"; {docs}" if docs else "")
            + "]"
            if m.message_count or docs
            else ""
        )
        lines.append(
            f"  {MARK.get(str(m.status), '·')} {m.name:<38} {m.status!s:<18} {date}{extra}".rstrip()
        )
    return lines


def _domain_lines(domain: DomainStatus) -> list[str]:
    """Samples and overdue reviews; quotes, changes, deliverables and payments come in
    full from `mailroom.record_view`."""
    lines = []
    overdue = [d for d in domain.in_review if d.overdue]
    if overdue:
        lines.append("Reviews overdue:")
        lines += [
            f"  {d.title} v{d.version} ({d.milestone_key}) — review was due {_day(d.review_due)}"
            for d in overdue
        ]
    if domain.samples_by_status:
        counts = ", ".join(f"{status} {n}" for status, n in domain.samples_by_status)
        lines.append(
            f"Samples: {counts}"
            + (
                f"; {domain.open_discrepancies} open discrepancy(ies)"
                if domain.open_discrepancies
                else ""
            )
        )
    return lines


def render_status(session: Session, code: str) -> str:
    view = _view(session, code)
    p = view.project
    lines = [
        f"{p.code} — {p.name}",
        f"  {p.service_type} · sponsor {p.sponsor} · CRO {p.cro} · {p.status} · {p.address}",
        f"  {view.message_count} messages filed, {view.needs_review} awaiting review, "
        f"{view.unrouted} unrouted in this workspace",
    ]
    if view.waiting_on is not None:
        lines.append(
            f"  Waiting on the {view.waiting_on} for {view.waiting_milestone}"
            f" since {_day(view.waiting_since)}"
        )
    elif view.current_milestone:
        lines.append(f"  Current milestone: {view.current_milestone}")
    lines.append("Milestones:")
    lines += _milestone_lines(view)
    if view.other_documents:
        lines.append("Documents not linked to a milestone:")
        lines += [
            f"  {d.filename} — {d.label or 'unlabelled'} v{d.version}"
            for d in view.other_documents[:12]
        ]
        if len(view.other_documents) > 12:
            lines.append(f"  … and {len(view.other_documents) - 12} more")
    lines += record_lines(session, p.id)
    if isinstance(view.domain, DomainStatus):
        lines += _domain_lines(view.domain)
    return "\n".join(lines)


def render_project(session: Session, code: str) -> str:
    view = _view(session, code)
    lines = [render_status(session, code), "Members:"]
    for m in members(session, view.project.id):
        roles = ", ".join(sorted(str(r) for r in m.roles))
        lines.append(f"  {m.name} <{', '.join(m.emails)}> — {roles}")
    return "\n".join(lines)


def status_json(session: Session, code: str) -> dict[str, Any]:
    view = _view(session, code)
    p = view.project
    data: dict[str, Any] = {
        "project": {
            "code": p.code,
            "name": p.name,
            "service_type": str(p.service_type),
            "status": str(p.status),
            "address": p.address,
            "sponsor": p.sponsor,
            "cro": p.cro,
        },
        "messages": view.message_count,
        "needs_review": view.needs_review,
        "unrouted": view.unrouted,
        "waiting_on": {
            "side": str(view.waiting_on),
            "milestone": view.waiting_milestone,
            "since": _day(view.waiting_since),
        }
        if view.waiting_on
        else None,
        "milestones": [
            {
                "key": m.key,
                "name": m.name,
                "status": str(m.status),
                "planned": _day(m.planned_date),
                "forecast": _day(m.forecast_date),
                "actual": _day(m.actual_date),
                "messages": m.message_count,
                "documents": [
                    {"filename": d.filename, "label": d.label, "version": d.version}
                    for d in m.documents
                ],
            }
            for m in view.milestones
        ],
        "documents_unlinked": [
            {"filename": d.filename, "label": d.label, "version": d.version}
            for d in view.other_documents
        ],
    }
    if isinstance(view.domain, DomainStatus):
        d = view.domain
        data["open_changes"] = [
            {"code": c.code, "title": c.title, "status": str(c.status), "age_days": c.age_days}
            for c in d.open_changes
        ]
        data["deliverables_in_review"] = [
            {
                "title": r.title,
                "version": r.version,
                "milestone": r.milestone_key,
                "review_due": _day(r.review_due),
                "overdue": r.overdue,
            }
            for r in d.in_review
        ]
        data["samples_by_status"] = {str(s): n for s, n in d.samples_by_status}
        data["payments_due"] = [
            {
                "label": x.label,
                "amount": str(x.amount) if x.amount is not None else None,
                "currency": x.currency,
                "status": str(x.status),
                "invoice": x.invoice_number,
            }
            for x in d.payments_due
        ]
    return data
