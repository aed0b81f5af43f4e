"""A large, varied, reproducible mail corpus for benchmarks (`benchmarks/make_corpus.py`).

Speed matters more than prose here: attachments come from a small pool built once per
run (real PDF/XLSX/DOCX/CSV files from `paperwork`) and are reused under varied names,
while bodies are assembled per message from label-specific openings, filler paragraphs
and quoted history, so no two bodies are the same and sizes spread from ~2 to ~60 KB.
Projects, people and threads are fake but shaped like the demo's (see `people`).

Messages are serialised by hand rather than through `mime.build_message`: the stdlib's
header registry parses every header it is given, which made 10,000 messages take ~40 s;
writing the few fixed headers and pre-encoded attachments directly takes a few seconds.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, formataddr

from scripts.mailgen.docmodel import Document, Fields, Heading, Paragraph, Table
from scripts.mailgen.mime import FileAttachment, attachment, new_message_id
from scripts.mailgen.paperwork import (
    ChangeOrder,
    Invoice,
    LineItem,
    Quote,
    change_order_document,
    invoice_document,
    quote_document,
    report_document,
)
from scripts.mailgen.people import Person, Project
from scripts.mailgen.render import csv_bytes, docx_bytes, pdf_bytes, xlsx_bytes
from tracker.types import Role, ServiceType

LABEL_WEIGHTS = {"quote": 12, "sample_sheet": 12, "change_agreement": 10, "deliverable": 14,
                 "invoice": 12, "other": 40}
ATTACHMENT_SHARE = 0.4
FIRST = ("Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
         "Kira", "Lukas", "Maya", "Nils", "Olivia", "Pavel", "Quinn", "Rosa", "Sven", "Tara")
LAST = ("Adler", "Brooks", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Huang", "Ito",
        "Jensen", "Kumar", "Larsen", "Moreau", "Novak", "Okoye", "Patel", "Rossi", "Schmidt")
SPONSORS = ("Altair Bio", "Borealis Pharma", "Cygnus Therapeutics", "Draco Biosciences",
            "Eridani Oncology", "Fornax Medicines")
CROS = ("Harbor Labs", "Keystone Analytical", "Lindqvist Preclinical", "Montrose BioServices",
        "Northgate CDMO", "Oakridge Genomics")
ZONES = ("America/New_York", "Europe/London", "Europe/Berlin", "America/Los_Angeles",
         "Asia/Singapore", "Europe/Zurich")
CLIENTS = ("outlook", "outlook", "gmail", "thunderbird", "apple")
ROLES = (Role.SPONSOR_PM, Role.SPONSOR_APPROVER, Role.FINANCE, Role.CRO_PM, Role.CRO_STAFF,
         Role.FINANCE)

OPENINGS = {
    "quote": ("Please find attached our quotation {q} for the {study}. Prices are valid for "
              "{days} days; assumptions and exclusions are listed in sections 4 and 5.",
              "Attached is the revised proposal {q} reflecting the scope we discussed; the new "
              "total is {cur} {amount:,.2f}."),
    "sample_sheet": ("Samples shipped today on dry ice, tracking number {track}. {n} tubes in "
                     "{boxes} boxes; the manifest is attached, please confirm receipt.",
                     "Please find the sample manifest for shipment {track} below/attached: {n} "
                     "samples, matrix {matrix}, stored at -80 °C until shipment."),
    "change_agreement": ("As discussed on the call, we will add {n} additional samples at the "
                         "quoted unit price; change order {co} is attached for approval.",
                         "The scope change is approved - please proceed with {co}. Impact: "
                         "{cur} {amount:,.2f} and {weeks} weeks on the report."),
    "deliverable": ("Please find attached the draft report for your review; we would "
                    "appreciate comments within {days} days.",
                    "The final data package is available at https://transfer.{dom}/s/{token} "
                    "(MD5 checksums in the manifest); the link expires in 30 days."),
    "invoice": ("Please find attached invoice {inv} for {cur} {amount:,.2f} against PO {po}. "
                "Payment terms net 30.",
                "Payment of {cur} {amount:,.2f} for invoice {inv} was released today by wire; "
                "remittance reference {token}."),
    "other": ("Thanks for the update - could we move the weekly call to Thursday?",
              "Quick status: the study is on track; nothing needs your decision this week.",
              "Could you send the agenda for the kick-off meeting and the points of contact?"),
}
FILLER = (
    "For completeness, the timelines in the plan remain unchanged and the next review point "
    "is the end of the month.",
    "Our QA unit has reviewed the records and has no open observations at this point.",
    "Please note that frozen shipments are received Monday to Wednesday only.",
    "We will share the minutes of today's call with all participants by tomorrow.",
    "If anything is unclear, feel free to call me on my mobile or reply to this thread.",
    "The storage conditions were monitored continuously and no excursions were recorded.",
)


@dataclass(frozen=True)
class _Encoded:
    """A pooled attachment with its base64 body encoded once."""

    filename: str
    content_type: str
    base64: str


@dataclass(frozen=True)
class _Pool:
    files: dict[str, tuple[_Encoded, ...]]


def corpus_projects(seed: int, count: int = 6) -> list[Project]:
    """The fake projects a corpus with this seed uses (also written as projects.toml)."""
    rng = random.Random(f"projects:{seed}")
    types = list(ServiceType)
    projects = []
    for n in range(count):
        sponsor = f"{SPONSORS[n % len(SPONSORS)]} Inc."
        cro = f"{CROS[(n * 5 + 1) % len(CROS)]} Ltd"
        code = f"bench-{sponsor.split()[0].lower()}-{n + 1:02d}"
        members = tuple(_person(rng, role, sponsor if i < 3 else cro, n, i)
                        for i, role in enumerate(ROLES))
        projects.append(Project(code, f"{sponsor} / {cro} programme {n + 1}",
                                types[n % len(types)], sponsor, cro, ZONES[n % len(ZONES)],
                                members))
    return projects


def _person(rng: random.Random, role: Role, org: str, project: int, index: int) -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = org.split()[0].lower() + ".example"
    email = f"{first.lower()}.{last.lower()}{project}{index}@{domain}"
    return Person(f"{first} {last}", email, role.value.replace("_", " ").title(), org,
                  rng.choice(ZONES), role, rng.choice(CLIENTS))


def _build_pool(seed: int) -> _Pool:
    created = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    items = tuple(LineItem(f"Work package {n}", n * 10, "per sample", 40.0 + n)
                  for n in range(1, 9))
    quotes = tuple(
        pdf_bytes(quote_document(Quote(
            f"Q-2026-{seed % 900 + 100 + n:04d}", "AB"[n % 2], date(2026, 1, 5), 30, "CRO Ltd",
            "Sponsor Inc.", "PM", "Sponsor PM", f"Study {n}", "Design as agreed.", "USD",
            items[: 3 + n], (), ("Report 4 weeks after samples.",), ("<= 500 samples",),
            ("Re-analysis",), ("PDF report",), ("Net 30",))), created)
        for n in range(3))
    header = ("Sample ID", "Matrix", "Volume", "Storage", "Timepoint")
    sheets = tuple(
        xlsx_bytes([("Manifest", header, [(f"S-{n}-{i:04d}", "Plasma", "250 µL", "-80 °C",
                                            f"{i % 12} h") for i in range(40 * (n + 1))])],
                   created, "Sample Management")
        for n in range(2))
    co = ChangeOrder("CO-001", date(2026, 2, 1), "CRO Ltd", "Q-2026-0100 Rev A", "Sponsor PM",
                     "Sponsor scope request", ("Add timepoints",), items[:2], "EUR", 50_000,
                     (("Draft report", "2026-04-01", "2026-04-15"),), "None", (("PM", "A"),))
    invoice = Invoice("INV-0001", date(2026, 3, 1), "CRO Ltd", "Sponsor Inc.", "PO-1", "GBP",
                      items[:3], 0.2, "IBAN XX00 0000", "Milestone 2, draft report issued.")
    report = report_document("CRO Ltd", "Study report", "DRAFT", (("Study", "S-1"),),
                             (("Summary", "All runs passed acceptance. " * 20),),
                             Table(("Group", "Result"), tuple((str(i), "ok") for i in range(30))),
                             "QA audited.")
    data = csv_bytes(("Sample ID", "Concentration (ng/mL)"),
                     [(f"S-{i:05d}", f"{i * 1.37:.2f}") for i in range(600)])
    manifest_csv = csv_bytes(("Sample ID", "Matrix", "Volume", "Timepoint"),
                             [(f"S-{i:05d}", "Serum", "500 µL", f"Day {i % 28}")
                              for i in range(96)])
    files: dict[str, tuple[FileAttachment, ...]] = {
        "quote": tuple(attachment(f"quotation.{n}.pdf", q) for n, q in enumerate(quotes)),
        "sample_sheet": (*(attachment(f"manifest.{n}.xlsx", s) for n, s in enumerate(sheets)),
                         attachment("manifest.csv", manifest_csv)),
        "change_agreement": (attachment("change_order.docx",
                                        docx_bytes(change_order_document(co), created)),),
        "deliverable": (attachment("report.pdf", pdf_bytes(report, created)),
                        attachment("data.csv", data)),
        "invoice": (attachment("invoice.pdf", pdf_bytes(invoice_document(invoice), created)),),
        "other": (attachment("agenda.pdf", pdf_bytes(_agenda(), created)),),
    }
    return _Pool({label: tuple(_encode(f) for f in group) for label, group in files.items()})


def _agenda() -> Document:
    """A meeting agenda: what chatter carries (it used to be the draft report, which made
    a chatty message with a report attached count as `other`)."""
    return Document("CRO Ltd", "Weekly project call - agenda", (
        Fields((("Date", "Thursday, 10:00 CET"), ("Dial-in", "link in the calendar invite"))),
        Heading("Agenda"),
        Paragraph("1. Actions from the last call. 2. Status by workstream. 3. Open questions "
                  "from the sponsor team. 4. Planning for the next month. 5. Any other "
                  "business."),
        Heading("Attendees"),
        Paragraph("Sponsor project team; CRO project manager and study director."),
    ), footer="For discussion")


def _encode(item: FileAttachment) -> _Encoded:
    text = base64.b64encode(item.data).decode("ascii")
    lines = "\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    return _Encoded(item.filename, item.content_type, lines)


def generate_messages(count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """Yield `count` (file name, raw RFC 5322 bytes) pairs, reproducibly for a seed."""
    rng = random.Random(seed)
    projects = corpus_projects(seed)
    pool = _build_pool(seed)
    labels, weights = zip(*LABEL_WEIGHTS.items(), strict=True)
    threads: dict[str, list[tuple[str, str, str]]] = {p.code: [] for p in projects}
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    for n in range(count):
        project = projects[n % len(projects)]
        label = rng.choices(labels, weights)[0]
        when = start + timedelta(minutes=17 * n + rng.randint(0, 15))
        raw = _message(rng, project, label, when, pool, threads[project.code])
        yield f"{n + 1:06d}-{project.code}-{label}.eml", raw


def _message(rng: random.Random, project: Project, label: str, when: datetime, pool: _Pool,
             thread: list[tuple[str, str, str]]) -> bytes:
    sender, *others = rng.sample(project.members, k=3)
    body = _body(rng, project, label, sender)
    subject, in_reply_to, references = _thread_headers(rng, project, label, thread)
    if in_reply_to:
        body += f"\n\nOn {when:%d %b %Y}, {others[0].name} wrote:\n" + "\n".join(
            f"> {rng.choice(FILLER)}" for _ in range(rng.randint(2, 30)))
    message_id = new_message_id(sender, rng)
    thread.append((message_id, subject, " ".join(references)))
    del thread[:-20]
    head = [f"From: {formataddr((sender.name, sender.email))}",
            f"To: {formataddr((others[0].name, others[0].email))}",
            f"Cc: {formataddr((others[1].name, others[1].email))}, {project.address}",
            f"Subject: {subject}", f"Date: {format_datetime(when)}", f"Message-ID: {message_id}"]
    if in_reply_to:
        head += [f"In-Reply-To: {in_reply_to}", f"References: {' '.join(references)}"]
    head.append("MIME-Version: 1.0")
    text_part = ('Content-Type: text/plain; charset="utf-8"\n'
                 f"Content-Transfer-Encoding: 8bit\n\n{body}\n")
    if rng.random() >= ATTACHMENT_SHARE:
        return ("\n".join(head) + "\n" + text_part).encode("utf-8")
    item = rng.choice(pool.files[label])
    stem, ext = item.filename.split(".")[0], item.filename.rsplit(".", 1)[1]
    name = f"{project.code}_{stem}_{rng.randint(1, 999):03d}.{ext}"
    boundary = f"_{rng.getrandbits(96):024x}_"
    head.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
    return (
        "\n".join(head) + f"\n\n--{boundary}\n{text_part}\n--{boundary}\n"
        f"Content-Type: {item.content_type}\nContent-Transfer-Encoding: base64\n"
        f'Content-Disposition: attachment; filename="{name}"\n\n{item.base64}\n'
        f"--{boundary}--\n"
    ).encode("utf-8")


def _thread_headers(rng: random.Random, project: Project, label: str,
                    thread: list[tuple[str, str, str]]) -> tuple[str, str | None, tuple[str, ...]]:
    if thread and rng.random() < 0.5:
        parent_id, parent_subject, parent_refs = rng.choice(thread)
        base = parent_subject.split(": ", 1)[1] if ": " in parent_subject else parent_subject
        prefix = rng.choice(("Re", "RE", "AW", "Fwd"))
        refs = (*parent_refs.split()[-8:], parent_id)
        return f"{prefix}: {base}", parent_id, tuple(refs)
    topic = {"quote": "Quotation", "sample_sheet": "Sample shipment",
             "change_agreement": "Change order", "deliverable": "Report",
             "invoice": "Invoice", "other": "Weekly call"}[label]
    return f"{topic} {rng.randint(100, 9999)} - {project.name}", None, ()


def _body(rng: random.Random, project: Project, label: str, sender: Person) -> str:
    opening = rng.choice(OPENINGS[label]).format(
        q=f"Q-2026-{rng.randint(1, 9999):04d} Rev {rng.choice('ABC')}", study=project.name,
        days=rng.choice((5, 10, 30, 60)), cur=rng.choice(("USD", "EUR", "GBP", "CHF")),
        amount=rng.uniform(1_000, 250_000), track=f"{rng.randint(10**11, 10**12 - 1)}",
        n=rng.randint(4, 400), boxes=rng.randint(1, 6), matrix=rng.choice(("plasma", "serum")),
        co=f"CO-{rng.randint(1, 20):03d}", weeks=rng.randint(1, 6), dom="cro.example",
        token=f"{rng.getrandbits(40):010x}", inv=f"INV-{rng.randint(1000, 99999)}",
        po=f"PO-{rng.randint(10**6, 10**7)}")
    size = int(2 ** rng.uniform(4, 8.3))  # log-spread: 16 .. ~315 filler sentences
    sentences = [rng.choice(FILLER) for _ in range(size)]
    paragraphs = [f"Dear {rng.choice(project.members).first_name},", opening]
    paragraphs += [" ".join(sentences[i:i + 4]) for i in range(0, size, 4)]
    if label == "sample_sheet" and rng.random() < 0.3:
        paragraphs.append("\n".join(f"S-{i:04d}  plasma  250 µL  -80 °C  {i % 12} h"
                                    for i in range(rng.randint(5, 60))))
    paragraphs.append(f"Best regards,\n{sender.first_name}\n\n{sender.signature}")
    return "\n\n".join(paragraphs)
