"""Attachment generators: the text ingest would extract from each kind of document.

(Long because it is mostly phrase banks, i.e. data; the code per kind is a few lines.)

One function per document kind, each drawing its parts from banks through the
generator context `g` (partition-aware `pick`, placeholder `fill`, seeded `rng`), so held-out
documents use header words, section titles and file names that training never saw.
Layouts vary the way extracted text varies in practice: tab- or comma-separated rows from
spreadsheets, space-aligned columns from PDFs, "key: value" forms, prose reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"


class Context(Protocol):
    def pick(self, bank: tuple[str, ...]) -> str: ...
    def fill(self, template: str) -> str: ...
    def chance(self, p: float) -> bool: ...
    def randint(self, a: int, b: int) -> int: ...
    def sep(self) -> str: ...
    def sample(self, bank: tuple[str, ...], k: int) -> list[str]: ...
    def pick_row(self, bank: tuple[list[str], ...]) -> list[str]: ...
    def item(self) -> tuple[str, str, int]: ...
    def cell(self, column: str, row: int) -> str: ...


@dataclass(frozen=True)
class Doc:
    filename: str
    content_type: str
    text: str


def _table(g: Context, header: list[str], rows: list[list[str]], sep: str | None = None) -> str:
    s = sep if sep is not None else g.sep()
    return "\n".join(s.join(cells) for cells in [header, *rows])


# --------------------------------------------------------------------------- quote
QUOTE_TITLES = (
    "QUOTATION",
    "Proposal",
    "PRICE QUOTATION",
    "Statement of Work",
    "Cost Estimate",
    "Commercial Proposal",
    "Work Order",
    "Budget Proposal",
    "Angebot / Quotation",
    "Offer",
)
QUOTE_FILES = (
    "Quote_{qno}.pdf",
    "{cro}_Proposal_{study_no}.pdf",
    "Quotation {qno} {rev}.pdf",
    "SOW_{sponsor}_{study_no}.docx",
    "Budget_estimate_{study_no}.xlsx",
    "Offer-{qno}.pdf",
    "proposal_v2.pdf",
    "{qno}_{sponsor}.pdf",
    "Work order {study_no}.pdf",
    "Pricing {study_no}.xlsx",
)
QUOTE_HEADERS = (
    ["Item", "Description", "Qty", "Unit", "Unit price", "Total"],
    ["No.", "Service", "Quantity", "Unit", "Price/unit", "Amount"],
    ["Line", "Activity", "Units", "Basis", "Rate", "Line total"],
    ["Pos", "Description", "Qty", "Unit Price", "Net"],
    ["#", "Task", "No. of units", "Unit cost", "Cost"],
)
QUOTE_SECTIONS = (
    "Assumptions: sponsor provides test article with CoA; up to {n} samples; standard report "
    "format; validated method available.",
    "Exclusions: GLP compliance unless stated, SEND datasets, re-analysis, archiving beyond 5 "
    "years, travel.",
    "Payment terms: 50% on signature, 50% on draft report. Net 30 from invoice date.",
    "Validity: this quotation is valid for {days} days from the date of issue.",
    "Timeline: report {weeks} weeks after receipt of samples.",
    "Optional items (not included in the total): ISR, SEND datasets, additional storage.",
    "Acceptance: please sign and return this quotation or issue a PO referencing its number.",
    "Pass-through costs (animals, courier, dry ice) are invoiced at cost plus 10% handling.",
    "Cancellation: work performed to date and reserved animal slots will be charged.",
    "Sample retention: samples are discarded 90 days after the final report unless agreed.",
    "Prices are exclusive of VAT. All amounts in {cur}.",
    "Scope of work: the {study} as described in the sponsor outline dated {date}.",
    "Deliverables: PDF report and XLSX data tables.",
    "Budget summary by phase is given below; milestone billing applies.",
    "This proposal supersedes revision A.",
)


def quote_doc(g: Context) -> Doc:
    header = list(g.pick_row(QUOTE_HEADERS))
    rows, total = _price_rows(g, len(header))
    parts = [
        g.fill(g.pick(QUOTE_TITLES)),
        g.fill("Quote no. {qno} {rev}    Date: {date}"),
        g.fill("Client: {sponsor}    Provider: {cro}"),
        g.fill("Project: {study}"),
    ]
    sections = [g.fill(f) for f in g.sample(QUOTE_SECTIONS, g.randint(2, 6))]
    parts += [*sections[:1], _table(g, header, rows)]
    parts.append(g.fill(f"Total: {{cur}} {total:,}.00"))
    parts += sections[1:]
    name = g.fill(g.pick(QUOTE_FILES))
    return Doc(name, content_type(name), "\n".join(parts))


def _price_rows(g: Context, width: int) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    total = 0
    for i in range(g.randint(2, 7)):
        desc, unit, price = g.item()
        qty = g.randint(1, 60)
        total += qty * price
        cells = [str(i + 1), desc, str(qty), unit, f"{price:,}.00", f"{qty * price:,}.00"]
        rows.append(cells if width == 6 else [cells[0], cells[1], cells[2], cells[4], cells[5]])
    return rows, total


def content_type(filename: str) -> str:
    ext = filename[filename.rfind(".") :].lower()
    return {".pdf": PDF, ".xlsx": XLSX, ".docx": DOCX, ".csv": CSV, ".txt": "text/plain"}.get(
        ext, PDF
    )


# --------------------------------------------------------------------- sample sheet
SHEET_COLUMNS = (
    (
        "Sample ID",
        "Sponsor sample ID",
        "SampleID",
        "Sample Name",
        "Tube ID",
        "Sample no.",
        "Client ID",
    ),
    ("Matrix", "Sample type", "Material", "Specimen", "Matrix type"),
    ("Volume (µL)", "Vol (uL)", "Volume", "Amount (mg)", "Qty (mL)"),
    ("Storage temp", "Storage", "Temperature", "Store at", "Storage condition"),
    ("Timepoint", "Nominal time", "Visit", "Time point", "Day/Time"),
    ("Subject", "Animal ID", "Patient ID", "Subject no.", "Donor"),
    ("Collection date", "Date collected", "Sampling date", "Collected on", "Draw date"),
    ("Comments", "Remarks", "Notes", "Deviation", "Comment"),
)
SHEET_FILES = (
    "Sample_manifest_{study_no}.xlsx",
    "manifest.csv",
    "Shipping manifest {date}.xlsx",
    "Sample list {sponsor}.xlsx",
    "samples_batch2.csv",
    "{study_no}_samples.xlsx",
    "Packing list.xlsx",
    "Sample submission.xlsx",
    "tube_list.csv",
    "Manifest_v2.xlsx",
)
FORM_TITLES = (
    "SAMPLE SUBMISSION FORM",
    "Sample Submission Form",
    "Sample Request Form",
    "Client Sample Submission",
    "Submission sheet",
)
COC_TITLES = (
    "CHAIN OF CUSTODY",
    "Chain-of-Custody Record",
    "Chain of Custody Form",
    "Sample Custody Transfer Record",
    "CoC form",
)
RECEIPT_TITLES = (
    "SAMPLE RECEIPT LOG",
    "Sample Receipt Form",
    "Cooler Receipt Form",
    "Accessioning log",
    "Receipt record",
)


def sample_rows(g: Context, columns: list[str], n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        row = []
        for col in columns:
            row.append(g.cell(col, i))
        rows.append(row)
    return rows


def sheet_columns(g: Context) -> list[str]:
    cols = [g.pick(SHEET_COLUMNS[0])]
    for bank in SHEET_COLUMNS[1:]:
        if g.chance(0.65):
            cols.append(g.pick(bank))
    return cols


def manifest(g: Context) -> Doc:
    cols = sheet_columns(g)
    head = g.fill(
        g.pick(
            (
                "Study: {study_no}",
                "Shipment {date}, tracking {tracking}",
                "Sheet1",
                "Manifest - {sponsor}",
                "Project {study_no} / shipped {date}",
                "",
            )
        )
    )
    text = head + "\n" + _table(g, cols, sample_rows(g, cols, g.randint(3, 25)))
    return Doc(g.fill(g.pick(SHEET_FILES)), XLSX if g.chance(0.7) else CSV, text.strip())


def submission_form(g: Context) -> Doc:
    cols = sheet_columns(g)
    fields = g.fill(
        "Submitter: {name}, {sponsor}\nProject: {study_no}\nNumber of samples: {n}\n"
        "Shipping condition: dry ice\nTests requested: {item}\nBiosafety: BSL-1"
    )
    text = "\n".join(
        [g.pick(FORM_TITLES), fields, _table(g, cols, sample_rows(g, cols, g.randint(2, 12)))]
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "Sample_submission_form.pdf",
                    "submission form {study_no}.xlsx",
                    "SSF_{sponsor}.pdf",
                    "Sample request form.docx",
                    "submission_{date}.pdf",
                )
            )
        ),
        PDF,
        text,
    )


def coc_form(g: Context) -> Doc:
    ids = ", ".join(g.fill("{sid}") for _ in range(g.randint(3, 8)))
    text = g.fill(
        f"{g.pick(COC_TITLES)}\nSamples: {ids}\nNumber of containers: {{n}}\n"
        "Relinquished by: {name}, {sponsor}, {date} 09:15\nReceived by: courier {courier}\n"
        "Seal number: S-{n2}0{n} intact: yes\nCondition: frozen, dry ice\n"
        "Relinquished by: courier {courier}\nReceived by: sample receipt, {cro}, {date2} 10:40\n"
        "Purpose: analysis as per protocol"
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "Chain_of_custody.pdf",
                    "CoC {study_no}.pdf",
                    "COC form signed.pdf",
                    "custody_record.pdf",
                    "CoC_{date}.pdf",
                )
            )
        ),
        PDF,
        text,
    )


def receipt_log(g: Context) -> Doc:
    cols = [
        g.pick(SHEET_COLUMNS[0]),
        g.pick(("Accession ID", "Lab ID", "LIMS no.", "Accession")),
        g.pick(("Condition", "Condition on arrival", "Status")),
        g.pick(("Temp on arrival", "Temperature", "Arrival temp")),
    ]
    text = g.fill(
        f"{g.pick(RECEIPT_TITLES)}\nReceived: {{date}} by {{name}}\nShipment {{tracking}}\n"
        "Expected {n}, received {n}\n"
    ) + _table(g, cols, sample_rows(g, cols, g.randint(3, 20)))
    return Doc(
        g.fill(
            g.pick(
                (
                    "Receipt_log_{study_no}.xlsx",
                    "sample receipt {date}.pdf",
                    "Accessioning_{study_no}.xlsx",
                    "receipt form.pdf",
                    "cooler receipt.pdf",
                )
            )
        ),
        XLSX,
        text,
    )


# ------------------------------------------------------------------- change order
CO_TITLES = (
    "CHANGE ORDER",
    "Change Request Form",
    "Contract Change Order",
    "Scope Change Request",
    "Amendment to Work Order",
    "Change Notice",
    "Project Change Request",
    "Protocol amendment and change order",
    "Change Order Form",
    "CHANGE REQUEST",
    "Variation Order",
    "Change authorisation",
    "Work order amendment",
)
CO_FIELDS = (
    "Reason for change: {reason}",
    "Description of change: {change}",
    "Cost impact: +{cur} {amount}",
    "Timeline impact: final report moves from {date} to {date2}",
    "Milestones affected: draft report, final report",
    "Linked quote: {qno}; PO: {po}",
    "Requested by: {name} ({sponsor})",
    "New total contract value: {cur} {amount2}",
    "Approvals - CRO project manager: ______ Sponsor: ______ Date: ______",
    "Effective date: upon signature by both parties",
    "Change justification: assumption in quote section 4 no longer holds",
    "Status: submitted for approval",
    "Payment schedule: additional amount invoiced on completion",
    "Scope change: {change}",
    "Original scope: as per SOW dated {date}. Revised scope: {change}.",
    "Impact on budget: {cur} {amount} increase",
    "Impact on schedule: +{weeks} weeks",
    "Change category: {reason}",
    "Affected deliverables: final report date changes to {date2}",
    "Sponsor approval signature: ____________",
    "This change order amends work order {po} and quote {qno}.",
    "Price adjustment: {cur} {amount}; all other terms unchanged.",
)


def change_order(g: Context) -> Doc:
    fields = [g.fill(f) for f in g.sample(CO_FIELDS, g.randint(3, 8))]
    text = "\n".join(
        [
            g.pick(CO_TITLES),
            g.fill("Reference: {co}   Date raised: {date}"),
            g.fill("Project: {study}"),
            *fields,
        ]
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "Change_order_{co}.pdf",
                    "{co}.pdf",
                    "CR_{study_no}_v1.docx",
                    "Change request {co}.pdf",
                    "Amendment_{n2}.pdf",
                    "CO{n2}_signed.pdf",
                )
            )
        ),
        PDF,
        text,
    )


# ------------------------------------------------------------------- deliverables
REPORT_TITLES = (
    "DRAFT REPORT",
    "FINAL REPORT",
    "Final Study Report",
    "Draft Study Report",
    "Analytical Report",
    "Study Report",
    "Interim Report",
    "Data Report",
    "Technical Report",
    "Summary Report",
)
REPORT_SECTIONS = (
    "Summary: the {study} was conducted as described in the protocol. {status_cap}.",
    "Materials and methods: samples were analysed using the validated method.",
    "Results: all runs met the acceptance criteria; results are tabulated in Appendix 2.",
    "GLP compliance statement: this study was conducted in compliance with GLP regulations.",
    "Quality assurance statement: the report was audited by QA and reflects the raw data.",
    "Deviations: none with impact on study integrity.",
    "Conclusion: the data support the objectives of the study.",
    "Study director: {name}. Signature: ______ Date: {date}",
    "Storage of raw data: archive of {cro}, room 3.",
    "Version 1.0 for sponsor review. Comments due {date}.",
    "Incurred sample reanalysis met the acceptance criteria (>= 2/3 within 20%).",
    "Table 1 shows the mean concentrations per group and timepoint.",
    "The no-observed-adverse-effect level was 30 mg/kg/day.",
    "Sequencing yield exceeded 30 M read pairs for all samples; Q30 above 90%.",
    "IC50 values were derived from 4-parameter logistic fits.",
)


def report(g: Context) -> Doc:
    sections = [g.fill(f) for f in g.sample(REPORT_SECTIONS, g.randint(3, 7))]
    text = "\n".join(
        [
            g.pick(REPORT_TITLES),
            g.fill("{deliv_cap} - Study {study_no}"),
            g.fill("Sponsor: {sponsor}  Test facility: {cro}"),
            *sections,
        ]
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "Draft_report_{study_no}.pdf",
                    "{study_no}_Final_Report_signed.pdf",
                    "Report {study_no} v1.0.docx",
                    "Final report.pdf",
                    "{deliv_file}_{study_no}.pdf",
                    "Interim_report.pdf",
                    "{study_no} draft v0.9.pdf",
                )
            )
        ),
        PDF,
        text,
    )


COA_TITLES = (
    "CERTIFICATE OF ANALYSIS",
    "Certificate of Analysis",
    "CoA",
    "Certificate of Conformance",
    "CERTIFICATE OF COMPLIANCE",
)
COA_TESTS = (
    "Appearance",
    "Identity (HPLC)",
    "Assay",
    "Related substances",
    "Water (KF)",
    "pH",
    "Endotoxin",
    "Sterility",
    "Purity (SEC)",
    "Bioburden",
)


def coa(g: Context) -> Doc:
    header = ["Test", "Method", "Specification", "Result"]
    rows = [
        [
            t,
            g.pick(("Ph. Eur.", "USP", "in-house SOP", "HPLC-UV")),
            "conforms",
            g.pick(("complies", "conforms", "99.2%", "0.3%", "< 0.5 EU/mL")),
        ]
        for t in COA_TESTS[: g.randint(3, len(COA_TESTS))]
    ]
    text = "\n".join(
        [
            g.pick(COA_TITLES),
            g.fill("Product: {compound} drug product   Batch/Lot: {lot}"),
            g.fill("Manufactured by {cro} on {date}. Tested by {cro} QC."),
            _table(g, header, rows),
            g.pick(
                (
                    "Conclusion: the batch complies with the specification.",
                    "Released by QA. Qualified person: signature on file.",
                    "All results meet the specification. Pass.",
                    "We certify that the batch was manufactured according to GMP.",
                )
            ),
        ]
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "CoA_{lot}.pdf",
                    "Certificate of Analysis {lot}.pdf",
                    "COA-{lot}.pdf",
                    "CofC_{lot}.pdf",
                    "coa_batch_{lot}.pdf",
                )
            )
        ),
        PDF,
        text,
    )


DATA_HEADERS = (
    ["Sample ID", "Analyte", "Concentration (ng/mL)", "Flag"],
    ["Compound", "IC50 (nM)", "Hill slope", "R2", "Max inhibition (%)"],
    ["Subject", "Timepoint (h)", "Conc. (ng/mL)", "BLQ"],
    ["Sample", "Reads (M)", "Q30 (%)", "Mapping rate (%)", "Duplication (%)"],
    ["Run", "Calibrators passed", "QCs passed", "Accepted"],
    ["Parameter", "Cmax", "Tmax", "AUClast", "t1/2"],
)


def data_table(g: Context) -> Doc:
    header = list(g.pick_row(DATA_HEADERS))
    rows = [
        [g.fill("{sid}")] + [str(g.randint(1, 999) / 10) for _ in header[1:]]
        for _ in range(g.randint(4, 20))
    ]
    head = g.fill(
        g.pick(
            (
                "Results - {study_no}",
                "Final data",
                "Study {study_no} results table",
                "Sheet1",
                "Data export {date}",
                "",
            )
        )
    )
    text = head + "\n" + _table(g, header, rows)
    return Doc(
        g.fill(
            g.pick(
                (
                    "Results_{study_no}.xlsx",
                    "concentrations_final.csv",
                    "IC50_table.xlsx",
                    "{study_no}_data.xlsx",
                    "QC_metrics.csv",
                    "run_acceptance_summary.xlsx",
                    "NCA_parameters.xlsx",
                )
            )
        ),
        XLSX,
        text.strip(),
    )


def batch_record(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "EXECUTED BATCH RECORD\nProduct: {compound}\nBatch {lot}\nManufacture date: "
                "{date}\n"
                "Step 1 dispensing completed, verified by QA\nYield: 96.4%\n"
                "Deviations: DEV-{n2}0{n} closed",
                "Batch Record Review Summary\nBatch: {lot}\nAll steps executed as per MBR. "
                "Deviations "
                "closed. QA disposition: released.",
                "Shipping temperature report\nShipment of batch {lot}\n"
                "Logger range 2.1-7.4°C, no excursion",
                "Deviation report DEV-{n2}\nBatch {lot}\nRoot cause identified; CAPA raised; no "
                "impact on "
                "product quality.",
                "md5 checksums\n{md5}  sample_01_R1.fastq.gz\n{md5}  sample_01_R2.fastq.gz\n"
                "{md5}  sample_02_R1.fastq.gz",
            )
        )
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "EBR_{lot}.pdf",
                    "Batch_record_review_{lot}.pdf",
                    "temperature_data_{lot}.pdf",
                    "md5sums.txt",
                    "Deviation_{lot}.pdf",
                )
            )
        ),
        PDF,
        text,
    )


# ------------------------------------------------------------------------ invoice
INVOICE_TITLES = (
    "INVOICE",
    "Tax Invoice",
    "Invoice",
    "PRO FORMA INVOICE",
    "Rechnung / Invoice",
    "Facture",
    "Commercial Invoice",
    "Credit note",
)
INVOICE_FIELDS = (
    "Invoice no.: {inv}    Invoice date: {date}",
    "PO number: {po}",
    "Bill to: {sponsor}, Accounts Payable",
    "Payment terms: Net 30. Due date: {date2}",
    "Amount due: {cur} {amount}",
    "Bank: IBAN DE44 5001 0517 5407 3249 31, BIC INGDDEFFXXX",
    "Milestone {n2}: {milestone_text}",
    "Please quote the invoice number with your payment.",
    "VAT reg. no. GB 123 4567 89",
    "Remit to: {cro}, Finance Department",
    "Late payment interest applies after the due date.",
    "Milestone: final report issued on {date} - balance due",
)


def invoice_doc(g: Context) -> Doc:
    header = list(g.pick_row(QUOTE_HEADERS))
    rows, total = _price_rows(g, len(header))
    fields = [g.fill(f) for f in g.sample(INVOICE_FIELDS, g.randint(3, 7))]
    text = "\n".join(
        [
            g.pick(INVOICE_TITLES),
            g.fill("Invoice {inv}"),
            *fields[:2],
            _table(g, header, rows),
            g.fill(f"Total due: {{cur}} {total:,}.00"),
            *fields[2:],
        ]
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "Invoice_{inv}.pdf",
                    "{inv}.pdf",
                    "INV-{inv}.pdf",
                    "Proforma_{n2}.pdf",
                    "invoice {month}.pdf",
                    "Statement_of_account.pdf",
                )
            )
        ),
        PDF,
        text,
    )


def remittance_doc(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "REMITTANCE ADVICE\nPayer: {sponsor}\nPayee: {cro}\nInvoice {inv}  {cur} {amount}\n"
                "Payment date: {date}\nMethod: wire transfer",
                "Payment advice\nWe have initiated payment of the following invoices:\n"
                "{inv}  {cur} {amount}",
                "Remittance {date}\nVendor: {cro}\nDocument {inv} paid {cur} {amount}",
            )
        )
    )
    return Doc(
        g.fill(g.pick(("Remittance_{date}.pdf", "payment_advice.pdf", "Remittance {inv}.pdf"))),
        PDF,
        text,
    )


# -------------------------------------------------------------------------- other
def po_doc(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "PURCHASE ORDER\nPO number: {po}\nVendor: {cro}\nShip to / Bill to: {sponsor}\n"
                "Reference: quotation {qno}\nOrder value: {cur} {amount}\nTerms: per MSA",
                "Purchase Order {po}\nSupplier: {cro}\nDescription: {study}\nAmount {cur} "
                "{amount}\n"
                "Please reference this PO on every invoice.",
                "Bestellung / Purchase order {po}\nLieferant: {cro}\nPosition 1: {study}",
            )
        )
    )
    return Doc(g.fill(g.pick(("PO_{po}.pdf", "Purchase order {po}.pdf", "{po}.pdf"))), PDF, text)


def rfq_doc(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "Request for Proposal\nStudy outline: {study}\nNumber of samples: about {n}\n"
                "Timeline: results needed by {date}\nPlease provide pricing per sample and total.",
                "RFQ - {study}\nBackground\nObjectives\nRequested services: {item}\nSubmission "
                "deadline "
                "{date}",
                "Study synopsis\n{study}\nSpecies, groups, timepoints to be proposed by the CRO.",
            )
        )
    )
    return Doc(
        g.fill(
            g.pick(
                ("RFP_{study_no}.pdf", "Study_outline.docx", "RFQ {sponsor}.pdf", "synopsis.pdf")
            )
        ),
        PDF,
        text,
    )


def cda_doc(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "MUTUAL CONFIDENTIALITY AGREEMENT\nbetween {sponsor} and {cro}\n1. Confidential "
                "information means ...\n2. Term: 5 years",
                "Master Services Agreement\n{sponsor} / {cro}\nArticle 4 Payment\nArticle 9 "
                "Indemnification",
                "Quality Agreement\n"
                "Responsibilities of the contract giver and the contract acceptor",
                "Non-disclosure agreement\nThe receiving party shall not disclose ...",
            )
        )
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "CDA_{sponsor}_{cro}.pdf",
                    "NDA.docx",
                    "MSA_draft.docx",
                    "Quality agreement v2.docx",
                )
            )
        ),
        DOCX,
        text,
    )


def agenda(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "Kick-off meeting agenda\n1. Introductions\n2. Points of contact\n3. Timelines\n4. "
                "Sample logistics\n5. AOB",
                "Agenda - {study}\nProtocol review, responsibilities, communication plan",
                "Meeting minutes {date}\nAttendees: {name}\nActions: send protocol draft; confirm "
                "shipping dates",
            )
        )
    )
    return Doc(
        g.fill(g.pick(("Agenda_kickoff.docx", "Minutes {date}.docx", "agenda.pdf"))), DOCX, text
    )


def minutes(g: Context) -> Doc:
    return agenda(g)


def ics(g: Context) -> Doc:
    text = g.fill(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:{study} kick-off\nDTSTART:20260312T"
        "140000Z\nEND:VEVENT\nEND:VCALENDAR"
    )
    return Doc("invite.ics", "text/calendar", text)


def comments_doc(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "Sponsor comments on draft report {study_no}\n1. Section 3: please add the lot "
                "number.\n"
                "2. Table 4: units missing.\n3. Discussion: soften the conclusion.",
                "Comment log\nPage | Comment | Response\n"
                "5 | typo in title | \n12 | clarify method |",
                "Review comments from {sponsor} QA\nPlease explain deviation 2.",
            )
        )
    )
    return Doc(
        g.fill(
            g.pick(
                (
                    "Draft report_{sponsor} comments.docx",
                    "comments_{study_no}.docx",
                    "QA review comments.pdf",
                )
            )
        ),
        DOCX,
        text,
    )


def sponsor_coa(g: Context) -> Doc:
    text = g.fill(
        g.pick(
            (
                "Certificate of Analysis\nTest article: {compound}\nLot: {lot}\nManufacturer: "
                "{sponsor}\n"
                "Purity: 99.1%\nStorage: -20°C\nFor research use in study {study_no}",
                "CoA - Reference standard {compound}\nSupplied by {sponsor} to the test facility\n"
                "Assay 98.7%, retest date {date}",
                "Test item certificate\nCompound {compound}, batch {lot}, provided by the sponsor\n"
                "Identity confirmed by NMR",
            )
        )
    )
    return Doc(
        g.fill(g.pick(("CoA_test_article_{lot}.pdf", "Reference_standard_CoA.pdf", "TA_CoA.pdf"))),
        PDF,
        text,
    )


def sds(g: Context) -> Doc:
    text = g.fill(
        "SAFETY DATA SHEET\nSection 1: identification of {compound}\nSection 2: "
        "hazards identification\nSection 7: handling and storage"
    )
    return Doc(g.fill("SDS_{compound}.pdf"), PDF, text)


def image(g: Context) -> Doc:
    name = g.pick(
        (
            "image001.png",
            "image002.jpg",
            "logo.png",
            "Outlook-signature.png",
            "photo_box.jpg",
            "IMG_2041.jpeg",
        )
    )
    return Doc(name, "image/png" if name.endswith("png") else "image/jpeg", "")


DOCUMENTS: dict[str, Callable[[Context], Doc]] = {
    "quote_doc": quote_doc,
    "manifest": manifest,
    "submission_form": submission_form,
    "coc_form": coc_form,
    "receipt_log": receipt_log,
    "change_order": change_order,
    "report": report,
    "coa": coa,
    "data_table": data_table,
    "batch_record": batch_record,
    "invoice_doc": invoice_doc,
    "remittance_doc": remittance_doc,
    "po_doc": po_doc,
    "rfq_doc": rfq_doc,
    "cda_doc": cda_doc,
    "agenda": agenda,
    "minutes": minutes,
    "ics": ics,
    "comments_doc": comments_doc,
    "sponsor_coa": sponsor_coa,
    "sds": sds,
    "image": image,
}

# Label of each kind when it stands alone as an attachment.
DOCUMENT_LABELS: dict[str, str] = {
    "quote_doc": "quote",
    "manifest": "sample_sheet",
    "submission_form": "sample_sheet",
    "coc_form": "sample_sheet",
    "receipt_log": "sample_sheet",
    "change_order": "change_agreement",
    "report": "deliverable",
    "coa": "deliverable",
    "data_table": "deliverable",
    "batch_record": "deliverable",
    "invoice_doc": "invoice",
    "remittance_doc": "invoice",
    "po_doc": "other",
    "rfq_doc": "other",
    "cda_doc": "other",
    "agenda": "other",
    "minutes": "other",
    "ics": "other",
    "comments_doc": "other",
    "sponsor_coa": "other",
    "sds": "other",
    "image": "other",
}
