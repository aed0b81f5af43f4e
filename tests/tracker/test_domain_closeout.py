"""Closeout checklist, waivers, closing; the status sections and the dossier export."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.tracker.test_domain_support import footprint, make_world
from tracker.db import utcnow
from tracker.dossier import domain_status, export_dossier, safe_name
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.models.message import Document
from tracker.models.project import Project
from tracker.operations.changes import ChangeSpec, open_change, request_approval
from tracker.operations.closeout import close_project, closeout_checklist, waive
from tracker.operations.deliverables import record_deliverable
from tracker.operations.payments import plan_from_milestones
from tracker.operations.samples import import_samples, parse_sample_table
from tracker.types import ChangeStatus, ProjectStatus, SampleStatus


def test_a_fresh_project_is_not_ready_to_close(session: Session) -> None:
    world = make_world(session)
    checklist = closeout_checklist(session, world.project_id)
    assert not checklist.ready
    assert {i.key for i in checklist.missing} == {
        "final_deliverable_accepted",
        "final_payment_paid",
    }


def test_close_is_refused_listing_what_is_missing_and_writes_nothing(session: Session) -> None:
    world = make_world(session)
    open_change(session, world.cro_pm, world.project_id, ChangeSpec("Extra run"), None)
    session.commit()
    before = footprint(session)
    with pytest.raises(InvalidTransition) as refused:
        close_project(session, world.sponsor_pm, world.project_id)
    message = str(refused.value)
    assert "final_payment_paid" in message and "CR-1" in message
    assert footprint(session) == before


def test_waived_items_let_the_project_close(session: Session) -> None:
    # Given a project with no final deliverable and no payment plan
    world = make_world(session)
    # When both gaps are waived with reasons
    waive(
        session,
        world.sponsor_pm,
        world.project_id,
        "final_deliverable_accepted",
        "study cancelled after in-life phase",
    )
    waive(session, world.cro_pm, world.project_id, "final_payment_paid", "settled offline")
    checklist = close_project(session, world.sponsor_pm, world.project_id)
    session.commit()
    # Then the project is closed and the waivers are on the checklist
    project = session.get(Project, world.project_id)
    assert project is not None and project.status is ProjectStatus.CLOSED
    assert {i.key: i.waived_reason for i in checklist.items if i.waived_reason} == {
        "final_deliverable_accepted": "study cancelled after in-life phase",
        "final_payment_paid": "settled offline",
    }


def test_only_a_pm_can_waive(session: Session) -> None:
    world = make_world(session)
    before = footprint(session)
    with pytest.raises(PermissionDenied):
        waive(session, world.finance, world.project_id, "final_payment_paid", "because")
    assert footprint(session) == before


def test_samples_not_yet_disposed_block_closeout(session: Session) -> None:
    world = make_world(session)
    import_samples(
        session,
        world.sponsor_pm,
        world.project_id,
        parse_sample_table("Sample ID,Matrix\nS1,plasma\n"),
        None,
    )
    item = {i.key: i for i in closeout_checklist(session, world.project_id).items}
    assert not item["samples_dispositioned"].met and "S1" in item["samples_dispositioned"].detail


def test_closing_twice_is_refused(session: Session) -> None:
    world = make_world(session)
    for item in ("final_deliverable_accepted", "final_payment_paid"):
        waive(session, world.sponsor_pm, world.project_id, item, "n/a")
    close_project(session, world.sponsor_pm, world.project_id)
    session.commit()
    before = footprint(session)
    with pytest.raises(InvalidTransition):
        close_project(session, world.sponsor_pm, world.project_id)
    assert footprint(session) == before


# --- status sections ----------------------------------------------------------------------


def test_domain_status_lists_open_changes_reviews_samples_and_payments(session: Session) -> None:
    # Given a change, a delivery, two expected samples and a plan with one due line
    world = make_world(session)
    change = open_change(session, world.cro_pm, world.project_id, ChangeSpec("Repeat run"), None)
    request_approval(session, world.cro_pm, world.project_id, change.id)
    record_deliverable(
        session,
        world.cro_pm,
        world.project_id,
        milestone_key="draft_report_issued",
        title="Draft report",
        review_days=1,
    )
    import_samples(
        session,
        world.sponsor_pm,
        world.project_id,
        parse_sample_table("Sample ID,Matrix\nS1,plasma\nS2,plasma\n"),
        None,
    )
    plan_from_milestones(
        session, world.cro_pm, world.project_id, total=Decimal("100"), currency="EUR"
    )
    from tracker.operations.milestones import complete_milestone
    from tracker.operations.payments import refresh_payments_due

    complete_milestone(session, world.cro_pm, world.project_id, "kickoff_held")
    refresh_payments_due(session, world.project_id)
    # When the status is read a week later
    status = domain_status(session, world.project_id, now=utcnow() + timedelta(days=7))
    # Then each section says so
    assert [(c.code, c.status, c.age_days) for c in status.open_changes] == [
        ("CR-1", ChangeStatus.AWAITING_APPROVAL, 7)
    ]
    assert [(r.title, r.overdue) for r in status.in_review] == [("Draft report", True)]
    assert status.samples_by_status == ((SampleStatus.EXPECTED, 2),)
    assert [p.milestone_key for p in status.payments_due] == ["kickoff_held"]


# --- dossier ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("../../etc/passwd", "documents/0003-passwd"),
        (".hidden.pdf", "documents/0003-hidden.pdf"),
        ("Final report (v2).pdf", "documents/0003-Final_report_v2_.pdf"),
        ("C:\\x\\a b.xlsx", "documents/0003-a_b.xlsx"),
    ],
)
def test_document_names_in_the_dossier_are_safe(filename: str, expected: str) -> None:
    assert safe_name(3, filename) == expected


def _with_documents(session: Session) -> tuple[int, dict[str, bytes]]:
    world = make_world(session)
    project = session.get(Project, world.project_id)
    assert project is not None
    project.name = "Study <script>alert(1)</script>"
    blobs = {"a" * 64: b"%PDF-1.4 report", "b" * 64: b"never stored"}
    for sha, name in (("a" * 64, "../Final report.pdf"), ("b" * 64, "lost.xlsx")):
        session.add(
            Document(
                project_id=world.project_id,
                sha256=sha,
                filename=name,
                content_type="application/pdf",
                size=10,
                family="report",
            )
        )
    session.commit()
    return world.project_id, {"a" * 64: blobs["a" * 64]}


def test_the_dossier_is_a_self_contained_zip(session: Session, tmp_path: Path) -> None:
    # Given a project with two documents, one of whose bytes are gone
    project_id, store = _with_documents(session)
    # When the dossier is exported with a blob reader
    out = export_dossier(session, project_id, tmp_path / "d.zip", store.__getitem__)
    # Then it holds the index, the JSON sections, the audit trail and the readable file
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        index = zf.read("index.html").decode()
        verification = json.loads(zf.read("audit_verification.json"))
        docs = json.loads(zf.read("documents.json"))
        first_doc = zf.read(next(n for n in names if n.startswith("documents/")))
    assert {
        "index.html",
        "project.json",
        "changes.json",
        "samples.json",
        "payments.json",
        "audit.jsonl",
    } <= names
    assert [n for n in names if n.startswith("documents/")] == [
        f"documents/{docs[0]['id']:04d}-Final_report.pdf"
    ]
    assert first_doc == b"%PDF-1.4 report"
    assert verification["ok"] is True
    assert "(file missing)" in index and "Audit chain verified" in index


def test_the_dossier_html_escapes_record_text_and_loads_nothing_external(
    session: Session, tmp_path: Path
) -> None:
    project_id, _ = _with_documents(session)
    out = export_dossier(session, project_id, tmp_path / "d.zip", None)
    with zipfile.ZipFile(out) as zf:
        index = zf.read("index.html").decode()
        names = zf.namelist()
    assert "<script>" not in index and "&lt;script&gt;" in index
    assert "http://" not in index and "https://" not in index and "src=" not in index
    assert not [n for n in names if n.startswith("documents/")]


def test_the_dossier_reports_a_broken_audit_chain(session: Session, tmp_path: Path) -> None:
    # Given a project whose first audit event was edited afterwards
    from sqlalchemy import select

    from tracker.models.audit import AuditEvent

    world = make_world(session)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.project_id == world.project_id).order_by(AuditEvent.seq)
    ).first()
    assert event is not None
    event.action = "tampered"
    session.commit()
    # When exported
    out = export_dossier(session, world.project_id, tmp_path / "d.zip")
    # Then the dossier says the chain is broken
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("audit_verification.json"))["ok"] is False
        assert "Audit chain BROKEN" in zf.read("index.html").decode()
