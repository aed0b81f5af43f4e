"""Whole-thread harness: a real workspace on SQLite or PostgreSQL, mail built here, ingested.

Mail is written with the stdlib `email` package, attachments are real files made by
fpdf2 (PDF), openpyxl (XLSX) and python-docx (DOCX); every message goes through
`mailroom.ingestion.ingest_path` exactly as `mailroom ingest` would read it, and what
Mailroom answers is read back from the outbox folder.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from fpdf import FPDF
from openpyxl import Workbook

from mailroom.ingestion import ingest_path
from mailroom.outgoing import drain
from mailroom.pipeline import IngestSummary
from mailroom.projects import MemberSpec, add_member, create_project
from mailroom.settings import load_settings
from mailroom.wiring import Workspace
from tracker.types import Role, ServiceType

DOMAIN = "mailroom.example"
PROJECT = f"proj-hlx@{DOMAIN}"
SPONSOR_PM = "sarah.chen@helix.example"
APPROVER = "michael.okafor@helix.example"
CRO_PM = "james.whitfield@northbridge.example"
CRO_STAFF = "tom.barker@northbridge.example"
CRO_FINANCE = "accounts@northbridge.example"
SPONSOR_FINANCE = "ap@helix.example"
OUTSIDER = "someone@elsewhere.example"

MEMBERS = (
    MemberSpec("Sarah Chen", (SPONSOR_PM,), Role.SPONSOR_PM, "Helix Therapeutics"),
    MemberSpec("Michael Okafor", (APPROVER,), Role.SPONSOR_APPROVER, "Helix Therapeutics"),
    MemberSpec("James Whitfield", (CRO_PM,), Role.CRO_PM, "Northbridge Bioanalytical"),
    MemberSpec("Tom Barker", (CRO_STAFF,), Role.CRO_STAFF, "Northbridge Bioanalytical"),
    MemberSpec("Karen Doyle", (CRO_FINANCE,), Role.FINANCE, "Northbridge Bioanalytical"),
    MemberSpec("Priya Raman", (SPONSOR_FINANCE,), Role.FINANCE, "Helix Therapeutics"),
)


# -- attachments -------------------------------------------------------------------------


def pdf(lines: Sequence[str]) -> bytes:
    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=10)
    for line in lines:
        doc.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx(paragraphs: Sequence[str]) -> bytes:
    doc = DocxDocument()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PDF_TYPE = ("application", "pdf")
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def quote_pdf(revision: str, total: str, issued: str) -> bytes:
    return pdf([
        "Northbridge Bioanalytical Ltd - Quotation",
        f"Quotation Q-2026-0147 Rev {revision}",
        f"Date: {issued}",
        "Study: HLX-208 LC-MS/MS method validation and sample analysis",
        "Validity: this quotation is valid for 60 days",
        "Method validation (ICH M10)          1   GBP 38,500.00",
        "Sample analysis per sample          440  GBP 36.50",
        f"Total: GBP {total} excluding VAT",
        "Payment terms: 50% at kickoff, 50% on acceptance of the final report. Net 30.",
    ])  # fmt: skip


def manifest_xlsx(sample_ids: Sequence[str]) -> bytes:
    rows: list[Sequence[object]] = [("Sample ID", "Matrix", "Volume (uL)", "Storage")]
    rows += [(sid, "K2EDTA plasma", 250, "-80 C") for sid in sample_ids]
    return xlsx(rows)


def change_order_docx() -> bytes:
    return docx([
        "Change Order CO-001",
        "Project: HLX-208-101 bioanalysis",
        "Description: two additional timepoints (36 h and 72 h) for cohorts 3 to 5,"
        " 48 additional samples. This is out of scope of quotation Q-2026-0147 Rev B.",
        "Cost impact: +GBP 1,934.50",
        "Timeline impact: draft report moves by 3 working days.",
        "Approval: sponsor approver signature required before work starts.",
    ])  # fmt: skip


# -- messages --------------------------------------------------------------------------


@dataclass
class Mail:
    """One message to ingest; `build` turns it into RFC 5322 bytes."""

    sender: str
    subject: str
    body: str
    date: datetime
    to: tuple[str, ...] = (PROJECT,)
    cc: tuple[str, ...] = ()
    in_reply_to: str | None = None
    attachments: tuple[tuple[str, bytes, tuple[str, str]], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    message_id: str = field(default_factory=lambda: make_msgid(domain="client.example"))

    def build(self) -> bytes:
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.to)
        if self.cc:
            msg["Cc"] = ", ".join(self.cc)
        msg["Subject"] = self.subject
        msg["Date"] = format_datetime(self.date)
        msg["Message-ID"] = self.message_id
        if self.in_reply_to:
            msg["In-Reply-To"] = self.in_reply_to
            msg["References"] = self.in_reply_to
        for name, value in self.headers.items():
            msg[name] = value
        msg.set_content(self.body)
        for filename, data, (main, sub) in self.attachments:
            msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
        return bytes(msg)


def reply_to(request: EmailMessage, sender: str, text: str, date: datetime, **extra: str) -> Mail:
    """A reply as a mail client writes it: new text on top, the request quoted below."""
    body = request.get_body(("plain",))
    quoted = "\n".join(f"> {line}" for line in (body.get_content() if body else "").splitlines())
    headers = {k: v for k, v in extra.items() if k not in {"to"}}
    return Mail(
        sender=sender,
        subject=f"Re: {request['Subject']}",
        body=f"{text}\n\nOn {request['Date']}, Mailroom wrote:\n{quoted}\n",
        date=date,
        to=(extra.get("to") or str(request["Reply-To"] or request["From"]),),
        in_reply_to=str(request["Message-ID"]),
        headers=headers,
    )


# -- the harness -----------------------------------------------------------------------


@dataclass
class Harness:
    ws: Workspace
    project_id: int
    inbox: Path
    count: int = 0

    def send(self, mail: Mail) -> IngestSummary:
        """Write the mail as an .eml file and ingest that file."""
        self.count += 1
        path = self.inbox / f"{self.count:03d}.eml"
        path.write_bytes(mail.build())
        return ingest_path(self.ws, path, progress=False)

    def outbox(self) -> list[EmailMessage]:
        """Everything Mailroom has written to the outbox folder so far."""
        drain(self.ws)
        parser = BytesParser(policy=policy.default)
        return [
            parser.parsebytes(p.read_bytes())  # type: ignore[misc]
            for p in sorted(self.ws.settings.outbox_dir.glob("*.eml"))
        ]

    def mail_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.outbox() if address in str(m["To"]).lower()]


def make_workspace(home: Path, db_url: str, **env: str) -> Workspace:
    environ = {"MAILROOM_DATABASE_URL": db_url, "MAILROOM_SECRET": "thread-test-secret", **env}
    ws = Workspace.from_settings(load_settings(home=home, environ=environ))
    ws.initialise()
    return ws


def make_project(ws: Workspace, code: str = "hlx") -> int:
    with ws.transaction() as session:
        project_id = create_project(
            session, code=code, name="HLX-208 bioanalysis", service_type=ServiceType.BIOANALYSIS,
            sponsor="Helix Therapeutics", cro="Northbridge Bioanalytical", domain=DOMAIN,
            timezone="Europe/London",
        )  # fmt: skip
        for member in MEMBERS:
            add_member(session, project_id, member)
    return project_id


@pytest.fixture
def harness(db_url: str, tmp_path: Path) -> Harness:
    """An initialised workspace on the parametrised database with the HLX project."""
    ws = make_workspace(tmp_path / "home", db_url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    return Harness(ws, make_project(ws), inbox)
