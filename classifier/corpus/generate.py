"""Generate the labelled corpus: `python -m classifier.corpus.generate`.

Messages are composed from an act (message_acts.py, more_acts.py, recall_acts.py) × a service
(services.py) × a sender side × a register (plain, terse, verbose, non-native, typos,
forwarded, HTML-converted, one-line; greetings, sign-offs, signatures and disclaimers in
several languages from registers.py). Attachments come from documents.py (short forms)
and long_documents.py (real layouts), then pass through layouts.py, which does to them
what PDF/DOCX/XLSX text extraction does (running headers, hard wraps, flattened tables).
Splits are written as gzipped JSONL (`*.jsonl.gz`, fixed gzip header time).

Three splits, three generations:
- `train`: seed 0, bank entries at positions 0-3 (mod 6);
- `calib`: seed 1, position 4 (mod 6) — fits the temperature, never trained on;
- `heldout`: seed 2, position 5 (mod 6) — only `evaluate` reads it.
Banks shorter than six entries are shared by all splits (a courier name is a courier
name; a short list of document kinds must not hide a kind from training), so held-out
scores measure new phrasing of known acts, not memorised sentences.
Output is deterministic: the same seeds give the same bytes.
"""

from __future__ import annotations

import gzip
import json
import random
import string
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from classifier.corpus import context, documents, layouts, registers
from classifier.corpus.boundary_acts import BOUNDARY_ACTS
from classifier.corpus.intl_acts import INTL_ACTS
from classifier.corpus.long_documents import LONG_DOCUMENTS
from classifier.corpus.message_acts import ACTS as BASE_ACTS
from classifier.corpus.message_acts import Act
from classifier.corpus.more_acts import MORE_ACTS
from classifier.corpus.recall_acts import RECALL_ACTS
from classifier.corpus.services import SERVICES, Service

T = TypeVar("T")
ACTS: tuple[Act, ...] = BASE_ACTS + MORE_ACTS + RECALL_ACTS + INTL_ACTS + BOUNDARY_ACTS
DOCUMENTS = {**documents.DOCUMENTS, **{k: f for k, (f, _) in LONG_DOCUMENTS.items()}}
DOCUMENT_LABELS = {
    **documents.DOCUMENT_LABELS,
    **{k: lab for k, (_, lab) in LONG_DOCUMENTS.items()},
}
# A short form drawn by an act is swapped for its long, real-layout sibling this often.
LONG_FORMS = {
    "quote_doc": "quote_long",
    "change_order": "change_order_form",
    "report": "report_long",
    "data_table": "concentration_table",
    "invoice_doc": "invoice_long",
    "po_doc": "po_long",
}
LONG_FORM_RATE = 0.5
# Share of messages whose point is wrapped in paragraphs of label-free context (context.py),
# and of those, the share where some of it comes before the point.
PAD_RATE = 0.5
PAD_BEFORE_RATE = 0.3
# "Please find attached ..." with nothing attached (forgotten, stripped by a gateway, lost
# in a forward): the body must carry the label on its own, not only the attachment marker.
# Only acts whose body names the document: a terse "see attached" or a chatty note whose
# point is the attachment says nothing once the attachment is gone.
ATTACHMENT_LOST_RATE = 0.15
LOSABLE_ACTS = frozenset({
    "quote-cover", "quote-revised-before-award", "manifest-or-form", "receipt-log",
    "samples-shipped", "change-order-formal", "change-revised-quote-after-award",
    "deliverable-draft", "deliverable-final", "invoice-attached", "invoice-mentions-report",
    "invoice-report-more", "proforma", "cda", "po-award", "comments-on-draft",
})
CORPUS_DIR = Path(__file__).resolve().parent
SPLITS = {"train": (0, (0, 1, 2, 3)), "calib": (1, (4,)), "heldout": (2, (5,))}
PARTITION = 6
SIZES = {"train": (7200, 4200), "calib": (1500, 900), "heldout": (1800, 1200)}  # msgs, atts

STYLES = (
    "plain",
    "plain",
    "terse",
    "verbose",
    "non_native",
    "typos",
    "forwarded",
    "html",
    "one_line",
)
NAMES = (
    "Anna Müller",
    "Raj Patel",
    "Li Wei",
    "Sophie Martin",
    "James O'Brien",
    "Yuki Tanaka",
    "Carlos Gómez",
    "Fatima Al-Sayed",
    "Piotr Nowak",
    "Emma Johansson",
    "Kwame Mensah",
    "Chiara Rossi",
    "David Cohen",
    "Priya Sharma",
    "Marc Dubois",
    "Olga Ivanova",
)
SPONSORS = (
    "Acme Bio",
    "Helix Therapeutics",
    "Northwind Pharma",
    "Blue River Biotech",
    "Kestrel Oncology",
    "University of Leeds",
    "Santé Labs SA",
    "Orion Biologics",
    "Tanaka Pharma KK",
    "Greenfield Medicines",
)
CROS = (
    "LabCorp Analytics",
    "BioTest Services",
    "Meridian CRO",
    "Alpine Bioanalytical",
    "Crestline Toxicology",
    "GenoSeq Ltd",
    "Vertex Scientific",
    "Delta CDMO",
    "Shanghai BioAssay Co.",
    "PharmaQC GmbH",
)
COURIERS = ("FedEx", "UPS", "DHL", "World Courier", "Marken", "Cryoport", "QuickSTAT", "TNT")
CURRENCIES = ("USD", "EUR", "GBP", "CHF", "CNY", "$", "€", "£", "US$")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MILESTONES = (
    "kickoff",
    "protocol approval",
    "samples received",
    "draft report",
    "final report",
    "in-life complete",
    "method validation",
    "data delivery",
    "batch release",
)
REASONS = (
    "sponsor scope request",
    "protocol amendment",
    "extra samples",
    "failed QC / repeat",
    "timeline slip",
    "regulatory requirement",
    "assumption broken",
)

GREETINGS = (
    "Hi {first},",
    "Dear {first},",
    "Hello {first},",
    "Dear Dr {last},",
    "Hi all,",
    "Good morning,",
    "Hi team,",
    "Dear colleagues,",
    "{first},",
    "Hey {first},",
)
CLOSINGS = (
    "Best regards,",
    "Kind regards,",
    "Thanks,",
    "Best,",
    "Cheers,",
    "Many thanks,",
    "Regards,",
    "Thank you,",
    "All the best,",
    "Warm regards,",
)
OPENERS = (
    "I hope you are well.",
    "Hope your week is going well.",
    "Thanks for your patience.",
    "Good to hear from you.",
    "Apologies for the slow reply.",
    "Hope all is well.",
    "Thank you for your message.",
    "Following up on our call.",
    "Quick one today.",
    "I hope this email finds you well.",
)
AFTERTHOUGHTS = (
    "Let me know if you have any questions.",
    "Happy to discuss.",
    "Please let me know if anything is unclear.",
    "Speak soon.",
    "Feel free to call me if easier.",
    "Looking forward to hearing from you.",
    "Have a nice weekend.",
    "Thanks again for your help.",
    "I'm travelling tomorrow but reachable by phone.",
    "Our offices are closed on Friday.",
)
STATUS_FILLERS = (
    "The team is on track overall.",
    "No safety concerns so far.",
    "QA has no open findings.",
    "We will send the next update next week.",
    "Sample storage is stable and monitored.",
    "The database lock is planned as agreed.",
    "Our study director is back from leave.",
    "Internal review is ongoing.",
    "The instruments were serviced last week without impact.",
    "Shipping documents were filed.",
)
SIGNATURES = (
    "{sender}\nProject Manager\n{org}",
    "{sender}\n{org}",
    "{sfirst}",
    "{sender} | Senior Scientist | {org}\nT +44 20 7946 0958",
    "--\n{sender}\nBusiness Development, {org}",
    "{sfirst}\nSent from my iPhone",
    "{sender}, PhD\nStudy Director\n{org}\nThis e-mail may contain confidential information.",
    "{sfirst}\n\n{org} | {dom}",
)
FORWARD_NOTES = (
    "FYI, see below.",
    "Forwarding for your info.",
    "Please see below and attached.",
    "FYI - for your files.",
    "See below from {org}.",
    "Passing this on.",
    "Sharing with the team.",
    "For your records.",
)
NON_NATIVE = (
    ("Please find attached", "Please find in attachment"),
    ("Attached is", "In attachment you find"),
    ("Could you", "Can you kindly"),
    ("we will", "we would"),
    ("Thanks", "Thanks in advance"),
    ("Please", "Kindly"),
    ("I have", "I am having"),
    ("as discussed", "like discussed"),
    ("the ", ""),
    ("today", "today itself"),
    ("Let me know", "Please revert"),
    ("information", "informations"),
    ("Best regards,", "Thanks and best regards,"),
    ("Hi ", "Dear Mr. "),
)
SUBJECT_PREFIXES = (
    "",
    "",
    "",
    "",
    "RE: ",
    "Re: ",
    "AW: ",
    "TR: ",
    "SV: ",
    "[PRJ-{code}] ",
    "[EXTERNAL] ",
    "RE: [PRJ-{code}] ",
    "WG: ",
    "R: ",
)
FWD_PREFIXES = ("Fwd: ", "FW: ", "WG: ", "TR: ", "Fw: ")
LINKS = (
    "https://sftp.{dom}/outgoing/{study_no}/",
    "https://portal.{dom}/projects/{n}/data",
    "sftp://data.{dom}/deliveries/{study_no}",
    "https://{dom}.box.com/s/{md5}",
    "https://wetransfer.com/downloads/{md5}",
    "https://share.{dom}/d/{md5}",
)


class Values(dict[str, str]):
    """Placeholder values for one example, made on first use so they stay consistent."""

    def __init__(self, g: Context) -> None:
        super().__init__()
        self.g = g

    def __missing__(self, key: str) -> str:
        value = self.g.make(key)
        self[key] = value
        return value


class Context:
    """One generation: seed, template partition, and the current example's values."""

    def __init__(self, split: str) -> None:
        seed, self.positions = SPLITS[split]
        self.rng = random.Random(seed)
        self.service: Service = SERVICES[0]
        self.values = Values(self)

    def start(self, service: Service) -> None:
        self.service = service
        self.values = Values(self)

    def pick(self, bank: Sequence[T]) -> T:
        if len(bank) < PARTITION:
            return self.rng.choice(list(bank))
        mine = [x for i, x in enumerate(bank) if i % PARTITION in self.positions]
        return self.rng.choice(mine)

    def sample(self, bank: Sequence[str], k: int) -> list[str]:
        """Up to k distinct entries of this split's share of `bank`."""
        mine = (
            list(bank)
            if len(bank) < PARTITION
            else [x for i, x in enumerate(bank) if i % PARTITION in self.positions]
        )
        return self.rng.sample(mine, min(k, len(mine)))

    def pick_row(self, bank: Sequence[list[str]]) -> list[str]:
        return self.pick(bank)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def randint(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)

    def fill(self, template: str) -> str:
        return template.format_map(self.values)

    def sep(self) -> str:
        return self.rng.choice(("\t", ",", ";", " | ", "   "))

    def item(self) -> tuple[str, str, int]:
        desc, unit, price = self.rng.choice(self.service.items)
        return desc, unit, max(1, int(price * self.rng.uniform(0.6, 1.5)))

    def cell(self, column: str, row: int) -> str:
        c = column.lower()
        r = self.rng
        if "matrix" in c or "type" in c or "material" in c or "specimen" in c:
            return r.choice(self.service.matrices)
        if "vol" in c or "amount" in c or "qty" in c:
            return r.choice(("250", "500", "1.0 mL", "100 µL", "20 mg", "2x200"))
        if "stor" in c or "temp" in c:
            return r.choice(("-80°C", "-20 C", "2-8°C", "RT", "frozen", "-70"))
        if "time" in c or "visit" in c or "day" in c:
            return r.choice(("0 h", "0.5h", "2 h", "24h", "Day 28", "predose", "V3"))
        if "subject" in c or "animal" in c or "patient" in c or "donor" in c:
            return str(r.randint(1001, 4999))
        if "date" in c or "collected" in c:
            return f"2026-0{r.randint(1, 9)}-{r.randint(10, 28)}"
        if "accession" in c or "lab id" in c or "lims" in c:
            return f"L26-{r.randint(100, 9999):05d}"
        if "condition" in c or "status" in c:
            return r.choice(("frozen", "acceptable", "OK", "thawed", "haemolysed"))
        if "comment" in c or "remark" in c or "note" in c or "deviation" in c:
            return r.choice(("", "", "haemolysed", "QNS", "label faded"))
        return self.make("sid") if row >= 0 else ""

    def make(self, key: str) -> str:
        r = self.rng
        s = self.service
        v = self.values
        digits = string.digits
        if key == "qno":
            return r.choice(
                (
                    f"Q-2026-{r.randint(1, 9999):04d}",
                    f"QT{r.randint(100000, 999999)}",
                    f"P-{r.randint(10000, 99999)}",
                    f"PRO-2025-{r.randint(100, 999)}",
                    f"QUO/{r.randint(1000, 9999)}/26",
                )
            )
        if key == "rev":
            return r.choice(("Rev B", "rev. 2", "v3", "Revision C", "R1", "Rev. A", "version 2"))
        if key == "po":
            return r.choice(
                (
                    f"4500{r.randint(100000, 999999)}",
                    f"PO-{r.randint(10000, 99999)}",
                    f"PO{r.randint(100000, 999999)}",
                )
            )
        if key == "inv":
            return r.choice(
                (
                    f"INV-2026-{r.randint(1, 9999):04d}",
                    f"{r.randint(1000000, 9999999)}",
                    f"IN{r.randint(100000, 999999)}",
                    f"2026/{r.randint(1000, 9999)}",
                    f"RE-{r.randint(10000, 99999)}",
                )
            )
        if key == "co":
            return r.choice(
                (
                    f"CO-{r.randint(1, 40):03d}",
                    f"CR-{r.randint(1, 99):02d}",
                    f"Change Order #{r.randint(1, 12)}",
                    f"CO{r.randint(1, 20)}",
                    f"CCR-2026-{r.randint(1, 99):03d}",
                )
            )
        if key == "cur":
            return r.choice(CURRENCIES)
        if key in ("amount", "amount2"):
            x = r.randint(800, 480000)
            return r.choice((f"{x:,}.00", f"{x:,}", f"{x}", f"{x:,}".replace(",", ".") + ",00"))
        if key == "unit_price":
            return f"{self.item()[2]:,}"
        if key in ("item", "unit"):
            desc, unit, price = self.item()
            v["item"], v["unit"], v["unit_price"] = desc.lower(), unit, f"{price:,}"
            return v[key]
        if key in ("date", "date2"):
            d, m = r.randint(1, 28), r.randint(1, 12)
            return r.choice(
                (
                    f"{d} {MONTHS[m - 1]} 2026",
                    f"2026-{m:02d}-{d:02d}",
                    f"{m}/{d}/2026",
                    f"{d:02d}.{m:02d}.2026",
                    f"{MONTHS[m - 1]} {d}",
                    f"{d}/{m}",
                )
            )
        if key in ("n", "n2"):
            return str(r.choice((r.randint(2, 12), r.randint(12, 400))))
        if key == "tracking":
            return r.choice(
                (
                    "1Z" + "".join(r.choice(digits + "ABCDEF") for _ in range(16)),
                    " ".join(str(r.randint(1000, 9999)) for _ in range(3)),
                    f"{r.randint(100, 999)}-{r.randint(10000000, 99999999)}",
                    "JD0146" + "".join(r.choice(digits) for _ in range(12)),
                )
            )
        if key == "courier":
            return r.choice(COURIERS)
        if key == "lot":
            return r.choice(
                (
                    f"{r.randint(20, 26)}A{r.randint(1, 999):03d}",
                    f"LOT-2025-{r.randint(1, 999)}",
                    f"B{r.randint(200000, 269999)}",
                    f"DS-{r.randint(1, 99):04d}",
                )
            )
        if key == "study":
            return self.fill(r.choice(s.studies))
        if key == "study_no":
            return r.choice(
                (
                    f"TOX-2026-{r.randint(1, 99):03d}",
                    f"ST-{r.randint(1000, 9999)}",
                    f"BA{r.randint(20, 26)}-{r.randint(1, 999):03d}",
                    f"{r.choice('ABKX')}{r.choice('BCLT')}-{r.randint(100, 999)}",
                    f"P{r.randint(10000, 99999)}",
                )
            )
        if key == "matrix":
            return r.choice(s.matrices)
        if key in ("deliv", "deliv_cap", "deliv_file"):
            d = r.choice(s.deliverables)
            v["deliv"], v["deliv_cap"], v["deliv_file"] = (
                d,
                d.capitalize(),
                d.title().replace(" ", "_"),
            )
            return v[key]
        if key == "change":
            return self.fill(r.choice(s.changes))
        if key in ("status", "status_cap"):
            st = r.choice(s.status)
            v["status"], v["status_cap"] = st, st[0].upper() + st[1:]
            return v[key]
        if key == "link":
            return self.fill(r.choice(LINKS))
        if key == "dom":
            return v["cro"].split()[0].lower().strip(".,") + r.choice(
                (".com", ".eu", ".co.uk", ".cn")
            )
        if key in ("name", "first", "last"):
            nm = r.choice(NAMES)
            v["name"], v["first"], v["last"] = nm, nm.split()[0], nm.split()[-1]
            return v[key]
        if key in ("sender", "sfirst"):
            nm = r.choice(NAMES)
            v["sender"], v["sfirst"] = nm, nm.split()[0]
            return v[key]
        if key == "sponsor":
            return r.choice(SPONSORS)
        if key == "cro":
            return r.choice(CROS)
        if key == "org":
            return v["cro"] if r.random() < 0.5 else v["sponsor"]
        if key == "compound":
            return f"{r.choice(('ABC', 'XY', 'HX', 'NW', 'KB'))}-{r.randint(100, 9999)}"
        if key == "milestone_text":
            return r.choice(MILESTONES)
        if key == "days":
            return r.choice(("30", "60", "90", "45"))
        if key == "weeks":
            return str(r.randint(2, 12))
        if key == "month":
            return r.choice(MONTHS)
        if key == "weekday":
            return r.choice(WEEKDAYS)
        if key == "sid":
            return r.choice(
                (
                    f"{r.choice(('ABC', 'HX', 'S'))}-{r.randint(100, 999)}-P-{r.randint(0, 24)}h",
                    f"S-{r.randint(1, 9999):04d}",
                    f"P{r.randint(1001, 4999)}-D28-2h",
                    f"{r.randint(1001, 4999)}-{r.choice(('PL', 'SE', 'UR'))}-{r.randint(1, 9):02d}",
                )
            )
        if key == "md5":
            return "".join(r.choice("0123456789abcdef") for _ in range(32))
        if key == "code":
            return f"{r.choice(('acme', 'hx', 'nw', 'tox'))}-{r.randint(1, 99)}"
        if key == "reason":
            return r.choice(REASONS)
        if key == "table":
            return self.body_table()
        raise KeyError(key)

    def body_table(self) -> str:
        cols = documents.sheet_columns(self)
        rows = documents.sample_rows(self, cols, self.randint(2, 10))
        return "\n".join(self.rng.choice(("\t", " | ", "  ", ", ")).join(c) for c in [cols, *rows])


# ------------------------------------------------------------------- composition
def make_attachment(g: Context, kind: str) -> dict[str, str]:
    if kind in LONG_FORMS and g.chance(LONG_FORM_RATE):
        kind = LONG_FORMS[kind]
    doc = DOCUMENTS[kind](g)
    ctype = doc.content_type if kind in ("image", "ics") else documents.content_type(doc.filename)
    return {
        "filename": doc.filename,
        "content_type": ctype,
        "text": layouts.extracted(g, doc.text, ctype, doc.filename.rsplit(".", 1)[0]),
        "label": DOCUMENT_LABELS[kind],
        "kind": kind,
    }


def compose_body(g: Context, act: Act, style: str) -> str:
    core = g.fill(g.pick(act.cores))
    details = [g.fill(g.pick(act.details)) for _ in range(g.randint(0, 3))] if act.details else []
    if style == "one_line":
        return core.split("\n")[0] if "\n{table}" not in core else core
    if act.status_wrap or act.name in ("change-in-status", "status-no-agreement"):
        core = _status_wrap(g, core)
    if style == "terse":
        return " ".join([core, *details[:1]])
    intl = g.chance(0.3)
    parts = [g.fill(g.pick(registers.INTL_GREETINGS if intl else GREETINGS))]
    if style == "verbose" or g.chance(0.4):
        parts.append(g.fill(g.pick(OPENERS)))
    parts += [core, *details]
    if g.chance(PAD_RATE):
        pads = [_context(g) for _ in range(g.randint(1, 3))]
        at = len(parts) - 1 - len(details) if g.chance(PAD_BEFORE_RATE) else len(parts)
        parts[at:at] = pads[:1]
        parts += pads[1:]
    if style == "verbose":
        parts += [g.fill(g.pick(AFTERTHOUGHTS)), g.fill(g.pick(STATUS_FILLERS))]
    elif g.chance(0.5):
        parts.append(g.fill(g.pick(AFTERTHOUGHTS)))
    closing = g.pick(registers.INTL_CLOSINGS if intl else CLOSINGS)
    if g.chance(0.3):
        parts += [closing + "\n" + g.fill(g.pick(registers.LONG_SIGNATURES))]
    else:
        parts += [closing, g.fill(g.pick(SIGNATURES))]
    if g.chance(0.2):
        parts.append(g.pick(registers.DISCLAIMERS))
    return "\n\n".join(parts)


def _context(g: Context) -> str:
    """One paragraph of label-free context: a stock aside, or one to five loose sentences."""
    if g.chance(0.2):
        return g.fill(g.pick(context.CONTEXT_PARAGRAPHS))
    sentences = []
    for _ in range(g.randint(1, 5)):
        roll = g.rng.random()
        if roll < 0.55:
            sentences.append(g.fill(g.pick(context.CONTEXT_SENTENCES)))
        elif roll < 0.75:
            sentences.append(g.fill(g.pick(STATUS_FILLERS)))
        elif roll < 0.9:
            sentences.append(g.fill(g.rng.choice(g.service.status)).capitalize() + ".")
        else:
            sentences.append(g.fill(g.pick(AFTERTHOUGHTS)))
    return " ".join(sentences)


def _status_wrap(g: Context, core: str) -> str:
    """Bury the act in a status update: the hard case of a change agreed in one sentence."""
    lines = [g.fill("{status_cap}.")]
    for _ in range(g.randint(1, 5)):
        lines.append(
            g.fill(g.pick(STATUS_FILLERS))
            if g.chance(0.6)
            else g.fill(g.rng.choice(g.service.status)).capitalize() + "."
        )
    lines.insert(g.randint(1, len(lines)), core)
    return " ".join(lines)


def apply_style(g: Context, style: str, subject: str, body: str) -> tuple[str, str]:
    if style == "non_native":
        for a, b in NON_NATIVE:
            if a in body and g.chance(0.5):
                body = body.replace(a, b, 1)
    elif style == "typos":
        body, subject = _typos(g, body), _typos(g, subject)
    elif style == "forwarded":
        header = g.fill(g.pick(registers.OUTLOOK_FORWARDS)) + subject + "\n"
        body = g.fill(g.pick(FORWARD_NOTES)) + "\n\n" + header + "\n" + body
        subject = g.pick(FWD_PREFIXES) + subject
    elif style == "html":
        body = _htmlish(g, body)
    return subject, body


def _typos(g: Context, text: str) -> str:
    out = []
    for w in text.split(" "):
        if len(w) > 3 and g.chance(0.06):
            i = g.randint(1, len(w) - 2)
            w = g.rng.choice(
                (w[:i] + w[i + 1 :], w[:i] + w[i + 1] + w[i] + w[i + 2 :], w[:i] + w[i] + w[i:])
            )
        out.append(w)
    result = " ".join(out)
    return result.lower() if g.chance(0.3) else result


def _htmlish(g: Context, body: str) -> str:
    """What html2text makes of Outlook HTML: bold markers, hard breaks, link syntax, cid images."""
    paras = body.split("\n\n")
    if paras and g.chance(0.5):
        paras[0] = f"**{paras[0]}**"
    body = "  \n\n".join(paras).replace("\xa0", " ")
    if g.chance(0.5):
        body += "\n\n![](cid:image001.png@01DA2B3C.4D5E6F70)"
    if g.chance(0.3):
        body = body.replace("https://", "<https://", 1).replace("/ ", "/> ", 1)
    if g.chance(0.3):
        body += "\n\n* * *\n\n_This message is confidential._"
    return body


def make_message(g: Context, act: Act) -> dict[str, object]:
    g.start(g.rng.choice(SERVICES))
    style = g.rng.choice(STYLES)
    subject = g.fill(g.pick(SUBJECT_PREFIXES) + g.pick(act.subjects))
    body = compose_body(g, act, style)
    subject, body = apply_style(g, style, subject, body)
    attachments = []
    lost = act.name in LOSABLE_ACTS and g.chance(ATTACHMENT_LOST_RATE)
    if act.attachments and g.chance(act.attach_rate) and not lost:
        attachments.append(make_attachment(g, g.rng.choice(act.attachments)[0]))
    if g.chance(0.15):
        attachments.append(make_attachment(g, "image"))  # signature logo
    side = act.side if act.side != "any" else g.rng.choice(("cro", "sponsor"))
    return {
        "subject": subject,
        "body": body,
        "attachments": attachments,
        "label": act.label,
        "source": "generated",
        "style": style,
        "act": act.name,
        "service": g.service.key,
        "side": side,
    }


def generate(split: str) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    g = Context(split)
    n_messages, n_attachments = SIZES[split]
    labels = sorted({a.label for a in ACTS})
    by_label = {lab: [a for a in ACTS if a.label == lab] for lab in labels}
    messages = [
        make_message(g, g.rng.choice(by_label[labels[i % len(labels)]])) for i in range(n_messages)
    ]
    kinds_by_label: dict[str, list[str]] = {}
    for kind, lab in DOCUMENT_LABELS.items():
        kinds_by_label.setdefault(lab, []).append(kind)
    attachments: list[dict[str, object]] = []
    for i in range(n_attachments):
        g.start(g.rng.choice(SERVICES))
        kind = g.rng.choice(kinds_by_label[labels[i % len(labels)]])
        att = make_attachment(g, kind)
        attachments.append({**att, "source": "generated", "style": kind, "service": g.service.key})
    return messages, attachments


def write_jsonl(path: Path, records: list[dict[str, object]]) -> None:
    """Gzipped JSONL with a fixed header time, so the same seeds give the same bytes."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        for rec in records:
            gz.write((json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n").encode())


def main() -> None:
    for split in SPLITS:
        messages, attachments = generate(split)
        write_jsonl(CORPUS_DIR / f"messages_{split}.jsonl.gz", messages)
        write_jsonl(CORPUS_DIR / f"attachments_{split}.jsonl.gz", attachments)
        print(f"{split}: {len(messages)} messages, {len(attachments)} attachments")


if __name__ == "__main__":
    main()
